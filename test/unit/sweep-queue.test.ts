/**
 * Sweeps through BullMQ on a real redis-server (started here on a free loopback port, persistence on) with real
 * `scann worker` processes: every job once with the results of a local run, and the faults of issue 15 (a worker
 * killed with kill -9 mid-job, Redis restarted mid-sweep, a failing config, cancel, a worker stopped by SIGTERM).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Queue } from 'bullmq';
import { runSynthesis } from '../../src/engine/run/run';
import { BULL_PREFIX, QUEUE_NAME } from '../../src/cli/sweep/queue/connection';
import { QueueSubmitter, type ResultSink } from '../../src/cli/sweep/queue/submitter';
import { parseConfigText } from '../../src/protocol/configText';
import type { RunResult } from '../../src/protocol/result';
import {
  expandSweep,
  type SweepEvent,
  type SweepJob,
  type SweepJobStatus,
  type SweepSummary,
} from '../../src/protocol/sweep';
import { bundleEntries, dataDir } from './helpers/bundle';
import { startRedis, type RedisServer } from './helpers/redisServer';

const work = mkdtempSync(path.join(tmpdir(), 'scann-sweep-queue-'));
let bin: Record<string, string>;
let redis: RedisServer;
const workers: Worker[] = [];

before(async () => {
  bin = bundleEntries(path.join(work, 'bin'), { cli: 'src/cli/main.ts', engine: 'src/engine/run/process.ts' });
  redis = await startRedis();
  // A dataset file (not a built-in), so the jobs carry it by content hash.
  copyFileSync(path.join(dataDir, 'iris.csv'), path.join(work, 'iris.csv'));
});

after(async () => {
  for (const w of workers) w.proc.kill('SIGKILL');
  await redis?.stop();
  rmSync(work, { recursive: true, force: true });
});

interface Worker {
  proc: ChildProcess;
  name: string;
  log: string[];
  exited: Promise<number | null>;
}

/** A real `scann worker` (the bundled CLI) with its own dataset cache; resolves once it serves the queue. */
async function startWorker(opts: { stall?: number; concurrency?: number } = {}): Promise<Worker> {
  const proc = spawn(
    process.execPath,
    [
      bin['cli']!,
      'worker',
      '--queue',
      redis.url,
      '--concurrency',
      String(opts.concurrency ?? 1),
      '--stall-timeout',
      String(opts.stall ?? 2),
      '--cache',
      mkdtempSync(path.join(work, 'cache-')),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, SCANN_DATA_DIR: dataDir } },
  );
  const w: Worker = {
    proc,
    name: `${hostname()}:${proc.pid}`,
    log: [],
    exited: new Promise((resolve) => proc.once('exit', (code) => resolve(code))),
  };
  workers.push(w);
  let buf = '';
  proc.stderr!.on('data', (b: Buffer) => {
    buf += b.toString();
    const lines = buf.split('\n');
    buf = lines.pop()!;
    w.log.push(...lines);
  });
  await waitFor(
    () => w.log.some((l) => l.includes('serving')),
    30_000,
    () => `worker did not start:\n${w.log.join('\n')}`,
  );
  return w;
}

async function stopWorkers(): Promise<void> {
  for (const w of workers.splice(0)) {
    w.proc.kill('SIGTERM');
    await w.exited;
  }
}

async function waitFor(ok: () => boolean, ms: number, what: () => string): Promise<void> {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out: ${what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The sweep's jobs from config text; relative dataset paths are under `work`. */
function plan(text: string, sweepId: string): SweepJob[] {
  const parsed = parseConfigText(text);
  assert.ok(parsed.config, JSON.stringify(parsed.issues));
  return expandSweep(parsed.config, sweepId);
}

/** A run store that counts how often each job's result reached it (exactly once is the promise). */
function countingSink(): ResultSink & { writes: Map<string, number>; results: Map<string, RunResult> } {
  const writes = new Map<string, number>();
  const results = new Map<string, RunResult>();
  return {
    writes,
    results,
    async settle(job, outcome) {
      if (!('result' in outcome) || !outcome.result) return false;
      writes.set(job.jobId, (writes.get(job.jobId) ?? 0) + 1);
      if (results.has(job.jobId)) return false;
      results.set(job.jobId, outcome.result);
      return true;
    },
  };
}

/** Submits a sweep in this process and records its events; `running` resolves on the first running job. */
function submit(jobs: SweepJob[], signal = new AbortController().signal) {
  const sink = countingSink();
  const events: SweepEvent[] = [];
  const statuses = new Map<string, SweepJobStatus>();
  const done = new QueueSubmitter(redis.url).run(
    { sweepId: jobs[0]!.sweepId, jobs, baseDir: work },
    sink,
    (e) => {
      events.push(e);
      if (e.type === 'job') statuses.set(e.status.jobId, e.status);
    },
    signal,
  );
  return { sink, events, statuses, done };
}

const tiny = 'dataset: { source: iris.csv }\niterations: 1\ntrain: { epochs: 2 }\nbaseline: { epochs: 5 }\n';
/** A second or two a job (more under load): time to kill a worker or restart Redis while one runs. */
const slower =
  'dataset: { source: iris.csv }\nscheme: B\niterations: 2\ntrain: { epochs: 10 }\nbaseline: { epochs: 60 }\n';
/** Far longer than any test waits: only a cancel or a kill ends it. */
const endless =
  'dataset: { source: builtin:optdigits }\nscheme: B\niterations: 50\ntrain: { epochs: 50 }\nbaseline: { epochs: 2000, patience: 2000 }\n';

/** What must not depend on where a run ran: the selected network and every figure derived from it. */
function figures(r: RunResult) {
  return {
    status: r.status,
    seed: r.seed,
    dataset: r.dataset,
    baseline: r.baseline,
    final: r.final,
    compression: r.compression,
    energy: r.energy,
    history: r.history,
    model: r.model,
  };
}

test('every job runs once on three workers, with the results of a local run of the same seeds', async () => {
  await Promise.all([startWorker(), startWorker(), startWorker()]);
  const jobs = plan(`name: grid\nseed: 4\n${tiny}sweep: { grid: { scheme: [A, B] }, repeats: 3 }\n`, 'q-grid');
  const { sink, statuses, done } = submit(jobs);
  const summary = await done;
  assert.deepEqual(summary.counts, { queued: 0, running: 0, done: 6, failed: 0, cancelled: 0 });
  assert.deepEqual([...sink.writes.values()], [1, 1, 1, 1, 1, 1]);
  assert.equal(new Set([...statuses.values()].map((s) => s.worker)).size > 1, true, 'the jobs were spread');
  for (const job of jobs) {
    const local = await runSynthesis(job.config, { baseDir: work, dataDir });
    assert.deepEqual(figures(sink.results.get(job.jobId)!), figures(local), job.jobId);
  }
  await stopWorkers();
});

test('a worker killed with kill -9 mid-job: its job is retried on another worker, none lost or duplicated', async (t) => {
  const ws = await Promise.all([startWorker(), startWorker(), startWorker()]);
  const jobs = plan(`name: kill\nseed: 1\n${slower}sweep: { repeats: 4 }\n`, 'q-kill');
  const { sink, statuses, done } = submit(jobs);
  await waitFor(
    () => [...statuses.values()].some((s) => s.state === 'running' && s.worker),
    60_000,
    () => 'no job ran',
  );
  const victim = [...statuses.values()].find((s) => s.state === 'running')!;
  const w = ws.find((x) => x.name === victim.worker)!;
  w.proc.kill('SIGKILL');
  const killedAt = Date.now();
  await w.exited;
  await waitFor(
    () => statuses.get(victim.jobId)!.state !== 'running' || statuses.get(victim.jobId)!.worker !== victim.worker,
    120_000,
    () => 'the killed job never moved',
  );
  t.diagnostic(
    `the killed worker's job restarted after ${((Date.now() - killedAt) / 1000).toFixed(1)} s (stall timeout 2 s)`,
  );
  const summary = await done;
  assert.deepEqual(summary.counts, { queued: 0, running: 0, done: 4, failed: 0, cancelled: 0 });
  assert.deepEqual([...sink.writes.values()], [1, 1, 1, 1]);
  const retried = statuses.get(victim.jobId)!;
  assert.ok(retried.attempts >= 2, `the killed job started again (attempts ${retried.attempts})`);
  assert.notEqual(retried.worker, victim.worker);
  for (const job of jobs) assert.equal(sink.results.get(job.jobId)!.seed, job.seed);
  await stopWorkers();
});

test('Redis restarted mid-sweep (append-only file on): the sweep continues and every job finishes once', async (t) => {
  await Promise.all([startWorker(), startWorker()]);
  const jobs = plan(`name: restart\nseed: 7\n${slower}sweep: { repeats: 4 }\n`, 'q-restart');
  const { sink, statuses, done } = submit(jobs);
  await waitFor(
    () => [...statuses.values()].some((s) => s.state === 'running'),
    60_000,
    () => 'no job ran',
  );
  const restartedAt = Date.now();
  await redis.restart(1000);
  t.diagnostic(`Redis was down ${((Date.now() - restartedAt) / 1000).toFixed(1)} s`);
  const summary = await done;
  assert.deepEqual(summary.counts, { queued: 0, running: 0, done: 4, failed: 0, cancelled: 0 });
  assert.deepEqual([...sink.writes.values()], [1, 1, 1, 1]);
  await stopWorkers();
});

test('the submitter killed with kill -9 mid-sweep: --attach collects every result once into its run store', async () => {
  await Promise.all([startWorker(), startWorker()]);
  const cfg = path.join(work, 'reattach.scann.yaml');
  writeFileSync(cfg, `name: reattach\nseed: 11\n${slower}sweep: { repeats: 4 }\n`);
  const out = mkdtempSync(path.join(work, 'store-'));
  const submitter = spawn(
    process.execPath,
    [bin['cli']!, 'sweep', cfg, '--queue', redis.url, '--events', '--out', out],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const events: SweepEvent[] = [];
  let buf = '';
  submitter.stdout!.on('data', (b: Buffer) => {
    buf += b.toString();
    const lines = buf.split('\n');
    buf = lines.pop()!;
    for (const l of lines) events.push(JSON.parse(l) as SweepEvent);
  });
  const exited = new Promise((resolve) => submitter.once('exit', resolve));
  await waitFor(
    () => events.some((e) => e.type === 'job-result'),
    120_000,
    () => JSON.stringify(events.at(-1)),
  );
  submitter.kill('SIGKILL');
  await exited;
  const started = events.find((e) => e.type === 'sweep-started');
  assert.ok(started?.type === 'sweep-started');
  const ids = started.jobs.map((j) => j.jobId);
  const runs = path.join(out, '.scann', 'runs');
  const before = ids.filter((id) => existsSync(path.join(runs, id, 'result.json')));
  assert.ok(before.length >= 1 && before.length < ids.length, `results before the kill: ${before.length}`);
  const attach = spawn(
    process.execPath,
    [bin['cli']!, 'sweep', '--attach', started.sweepId, '--queue', redis.url, '--json', '--out', out],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let json = '';
  let err = '';
  attach.stdout!.on('data', (b: Buffer) => (json += b.toString()));
  attach.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  const code = await new Promise((resolve) => attach.once('exit', resolve));
  assert.equal(code, 0, err);
  const summary = JSON.parse(json) as SweepSummary;
  assert.equal(summary.counts.done, 4);
  for (const id of ids) {
    const result = JSON.parse(readFileSync(path.join(runs, id, 'result.json'), 'utf8')) as RunResult;
    const entry = summary.runs.find((r) => r.jobId === id)!;
    assert.equal(entry.testAccuracy, result.final.testAccuracy, id);
    assert.ok(existsSync(path.join(runs, id, 'model.json')), id);
  }
  assert.deepEqual(readdirSync(runs).sort(), [...ids].sort());
  const record = JSON.parse(readFileSync(path.join(out, '.scann', 'sweeps', `${started.sweepId}.json`), 'utf8'));
  assert.equal(record.state, 'done');
  await stopWorkers();
});

test('a job whose config fails is reported once (no retry) and the sweep goes on', async () => {
  await Promise.all([startWorker(), startWorker()]);
  const jobs = plan(
    `name: failing\nseed: 2\n${tiny}sweep: { grid: { dataset.label: [label, no_such_column] }, repeats: 2 }\n`,
    'q-fail',
  );
  const { sink, statuses, done } = submit(jobs);
  const summary = await done;
  assert.deepEqual(summary.counts, { queued: 0, running: 0, done: 2, failed: 2, cancelled: 0 });
  for (const job of jobs) {
    const s = statuses.get(job.jobId)!;
    if (job.values['dataset.label'] === 'label') assert.equal(s.state, 'done');
    else {
      assert.equal(s.state, 'failed');
      assert.match(s.error ?? '', /no_such_column/);
      assert.equal(s.attempts, 1, 'a failing config is not retried');
      assert.equal(sink.results.has(job.jobId), false);
    }
  }
  await stopWorkers();
});

test('cancel stops every worker running a job of the sweep within seconds; a later sweep still runs', async (t) => {
  const ws = await Promise.all([startWorker(), startWorker(), startWorker()]);
  const jobs = plan(`name: cancel\nseed: 3\n${endless}sweep: { repeats: 6 }\n`, 'q-cancel');
  const { done } = submit(jobs);
  // Each worker's engine trains a job of the sweep (not merely took it from the queue).
  const starts = (): string[] => ws.flatMap((w) => w.log.filter((l) => /q-cancel-j\d+: started/.test(l)));
  await waitFor(
    () => starts().length === 3,
    60_000,
    () => 'three jobs never ran at once',
  );
  const cancelledAt = Date.now();
  const cancel = spawn(process.execPath, [bin['cli']!, 'sweep', '--cancel', 'q-cancel', '--queue', redis.url], {
    stdio: 'ignore',
  });
  assert.equal(await new Promise((resolve) => cancel.once('exit', resolve)), 0);
  // Liveness, not speed: under load a worker may need a while to hear it; the figure is in docs/sweeps.md.
  const summary = await Promise.race([
    done,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the sweep did not stop')), 60_000)),
  ]);
  t.diagnostic(`all six jobs cancelled ${((Date.now() - cancelledAt) / 1000).toFixed(1)} s after the cancel`);
  assert.equal(summary.counts.cancelled, 6);
  const queue = new Queue(QUEUE_NAME, { connection: { host: '127.0.0.1', port: redis.port }, prefix: BULL_PREFIX });
  assert.equal(await queue.getActiveCount(), 0);
  await queue.close();
  for (const w of ws)
    assert.ok(
      w.log.some((l) => /sweep cancelled, stopping/.test(l)),
      w.log.join('\n'),
    );
  // The three jobs that were waiting never ran: removed from the queue, or skipped by a worker that saw the cancel.
  assert.equal(starts().length, 3, starts().join('\n'));
  // The workers are free again: a new sweep runs to the end.
  const next = submit(plan(`name: after\nseed: 1\n${tiny}`, 'q-after-cancel'));
  assert.equal((await next.done).counts.done, 1);
  await stopWorkers();
});

test('SIGTERM: the worker hands its active job back to the queue and exits 0; another worker finishes it', async () => {
  const first = await startWorker({ stall: 30 });
  const jobs = plan(`name: term\nseed: 5\n${slower}`, 'q-term');
  const { sink, done } = submit(jobs);
  // Once its engine trains it (not merely taken from the queue).
  await waitFor(
    () => first.log.some((l) => /q-term-j0000: started/.test(l)),
    60_000,
    () => first.log.join('\n'),
  );
  first.proc.kill('SIGTERM');
  assert.equal(await first.exited, 0);
  workers.splice(workers.indexOf(first), 1);
  assert.ok(
    first.log.some((l) => /returned to the queue/.test(l)),
    first.log.join('\n'),
  );
  // The lock (30 s) has not expired: only the hand-back lets the second worker start it now.
  await startWorker({ stall: 30 });
  const summary = await done;
  assert.equal(summary.counts.done, 1);
  assert.equal(sink.writes.get(jobs[0]!.jobId), 1);
  await stopWorkers();
});
