/**
 * The paper-reproduction benchmark (issue 5): DR+SCANN with schemes A, B and C on every dataset of
 * ../shared/datasets and MNIST, against a baseline MLP. Writes docs/results.md, its SVG plots and docs/results.json.
 *
 *   npx tsx bench/paper.ts [--only pendigits,mnist] [--budget SECONDS] [--fresh] [--out DIR] [--verbose]
 *   npx tsx bench/paper.ts --only mnist-lenet5 [--check [ROWS]]
 *
 * The paper's LeNet-5 row (`mnist-lenet5`, bench/lenet5Row.ts) takes most of an hour, so it runs only when --only
 * names it, and results.md keeps it in a part of its own: a run with conv datasets only rewrites that part (and their
 * rows of results.json), a run without them leaves it as it was (bench/report.ts). --check runs the chosen datasets on
 * ROWS training images (default 2,000) with every epoch count cut to at most 2 and two iterations, into
 * bench/.cache/check unless --out says otherwise: a test of the harness, not a result.
 *
 * --budget is the synthesis wall-time budget per dataset (default 240 s; a dataset may set its own), shared A 40%, B and
 * C 30% each, in proportion among the schemes a dataset runs (the baseline and the DR grid are bounded by their epoch
 * counts and not counted); a synthesis that hits its share stops
 * at the next batch and reports its best network so far (status `cancelled` in the table). Results are cached in bench/.cache/runs per dataset, scheme and config
 * hash, so an interrupted benchmark resumes where it stopped; --fresh ignores the cache. --verbose logs every
 * synthesis step (connections and validation accuracy) and the baseline's epochs.
 */
import * as path from 'node:path';
import { configSchema, type ScannConfigInput, type SchemeName } from '../src/protocol/config';
import type { BaselineOutcome } from '../src/engine/run/baseline';
import { runSynthesis } from '../src/engine/run/run';
import { configHash, RunCache } from './cache';
import { benchDatasets, trainingRecipe, type BenchDataset } from './datasets';
import { writeReport } from './report';
import { LoadSampler } from './loadSampler';
import { RunClock, summarize, type BenchRun } from './summary';

const VERSION = 'paper-bench-1';
const SEED = 1;

interface Options {
  only?: string[];
  budgetS: number;
  fresh: boolean;
  out: string;
  verbose: boolean;
  /** Training rows of a --check run. */
  check?: number;
}

function parseArgs(argv: string[], repoRoot: string): Options {
  const o: Options = { budgetS: 240, fresh: false, out: path.join(repoRoot, 'docs'), verbose: false };
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--only') o.only = value().split(',');
    else if (a === '--budget') {
      o.budgetS = Number(value());
      if (!(o.budgetS > 0)) throw new Error('--budget must be a positive number of seconds');
    } else if (a === '--fresh') o.fresh = true;
    else if (a === '--out') out = path.resolve(value());
    else if (a === '--check') {
      const next = argv[i + 1];
      o.check = next !== undefined && /^\d+$/.test(next) ? Number(argv[++i]) : 2000;
    } else if (a === '--verbose') o.verbose = true;
    else throw new Error(`unknown argument ${a} (see the comment at the top of bench/paper.ts)`);
  }
  o.out = out ?? (o.check !== undefined ? path.join(repoRoot, 'bench', '.cache', 'check') : o.out);
  return o;
}

function baseConfig(
  ds: BenchDataset,
  scheme: SchemeName,
  reduce: ScannConfigInput['reduce'],
  check: number | undefined,
): ScannConfigInput {
  const full = fullConfig(ds, scheme, reduce);
  return check === undefined ? full : checkConfig(full, check);
}

function fullConfig(ds: BenchDataset, scheme: SchemeName, reduce: ScannConfigInput['reduce']): ScannConfigInput {
  const iterations = ds.iterations?.[scheme];
  return {
    name: `${ds.id}-${scheme}`,
    dataset: ds.dataset,
    scheme,
    seed: SEED,
    ...(iterations !== undefined ? { iterations } : {}),
    ...(ds.select ? { select: ds.select } : {}),
    ...(ds.plan && ds.schemes?.includes(scheme) ? ds.plan : {}),
    ...trainingRecipe(ds),
    ...(reduce ? { reduce } : {}),
  };
}

/** A --check run's config: `rows` training rows, at most 2 epochs anywhere, 2 iterations, 1 epoch of fine-tuning. */
function checkConfig(c: ScannConfigInput, rows: number): ScannConfigInput {
  const cut = (n: number | undefined) => Math.min(n ?? 2, 2);
  return {
    ...c,
    name: `${c.name}-check`,
    dataset: { ...c.dataset, limit: rows },
    iterations: Math.min(c.iterations ?? 2, 2),
    train: { ...c.train, epochs: cut(c.train?.epochs), initialEpochs: cut(c.train?.initialEpochs) },
    baseline: { ...c.baseline, epochs: cut(c.baseline?.epochs) },
    select: { ...c.select, finetune: Math.min(c.select?.finetune ?? 1, 1) },
    ...(c.reduce ? { reduce: { ...c.reduce, epochs: 1 } } : {}),
  };
}

/** Budget shares of the schemes (A 40%, B and C 30%), in proportion among those a dataset runs. */
const SHARE: Partial<Record<SchemeName, number>> = { A: 0.4, B: 0.3, C: 0.3 };

async function runOne(
  ds: BenchDataset,
  input: ScannConfigInput,
  budgetS: number,
  repoRoot: string,
  cache: RunCache,
  opts: Options,
  baselines: Map<string, BaselineOutcome>,
): Promise<BenchRun> {
  const { fresh, verbose } = opts;
  const key = `${ds.id}-${input.scheme}-${configHash({ VERSION, input, budgetS })}`;
  const hit = fresh ? undefined : cache.get<BenchRun>(key);
  if (hit) {
    log(`${ds.id} ${input.scheme}: cached (${key})`);
    return hit;
  }
  const config = configSchema.parse(input);
  const clock = new RunClock();
  const load = new LoadSampler();
  const cpu = process.cpuUsage();
  // The budget bounds the synthesis: it starts when the DR step is done (without DR, when the baseline is), so the
  // baseline and the DR grid (bounded by their epochs) always finish and every run has a result.
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const synthesisStarts = input.reduce ? 'reduceChosen' : 'baseline';
  log(`${ds.id} ${input.scheme}: running (synthesis budget ${budgetS.toFixed(0)} s)`);
  const result = await runSynthesis(config, {
    baseDir: repoRoot,
    dataDir: path.join(repoRoot, 'data'),
    signal: controller.signal,
    baselines,
    emit: (e) => {
      clock.see(e);
      if (e.type === synthesisStarts) timer = setTimeout(() => controller.abort(), budgetS * 1000);
      if (e.type === 'baseline')
        log(
          `  baseline: test ${pct(e.baseline.testAccuracy)}, ${e.baseline.connections} connections, ` +
            `${e.baseline.epochsUsed} epochs`,
        );
      if (e.type === 'reduce' && e.candidate.error)
        log(`  grid ${e.candidate.method}/${e.candidate.dims}: ${e.candidate.error}`);
      if (e.type === 'reduceChosen') log(`  DR: ${e.reduce.method} k=${e.reduce.dims} (${e.reduce.parallel.mode})`);
      if (e.type === 'log' && (e.level === 'warn' || verbose)) log(`  note: ${e.message}`);
      if (verbose && e.type === 'epoch' && e.phase === 'baseline')
        log(`  baseline epoch ${e.epoch}: validation ${pct(e.validationAccuracy)}, loss ${e.trainLoss.toFixed(4)}`);
      if (verbose && e.type === 'step') {
        const h = e.history;
        log(
          `  step ${h.step} (iteration ${h.iteration}) ${h.op}: ${h.connections} connections, ` +
            `best validation ${pct(h.validationAccuracy)}`,
        );
      }
    },
  });
  clearTimeout(timer);
  const used = process.cpuUsage(cpu);
  const run = {
    ...summarize(ds.id, ds.title, result, clock),
    load: load.stop(),
    cpuS: (used.user + used.system) / 1e6,
  };
  log(
    `  ${input.scheme}: ${result.status}, test ${pct(run.final.testAccuracy)} (baseline ${pct(run.baseline.testAccuracy)}), ` +
      `${run.final.connections} connections, ${run.compression.toFixed(1)}x, ${(run.timings.totalMs / 1000).toFixed(0)} s ` +
      `(load average ${run.load.mean.toFixed(1)}, at most ${run.load.max.toFixed(1)})`,
  );
  if (verbose) {
    const c = result.comparison;
    log(
      `  selected: ${result.final.rule}, validation ${pct(result.final.validationScore)} against the baseline's ` +
        `${pct(result.final.baselineValidationScore)}` +
        (c ? `; test change 95% interval ${pct(c.ci95[0])} to ${pct(c.ci95[1])}, p ${c.pValue.toFixed(3)}` : ''),
    );
  }
  cache.set(key, run);
  return run;
}

async function main(): Promise<void> {
  const repoRoot = path.join(__dirname, '..');
  const opts = parseArgs(process.argv.slice(2), repoRoot);
  const cacheDir = path.join(repoRoot, 'bench', '.cache');
  const cache = new RunCache(path.join(cacheDir, 'runs'));
  const { sets, skipped } = benchDatasets(repoRoot, cacheDir);
  const chosen = opts.only ? sets.filter((s) => opts.only!.includes(s.id)) : sets.filter((s) => !s.optIn);
  for (const s of skipped) log(`skipped: ${s}`);
  const t0 = Date.now();
  const runs: BenchRun[] = [];
  for (const ds of chosen) {
    const baselines = new Map<string, BaselineOutcome>();
    const schemes = ds.schemes ?? ['A', 'B', 'C'];
    const budgetS = ds.budgetS ?? opts.budgetS;
    const shares = schemes.reduce((s, x) => s + (SHARE[x] ?? 0.3), 0);
    const share = (scheme: SchemeName) => (budgetS * (SHARE[scheme] ?? 0.3)) / shares;
    const run = (scheme: SchemeName, reduce: ScannConfigInput['reduce']) =>
      runOne(ds, baseConfig(ds, scheme, reduce, opts.check), share(scheme), repoRoot, cache, opts, baselines);
    if (!ds.reduce) {
      // No DR: every scheme synthesizes on the raw features.
      for (const scheme of schemes) runs.push(await run(scheme, undefined));
      continue;
    }
    const reduceAuto = {
      method: 'auto' as const,
      epochs: ds.reduceEpochs,
      ...(ds.reduce.methods ? { methods: ds.reduce.methods as never } : {}),
      ...(ds.reduce.dims ? { dims: ds.reduce.dims } : {}),
      ...(ds.reduce.landmarks ? { landmarks: ds.reduce.landmarks } : {}),
    };
    const [first, ...rest] = schemes;
    const a = await run(first!, reduceAuto);
    runs.push(a);
    if (!a.dr) throw new Error(`${ds.id}: scheme ${first} ran without a DR step`);
    // The others reuse the transform the first scheme's grid selected (the same fit: same random streams) without a
    // second search, and its baseline; the DR-only MLP is reported once, from the first.
    const fixed = {
      ...reduceAuto,
      method: a.dr.method as never,
      dims: a.dr.dims,
      methods: undefined,
      compressedMlp: false,
    };
    for (const scheme of rest) runs.push(await run(scheme, fixed));
  }
  const wallS = (Date.now() - t0) / 1000;
  const computeS = runs.reduce((s, r) => s + r.timings.totalMs / 1000, 0);
  writeReport(opts.out, runs, chosen, skipped, {
    wallS,
    computeS,
    budgetS: opts.budgetS,
    command: process.argv.slice(2),
  });
  log(
    `wrote ${path.join(opts.out, 'results.md')} (${wallS.toFixed(0)} s this invocation, ${computeS.toFixed(0)} s of runs)`,
  );
}

function pct(v: number): string {
  return `${(100 * v).toFixed(2)}%`;
}

function log(s: string): void {
  process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${s}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:paper: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
