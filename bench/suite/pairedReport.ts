/**
 * A method against a reference method of the suite (issue 13: `reduce: auto` against the same config without
 * `reduce`), paired per dataset and seed on the test rows: both runs share the dataset's split and baseline, so the
 * question is how the test rows on which their final networks disagree split. Written as a Markdown file and a JSON
 * file beside it (`--paired-out FILE` of bench/suite/run.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { newcombePaired, pairedCounts } from '../../src/engine/run/comparison';
import type { BenchRun } from '../summary';
import { HALF_TITLE, HALVES, type Half, type SuiteDataset } from './catalogue';
import { geomean, mean, type SuiteInfo, type SuiteRun } from './report';
import { correctFlags } from './testRows';

/** The point a method may lose against the reference (issue 13: never more than 1 point). */
export const PAIRED_LIMIT_PTS = 1;

/** One dataset and seed: a method's run against the reference method's run. */
export interface PairedRun {
  dataset: string;
  half: Half;
  seed: number;
  method: string;
  /** Test accuracy of the method minus the reference's, in points (negative = the method lost). */
  deltaPts: number;
  /** 95% interval of that difference from the paired test rows (Newcombe), in points; absent without the rows. */
  ci95Pts?: [number, number];
  /** Test rows only the reference gets right, and only the method gets right. */
  onlyReference?: number;
  onlyMethod?: number;
  testRows: number;
  /** The reduction the method's run used (`none`: it kept the raw features), or undefined without `reduce`. */
  choice?: { method: string; dims: number; inputs: number; transformMacs: number };
  /** Counted compression (transform included) of both, and the method's network alone. */
  compression: number;
  networkCompression: number;
  referenceCompression: number;
  /** Drop against the run's own baseline, in points (positive = lost), for both. */
  dropPts: number;
  referenceDropPts: number;
}

const pts = (x: number) => 100 * x;
const drop = (b: BenchRun) => pts(b.baseline.testAccuracy - b.final.testAccuracy);

/** Pairs every run of `methods` with the `reference` run of the same dataset and seed; unpaired runs are left out. */
export function pairRuns(runs: SuiteRun[], reference: string, methods: string[]): PairedRun[] {
  const out: PairedRun[] = [];
  for (const r of runs) {
    if (!methods.includes(r.method) || !r.bench) continue;
    const ref = runs.find((x) => x.method === reference && x.dataset === r.dataset && x.seed === r.seed && x.bench);
    if (!ref?.bench) continue;
    const a = r.bench;
    const b = ref.bench;
    if (a.baseline.testAccuracy !== b.baseline.testAccuracy || a.dataRows.test !== b.dataRows.test) {
      throw new Error(`${r.dataset} seed ${r.seed}: ${r.method} and ${reference} did not share their baseline`);
    }
    const row: PairedRun = {
      dataset: r.dataset,
      half: r.half,
      seed: r.seed,
      method: r.method,
      deltaPts: pts(a.final.testAccuracy - b.final.testAccuracy),
      testRows: a.dataRows.test,
      compression: a.compressionWithTransform,
      networkCompression: a.compression,
      referenceCompression: b.compressionWithTransform,
      dropPts: drop(a),
      referenceDropPts: drop(b),
    };
    const ca = correctFlags(r.testCorrect);
    const cb = correctFlags(ref.testCorrect);
    if (ca && cb) {
      const t = pairedCounts(ca, cb);
      const [lo, hi] = newcombePaired(t);
      row.ci95Pts = [pts(lo), pts(hi)];
      row.onlyMethod = t.onlyA;
      row.onlyReference = t.onlyB;
    }
    if (a.dr) {
      row.choice = {
        method: a.dr.method,
        dims: a.dr.dims,
        inputs: a.dataRows.features,
        transformMacs: a.dr.transformMacs,
      };
    }
    out.push(row);
  }
  return out;
}

export interface PairedAggregate {
  runs: number;
  meanDeltaPts: number;
  worstDeltaPts: number;
  /** Runs losing more than PAIRED_LIMIT_PTS against the reference. */
  beyondLimit: number;
  /** Runs whose whole paired interval lies on the loss side (a loss the test rows can tell from noise). */
  realLosses: number;
  keptRawFeatures: number;
  geoCompression: number;
  geoReferenceCompression: number;
}

export function aggregatePaired(rows: PairedRun[]): PairedAggregate {
  return {
    runs: rows.length,
    meanDeltaPts: mean(rows.map((r) => r.deltaPts)),
    worstDeltaPts: Math.min(...rows.map((r) => r.deltaPts)),
    beyondLimit: rows.filter((r) => r.deltaPts < -PAIRED_LIMIT_PTS - 1e-9).length,
    realLosses: rows.filter((r) => r.ci95Pts !== undefined && r.ci95Pts[1] < 0).length,
    keptRawFeatures: rows.filter((r) => r.choice?.method === 'none').length,
    geoCompression: geomean(rows.map((r) => r.compression)),
    geoReferenceCompression: geomean(rows.map((r) => r.referenceCompression)),
  };
}

const f2 = (x: number) => (x > 0 ? `+${x.toFixed(2)}` : x.toFixed(2));
const fx = (x: number) => (!Number.isFinite(x) ? '-' : x >= 100 ? `${x.toFixed(0)}x` : `${x.toFixed(1)}x`);

/** "none", "pca 8" (with the transform's MACs when it has any). */
export function choiceLabel(c: PairedRun['choice']): string {
  if (!c) return '-';
  return c.method === 'none' ? 'none' : `${c.method} ${c.inputs}->${c.dims}`;
}

function runCell(r: PairedRun): string {
  const ci = r.ci95Pts ? ` [${r.ci95Pts[0].toFixed(1)}, ${r.ci95Pts[1].toFixed(1)}]` : '';
  const bad = r.deltaPts < -PAIRED_LIMIT_PTS - 1e-9 ? '**' : '';
  return `${bad}${f2(r.deltaPts)}${bad}${ci} ${choiceLabel(r.choice)}`;
}

export interface PairedInfo extends SuiteInfo {
  reference: string;
  /** Hand-written findings placed after the summary (a file beside the generated doc), when present. */
  findings?: string;
}

export function writePairedReport(file: string, sets: SuiteDataset[], runs: SuiteRun[], info: PairedInfo): void {
  const methods = info.methods.map((m) => m.id).filter((id) => id !== info.reference);
  const rows = pairRuns(runs, info.reference, methods);
  mkdirSync(path.dirname(file), { recursive: true });
  const json = {
    version: 1,
    generated: new Date().toISOString(),
    command: info.command,
    engine: info.engine,
    seeds: info.seeds,
    reference: info.reference,
    methods,
    limitPts: PAIRED_LIMIT_PTS,
    summary: HALVES.flatMap((half) =>
      methods.map((method) => ({
        half,
        method,
        ...aggregatePaired(rows.filter((r) => r.half === half && r.method === method)),
      })),
    ).filter((s) => s.runs > 0),
    runs: rows,
  };
  writeFileSync(file.replace(/\.md$/, '.json'), `${JSON.stringify(json, null, 1)}\n`);
  writeFileSync(file, pairedMarkdown(sets, rows, methods, info));
}

function pairedMarkdown(sets: SuiteDataset[], rows: PairedRun[], methods: string[], info: PairedInfo): string {
  const ref = info.reference;
  const title = (id: string) => info.methods.find((m) => m.id === id)?.title ?? id;
  const L: string[] = [];
  L.push(`# Generalization suite: ${methods.map((m) => `\`${m}\``).join(', ')} against \`${ref}\``, '');
  L.push(
    `_Generated by \`npm run bench:suite -- ${info.command.join(' ')}\` (bench/suite/run.ts, ` +
      'bench/suite/pairedReport.ts); do not edit by hand. Datasets, sources and halves: ' +
      '[suite-datasets.md](suite-datasets.md)._',
    '',
  );
  L.push(
    `Run: ${new Date().toISOString().slice(0, 10)}, engine \`src\` tree ${info.engine}, seeds ` +
      `${info.seeds.join(', ')}; the runs took ${(info.computeS / 60).toFixed(1)} min of wall time in total ` +
      '(cached runs included). Methods: ' +
      [ref, ...methods].map((m) => `\`${m}\` = ${title(m)}`).join('; ') +
      '.',
    '',
  );
  L.push(
    `Difference = the method's test accuracy minus \`${ref}\`'s on the same split (both runs share the split and ` +
      'the baseline), in points: negative = the method lost. In brackets: its 95% interval from the paired test ' +
      "rows (Newcombe's interval for paired proportions, as in each run's comparison with its baseline); a loss is " +
      'real when the whole interval is below zero. Choice = the reduction the run used (`none`: `auto` kept the raw ' +
      'features, and the run is then the same as without `reduce`). Compression counts the transform: baseline ' +
      "connections / (network connections + the transform's multiply-accumulates); a DR layer's connections are " +
      `the network's own. **Bold**: more than ${PAIRED_LIMIT_PTS} point lost against \`${ref}\`.`,
    '',
  );
  L.push('## Summary per half and method', '');
  L.push(
    `| half | method | runs | mean difference | worst | runs losing > ${PAIRED_LIMIT_PTS} pt | real losses | kept the raw features | counted compression (geo-mean) | \`${ref}\` |`,
    '|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const half of HALVES) {
    for (const m of methods) {
      const rs = rows.filter((r) => r.half === half && r.method === m);
      if (!rs.length) continue;
      const a = aggregatePaired(rs);
      L.push(
        `| ${HALF_TITLE[half]} | ${m} | ${a.runs} | ${f2(a.meanDeltaPts)} | ${f2(a.worstDeltaPts)} | ` +
          `**${a.beyondLimit}** | ${a.realLosses} | ${a.keptRawFeatures} of ${a.runs} | ${fx(a.geoCompression)} | ` +
          `${fx(a.geoReferenceCompression)} |`,
      );
    }
  }
  L.push('');
  const missing = sets.flatMap((d) =>
    info.seeds
      .filter((seed) => !rows.some((r) => r.dataset === d.id && r.seed === seed))
      .map((seed) => `${d.id} seed ${seed}`),
  );
  if (missing.length) {
    L.push(`Not paired (a run of either method missing: not computed in time, or failed): ${missing.join(', ')}.`, '');
  }
  if (info.findings) L.push(info.findings.trim(), '');
  for (const half of HALVES) {
    const inHalf = sets.filter((d) => d.half === half && rows.some((r) => r.dataset === d.id));
    if (!inHalf.length) continue;
    L.push(`## ${HALF_TITLE[half]}`, '');
    L.push(
      `Per seed: difference against \`${ref}\` [95% interval], the reduction used. Mean and worst over seeds; ` +
        "compression: geometric mean over seeds (the method's network alone in brackets).",
      '',
    );
    for (const m of methods) {
      L.push(
        `| dataset (${m}) | test rows x features | ${info.seeds.map((s) => `seed ${s}`).join(' | ')} | mean | worst | counted compression | \`${ref}\` |`,
        `|---|---|${info.seeds.map(() => '---|').join('')}---|---|---|---|`,
      );
      for (const d of inHalf) {
        const rs = rows.filter((r) => r.dataset === d.id && r.method === m);
        if (!rs.length) continue;
        const cells = info.seeds.map((s) => {
          const r = rs.find((x) => x.seed === s);
          return r ? runCell(r) : '-';
        });
        const a = aggregatePaired(rs);
        L.push(
          `| ${d.id} | ${rs[0]!.testRows} x ${d.features} | ${cells.join(' | ')} | ${f2(a.meanDeltaPts)} | ${f2(a.worstDeltaPts)} | ` +
            `${fx(a.geoCompression)} (${fx(geomean(rs.map((r) => r.networkCompression)))}) | ` +
            `${fx(a.geoReferenceCompression)} |`,
        );
      }
      L.push('');
    }
  }
  return `${L.join('\n')}\n`;
}
