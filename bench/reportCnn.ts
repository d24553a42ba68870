/**
 * The conv part of docs/results.md: the LeNet-5 row next to the paper's R1 table, with its per-layer weights, the
 * schedule used, and the time it took and the load it ran under. It sits between markers so that a run of the conv
 * datasets alone (an hour) rewrites only it, and a run of the others leaves it as it was.
 */
import type { BenchDataset } from './datasets';
import { PAPER_R1 } from './lenet5Row';
import type { BenchRun } from './summary';

export const CNN_START = '<!-- bench:paper:cnn:start -->';
export const CNN_END = '<!-- bench:paper:cnn:end -->';
/** Where the conv part goes in a results.md that has none yet: before the MLP part's per-dataset sections. */
export const CNN_BEFORE = '## Per dataset';

/** The datasets of the conv part: those with a conv baseline. */
export const isConvDataset = (ds: BenchDataset | undefined): boolean => ds?.baselinePreset !== undefined;

/** The conv part as it stands in `doc` (markers included), or undefined. */
export function extractCnnPart(doc: string): string | undefined {
  const a = doc.indexOf(CNN_START);
  const b = doc.indexOf(CNN_END);
  return a >= 0 && b > a ? doc.slice(a, b + CNN_END.length) : undefined;
}

/** `doc` with its conv part replaced by `part`, or `part` put before the per-dataset sections (else at the end). */
export function spliceCnnPart(doc: string, part: string): string {
  const old = extractCnnPart(doc);
  if (old !== undefined) return doc.replace(old, () => part);
  const at = doc.indexOf(CNN_BEFORE);
  if (at >= 0) return `${doc.slice(0, at)}${part}\n\n${doc.slice(at)}`;
  return `${doc.trimEnd()}\n\n${part}\n`;
}

const pct = (v: number) => `${(100 * v).toFixed(2)}%`;
const signed = (d: number) => `${d >= 0 ? '+' : ''}${(100 * d).toFixed(2)}`;
const fmtX = (v: number) => (Number.isFinite(v) ? `${v >= 100 ? v.toFixed(0) : v.toFixed(1)}x` : 'inf');
const count = (n: number) => n.toLocaleString('en-US');
const minutes = (ms: number) => `${(ms / 60000).toFixed(1)} min`;
const k = (n: number) => `${(n / 1000).toFixed(1)}K`;

/** The conv part for `runs` (all of the conv datasets' runs), markers included. */
export function cnnPart(runs: BenchRun[], sets: BenchDataset[], command: string[]): string {
  const L: string[] = [CNN_START, '', "## MNIST on LeNet-5, next to the paper's R1 table", ''];
  for (const ds of sets.filter(isConvDataset)) {
    const list = runs.filter((r) => r.dataset === ds.id);
    if (list.length === 0) continue;
    lenetSection(L, ds, list);
  }
  L.push(`Command: \`npx tsx bench/paper.ts ${command.join(' ')}\`.`, '', CNN_END);
  return L.join('\n');
}

function lenetSection(L: string[], ds: BenchDataset, list: BenchRun[]): void {
  const first = list[0]!;
  const b = first.baseline;
  const names = first.layers?.map((l) => l.name) ?? [];
  const head = ['network', 'weights', ...names, 'test error', 'compression'];
  L.push(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`);
  const blank = names.map(() => '');
  const paper = PAPER_R1;
  L.push(
    `| paper: LeNet-5 (Caffe) | ${k(paper.baseline.weights)} | ${blank.join(' | ')} | ${pct(paper.baseline.error)} | 1.0x |`,
  );
  for (const s of paper.schemes) {
    L.push(
      `| paper: SCANN scheme ${s.scheme} | ${k(s.weights)} | ${blank.join(' | ')} | ` +
        `${s.error === null ? 'not given' : pct(s.error)} | ${s.compression}x |`,
    );
  }
  for (const o of paper.others) {
    L.push(`| (context) ${o.method} | | ${blank.join(' | ')} | | ${o.compression}x |`);
  }
  L.push(
    `| **ours: LeNet-5 baseline** | ${count(b.connections)} | ${(first.layers ?? []).map((l) => count(l.baseline)).join(' | ')} | ` +
      `${pct(1 - b.testAccuracy)} | 1.0x |`,
  );
  for (const r of list) {
    L.push(
      `| **ours: SCANN ${r.scheme}** | ${count(r.final.connections)} | ` +
        `${(r.layers ?? []).map((l) => count(l.final)).join(' | ')} | ${pct(1 - r.final.testAccuracy)} | ` +
        `**${fmtX(r.compression)}** |`,
    );
  }
  L.push('');
  L.push(
    `Weights are active weights (biases excluded, as the paper counts them); the paper's per-layer figures are not ` +
      `known. Data: train / validation / test ${count(first.dataRows.train)} / ${count(first.dataRows.validation)} / ` +
      `${count(first.dataRows.test)}.`,
  );
  L.push('');
  for (const r of list) {
    const d = r.final.testAccuracy - b.testAccuracy;
    const ci = r.comparison
      ? `; paired on the test images, 95% interval ${signed(r.comparison.ci95[0])} to ${signed(r.comparison.ci95[1])} points, ` +
        `p = ${r.comparison.pValue < 0.01 ? r.comparison.pValue.toFixed(3) : r.comparison.pValue.toFixed(2)}`
      : '';
    L.push(
      `- SCANN ${r.scheme}: ${signed(d)} points on test at ${fmtX(r.compression)} fewer weights (status ${r.status}${ci}). ` +
        `Selected on validation: ${pct(r.final.validationScore)} against the baseline's ${pct(r.final.baselineValidationScore)}.`,
    );
    if (ds.target) L.push(`  ${targetLine(r, ds.target)}`);
    L.push(`  ${timeLine(r)}`);
  }
  L.push('');
  L.push('Schedule:');
  L.push('');
  for (const n of ds.notes) L.push(`- ${n}`);
  if (b.epochsUsed !== undefined) L.push(`- the baseline trained ${b.epochsUsed} epochs`);
  L.push('');
}

function targetLine(r: BenchRun, t: NonNullable<BenchDataset['target']>): string {
  const d = 100 * (r.final.testAccuracy - r.baseline.testAccuracy);
  const misses = [
    d >= -t.points - 1e-9 ? '' : `accuracy: ${(-t.points - d).toFixed(2)} point beyond the ${t.points}-point allowance`,
    r.compression >= t.compression
      ? ''
      : `compression: ${fmtX(r.compression)}, a factor ${(t.compression / r.compression).toFixed(2)} short of ${t.compression}x`,
  ].filter(Boolean);
  return `Target ${t.what}: ${misses.length ? `**missed** (${misses.join('; ')})` : '**met**'}.`;
}

/** The run's wall time against the hour it must fit in, and the load it ran under. */
function timeLine(r: BenchRun): string {
  const t = r.timings;
  const load = r.load
    ? ` Load average (1 min) ${r.load.before.toFixed(1)} at the start, ${r.load.mean.toFixed(1)} on average ` +
      `(${r.load.samples} samples, at most ${r.load.max.toFixed(1)}), ${r.load.after.toFixed(1)} at the end, on 2 cores` +
      ' shared with other work; the run niced.'
    : '';
  const cpu =
    r.cpuS !== undefined
      ? ` It used ${minutes(1000 * r.cpuS)} of CPU time (all threads): ${((100 * r.cpuS) / (t.totalMs / 1000)).toFixed(0)}% of ` +
        'one core over its wall time.'
      : '';
  return (
    `Time: ${minutes(t.totalMs)} of wall time in all (baseline ${minutes(t.baselineMs)}, synthesis and selection ` +
    `${minutes(t.synthesisMs)}): ${t.totalMs <= 3_600_000 ? 'within' : '**over**'} the hour.${load}${cpu}`
  );
}
