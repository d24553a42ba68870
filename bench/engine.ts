/**
 * Engine speed against PyTorch (issues 7 and 14): `npx tsx bench/engine.ts [--quick] [--rounds N] [--threads T]
 * [--cases a,b,...] [--no-write]`. `--cases` takes case names and group letters (`--cases f`: all of case f).
 *
 * Every case runs in its own child process (ours: this file with --child; PyTorch: bench/torch_anchor.py under
 * /usr/bin/python3 with 1 thread, with OpenBLAS' own 2 threads and, in a full run, with 2 ATen threads; the
 * fastest counts). Cases are
 * interleaved case by case and round by round, alternating which engine goes first, because this machine's speed
 * drifts: the reported ratio is the median of the per-round ratios. Writes docs/performance.md and
 * docs/performance.json unless --no-write: a run of every case rewrites both; a run of some cases merges its
 * figures into them (bench/engineMerge.ts), leaving the other cases' as they were. bench/setup.sh installs PyTorch on OpenBLAS; without PyTorch only our
 * side runs.
 *
 * Before measuring, torch_anchor.py's probe records what PyTorch really runs on (the BLAS library its sgemm_
 * resolves to, ISA, threads of each setting) and a one-thread SGEMM peak, the "peak" of the report. When that BLAS
 * is not an optimized one (Debian's reference libblas3 selected as libblas.so.3), the run stops with the reason
 * and writes nothing: no ratio against it is printed or recorded.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import * as path from 'node:path';
import { closeThreadPool } from '../src/engine/kernels';
import { runCase, type CaseName, type Measurement } from './engineCases';
import {
  isEveryCase,
  MAIN_SECTION,
  mergePerformanceJson,
  parseCases,
  partialKey,
  spliceSection,
  type PerformanceJson,
} from './engineMerge';
import {
  renderJson,
  renderSection,
  renderTable,
  summarize,
  type AnchorInfo,
  type AnchorThreads,
  type RunInfo,
} from './engineReport';

const PYTHON = '/usr/bin/python3';
const TORCH_SCRIPT = path.join(__dirname, 'torch_anchor.py');
/** PyTorch settings: torch threads and the BLAS pool's environment (research/torch-anchor.md section 1). */
const TORCH_SETTINGS = [
  { name: '1T', threads: 1, env: { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' } },
  { name: '2c-BLAS', threads: 1, env: {} },
  { name: '2T', threads: 2, env: { OMP_NUM_THREADS: '2', OPENBLAS_NUM_THREADS: '2' } },
];
type TorchSetting = (typeof TORCH_SETTINGS)[number];
/** OpenBLAS tuning overrides that slow current OpenBLAS down when set; PyTorch's processes run without both. */
const OPENBLAS_OVERRIDES = ['OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE'] as const;
/** torch_anchor.py's exit status when PyTorch's BLAS is not an optimized one. */
const EXIT_BAD_BLAS = 3;
/** Which PyTorch runs each of our cases is compared with (d: PyTorch's dense-masked cost is that of a). */
const TORCH_CASE: Record<CaseName, string> = {
  a: 'a',
  b: 'b',
  c: 'c',
  d10: 'a',
  d2: 'a',
  infer_a: 'infer_a',
  infer_s: 'infer_s',
  f64: 'f64',
  f256: 'f256',
  fs64: 'f64',
  fs256: 'f256',
  fb1: 'fb1',
  fsb1: 'fb1',
};

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function child(): Promise<void> {
  const name = flag('--child') as CaseName;
  const threads = flag('--threads');
  const out = await runCase(name, Number(flag('--repeats') ?? 3), threads === undefined ? undefined : Number(threads));
  for (const m of out) process.stdout.write(`${JSON.stringify(m)}\n`);
  closeThreadPool();
}

function parseLines(stdout: string): Measurement[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Measurement);
}

function runOurs(name: CaseName, repeats: number, threads: string | undefined): Measurement[] {
  const args = [...process.execArgv, __filename, '--child', name, '--repeats', String(repeats)];
  if (threads !== undefined) args.push('--threads', threads);
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`our ${name} run failed:\n${r.stderr}`);
  return parseLines(r.stdout);
}

/** --quick: the two settings research/torch-anchor.md found fastest; a full run also tries 2 ATen threads. */
const torchSettings = (quick: boolean): readonly TorchSetting[] =>
  quick ? TORCH_SETTINGS.slice(0, 2) : TORCH_SETTINGS;

function torchEnv(s: TorchSetting): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...s.env };
  if (!('OMP_NUM_THREADS' in s.env)) {
    delete env['OMP_NUM_THREADS'];
    delete env['OPENBLAS_NUM_THREADS'];
  }
  for (const v of OPENBLAS_OVERRIDES) delete env[v];
  return env;
}

/** Stops the benchmark when PyTorch's BLAS is the reference one (or unknown): torch_anchor.py said why. */
function refuseAnchor(stderr: string): never {
  process.stderr.write(
    `\n${stderr.trimEnd()}\n` +
      'bench/engine.ts stopped: no valid PyTorch anchor, so no ratio is printed or recorded and docs/ are unchanged.\n',
  );
  process.exit(2);
}

function runTorchScript(args: string[], s: TorchSetting, what: string): string {
  const r = spawnSync(PYTHON, [TORCH_SCRIPT, ...args], { encoding: 'utf8', env: torchEnv(s), maxBuffer: 1 << 24 });
  if (r.status === EXIT_BAD_BLAS) refuseAnchor(r.stderr);
  if (r.status !== 0) throw new Error(`PyTorch ${what} (${s.name}) failed:\n${r.stderr}`);
  return r.stdout;
}

function runTorch(name: string, repeats: number, quick: boolean): Measurement[] {
  const out: Measurement[] = [];
  for (const s of torchSettings(quick)) {
    const stdout = runTorchScript([String(s.threads), String(repeats), name], s, name);
    for (const m of parseLines(stdout)) out.push({ ...m, engine: 'torch', path: s.name });
  }
  return out;
}

interface Probe {
  torch: string;
  numpy: string;
  python: string;
  blas: AnchorInfo['blas'] & { threads?: number; optimized?: boolean };
  isa: AnchorInfo['isa'];
  threads: AnchorThreads;
  sgemm?: AnchorInfo['sgemm'] & { gflops: number };
}

/** What PyTorch runs on under each setting, and the one-thread SGEMM peak (under the 1T setting). */
function probeTorch(quick: boolean): AnchorInfo {
  const probes = torchSettings(quick).map((s) => {
    const args = ['probe', ...(s.name === '1T' ? ['--peak'] : [])];
    const line = runTorchScript(args, s, 'probe')
      .split('\n')
      .find((l) => l.startsWith('{'));
    if (line === undefined) throw new Error(`PyTorch probe (${s.name}) printed nothing`);
    return { setting: s.name, probe: JSON.parse(line) as Probe };
  });
  const first = probes[0]!.probe;
  const peak = probes.find((p) => p.probe.sgemm)?.probe.sgemm;
  if (peak === undefined) throw new Error('the PyTorch probe measured no SGEMM peak');
  const { threads: _blasThreads, optimized: _optimized, ...blas } = first.blas;
  const overrides = Object.fromEntries(OPENBLAS_OVERRIDES.map((v) => [v, process.env[v] ?? null]));
  return {
    torch: first.torch,
    numpy: first.numpy,
    python: first.python,
    blas,
    isa: first.isa,
    threads: Object.fromEntries(probes.map((p) => [p.setting, p.probe.threads])),
    sgemmPeakGflops: peak.gflops,
    sgemm: { sizes: peak.sizes, cpuPerWall: peak.cpuPerWall, blasThreads: peak.blasThreads },
    openblasEnv: {
      ...overrides,
      unsetForPyTorch: OPENBLAS_OVERRIDES.some((v) => process.env[v] !== undefined),
    },
  };
}

function torchAvailable(): boolean {
  return spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
}

async function main(): Promise<void> {
  if (flag('--child') !== undefined) return child();
  const quick = process.argv.includes('--quick');
  const rounds = Number(flag('--rounds') ?? (quick ? 2 : 5));
  const repeats = quick ? 2 : 3;
  const threads = flag('--threads');
  const cases = parseCases(flag('--cases'));
  const torch = torchAvailable();
  if (!torch) process.stderr.write('PyTorch is not installed for /usr/bin/python3 (bench/setup.sh): ours only\n');
  // Refuses (exits) here, before anything is measured, when PyTorch's BLAS is the reference one.
  const anchor = torch ? probeTorch(quick) : null;
  const started = new Date();
  const info: RunInfo = {
    started: started.toISOString(),
    quick,
    rounds,
    repeats,
    torch,
    loadBefore: loadavg(),
    loadAfter: [0, 0, 0],
    seconds: 0,
  };
  const rows: { round: number; m: Measurement }[] = [];
  const torchDone = new Map<string, number>();
  for (let round = 0; round < rounds; round++) {
    for (const name of cases) {
      const oursFirst = round % 2 === 0;
      const torchName = TORCH_CASE[name];
      // d10/d2 reuse the round's PyTorch a (same cost at any density), measured once per round.
      const needTorch = torch && torchDone.get(torchName) !== round;
      const steps = [
        () => runOurs(name, repeats, threads),
        () => (needTorch ? runTorch(torchName, repeats, quick) : []),
      ];
      if (!oursFirst) steps.reverse();
      for (const step of steps) for (const m of step()) rows.push({ round, m });
      if (needTorch) torchDone.set(torchName, round);
      process.stderr.write(`round ${round + 1}/${rounds}: ${name} done\n`);
    }
  }
  info.loadAfter = loadavg();
  info.seconds = (Date.now() - started.getTime()) / 1000;
  const summary = summarize(rows, cases, TORCH_CASE);
  process.stdout.write(`${renderTable(summary, info, anchor)}\n`);
  if (!process.argv.includes('--no-write')) writeDocs(cases, summary, info, anchor);
}

/** docs/performance.json and the generated sections of docs/performance.md. */
function writeDocs(
  cases: CaseName[],
  summary: ReturnType<typeof summarize>,
  info: RunInfo,
  anchor: AnchorInfo | null,
): void {
  const docs = path.join(__dirname, '..', 'docs');
  const jsonFile = path.join(docs, 'performance.json');
  const mdFile = path.join(docs, 'performance.md');
  const fresh = renderJson(summary, info, anchor);
  const every = isEveryCase(cases);
  if (!every && !existsSync(jsonFile)) throw new Error(`${jsonFile} is missing: run every case first`);
  const json: PerformanceJson = every
    ? fresh
    : mergePerformanceJson(JSON.parse(readFileSync(jsonFile, 'utf8')) as PerformanceJson, fresh, cases);
  const key = every ? MAIN_SECTION : partialKey(cases);
  const old = existsSync(mdFile) ? readFileSync(mdFile, 'utf8') : '# Engine performance\n';
  writeFileSync(jsonFile, `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(mdFile, spliceSection(old, key, renderSection(summary, info, anchor, key)));
}

void main();
