/**
 * `npm run bench:dr`: every DR method's fit on full MNIST (60,000 x 784, z-scored, to k = 196) in this engine, side
 * by side with scikit-learn on the same matrix and machine. bench/setup.sh --sklearn installs Debian's
 * python3-sklearn on OpenBLAS first; without scikit-learn the table has our column alone, and when numpy's BLAS is
 * the reference one the benchmark stops (dr_sklearn.py probe says why) rather than compare against it.
 *
 * Each fit starts from the scaled matrix (our covariance and eigenpairs are recomputed per method, as
 * scikit-learn's are). Both sides report wall and CPU seconds: the machine is shared, so the load average is
 * recorded next to every timing, and CPU seconds are the figure that load disturbs least (scikit-learn's CPU time
 * sums its BLAS threads). Random projections fit in microseconds: both sides time fit + transform of all rows.
 * Isomap and spectral embedding: ours on all rows from 1,000 landmarks, scikit-learn's exact methods on 5,000
 * rows (they do not scale to 60,000).
 *
 * Writes docs/performance-dr.json and the DR section of docs/performance.md after every method unless --no-write.
 * --methods=a,b limits the methods, --sklearn-methods=a,b (or empty) the ones scikit-learn also runs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { DR_METHODS, configSchema, type DrMethod } from '../src/protocol/config';
import { Rng } from '../src/engine/core/random';
import { loadDataset } from '../src/engine/data/load';
import { fitScaler, scaleTable } from '../src/engine/data/scaler';
import { fitReduce } from '../src/engine/reduce/fit';
import { TrainingStats } from '../src/engine/reduce/stats';
import { applyTransform } from '../src/engine/reduce/transform';

const K = 196;
const LANDMARKS = 1000;
const NEIGHBORS = 10;
const SKLEARN_MANIFOLD_ROWS = 5000;
const PYTHON = '/usr/bin/python3';
const EXIT_BAD_BLAS = 3;
/** scikit-learn's counterpart of each method (none for our two extra projection variants). */
const SKLEARN: Partial<Record<DrMethod, string>> = {
  pca: 'PCA (svd_solver auto: randomized here)',
  factorAnalysis: 'FactorAnalysis, max_iter 100',
  ica: 'FastICA, max_iter 200, unit-variance whitening',
  isomap: 'Isomap, 10 neighbours, exact',
  spectral: 'SpectralEmbedding, 10 neighbours, exact',
  rpGaussian: 'GaussianRandomProjection',
  rpSparseTernary: 'SparseRandomProjection',
};

interface Timing {
  rows: number;
  wallS: number;
  cpuS: number;
  /** 1-minute load average before and after. */
  load: [number, number];
}

interface Row {
  method: DrMethod;
  /** When this row was measured (a run limited by --methods keeps the other rows of the previous runs). */
  measuredAt: string;
  ours: Timing;
  sklearn?: Timing & { model: string; iterations?: number };
  notes: string[];
}

const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function probe(): Record<string, unknown> | null {
  const r = spawnSync(PYTHON, [path.join(__dirname, 'dr_sklearn.py'), 'probe'], { encoding: 'utf8' });
  if (r.status === EXIT_BAD_BLAS) {
    process.stderr.write(`bench:dr: refusing to compare: ${r.stderr}`);
    process.exit(1);
  }
  if (r.status !== 0) {
    process.stderr.write(`bench:dr: scikit-learn unavailable (${r.stderr.trim().split('\n').pop()}); ours alone\n`);
    return null;
  }
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

function sklearnFit(
  file: string,
  rows: number,
  cols: number,
  method: DrMethod,
): (Timing & { iterations?: number }) | undefined {
  const subset = method === 'isomap' || method === 'spectral' ? SKLEARN_MANIFOLD_ROWS : 0;
  const load0 = loadavg()[0]!;
  const args = [path.join(__dirname, 'dr_sklearn.py'), 'fit', file, rows, cols, method, K, subset].map(String);
  const r = spawnSync(PYTHON, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) {
    process.stderr.write(`bench:dr: scikit-learn ${method} failed: ${r.stderr}\n`);
    return undefined;
  }
  const out = JSON.parse(r.stdout) as { rows: number; wallS: number; cpuS: number; iterations?: number };
  const timing = { rows: out.rows, wallS: out.wallS, cpuS: out.cpuS, load: [load0, loadavg()[0]!] as [number, number] };
  return out.iterations !== undefined ? { ...timing, iterations: out.iterations } : timing;
}

function oursFit(x: Float32Array, rows: number, d: number, method: DrMethod): { timing: Timing; notes: string[] } {
  const load0 = loadavg()[0]!;
  const c0 = cpuSeconds();
  const w0 = performance.now();
  const stats = new TrainingStats(x, rows, d);
  const input = { stats, k: K, neighbors: NEIGHBORS, landmarks: LANDMARKS, rng: new Rng(1).fork(method) };
  const fitted = fitReduce(method, input);
  if (method.startsWith('rp')) applyTransform(fitted.transform, x, rows);
  const timing = {
    rows,
    wallS: (performance.now() - w0) / 1000,
    cpuS: cpuSeconds() - c0,
    load: [load0, loadavg()[0]!],
  };
  return { timing: timing as Timing, notes: fitted.notes };
}

const s = (t: Timing): string =>
  `${t.cpuS.toFixed(1)} s CPU / ${t.wallS.toFixed(1)} s wall (load ${t.load[0].toFixed(1)})`;

function renderMarkdown(rows: Row[], info: Record<string, unknown>): string {
  const sk = info.sklearn as { sklearn: string; numpy: string; blas: Record<string, unknown> } | null;
  const lines = [
    START,
    '',
    `Generated by \`npm run bench:dr\` (last run ${String(info.date)}): full MNIST training images (${String(info.rows)} x 784, ` +
      `z-scored) to k = ${K}, ${String(info.cores)} cores shared with other work. Load average (1 min) before and ` +
      `after each fit is recorded: wall times under load are not what an idle machine gives, CPU seconds are ` +
      `steadier (scikit-learn's sum its BLAS threads).`,
    '',
    sk
      ? `scikit-learn ${sk.sklearn} (numpy ${sk.numpy}) on ${String(sk.blas.implementation)} ${String(sk.blas.version)} ` +
        `(${String(sk.blas.threadingLayer)}, ${String(sk.blas.kernels)} kernels, ${String(sk.blas.threads)} threads), ` +
        `${String(sk.blas.file)}.`
      : 'scikit-learn was not available: our figures alone.',
    '',
    '| method | measured | ours (rows) | ours | scikit-learn model (rows) | scikit-learn | ours / scikit-learn (CPU) |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => {
      const ratio = r.sklearn ? `${(r.ours.cpuS / r.sklearn.cpuS).toFixed(2)}x` : '';
      return (
        `| ${r.method} | ${r.measuredAt.slice(0, 16).replace('T', ' ')} | ${r.ours.rows} | ${s(r.ours)} | ${r.sklearn ? `${r.sklearn.model} (${r.sklearn.rows})` : '-'} | ` +
        `${r.sklearn ? s(r.sklearn) : '-'} | ${ratio} |`
      );
    }),
    '',
    ...rows.flatMap((r) => r.notes.map((n) => `- ${r.method}: ${n}`)),
    ...rows.flatMap((r) =>
      r.sklearn?.iterations !== undefined ? [`- ${r.method}: scikit-learn ran ${r.sklearn.iterations} iterations`] : [],
    ),
    '',
    END,
  ];
  return lines.join('\n');
}

const START = '<!-- bench:dr:start -->';
const END = '<!-- bench:dr:end -->';

async function main(): Promise<void> {
  const only = process.argv.find((a) => a.startsWith('--methods='))?.slice('--methods='.length);
  const methods = only ? (only.split(',') as DrMethod[]) : [...DR_METHODS];
  const repoRoot = path.join(__dirname, '..');
  const cfg = configSchema.parse({ dataset: { source: 'builtin:mnist' } });
  const raw = await loadDataset(cfg.dataset, { baseDir: repoRoot, dataDir: path.join(repoRoot, 'data') });
  const d = raw.features;
  const scaler = fitScaler('zscore', raw.train, d);
  const { x, rows } = scaleTable(scaler, raw.train, d);
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-dr-'));
  const file = path.join(dir, 'mnist-zscore.f32');
  writeFileSync(file, Buffer.from(x.buffer, x.byteOffset, x.byteLength));
  const sklearn = probe();
  const skOnly = process.argv.find((a) => a.startsWith('--sklearn-methods='))?.slice('--sklearn-methods='.length);
  const skMethods = new Set(skOnly !== undefined ? skOnly.split(',') : methods);
  const out: Row[] = [];
  const info = { date: new Date().toISOString(), rows, cores: cpus().length, k: K, sklearn };
  try {
    for (const method of methods) {
      const ours = oursFit(x, rows, d, method);
      const theirs =
        sklearn && SKLEARN[method] && skMethods.has(method) ? sklearnFit(file, rows, d, method) : undefined;
      const row: Row = { method, measuredAt: new Date().toISOString(), ours: ours.timing, notes: ours.notes };
      if (theirs) row.sklearn = { ...theirs, model: SKLEARN[method]! };
      out.push(row);
      process.stderr.write(`${method}: ours ${s(ours.timing)}${theirs ? `; scikit-learn ${s(theirs)}` : ''}\n`);
      // After every method, so an interrupted run on a busy machine still leaves what it measured.
      if (!process.argv.includes('--no-write')) write(repoRoot, out, info);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`${renderMarkdown(out, info)}\n`);
}

function write(repoRoot: string, measured: Row[], info: Record<string, unknown>): void {
  const docs = path.join(repoRoot, 'docs');
  const json = path.join(docs, 'performance-dr.json');
  // Rows of methods this run did not measure stay as an earlier run left them (each with its own time and load).
  const before = existsSync(json)
    ? (JSON.parse(readFileSync(json, 'utf8')) as { date?: string; methods?: Partial<Row>[] })
    : {};
  const earlier = (before.methods ?? []).map((r) => ({ ...r, measuredAt: r.measuredAt ?? before.date ?? '' }) as Row);
  const out = DR_METHODS.flatMap((m) => measured.find((r) => r.method === m) ?? earlier.filter((r) => r.method === m));
  const md = renderMarkdown(out, info);
  writeFileSync(json, `${JSON.stringify({ ...info, methods: out }, null, 2)}\n`);
  const perf = path.join(docs, 'performance.md');
  const old = existsSync(perf) ? readFileSync(perf, 'utf8') : '';
  const a = old.indexOf(START);
  const b = old.indexOf(END);
  const next =
    a >= 0 && b > a
      ? old.slice(0, a) + md + old.slice(b + END.length)
      : `${old.trimEnd()}\n\n## DR fits against scikit-learn\n\n${md}\n`;
  writeFileSync(perf, next);
}

void main();
