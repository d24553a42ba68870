/**
 * The queue half of `npm run bench:sweep`: sweeps through BullMQ on a real redis-server (started here on a free
 * loopback port, append-only file on) with real `scann worker` processes.
 *   1. Queue overhead per job: the same trivial jobs run one at a time through the queue (one worker,
 *      concurrency 1) and directly in engine processes; (queue wall time - direct wall time) / jobs.
 *      Target: <= 50 ms.
 *   2. 1,000 trivial jobs through Redis with 4 workers, one of them killed with kill -9 a third of the way in:
 *      none lost, none stored twice.
 * Run alone: `tsx bench/sweepQueue.ts [--jobs 1000] [--overhead-jobs 40] [--no-write]` (after `npm run build`).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { QueueSubmitter, type ResultSink } from '../src/cli/sweep/queue/submitter';
import { EngineProcess } from '../src/node/engineClient';
import { parseConfigText } from '../src/protocol/configText';
import { expandSweep, type SweepJob, type SweepJobStatus } from '../src/protocol/sweep';
import { bundleEntries, dataDir } from '../test/unit/helpers/bundle';
import { startRedis, type RedisServer } from '../test/unit/helpers/redisServer';

/** A job that does almost nothing, so what is measured is the queue and the engine process, not training. */
const TRIVIAL =
  'dataset: { source: builtin:iris }\nscheme: A\niterations: 1\ntrain: { epochs: 1 }\n' +
  'baseline: { epochs: 1 }\nselect: { fallback: none, finetune: 0 }\n';

export interface QueueBenchResult {
  /** `perJobMs`: the median over `rounds` of (queue - direct) / jobs of the round. */
  overhead: { jobs: number; rounds: number; queueMs: number; directMs: number; perJobMs: number };
  bulk: {
    jobs: number;
    workers: number;
    wallMs: number;
    done: number;
    lost: number;
    storedTwice: number;
    retried: number;
    killedAfterDone: number;
  };
}

function plan(sweepId: string, repeats: number): SweepJob[] {
  const parsed = parseConfigText(`name: trivial\nseed: 1\n${TRIVIAL}sweep: { repeats: ${repeats} }\n`);
  if (!parsed.config) throw new Error(JSON.stringify(parsed.issues));
  return expandSweep(parsed.config, sweepId);
}

function countingSink(): ResultSink & { stored: Map<string, number> } {
  const stored = new Map<string, number>();
  return {
    stored,
    async settle(job, outcome) {
      if (!('result' in outcome) || !outcome.result) return false;
      stored.set(job.jobId, (stored.get(job.jobId) ?? 0) + 1);
      return true;
    },
  };
}

function startWorker(cli: string, url: string, cache: string): Promise<ChildProcess> {
  const proc = spawn(
    process.execPath,
    [cli, 'worker', '--queue', url, '--concurrency', '1', '--stall-timeout', '5', '--cache', cache],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, SCANN_DATA_DIR: dataDir } },
  );
  return new Promise((resolve, reject) => {
    let log = '';
    proc.stderr!.on('data', (b: Buffer) => {
      log += b.toString();
      if (log.includes('serving')) resolve(proc);
    });
    proc.once('exit', (code) => reject(new Error(`worker exited with ${code}:\n${log}`)));
  });
}

async function stop(workers: ChildProcess[]): Promise<void> {
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve) => {
          if (w.exitCode !== null || w.signalCode !== null) return resolve();
          w.once('exit', () => resolve());
          w.kill('SIGTERM');
        }),
    ),
  );
}

/** The same jobs in engine processes, one after another: the yardstick the queue's overhead is measured against. */
async function direct(jobs: SweepJob[], engine: string): Promise<number> {
  const t0 = Date.now();
  for (const job of jobs) {
    const p = new EngineProcess(
      engine,
      { type: 'start', config: job.config, baseDir: dataDir, dataDir, priority: 'belowNormal' },
      () => {},
      () => {},
    );
    await p.exited;
  }
  return Date.now() - t0;
}

export async function benchQueue(opts: { jobs: number; overheadJobs: number }): Promise<QueueBenchResult> {
  const work = mkdtempSync(path.join(tmpdir(), 'scann-bench-queue-'));
  const bin = bundleEntries(path.join(work, 'bin'), { cli: 'src/cli/main.ts', engine: 'src/engine/run/process.ts' });
  let redis: RedisServer | undefined;
  const workers: ChildProcess[] = [];
  try {
    redis = await startRedis();
    const cache = path.join(work, 'cache');
    const signal = new AbortController().signal;

    // 1. Overhead: one worker, one job at a time, against the same jobs forked directly. The two alternate in
    // rounds of ROUND jobs and the median of the rounds' differences counts: on a shared machine the load drifts
    // more between two long phases than the overhead being measured.
    workers.push(await startWorker(bin['cli']!, redis.url, cache));
    // Warm-up (first fork, page cache), not measured.
    const warm = plan('bench-warm', 2);
    await direct(warm, bin['engine']!);
    const ROUND = 10;
    const rounds = Math.max(1, Math.round(opts.overheadJobs / ROUND));
    const diffs: number[] = [];
    let queueMs = 0;
    let directMs = 0;
    for (let r = 0; r < rounds; r++) {
      const small = plan(`bench-overhead-${r}`, ROUND);
      const t0 = Date.now();
      const first = await new QueueSubmitter(redis.url).run(
        { sweepId: `bench-overhead-${r}`, jobs: small, baseDir: dataDir },
        countingSink(),
        () => {},
        signal,
      );
      const q = Date.now() - t0;
      if (first.counts.done !== small.length) throw new Error(`overhead sweep: ${JSON.stringify(first.counts)}`);
      const d = await direct(small, bin['engine']!);
      queueMs += q;
      directMs += d;
      diffs.push((q - d) / ROUND);
    }
    diffs.sort((a, b) => a - b);
    const perJobMs =
      diffs.length % 2 ? diffs[(diffs.length - 1) / 2]! : (diffs[diffs.length / 2 - 1]! + diffs[diffs.length / 2]!) / 2;
    await stop(workers.splice(0));
    if (opts.jobs === 0)
      return {
        overhead: { jobs: rounds * ROUND, rounds, queueMs, directMs, perJobMs },
        bulk: { jobs: 0, workers: 4, wallMs: 0, done: 0, lost: 0, storedTwice: 0, retried: 0, killedAfterDone: 0 },
      };

    // 2. Many jobs, four workers, one killed a third of the way in.
    const jobs = plan('bench-bulk', opts.jobs);
    for (let i = 0; i < 4; i++) workers.push(await startWorker(bin['cli']!, redis.url, cache));
    const sink = countingSink();
    const statuses = new Map<string, SweepJobStatus>();
    let doneCount = 0;
    let killedAfterDone = -1;
    const victim = workers[0]!;
    const t1 = Date.now();
    const summary = await new QueueSubmitter(redis.url).run(
      { sweepId: 'bench-bulk', jobs, baseDir: dataDir },
      sink,
      (e) => {
        if (e.type !== 'job') return;
        statuses.set(e.status.jobId, e.status);
        if (e.status.state === 'done') doneCount++;
        if (killedAfterDone < 0 && doneCount >= jobs.length / 3) {
          killedAfterDone = doneCount;
          victim.kill('SIGKILL');
        }
      },
      signal,
    );
    const wallMs = Date.now() - t1;
    const stored = [...sink.stored.values()];
    return {
      overhead: { jobs: rounds * ROUND, rounds, queueMs, directMs, perJobMs },
      bulk: {
        jobs: jobs.length,
        workers: 4,
        wallMs,
        done: summary.counts.done,
        lost: jobs.length - sink.stored.size,
        storedTwice: stored.filter((n) => n > 1).length,
        retried: [...statuses.values()].filter((s) => s.attempts > 1).length,
        killedAfterDone,
      },
    };
  } finally {
    await stop(workers);
    await redis?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

const START = '<!-- bench:sweep-queue:start -->';
const END = '<!-- bench:sweep-queue:end -->';

/** The figures as the section of docs/performance.md between the bench:sweep-queue markers. */
export function queueSection(r: QueueBenchResult, when: { uptimeBefore: string; loadAfter: string; at: Date }): string {
  const o = r.overhead;
  const b = r.bulk;
  const ok = b.lost === 0 && b.storedTwice === 0 && b.done === b.jobs;
  return [
    START,
    '',
    `Generated by \`npm run bench:sweep\` (its queue part, \`bench/sweepQueue.ts\`) on ` +
      `${when.at.toISOString().slice(0, 16).replace('T', ' ')} UTC under \`nice -n 19\`; \`uptime\` at the start: ` +
      `\`${when.uptimeBefore}\`, load average at the end ${when.loadAfter}. The machine (2 cores) was shared with ` +
      'other work, so these are figures under that load, not of an idle machine.',
    '',
    'A real `redis-server` on loopback (append-only file on) and real `scann worker` processes (`dist/cli.js`); the ' +
      'jobs are trivial runs (iris, one epoch each), so what is measured is the queue and the engine processes.',
    '',
    '| measure | figure | target |',
    '|---|---|---|',
    `| queue overhead per job: jobs one at a time through the queue (one worker) minus the same jobs in engine ` +
      `processes directly, per job; median of ${o.rounds} alternating rounds of ${o.jobs / o.rounds} | ` +
      `${o.perJobMs.toFixed(0)} ms (in all ${(o.queueMs / 1000).toFixed(1)} s vs ${(o.directMs / 1000).toFixed(1)} s) | ` +
      `<= 50 ms: ${o.perJobMs <= 50 ? 'met' : 'NOT met'} |`,
    `| ${b.jobs} jobs, ${b.workers} workers, one killed with \`kill -9\` after ${b.killedAfterDone} jobs were done | ` +
      `${(b.wallMs / 1000).toFixed(0)} s; ${b.done} done, ${b.lost} lost, ${b.storedTwice} stored twice; ` +
      `${b.retried} job${b.retried === 1 ? '' : 's'} started again after the kill | none lost: ${ok ? 'met' : 'NOT met'} |`,
    '',
    END,
  ].join('\n');
}

/** Puts `section` between its markers in docs/performance.md (appended under "Sweeps" the first time). */
export function writeQueueSection(section: string): void {
  const file = path.join(__dirname, '..', 'docs', 'performance.md');
  const old = readFileSync(file, 'utf8');
  const a = old.indexOf(START);
  const b = old.indexOf(END);
  writeFileSync(
    file,
    a >= 0 && b > a
      ? old.slice(0, a) + section + old.slice(b + END.length)
      : `${old.trimEnd()}\n\n## Sweeps through a queue (BullMQ on Redis)\n\n${section}\n`,
  );
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      jobs: { type: 'string', default: '1000' },
      'overhead-jobs': { type: 'string', default: '40' },
      'no-write': { type: 'boolean' },
    },
  });
  const uptimeBefore = execFileSync('uptime', { encoding: 'utf8' }).trim();
  benchQueue({ jobs: Number(values.jobs), overheadJobs: Number(values['overhead-jobs']) }).then(
    (r) => {
      const loadAfter = loadavg()
        .map((x) => x.toFixed(2))
        .join(', ');
      const section = queueSection(r, { uptimeBefore, loadAfter, at: new Date() });
      process.stdout.write(`${section}\n${JSON.stringify(r)}\n`);
      if (!values['no-write']) writeQueueSection(section);
      process.exit(0);
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
