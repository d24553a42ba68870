/** Summary, console table, docs/performance.md section and docs/performance.json of bench/engine.ts. */
import type { CaseName, Measurement } from './engineCases';
import { MAIN_SECTION, wrapSection, type PerformanceJson } from './engineMerge';

/**
 * V8's measured 128-bit SIMD ceiling per core. The other reference, the per-core peak, is measured in every run
 * with PyTorch (one-thread OpenBLAS SGEMM, AnchorInfo.sgemmPeakGflops).
 */
const WASM_CEILING = 58.6;

/** Issue 7's and issue 14's targets: our ex/s over PyTorch's best setting's. */
const TARGETS: Record<string, number> = {
  a: 1.0,
  b: 1.5,
  c: 3,
  d2: 2,
  infer_a_b1: 5,
  infer_s_b1: 5,
  f64: 1.0,
  f256: 1.0,
  fs64: 3,
  fs256: 3,
  fb1: 5,
  fsb1: 5,
};

const LABELS: Record<string, string> = {
  a: 'a: MLP 784-300-100-10, 50 % masks, train',
  b: 'b: MLP 48-64-32-11, 50 % masks, train',
  c: 'c: SCANN DAG 48-64h-11 (h->h 30 %), train',
  d10: 'd: case a at 10 % density, train (vs PyTorch a)',
  d2: 'd: case a at 2 % density, train (vs PyTorch a)',
  infer_a_b1: 'e: inference a, batch 1',
  infer_a_b1024: 'e: inference a, batch 1024',
  infer_s_b1: 'e: inference sparse DAG (15 %), batch 1',
  infer_s_b1024: 'e: inference sparse DAG (15 %), batch 1024',
  f64: 'f: LeNet-5, train, batch 64',
  f256: 'f: LeNet-5, train, batch 256',
  fs64: 'f: LeNet-5, every layer at 10 %, train, batch 64 (vs PyTorch dense)',
  fs256: 'f: LeNet-5, every layer at 10 %, train, batch 256 (vs PyTorch dense)',
  fb1: 'f: LeNet-5 inference, batch 1',
  fsb1: 'f: LeNet-5 at 10 % inference, batch 1 (vs PyTorch dense)',
};

export interface RunInfo {
  started: string;
  quick: boolean;
  rounds: number;
  repeats: number;
  torch: boolean;
  loadBefore: number[];
  loadAfter: number[];
  seconds: number;
}

/** Threads of one PyTorch setting: ATen intra-op and inter-op, OpenMP, the BLAS pool. */
export interface AnchorThreads {
  torch: number;
  interop: number;
  omp: number | null;
  blas: number | null;
}

/** What the PyTorch side ran on (bench/torch_anchor.py probe), recorded as performance.json's `anchor`. */
export interface AnchorInfo {
  torch: string;
  numpy: string;
  python: string;
  /** The library libtorch's sgemm_ resolves to in the process, as loaded and with symlinks resolved. */
  blas: {
    implementation: string;
    version?: string | null;
    config?: string;
    kernels?: string | null;
    threading?: string | null;
    library: string | null;
    resolved: string | null;
    alternative: string | null;
    backend?: string | null;
  };
  isa: {
    cpu: string | null;
    family: number | null;
    model: number | null;
    flags: string[];
    torchCapability: string | null;
  };
  /** Per PyTorch setting (1T, 2c-BLAS, 2T). */
  threads: Record<string, AnchorThreads>;
  /** One-thread OpenBLAS SGEMM, GFLOP per CPU-second of its thread (best square size's median). */
  sgemmPeakGflops: number;
  sgemm: {
    sizes: { n: number; cpuMedian: number; wallBest: number; wallMedian: number }[];
    cpuPerWall: number;
    blasThreads: number | null;
  };
  /** OpenBLAS overrides found in the environment (null: not set); PyTorch's processes ran without them. */
  openblasEnv: Record<string, string | null | boolean>;
}

export interface Range {
  median: number;
  min: number;
  max: number;
}

export interface CaseSummary {
  case: string;
  label: string;
  ours: Range;
  torch?: Range;
  /** The PyTorch setting that was fastest in most rounds. */
  torchSetting?: string;
  /** Median (and range) of the per-round ratios ours / PyTorch's best. */
  ratio?: Range;
  target?: number;
  threads: number;
  path: string;
  gflops: number;
  rssMb: number;
  cpuPerWall: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const range = (xs: number[]): Range => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });

export function summarize(
  rows: { round: number; m: Measurement }[],
  cases: CaseName[],
  torchCase: Record<CaseName, string>,
): CaseSummary[] {
  const out: CaseSummary[] = [];
  for (const name of cases) {
    const ours = rows.filter((r) => r.m.engine === 'ours' && r.m.case.startsWith(name));
    for (const sub of [...new Set(ours.map((r) => r.m.case))]) {
      const mine = ours.filter((r) => r.m.case === sub);
      const torchName = torchCase[name] + sub.slice(name.length);
      const perRound = new Map<number, number>();
      const winner = new Map<number, string>();
      for (const r of rows) {
        if (r.m.engine !== 'torch' || r.m.case !== torchName) continue;
        const v = median(r.m.ex_s);
        if (v > (perRound.get(r.round) ?? 0)) {
          perRound.set(r.round, v);
          winner.set(r.round, r.m.path ?? '');
        }
      }
      const ratios = mine.filter((r) => perRound.has(r.round)).map((r) => median(r.m.ex_s) / perRound.get(r.round)!);
      const oursRange = range(mine.map((r) => median(r.m.ex_s)));
      const last = mine[mine.length - 1]!.m;
      const settings = [...winner.values()];
      out.push({
        case: sub,
        label: LABELS[sub] ?? sub,
        ours: oursRange,
        ...(perRound.size ? { torch: range([...perRound.values()]) } : {}),
        ...(settings.length
          ? { torchSetting: settings.sort((a, b) => count(settings, b) - count(settings, a))[0]! }
          : {}),
        ...(ratios.length ? { ratio: range(ratios) } : {}),
        ...(TARGETS[sub] !== undefined ? { target: TARGETS[sub] } : {}),
        threads: last.threads,
        path: last.path ?? '',
        gflops: (oursRange.median * (last.flop_per_ex ?? 0)) / 1e9,
        rssMb: Math.max(...mine.map((r) => r.m.rss_mb ?? 0)),
        cpuPerWall: median(mine.map((r) => r.m.cpu_per_wall)),
      });
    }
  }
  return out;
}

const count = (xs: string[], x: string): number => xs.filter((y) => y === x).length;

const k = (v: number): string => (v >= 1e6 ? `${(v / 1e6).toFixed(2)}M` : `${(v / 1e3).toFixed(1)}k`);
const fmtRange = (r: Range, f: (v: number) => string): string => `${f(r.median)} [${f(r.min)}-${f(r.max)}]`;
const x2 = (v: number): string => `${v.toFixed(2)}x`;

function verdict(s: CaseSummary): string {
  if (s.target === undefined) return '';
  if (!s.ratio) return `>= ${s.target}x: no PyTorch`;
  return `>= ${s.target}x: ${s.ratio.median >= s.target ? 'met' : 'MISSED'}`;
}

const pct = (v: number, of: number | undefined): string => (of ? `${((100 * v) / of).toFixed(0)} %` : '-');

function rowsOf(summary: CaseSummary[], peak: number | undefined): string[][] {
  return summary.map((s) => [
    s.label,
    fmtRange(s.ours, k),
    s.torch ? `${fmtRange(s.torch, k)} (${s.torchSetting})` : '-',
    s.ratio ? fmtRange(s.ratio, x2) : '-',
    verdict(s),
    `${s.gflops.toFixed(1)}`,
    `${pct(s.gflops, peak === undefined ? undefined : peak * s.threads)} / ${pct(s.gflops, WASM_CEILING * s.threads)}`,
    `${s.threads} (${s.path})`,
    s.rssMb.toFixed(0),
  ]);
}

const HEAD = [
  'case',
  'ours ex/s',
  'PyTorch best ex/s',
  'ratio',
  'target',
  'GFLOP/s',
  '% of peak / wasm ceiling',
  'threads',
  'peak RSS MB',
];

function loadLine(info: RunInfo): string {
  const l = (xs: number[]): string => xs.map((v) => v.toFixed(2)).join(' / ');
  return (
    `${info.started}, ${info.quick ? 'quick' : 'full'} run: ${info.rounds} rounds x ${info.repeats} timed repeats ` +
    `per process, ${info.seconds.toFixed(0)} s. Load average (1/5/15 min) before ${l(info.loadBefore)}, ` +
    `after ${l(info.loadAfter)} on 2 cores.`
  );
}

const NO_ANCHOR =
  'No valid anchor: PyTorch is not installed for /usr/bin/python3 (bench/setup.sh installs it on OpenBLAS). ' +
  'Our engine alone: no ratio, no fraction of the SGEMM peak.';

function threadsText(t: AnchorThreads): string {
  return `${t.torch}/${t.interop}/${t.omp ?? '?'}/${t.blas ?? '?'}`;
}

/** What PyTorch ran on, in one paragraph (console and markdown). */
function anchorLine(a: AnchorInfo | null): string {
  if (a === null) return NO_ANCHOR;
  const b = a.blas;
  const details = [b.threading, b.kernels ? `${b.kernels} kernels` : null].filter(Boolean).join(', ');
  const blas = `${b.implementation}${b.version ? ` ${b.version}` : ''}${details ? ` (${details})` : ''}`;
  const overrides = Object.entries(a.openblasEnv)
    .filter(([k, v]) => k.startsWith('OPENBLAS_') && v !== null)
    .map(([k, v]) => `${k}=${String(v)}`);
  return (
    `Anchor: PyTorch ${a.torch} (${a.python}, numpy ${a.numpy}) on ${blas}, loaded from ${b.resolved ?? b.library}` +
    `${b.alternative ? ` (${b.alternative})` : ''}. CPU ${a.isa.cpu ?? '?'} (family ${a.isa.family ?? '?'}, ` +
    `model ${a.isa.model ?? '?'}): ${a.isa.flags.join(' ')}; ATen kernels ${a.isa.torchCapability ?? '?'}. ` +
    `Threads torch/interop/OpenMP/BLAS: ${Object.entries(a.threads)
      .map(([k, t]) => `${k} ${threadsText(t)}`)
      .join(', ')}. ` +
    (overrides.length
      ? `${overrides.join(', ')} were set and removed for PyTorch's processes.`
      : 'OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE not set.')
  );
}

function peakLine(a: AnchorInfo | null): string {
  const wasm = `wasm ceiling: ${WASM_CEILING} GFLOP/s per core`;
  if (a === null) return `Peak: not measured (no PyTorch); ${wasm}.`;
  const sizes = a.sgemm.sizes.map((s) => `${s.n}: ${s.cpuMedian}`).join(', ');
  const wall = Math.max(...a.sgemm.sizes.map((s) => s.wallBest));
  return (
    `Peak: ${a.sgemmPeakGflops.toFixed(1)} GFLOP/s per core, measured in this run: one-thread ${a.blas.implementation} ` +
    `SGEMM on n x n float32 matrices, GFLOP per CPU-second of that thread (median per size: ${sizes}; best ` +
    `wall-clock call ${wall.toFixed(1)}, with other processes taking turns on the core); ${wasm}. Both times the ` +
    'threads used.'
  );
}

export function renderTable(summary: CaseSummary[], info: RunInfo, anchor: AnchorInfo | null): string {
  const body = rowsOf(summary, anchor?.sgemmPeakGflops);
  const widths = HEAD.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [loadLine(info), anchorLine(anchor), peakLine(anchor), line(HEAD), ...body.map(line)].join('\n');
}

/**
 * The generated part of docs/performance.md for this run, between its markers (bench/engineMerge.ts): the full
 * run's section, or, for a run of some cases (`key`), a section of its own beside it.
 */
export function renderSection(
  summary: CaseSummary[],
  info: RunInfo,
  anchor: AnchorInfo | null,
  key: string = MAIN_SECTION,
): string {
  const table = [
    `| ${HEAD.join(' | ')} |`,
    `|${HEAD.map(() => '---').join('|')}|`,
    ...rowsOf(summary, anchor?.sgemmPeakGflops).map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
  const command = `npx tsx bench/engine.ts${info.quick ? ' --quick' : ''}${key === MAIN_SECTION ? '' : ` --cases ${key}`}`;
  const partial =
    key === MAIN_SECTION
      ? ''
      : ' A run of these cases alone: the section above and the other cases of `performance.json` are from ' +
        "another run (this one's time, load and anchor are under `separateRuns` there).";
  const body = [
    `Generated by \`${command}\`. ${loadLine(info)}${partial}`,
    '',
    "ex/s: median over rounds of each process's median [range over rounds]. Ratio: median [range] of the",
    'per-round ratios of ours to the fastest PyTorch setting of that round (1T: one thread everywhere; 2c-BLAS:',
    "one ATen thread, OpenBLAS' own 2 threads; 2T: 2 of each, full runs only). GFLOP/s: executed multiply-adds x 2",
    '(padded dense positions or CSR entries; training counts forward, dW and the dX that reaches hidden units).',
    peakLine(anchor),
    '',
    anchorLine(anchor),
    '',
    table,
  ].join('\n');
  return wrapSection(key, body);
}

export function renderJson(
  summary: CaseSummary[],
  info: RunInfo,
  anchor: AnchorInfo | null,
): Omit<PerformanceJson, 'separateRuns'> {
  return {
    cases: summary.map((s) => ({
      case: s.case,
      ours_ex_s: Math.round(s.ours.median),
      torch_ex_s: s.torch ? Math.round(s.torch.median) : null,
      ratio: s.ratio ? Number(s.ratio.median.toFixed(3)) : null,
    })),
    run: info,
    anchor: anchor ?? { valid: false, reason: 'PyTorch is not installed for /usr/bin/python3' },
  };
}
