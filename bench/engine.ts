/**
 * Engine speed against PyTorch (issue 7): `npx tsx bench/engine.ts [--quick] [--rounds N] [--threads T]
 * [--cases a,b,...] [--no-write]`.
 *
 * Every case runs in its own child process (ours: this file with --child; PyTorch: bench/torch_anchor.py under
 * /usr/bin/python3 with 1 thread, with OpenBLAS' own 2 threads and, in a full run, with 2 ATen threads; the
 * fastest counts). Cases are
 * interleaved case by case and round by round, alternating which engine goes first, because this machine's speed
 * drifts: the reported ratio is the median of the per-round ratios. Writes docs/performance.md and
 * docs/performance.json unless --no-write. bench/setup.sh installs PyTorch; without it only our side runs.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import * as path from 'node:path';
import { closeThreadPool } from '../src/engine/kernels';
import { CASES, runCase, type CaseName, type Measurement } from './engineCases';
import { renderJson, renderMarkdown, renderTable, summarize, type RunInfo } from './engineReport';

const PYTHON = '/usr/bin/python3';
const TORCH_SCRIPT = path.join(__dirname, 'torch_anchor.py');
/** PyTorch settings: torch threads and the BLAS pool's environment (research/torch-anchor.md section 1). */
const TORCH_SETTINGS = [
  { name: '1T', threads: 1, env: { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' } },
  { name: '2c-BLAS', threads: 1, env: {} },
  { name: '2T', threads: 2, env: { OMP_NUM_THREADS: '2', OPENBLAS_NUM_THREADS: '2' } },
];
/** Which PyTorch runs each of our cases is compared with (d: PyTorch's dense-masked cost is that of a). */
const TORCH_CASE: Record<CaseName, string> = {
  a: 'a',
  b: 'b',
  c: 'c',
  d10: 'a',
  d2: 'a',
  infer_a: 'infer_a',
  infer_s: 'infer_s',
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

function runTorch(name: string, repeats: number, quick: boolean): Measurement[] {
  const out: Measurement[] = [];
  // --quick: the two settings research/torch-anchor.md found fastest; a full run also tries 2 ATen threads.
  for (const s of quick ? TORCH_SETTINGS.slice(0, 2) : TORCH_SETTINGS) {
    const env = { ...process.env, ...s.env };
    if (!('OMP_NUM_THREADS' in s.env)) {
      delete env['OMP_NUM_THREADS'];
      delete env['OPENBLAS_NUM_THREADS'];
    }
    const r = spawnSync(PYTHON, [TORCH_SCRIPT, String(s.threads), String(repeats), name], {
      encoding: 'utf8',
      env,
      maxBuffer: 1 << 24,
    });
    if (r.status !== 0) throw new Error(`PyTorch ${name} (${s.name}) failed:\n${r.stderr}`);
    for (const m of parseLines(r.stdout)) out.push({ ...m, engine: 'torch', path: s.name });
  }
  return out;
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
  const cases = (flag('--cases')?.split(',') ?? [...CASES]) as CaseName[];
  const torch = torchAvailable();
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
  if (!torch) process.stderr.write('PyTorch is not installed for /usr/bin/python3 (bench/setup.sh): ours only\n');
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
  process.stdout.write(`${renderTable(summary, info)}\n`);
  if (!process.argv.includes('--no-write')) {
    const docs = path.join(__dirname, '..', 'docs');
    writeFileSync(path.join(docs, 'performance.json'), `${JSON.stringify(renderJson(summary, info), null, 2)}\n`);
    writeFileSync(path.join(docs, 'performance.md'), renderMarkdown(summary, info));
  }
}

void main();
