/**
 * The generalization suite (issue 11): public classification datasets the engine was not tuned for, several seeds,
 * each method (a config transform: the engine defaults, schemes A/B/C) against the baseline MLP it trains, plus
 * reference columns (scikit-learn's MLP on the same rows). Writes docs/suite.md and docs/suite.json.
 *
 *   npm run bench:suite -- [--quick] [--only ids] [--half tuning|heldback|all] [--seeds 1,2,3]
 *                          [--methods default,A,B,C|none] [--references sklearn|none] [--fresh] [--out DIR|FILE.md]
 *                          [--findings FILE|none] [--twin]
 *                          [--paired-out FILE [--paired-reference default] [--paired-findings FILE]] [--cached-only]
 *   npm run bench:suite -- --datasets-doc      (materialise and check every dataset, write docs/suite-datasets.md)
 *
 * --quick: seeds 1 and 2, four small tuning-half datasets (never a held-back one), written to bench/.cache/suite/quick
 * unless --out.
 * --out DIR writes DIR/suite.md and DIR/suite.json (default: docs); --out FILE.md writes FILE.md and FILE.json.
 * --findings FILE|none: the hand-written findings copied in after the summary (default: bench/suite/findings.md, the
 * findings of docs/suite.md; a report of its own, such as one held-back measurement, names its own file).
 * --paired-out FILE: also write FILE (Markdown, and the JSON beside it): every other method against the reference
 * method (`default` unless --paired-reference) per dataset and seed, paired on the test rows (pairedReport.ts);
 * --paired-findings FILE: hand-written findings copied into it after the summary.
 * --twin: also train a second baseline per dataset and seed, from other random streams (twin.ts), and report how far
 * it lands from the first on the test split: the noise floor of every drop in the report.
 * --cached-only: computes nothing; reports the runs already in the cache and lists the others as left out.
 * Runs and reference results are cached in bench/.cache/suite by config, dataset checksum and engine `src` tree, so
 * an interrupted suite resumes where it stopped; --fresh ignores those caches (not the converted data).
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { baselineKey, type BaselineOutcome } from '../../src/engine/run/baseline';
import { runSynthesis } from '../../src/engine/run/run';
import { configSchema, type ScannConfig, type ScannConfigInput } from '../../src/protocol/config';
import { configHash, RunCache } from '../cache';
import { RunClock, summarize, type BenchRun } from '../summary';
import { CATALOGUE, checkCatalogue, QUICK_IDS, type Half, type SuiteDataset } from './catalogue';
import { datasetConfig, materialise, suitePaths, type DatasetMeta, type SuitePaths } from './data';
import { METHODS, methodsById, type Method } from './methods';
import {
  exportSplits,
  referenceKey,
  REFERENCES,
  type ReferenceColumn,
  type ReferenceOutcome,
  type SplitFiles,
} from './references';
import { writePairedReport } from './pairedReport';
import {
  writeDatasetsDoc,
  writeSuiteReport,
  type SuiteInfo,
  type SuiteReference,
  type SuiteRun,
  type SuiteTwin,
} from './report';
import { engineFingerprint } from './system';
import { testCorrectness } from './testRows';
import { twinBaseline, type TwinOutcome } from './twin';

/** Bump when what is cached per run changes shape. */
const VERSION = 'suite-1';

interface Options {
  quick: boolean;
  only?: string[];
  half: Half | 'all';
  seeds: number[];
  methods: Method[];
  references: ReferenceColumn[];
  fresh: boolean;
  out: string;
  datasetsDoc: boolean;
  pairedOut?: string;
  pairedReference: string;
  pairedFindings?: string;
  /** Findings file for the suite report; undefined = none. */
  findings?: string;
  cachedOnly: boolean;
  twin: boolean;
}

function parseArgs(argv: string[], repoRoot: string): Options {
  let seeds: number[] | undefined;
  let out: string | undefined;
  // docs/suite.md's findings unless told otherwise (and only when that file exists).
  const ownFindings = path.join(repoRoot, 'bench', 'suite', 'findings.md');
  let findings: string | undefined = existsSync(ownFindings) ? ownFindings : undefined;
  const o: Omit<Options, 'seeds' | 'out'> = {
    quick: false,
    half: 'all',
    methods: METHODS,
    references: REFERENCES,
    fresh: false,
    datasetsDoc: false,
    pairedReference: 'default',
    cachedOnly: false,
    twin: false,
  };
  const list = (v: string) => v.split(',').filter(Boolean);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--quick') o.quick = true;
    else if (a === '--only') o.only = list(value());
    else if (a === '--half') {
      const h = value();
      if (h !== 'tuning' && h !== 'heldback' && h !== 'all') throw new Error('--half is tuning, heldback or all');
      o.half = h;
    } else if (a === '--seeds') {
      seeds = list(value()).map(Number);
      if (!seeds.length || seeds.some((s) => !Number.isInteger(s) || s < 0))
        throw new Error('--seeds takes non-negative integers, e.g. 1,2,3');
    } else if (a === '--methods') {
      // `none`: only the references and the twin (e.g. the noise floor of a half without spending runs on it).
      const ids = list(value());
      o.methods = ids.includes('none') ? [] : methodsById(ids);
    } else if (a === '--references') {
      const ids = list(value());
      o.references = ids.includes('none') ? [] : ids.map((id) => refById(id));
    } else if (a === '--fresh') o.fresh = true;
    else if (a === '--out') out = path.resolve(value());
    else if (a === '--datasets-doc') o.datasetsDoc = true;
    else if (a === '--cached-only') o.cachedOnly = true;
    else if (a === '--twin') o.twin = true;
    else if (a === '--paired-out') o.pairedOut = path.resolve(value());
    else if (a === '--paired-reference') o.pairedReference = value();
    else if (a === '--paired-findings') o.pairedFindings = path.resolve(value());
    else if (a === '--findings') {
      const f = value();
      findings = f === 'none' ? undefined : path.resolve(f);
      if (findings && !existsSync(findings)) throw new Error(`--findings: ${findings} does not exist`);
    } else throw new Error(`unknown argument ${a} (see the comment at the top of bench/suite/run.ts)`);
  }
  if (o.pairedOut && !o.methods.some((m) => m.id === o.pairedReference))
    throw new Error(`--paired-out needs the reference method ${o.pairedReference} among --methods`);
  return {
    ...o,
    ...(findings ? { findings } : {}),
    seeds: seeds ?? (o.quick ? [1, 2] : [1, 2, 3]),
    out: out ?? (o.quick ? path.join(repoRoot, 'bench', '.cache', 'suite', 'quick') : path.join(repoRoot, 'docs')),
  };
}

function refById(id: string): ReferenceColumn {
  const r = REFERENCES.find((x) => x.id === id);
  if (!r) throw new Error(`unknown reference ${id}; known: ${REFERENCES.map((x) => x.id).join(', ')}, none`);
  return r;
}

function chooseSets(o: Options): SuiteDataset[] {
  let sets = CATALOGUE;
  if (o.quick) sets = sets.filter((d) => QUICK_IDS.includes(d.id));
  if (o.only) {
    const unknown = o.only.filter((id) => !CATALOGUE.some((d) => d.id === id));
    if (unknown.length) throw new Error(`unknown dataset(s) ${unknown.join(', ')}`);
    sets = sets.filter((d) => o.only!.includes(d.id));
  }
  if (o.half !== 'all') sets = sets.filter((d) => d.half === o.half);
  if (!sets.length) throw new Error('no dataset selected');
  return sets;
}

/** What the suite caches per run: everything about it that does not depend on which method asked for it. */
interface CachedRun {
  bench: BenchRun;
  /** Per test row, '1' when the final model is right (see testRows.ts); absent in runs cached before it was kept. */
  testCorrect?: string;
  target?: unknown;
  comparison?: unknown;
}

interface Job {
  ds: SuiteDataset;
  seed: number;
  method: Method;
  config: ScannConfig;
  key: string;
  cached: boolean;
  /** Rough relative cost, for the ETA: rows x (features + a hidden-layer term). */
  weight: number;
}

async function main(): Promise<void> {
  const repoRoot = path.join(__dirname, '..', '..');
  const opts = parseArgs(process.argv.slice(2), repoRoot);
  checkCatalogue();
  const p = suitePaths(repoRoot);
  const sets = chooseSets(opts);
  const metas = new Map<string, DatasetMeta>();
  for (const ds of sets) metas.set(ds.id, await materialise(p, ds, log));
  if (opts.datasetsDoc) {
    const file = path.join(repoRoot, 'docs', 'suite-datasets.md');
    writeDatasetsDoc(file, sets, metas);
    log(`checked ${sets.length} datasets; wrote ${file}`);
    return;
  }
  const engine = engineFingerprint(repoRoot);
  const runCache = new RunCache(path.join(p.cache, 'runs'));
  const refCache = new RunCache(path.join(p.cache, 'references'));

  const jobs: Job[] = [];
  for (const ds of sets) {
    for (const seed of opts.seeds) {
      for (const method of opts.methods) {
        const input: ScannConfigInput = method.config({ dataset: datasetConfig(p, ds), seed });
        const config = configSchema.parse(input);
        const key = `${ds.id}-s${seed}-${configHash({ VERSION, engine, data: ds.sha256, config })}`;
        const cached = !opts.fresh && runCache.get<CachedRun>(key) !== undefined;
        jobs.push({ ds, seed, method, config, key, cached, weight: ds.rows * (ds.features + 200) });
      }
    }
  }
  const distinct = new Set(jobs.map((j) => j.key));
  const todo = new Set(jobs.filter((j) => !j.cached).map((j) => j.key));
  log(
    `${sets.length} datasets x ${opts.seeds.length} seeds x ${opts.methods.length} methods: ${jobs.length} runs ` +
      `(${distinct.size} distinct configs, ${todo.size} to compute); engine src ${engine}`,
  );

  const t0 = Date.now();
  const runs: SuiteRun[] = [];
  const refs: SuiteReference[] = [];
  const twins: SuiteTwin[] = [];
  const fresh = new Map<string, CachedRun>();
  let computeMs = 0;
  const counted = new Set<string>();
  let doneWeight = 0;
  let spentMs = 0;
  const weightOf = new Map(jobs.map((j) => [j.key, j.weight]));
  const remainingWeight = () => [...todo].reduce((s, k) => s + weightOf.get(k)!, 0);
  let n = 0;
  for (const ds of sets) {
    for (const seed of opts.seeds) {
      // Time since `mark` (reference learners, split export, the run) is charged to the next computed run.
      let mark = Date.now();
      const baselines = new Map<string, BaselineOutcome>();
      const mine = jobs.filter((j) => j.ds === ds && j.seed === seed);
      // The references and the twin need only the split and the baseline, which no method changes.
      const plain = configSchema.parse({ dataset: datasetConfig(p, ds), seed });
      for (const ref of opts.references)
        refs.push(await runReference(ref, ds, seed, plain, engine, p, refCache, opts.fresh));
      for (const job of mine) {
        n++;
        const started = Date.now();
        let cached = fresh.get(job.key);
        let how = cached ? 'same config as an earlier method' : 'cached';
        if (!cached && !opts.fresh) cached = runCache.get<CachedRun>(job.key);
        let error: string | undefined;
        if (!cached && opts.cachedOnly) {
          log(
            `[${n}/${jobs.length}] ${ds.id} seed ${seed} ${job.method.id}: not in the cache, left out (--cached-only)`,
          );
          continue;
        }
        if (!cached) {
          how = '';
          try {
            cached = await runOne(job, repoRoot, baselines);
            runCache.set(job.key, cached);
          } catch (err) {
            error = err instanceof Error ? err.message : String(err);
          }
          todo.delete(job.key);
          spentMs += Date.now() - mark;
          doneWeight += job.weight;
        }
        mark = Date.now();
        if (cached) fresh.set(job.key, cached);
        const run: SuiteRun = {
          dataset: ds.id,
          half: ds.half,
          seed,
          method: job.method.id,
          cacheKey: job.key,
          status: cached?.bench.status ?? 'failed',
        };
        if (error) run.error = error;
        if (cached) {
          run.bench = cached.bench;
          if (cached.target !== undefined) run.target = cached.target;
          if (cached.comparison !== undefined) run.comparison = cached.comparison;
          if (cached.testCorrect !== undefined) run.testCorrect = cached.testCorrect;
          if (!counted.has(job.key)) computeMs += cached.bench.timings.totalMs;
          counted.add(job.key);
          checkRows(run, refs);
        }
        runs.push(run);
        const eta = doneWeight > 0 ? (spentMs / doneWeight) * remainingWeight() : NaN;
        const took = how || fmtEta(Date.now() - started);
        log(`[${n}/${jobs.length}] ${describe(run, took)}${todo.size ? `; ETA ${fmtEta(eta)}` : ''}`);
      }
      if (opts.twin && !opts.cachedOnly) {
        const twin = await runTwin(ds, seed, plain, engine, repoRoot, baselines, refCache, opts.fresh);
        checkTwin(twin, runs);
        twins.push(twin);
      }
    }
  }
  for (const r of refs) computeMs += 1000 * (r.outcome?.seconds ?? 0);
  for (const t of twins) computeMs += 1000 * (t.outcome?.seconds ?? 0);
  const wallS = (Date.now() - t0) / 1000;
  const info: SuiteInfo = {
    command: process.argv.slice(2),
    engine,
    seeds: opts.seeds,
    methods: opts.methods,
    references: opts.references,
    wallS,
    computeS: computeMs / 1000,
    quick: opts.quick,
    ...(opts.findings ? { findings: readFileSync(opts.findings, 'utf8') } : {}),
    ...(opts.twin ? { twins } : {}),
  };
  const written = writeSuiteReport(opts.out, sets, runs, refs, info);
  log(`wrote ${written.markdown} and ${written.json} (${fmtEta(wallS * 1000)} this invocation)`);
  if (opts.pairedOut) {
    writePairedReport(opts.pairedOut, sets, runs, {
      ...info,
      reference: opts.pairedReference,
      ...(opts.pairedFindings ? { findings: readFileSync(opts.pairedFindings, 'utf8') } : {}),
    });
    log(`wrote ${opts.pairedOut} and its .json`);
  }
}

async function runOne(job: Job, repoRoot: string, baselines: Map<string, BaselineOutcome>): Promise<CachedRun> {
  const clock = new RunClock();
  const result = await runSynthesis(job.config, {
    baseDir: repoRoot,
    dataDir: path.join(repoRoot, 'data'),
    baselines,
    emit: (e) => clock.see(e),
  });
  const out: CachedRun = {
    bench: summarize(job.ds.id, job.ds.title, result, clock),
    testCorrect: await testCorrectness(job.config, result, repoRoot),
  };
  // Fields a newer engine may add to its results (the accuracy target it aimed at, its own comparison).
  const extra = result as unknown as Record<string, unknown>;
  if (extra.target !== undefined) out.target = extra.target;
  if (extra.comparison !== undefined) out.comparison = extra.comparison;
  return out;
}

async function runReference(
  ref: ReferenceColumn,
  ds: SuiteDataset,
  seed: number,
  config: ScannConfig,
  engine: string,
  p: SuitePaths,
  cache: RunCache,
  fresh: boolean,
): Promise<SuiteReference> {
  const out: SuiteReference = { dataset: ds.id, half: ds.half, seed, id: ref.id, field: ref.field };
  try {
    const splitKey = `${ds.id}-s${seed}-${configHash({ engine, data: ds.sha256, dataset: config.dataset, seed })}`;
    const splits: SplitFiles = await exportSplits(p, config, splitKey);
    const key = `${ds.id}-s${seed}-${referenceKey(ref, splits, seed)}`;
    let outcome = fresh ? undefined : cache.get<ReferenceOutcome & { rows: SplitFiles['rows'] }>(key);
    if (!outcome) {
      const t = Date.now();
      outcome = { ...ref.run(splits, seed), rows: splits.rows };
      cache.set(key, outcome);
      log(
        `${ds.id} seed ${seed} ${ref.id}: test ${pct(outcome.testAccuracy)}, ${outcome.epochs} epochs, ${fmtEta(Date.now() - t)}`,
      );
    }
    out.outcome = outcome;
  } catch (err) {
    out.error = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    log(`${ds.id} seed ${seed} ${ref.id}: failed: ${out.error}`);
  }
  return out;
}

/** Bump when the twin's training or what is cached of it changes. */
const TWIN_VERSION = 'twin-1';

async function runTwin(
  ds: SuiteDataset,
  seed: number,
  config: ScannConfig,
  engine: string,
  repoRoot: string,
  baselines: Map<string, BaselineOutcome>,
  cache: RunCache,
  fresh: boolean,
): Promise<SuiteTwin> {
  const out: SuiteTwin = { dataset: ds.id, half: ds.half, seed };
  // Keyed by what the baseline depends on, so every method of the seed shares one twin.
  const baseline = baselineKey(config, config.engine ?? 'builtin');
  const key = `${ds.id}-s${seed}-${TWIN_VERSION}-${configHash({ engine, data: ds.sha256, baseline })}`;
  try {
    let outcome = fresh ? undefined : cache.get<TwinOutcome>(key);
    if (!outcome) {
      outcome = await twinBaseline(config, repoRoot, baselines);
      cache.set(key, outcome);
      log(
        `${ds.id} seed ${seed} twin: test ${pct(outcome.twinTestAccuracy)} vs baseline ` +
          `${pct(outcome.baselineTestAccuracy)}, ${outcome.twinEpochs} epochs, ${fmtEta(1000 * outcome.seconds)}`,
      );
    }
    out.outcome = outcome;
  } catch (err) {
    out.error = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    log(`${ds.id} seed ${seed} twin: failed: ${out.error}`);
  }
  return out;
}

/** The twin is compared with the runs' own baseline: when it had to train that again, it must have got the same. */
function checkTwin(twin: SuiteTwin, runs: SuiteRun[]): void {
  const run = runs.find((r) => r.dataset === twin.dataset && r.seed === twin.seed && r.bench);
  if (!run || !twin.outcome) return;
  const theirs = run.bench!.baseline.testAccuracy;
  const rows = twin.outcome.testRows;
  if (Math.abs(theirs - twin.outcome.baselineTestAccuracy) * rows > 0.5)
    throw new Error(
      `${twin.dataset} seed ${twin.seed}: the baseline trained again for the twin scores ` +
        `${pct(twin.outcome.baselineTestAccuracy)} on test, the runs' baseline ${pct(theirs)}: not the same network`,
    );
}

/** The reference learners must have seen exactly the rows of the run. */
function checkRows(run: SuiteRun, refs: SuiteReference[]): void {
  const r = run.bench!.dataRows;
  for (const ref of refs.filter((x) => x.dataset === run.dataset && x.seed === run.seed && x.outcome)) {
    const rows = (ref.outcome as ReferenceOutcome & { rows?: SplitFiles['rows'] }).rows;
    if (rows && (rows.train !== r.train || rows.validation !== r.validation || rows.test !== r.test))
      throw new Error(
        `${run.dataset} seed ${run.seed}: the ${ref.id} reference split (${JSON.stringify(rows)}) differs from the ` +
          `run's (${r.train}/${r.validation}/${r.test})`,
      );
  }
}

function describe(run: SuiteRun, took: string): string {
  const head = `${run.dataset} seed ${run.seed} ${run.method}`;
  if (!run.bench) return `${head}: FAILED: ${run.error}`;
  const b = run.bench;
  const drop = 100 * (b.baseline.testAccuracy - b.final.testAccuracy);
  return (
    `${head}: ${b.status}, test ${pct(b.final.testAccuracy)} vs baseline ${pct(b.baseline.testAccuracy)} ` +
    `(drop ${drop.toFixed(2)} pts), ${b.compression.toFixed(1)}x, ${took}`
  );
}

function pct(v: number): string {
  return `${(100 * v).toFixed(2)}%`;
}

function fmtEta(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const s = Math.round(ms / 1000);
  return s >= 120 ? `${Math.round(s / 60)} min` : `${s} s`;
}

function log(s: string): void {
  process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${s}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:suite: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
