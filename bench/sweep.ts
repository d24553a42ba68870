/**
 * Sweep speed (issue 15): `npm run bench:sweep [-- --rounds N] [--no-write]`. Not part of CI.
 *
 * Twelve small runs (optdigits, schemes B and C, six seeds each, short training) three ways: one after another in
 * this process (what `scann run` of each config does, the baseline), through the local pool with one engine
 * process (its difference to the baseline, per job, is the pool's overhead: fork, engine start, IPC, the run
 * store), and through the local pool with one engine per core. Target: the pool on 2 cores in at most 0.6x the
 * sequential wall time. The three must agree on every run's result (checked). With `--rounds N` the three
 * alternate N times and the medians count, since this machine's speed drifts. Writes the figures, with the load
 * average before and after, between the bench:sweep markers of docs/performance.md unless --no-write. Then the
 * queue part (bench/sweepQueue.ts: overhead per job through Redis, 1,000 jobs with a worker killed) unless
 * --no-queue.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { LocalPool } from '../src/cli/sweep/localPool';
import { runSynthesis } from '../src/engine/run/run';
import { closeThreadPool } from '../src/engine/kernels';
import { RunStore } from '../src/node/runStore';
import { configSchema } from '../src/protocol/config';
import { expandSweep, type SweepJob } from '../src/protocol/sweep';
import { benchQueue, queueSection, writeQueueSection } from './sweepQueue';

const root = path.join(__dirname, '..');
const dataDir = path.join(root, 'data');
const enginePath = path.join(root, 'dist', 'engine.js');

const CONFIG = configSchema.parse({
  name: 'bench-sweep',
  dataset: { source: 'builtin:optdigits' },
  iterations: 2,
  baseline: { epochs: 10 },
  train: { epochs: 3 },
  select: { finetune: 5 },
  sweep: { grid: { scheme: ['B', 'C'] }, repeats: 6 },
});

type Accuracies = Map<string, number>;

async function sequential(jobs: SweepJob[]): Promise<{ ms: number; acc: Accuracies }> {
  const acc: Accuracies = new Map();
  const t = performance.now();
  for (const job of jobs) {
    const r = await runSynthesis(job.config, { baseDir: dataDir, dataDir });
    acc.set(job.jobId, r.final.testAccuracy);
  }
  return { ms: performance.now() - t, acc };
}

async function pool(jobs: SweepJob[], workers: number): Promise<{ ms: number; acc: Accuracies }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'scann-bench-sweep-'));
  try {
    const runs = new RunStore(path.join(dir, 'runs'));
    const t = performance.now();
    const summary = await new LocalPool({ enginePath, workers }).run(
      { sweepId: jobs[0]!.sweepId, jobs, baseDir: dataDir, dataDir, runs },
      () => undefined,
      new AbortController().signal,
    );
    const ms = performance.now() - t;
    if (summary.counts.done !== jobs.length) throw new Error(`pool of ${workers}: ${JSON.stringify(summary.counts)}`);
    return { ms, acc: new Map(summary.runs.map((r) => [r.jobId, r.testAccuracy!])) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(', ');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { rounds: { type: 'string' }, 'no-write': { type: 'boolean' }, 'no-queue': { type: 'boolean' } },
  });
  const rounds = Math.max(1, Number(values.rounds ?? 1));
  if (!existsSync(enginePath)) throw new Error(`${enginePath} is missing: npm run build first`);
  const jobs = expandSweep(CONFIG, 'bench');
  const cores = availableParallelism();
  const loadBefore = load();
  const uptimeBefore = execFileSync('uptime', { encoding: 'utf8' }).trim();
  const times = { seq: [] as number[], one: [] as number[], all: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    const seq = await sequential(jobs);
    const all = await pool(jobs, cores);
    const one = await pool(jobs, 1);
    for (const [name, got] of [
      ['pool of 1', one.acc],
      [`pool of ${cores}`, all.acc],
    ] as const) {
      for (const [id, a] of seq.acc) {
        if (got.get(id) !== a) throw new Error(`${name}: ${id} has test accuracy ${got.get(id)}, sequential ${a}`);
      }
    }
    times.seq.push(seq.ms);
    times.one.push(one.ms);
    times.all.push(all.ms);
    process.stderr.write(
      `round ${r + 1}: sequential ${(seq.ms / 1000).toFixed(1)} s, pool of 1 ${(one.ms / 1000).toFixed(1)} s, ` +
        `pool of ${cores} ${(all.ms / 1000).toFixed(1)} s\n`,
    );
  }
  closeThreadPool();
  const seq = median(times.seq);
  const one = median(times.one);
  const all = median(times.all);
  const loadAfter = load();
  const ratio = all / seq;
  const overhead = (one - seq) / jobs.length;
  const lines = [
    START,
    '',
    `Generated by \`npm run bench:sweep${rounds > 1 ? ` -- --rounds ${rounds}` : ''}\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ` +
      `${cores} cores; load average ${loadBefore} before and ${loadAfter} after (\`uptime\` at the start: ` +
      `\`${uptimeBefore}\`). The machine is shared: other work ran at the same time, so these are figures under ` +
      'that load, not of an idle machine.',
    '',
    `${jobs.length} runs (optdigits, schemes B and C x 6 seeds, 2 iterations, short training), medians of ${rounds} ` +
      `round${rounds > 1 ? 's' : ''}; every run's result was the same all three ways.`,
    '',
    '| how | wall time | vs sequential |',
    '|---|---|---|',
    `| one after another in one process (as \`scann run\` each) | ${(seq / 1000).toFixed(1)} s | 1.00x |`,
    `| local pool, 1 engine process | ${(one / 1000).toFixed(1)} s | ${(one / seq).toFixed(2)}x |`,
    `| local pool, ${cores} engine processes (the default) | ${(all / 1000).toFixed(1)} s | ${ratio.toFixed(2)}x (target <= 0.60x: ${ratio <= 0.6 ? 'met' : 'NOT met'}) |`,
    '',
    `Pool overhead per job (pool of 1 minus sequential, per run: fork, engine start, IPC, run store): ${overhead.toFixed(0)} ms.`,
    '',
    END,
  ];
  const section = lines.join('\n');
  process.stdout.write(`${section}\n`);
  if (!values['no-queue']) await queuePart(!values['no-write']);
  if (values['no-write']) return;
  const file = path.join(root, 'docs', 'performance.md');
  const old = readFileSync(file, 'utf8');
  const a = old.indexOf(START);
  const b = old.indexOf(END);
  writeFileSync(
    file,
    a >= 0 && b > a
      ? old.slice(0, a) + section + old.slice(b + END.length)
      : `${old.trimEnd()}\n\n## Sweeps\n\n\`scann sweep\` runs a sweep's jobs on a pool of engine processes (one per core by default); \`bench/sweep.ts\` measures it.\n\n${section}\n`,
  );
}

/** The same sweep machinery through BullMQ on a real redis-server: bench/sweepQueue.ts (skip with --no-queue). */
async function queuePart(write: boolean): Promise<void> {
  const uptimeBefore = execFileSync('uptime', { encoding: 'utf8' }).trim();
  const r = await benchQueue({ jobs: 1000, overheadJobs: 40 });
  const section = queueSection(r, { uptimeBefore, loadAfter: load(), at: new Date() });
  process.stdout.write(`${section}\n`);
  if (write) writeQueueSection(section);
}

const START = '<!-- bench:sweep:start -->';
const END = '<!-- bench:sweep:end -->';

void main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
