/**
 * The ablation table of docs/suite-ablation.md from the suite.json files of `npm run bench:suite -- --out DIR`
 * invocations: per method, the accuracy figures, the test rows lost net of rows gained, the runs whose paired 95%
 * interval lies entirely on the loss side ("real losses"), compression, and how each run moved against a reference
 * method on the same dataset and seed.
 *
 *   npm run bench:suite:ablation -- DIR/suite.json [more.json] [--against default] [--datasets a,b,c]
 */
import { readFileSync } from 'node:fs';
import { geomean, median, mean } from './report';

/** The fields of a run in suite.json this table reads. */
interface JsonRun {
  dataset: string;
  seed: number;
  method: string;
  status: string;
  delta?: number;
  compression?: number;
  synthesisMs?: number;
  comparison?: { ci95: [number, number]; onlyBaselineRight: number; onlySynthesizedRight: number; testRows: number };
  target?: { met: boolean; returnedBaseline?: boolean };
}

export interface MethodRow {
  method: string;
  runs: number;
  within1: number;
  medianDrop: number;
  meanDrop: number;
  worstDrop: number;
  netRowsLost: number;
  realLosses: string[];
  geoCompression: number;
  synthesisS: number;
  missed: number;
  returnedBaseline: number;
  /** Against the reference method, same dataset and seed: runs with fewer / more net test rows lost. */
  fewerLost: number;
  moreLost: number;
}

const dropOf = (r: JsonRun) => -100 * (r.delta ?? 0);
const netLost = (r: JsonRun) => (r.comparison ? r.comparison.onlyBaselineRight - r.comparison.onlySynthesizedRight : 0);
/** A real loss: the paired 95% interval of final - baseline lies entirely below zero. */
const realLoss = (r: JsonRun) => (r.comparison ? r.comparison.ci95[1] < 0 : false);

export function ablationRows(runs: JsonRun[], against: string): MethodRow[] {
  const done = runs.filter((r) => r.status === 'done');
  const methods = [...new Set(done.map((r) => r.method))];
  const key = (r: JsonRun) => `${r.dataset}/${r.seed}`;
  const reference = new Map(done.filter((r) => r.method === against).map((r) => [key(r), r]));
  return methods.map((method) => {
    const mine = done.filter((r) => r.method === method);
    const drops = mine.map(dropOf);
    let fewerLost = 0;
    let moreLost = 0;
    for (const r of mine) {
      const ref = reference.get(key(r));
      if (!ref) continue;
      if (netLost(r) < netLost(ref)) fewerLost++;
      else if (netLost(r) > netLost(ref)) moreLost++;
    }
    return {
      method,
      runs: mine.length,
      within1: mine.filter((r) => dropOf(r) <= 1 + 1e-9).length / mine.length,
      medianDrop: median(drops),
      meanDrop: mean(drops),
      worstDrop: Math.max(...drops),
      netRowsLost: mine.reduce((s, r) => s + netLost(r), 0),
      realLosses: mine.filter(realLoss).map((r) => `${r.dataset} s${r.seed}`),
      geoCompression: geomean(mine.map((r) => r.compression ?? 1)),
      synthesisS: mine.reduce((s, r) => s + (r.synthesisMs ?? 0), 0) / 1000,
      missed: mine.filter((r) => r.target && !r.target.met).length,
      returnedBaseline: mine.filter((r) => r.target?.returnedBaseline).length,
      fewerLost,
      moreLost,
    };
  });
}

/** Two-sided sign test: the chance of a split at least this uneven among the runs that moved, if none is better. */
export function signTest(fewer: number, more: number): number {
  const n = fewer + more;
  if (n === 0) return 1;
  const k = Math.min(fewer, more);
  let p = 0;
  for (let i = 0; i <= k; i++) p += binomial(n, i) / 2 ** n;
  return Math.min(1, 2 * p);
}

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

function table(rows: MethodRow[], against: string): string {
  const f2 = (x: number) => x.toFixed(2);
  const lines = [
    `| method | runs | within 1 pt | median drop | mean drop | worst drop | net rows lost | runs with a real loss | ` +
      `geo-mean compression | target missed | baseline returned | vs \`${against}\`: fewer / more rows lost (sign test p) | synthesis time |`,
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    lines.push(
      `| \`${r.method}\` | ${r.runs} | ${Math.round(100 * r.within1)}% | ${f2(r.medianDrop)} | ${f2(r.meanDrop)} | ` +
        `${f2(r.worstDrop)} | ${r.netRowsLost} | ${r.realLosses.length} | ${r.geoCompression.toFixed(1)}x | ${r.missed} | ` +
        `${r.returnedBaseline} | ${r.method === against ? '-' : `${r.fewerLost} / ${r.moreLost} (${signTest(r.fewerLost, r.moreLost).toFixed(2)})`} | ` +
        `${Math.round(r.synthesisS)} s |`,
    );
  }
  lines.push('', 'Real losses (paired 95% interval entirely on the loss side):');
  for (const r of rows) lines.push(`- \`${r.method}\`: ${r.realLosses.join(', ') || 'none'}`);
  return lines.join('\n');
}

function main(): void {
  const args = process.argv.slice(2);
  let against = 'default';
  let datasets: string[] | undefined;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--against') against = args[++i] ?? against;
    else if (args[i] === '--datasets') datasets = (args[++i] ?? '').split(',').filter(Boolean);
    else files.push(args[i]!);
  }
  if (!files.length) throw new Error('usage: ablation.ts SUITE.json [more.json] [--against METHOD] [--datasets a,b]');
  const runs = files
    .flatMap((f) => (JSON.parse(readFileSync(f, 'utf8')) as { runs: JsonRun[] }).runs)
    .filter((r) => !datasets || datasets.includes(r.dataset));
  process.stdout.write(`${table(ablationRows(runs, against), against)}\n`);
}

if (require.main === module) main();
