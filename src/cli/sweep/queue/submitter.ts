/**
 * The submitter's side of a queued sweep: puts the jobs on the queue (datasets by content hash), follows them to
 * the end, and lands every result in the run store exactly once per job id. The plan is kept in Redis, and the
 * state of every job is BullMQ's, so a submitter that was killed re-attaches with nothing of its own but the id.
 */
import { Redis } from 'ioredis';
import { Queue, QueueEvents, type Job } from 'bullmq';
import type { RunOutcome } from '../../../node/engineClient';
import type { RunResult } from '../../../protocol/result';
import {
  summarizeSweep,
  type SweepEvent,
  type SweepJob,
  type SweepJobInfo,
  type SweepJobStatus,
  type SweepRunResult,
  type SweepSummary,
} from '../../../protocol/sweep';
import { UsageError } from '../../configFile';
import { BULL_PREFIX, CANCEL_CHANNEL, KEEP_SECONDS, QUEUE_NAME, displayUrl, keys, parseQueueUrl } from './connection';
import { uploadDatasets } from './datasets';
import { parseJobOutcome, parseJobProgress } from './payload';

/**
 * Where finished jobs land: the submitter's run store. `settle` is called once per job and submitter process when
 * the job ends; it keeps a result only if the job's run has none yet (a re-attached submitter settles again), and
 * says whether it kept this one.
 */
export interface ResultSink {
  settle(job: SweepJob, outcome: RunOutcome): Promise<boolean>;
}

/** A job's first start plus this many retries when its run crashes (a dead worker's job is retried apart from these). */
const ATTEMPTS = 3;
/** How often every unfinished job is read back from the queue: events can be missed (Redis restarting). */
const RECONCILE_MS = 3000;

interface StoredPlan {
  v: 1;
  sweepId: string;
  createdAt: number;
  jobs: SweepJob[];
}

function jobInfo({ config: _config, ...info }: SweepJob): SweepJobInfo {
  return info;
}

function withoutModel({ model: _model, ...rest }: RunResult): SweepRunResult {
  return rest;
}

export class QueueSubmitter {
  private readonly connection;

  constructor(readonly url: string) {
    this.connection = parseQueueUrl(url);
  }

  /** Submits a new sweep and follows it to the end. */
  async run(
    plan: { sweepId: string; jobs: SweepJob[]; baseDir: string },
    sink: ResultSink,
    onEvent: (e: SweepEvent) => void,
    signal: AbortSignal,
  ): Promise<SweepSummary> {
    const redis = await this.connect();
    const queue = this.queue();
    try {
      const stored: StoredPlan = { v: 1, sweepId: plan.sweepId, createdAt: Date.now(), jobs: plan.jobs };
      const fresh = await redis.set(keys.plan(plan.sweepId), JSON.stringify(stored), 'EX', KEEP_SECONDS, 'NX');
      if (fresh !== 'OK')
        throw new UsageError(`sweep ${plan.sweepId} already exists on ${displayUrl(this.url)}: use --attach`);
      const payloads = await uploadDatasets(redis, plan.jobs, plan.baseDir);
      // The job id is the sweep job's id: adding it again (a re-attach) is a no-op in BullMQ, never a second job.
      await queue.addBulk(
        payloads.map((data) => ({
          name: 'run',
          data,
          opts: {
            jobId: data.job.jobId,
            attempts: ATTEMPTS,
            backoff: { type: 'fixed', delay: 1000 },
            removeOnComplete: { age: KEEP_SECONDS },
            removeOnFail: { age: KEEP_SECONDS },
          },
        })),
      );
      return await this.follow(redis, queue, plan.jobs, sink, onEvent, signal);
    } finally {
      await Promise.allSettled([queue.close(), redis.quit()]);
    }
  }

  /** Follows a sweep submitted earlier (by this machine or another) to the end. */
  async attach(
    sweepId: string,
    sink: ResultSink,
    onEvent: (e: SweepEvent) => void,
    signal: AbortSignal,
  ): Promise<SweepSummary> {
    const redis = await this.connect();
    const queue = this.queue();
    try {
      const jobs = await readPlan(redis, sweepId, this.url);
      return await this.follow(redis, queue, jobs, sink, onEvent, signal, 'detach');
    } finally {
      await Promise.allSettled([queue.close(), redis.quit()]);
    }
  }

  /** Fails with a clear message when the queue cannot be reached (before anything is recorded or submitted). */
  async check(): Promise<void> {
    const redis = await this.connect();
    await redis.quit().catch(() => {});
  }

  /** The jobs of a sweep on the queue (its plan, with every config), for a submitter that re-attaches. */
  async plan(sweepId: string): Promise<SweepJob[]> {
    const redis = await this.connect();
    try {
      return await readPlan(redis, sweepId, this.url);
    } finally {
      await redis.quit().catch(() => {});
    }
  }

  /**
   * Cancels a sweep: workers stop its active jobs (pub/sub at once, or their next poll of the cancel key) and
   * its waiting jobs leave the queue. Returns how many waiting jobs were removed.
   */
  async cancel(sweepId: string): Promise<number> {
    const redis = await this.connect();
    const queue = this.queue();
    try {
      const jobs = await readPlan(redis, sweepId, this.url);
      return await cancelSweep(redis, queue, sweepId, jobs);
    } finally {
      await Promise.allSettled([queue.close(), redis.quit()]);
    }
  }

  private queue(): Queue {
    const queue = new Queue(QUEUE_NAME, { connection: this.connection, prefix: BULL_PREFIX });
    queue.on('error', () => {}); // reconnection is ioredis's; errors surface in the calls
    return queue;
  }

  private async connect(): Promise<Redis> {
    const redis = new Redis({ ...this.connection, lazyConnect: true });
    // Reconnection is ioredis's and errors surface in the calls; the first one says why a connection failed.
    let why: Error | undefined;
    redis.on('error', (err: Error) => (why ??= err));
    try {
      await redis.connect();
    } catch (err) {
      redis.disconnect();
      const reason = (why ?? (err as Error)).message;
      throw new UsageError(`cannot reach the queue at ${displayUrl(this.url)}: ${reason}`);
    }
    return redis;
  }

  private async follow(
    redis: Redis,
    queue: Queue,
    jobs: SweepJob[],
    sink: ResultSink,
    onEvent: (e: SweepEvent) => void,
    signal: AbortSignal,
    /** What an aborted `signal` does: cancel the sweep (the submitter's Ctrl-C), or stop following it. */
    onAbortDo: 'cancel' | 'detach' = 'cancel',
  ): Promise<SweepSummary> {
    const sweepId = jobs[0]!.sweepId;
    const byId = new Map(jobs.map((j) => [j.jobId, j]));
    const statuses = new Map<string, SweepJobStatus>();
    const results = new Map<string, SweepRunResult>();
    const terminal = (id: string): boolean => ['done', 'failed', 'cancelled'].includes(statuses.get(id)?.state ?? '');
    const setStatus = (s: SweepJobStatus): void => {
      const old = statuses.get(s.jobId);
      if (old && JSON.stringify(old) === JSON.stringify(s)) return;
      statuses.set(s.jobId, s);
      onEvent({ type: 'job', status: s });
    };
    for (const j of jobs) statuses.set(j.jobId, { jobId: j.jobId, state: 'queued', attempts: 0 });
    onEvent({ type: 'sweep-started', sweepId, jobs: jobs.map(jobInfo) });

    let wake: (() => void) | undefined;
    const dirty = new Set<string>();
    const poke = (id: string): void => {
      if (!byId.has(id)) return; // another sweep's job on the shared queue
      dirty.add(id);
      wake?.();
    };

    const events = new QueueEvents(QUEUE_NAME, { connection: this.connection, prefix: BULL_PREFIX });
    events.on('error', () => {});
    events.on('active', ({ jobId }) => poke(jobId));
    events.on('completed', ({ jobId }) => poke(jobId));
    events.on('failed', ({ jobId }) => poke(jobId));
    events.on('removed', ({ jobId }) => poke(jobId));
    events.on('progress', ({ jobId, data }) => {
      const old = statuses.get(jobId);
      const p = parseJobProgress(data);
      if (!old || !p || terminal(jobId)) return;
      setStatus({ ...old, state: 'running', worker: p.worker, epoch: p.epoch ?? old.epoch ?? 0, ...pick(p) });
    });
    // A cancel from elsewhere (`--cancel`) reaches this submitter too: it reads its jobs back at once.
    const subscriber = new Redis(this.connection);
    subscriber.on('error', () => {});
    subscriber.on('message', (_c: string, id: string) => {
      if (id === sweepId) for (const j of jobs) poke(j.jobId);
    });
    await subscriber.subscribe(CANCEL_CHANNEL);

    const onAbort = (): void => {
      if (onAbortDo === 'cancel') void cancelSweep(redis, queue, sweepId, jobs).catch(() => {});
      wake?.();
    };
    signal.addEventListener('abort', onAbort, { once: true });

    // Per job: whether the run store has its end already, and whether with a result. A job seen ending without
    // one may still bring one later (a result is never turned away; the store keeps the first).
    const settled = new Map<string, 'plain' | 'result'>();
    const settle = async (job: SweepJob, outcome: RunOutcome): Promise<void> => {
      const withResult = 'result' in outcome && outcome.result !== undefined;
      const before = settled.get(job.jobId);
      if (before === 'result' || (before === 'plain' && !withResult)) return;
      await sink.settle(job, outcome);
      settled.set(job.jobId, withResult ? 'result' : 'plain');
    };
    /** Jobs not found in the queue at the last look: one look is not enough to call a job lost. */
    const missing = new Set<string>();
    const check = async (id: string): Promise<void> => {
      const job = byId.get(id)!;
      const bull: Job | undefined = await queue.getJob(id);
      const cancelled = (await redis.exists(keys.cancel(sweepId))) === 1;
      if (!bull) {
        // Removed from the queue by a cancel while waiting; otherwise it vanished (Redis lost its data), which
        // is only believed when a later look, at least one reconcile round on, agrees.
        if (!cancelled && !missing.has(id)) {
          missing.add(id);
          return;
        }
        const error = 'the job is no longer in the queue (was Redis restarted without persistence?)';
        await settle(job, cancelled ? { status: 'cancelled' } : { status: 'failed', message: error });
        setStatus({
          jobId: id,
          state: cancelled ? 'cancelled' : 'failed',
          attempts: statuses.get(id)?.attempts ?? 0,
          ...(cancelled ? {} : { error }),
        });
        return;
      }
      missing.delete(id);
      const state = await bull.getState();
      const base = {
        jobId: id,
        attempts: bull.attemptsStarted,
        ...(bull.processedBy ? { worker: bull.processedBy } : {}),
        ...(bull.processedOn ? { startedAt: bull.processedOn } : {}),
      };
      const finishedAt = bull.finishedOn ? { endedAt: bull.finishedOn } : {};
      if (state === 'completed') {
        const out = parseJobOutcome(bull.returnvalue);
        if (!out.ok) {
          const error = `the worker's answer is not valid (${out.reason})`;
          await settle(job, { status: 'failed', message: error });
          setStatus({ ...base, ...finishedAt, state: 'failed', error });
          return;
        }
        const { worker, kind } = out.value;
        // The worker read the dataset from its cache; the run is of the file the config names.
        const result = out.value.result && {
          ...out.value.result,
          dataset: { ...out.value.result.dataset, source: job.config.dataset.source },
        };
        await settle(job, result ? { status: kind, result } : { status: 'cancelled' });
        if (result && !results.has(id)) {
          results.set(id, withoutModel(result));
          onEvent({ type: 'job-result', jobId: id, result: withoutModel(result) });
        }
        setStatus({ ...base, ...finishedAt, worker, state: kind });
      } else if (state === 'failed') {
        const error = bull.failedReason.split('\n')[0] || 'failed';
        await settle(job, cancelled ? { status: 'cancelled' } : { status: 'failed', message: bull.failedReason });
        setStatus({ ...base, ...finishedAt, state: cancelled ? 'cancelled' : 'failed', error });
      } else if (state === 'active') {
        const p = parseJobProgress(bull.progress);
        const old = statuses.get(id);
        setStatus({ ...base, state: 'running', epoch: p?.epoch ?? old?.epoch ?? 0, ...(p ? pick(p) : {}) });
      } else if (cancelled && state !== 'unknown') {
        // Waiting in the queue after a cancel (it raced the removal): take it out.
        await bull.remove().catch(() => {});
        await settle(job, { status: 'cancelled' });
        setStatus({ ...base, state: 'cancelled' });
      } else {
        setStatus({ ...base, state: 'queued' });
      }
    };

    try {
      for (const j of jobs) dirty.add(j.jobId);
      let lastFull = Date.now();
      while (jobs.some((j) => !terminal(j.jobId))) {
        if (signal.aborted && onAbortDo === 'detach') break;
        if (Date.now() - lastFull >= RECONCILE_MS) {
          for (const j of jobs) if (!terminal(j.jobId)) dirty.add(j.jobId);
          lastFull = Date.now();
        }
        const batch = [...dirty];
        dirty.clear();
        try {
          for (let i = 0; i < batch.length; i += 100) await Promise.all(batch.slice(i, i + 100).map(check));
        } catch {
          // Redis is away (restarting): read them again on the next round.
          for (const id of batch) dirty.add(id);
          await new Promise((r) => setTimeout(r, 500));
        }
        if (dirty.size === 0 && jobs.some((j) => !terminal(j.jobId)))
          await new Promise<void>((resolve) => {
            const t = setTimeout(resolve, Math.max(50, RECONCILE_MS - (Date.now() - lastFull)));
            wake = () => {
              clearTimeout(t);
              resolve();
            };
          });
        wake = undefined;
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      await Promise.allSettled([events.close(), subscriber.quit()]);
    }
    const summary = summarizeSweep(jobs.map(jobInfo), results, statuses);
    onEvent({ type: 'sweep-done', summary });
    return summary;
  }
}

function pick(p: { plannedEpochs?: number }): { plannedEpochs?: number } {
  return p.plannedEpochs !== undefined ? { plannedEpochs: p.plannedEpochs } : {};
}

async function readPlan(redis: Redis, sweepId: string, url: string): Promise<SweepJob[]> {
  const text = await redis.get(keys.plan(sweepId));
  if (!text) throw new UsageError(`no sweep ${sweepId} on ${displayUrl(url)} (it never existed there, or expired)`);
  let plan: StoredPlan;
  try {
    plan = JSON.parse(text) as StoredPlan;
  } catch {
    throw new UsageError(`the plan of sweep ${sweepId} in Redis is not valid JSON`);
  }
  if (plan.v !== 1 || plan.sweepId !== sweepId || !Array.isArray(plan.jobs) || plan.jobs.length === 0)
    throw new UsageError(`the plan of sweep ${sweepId} in Redis is not one this version reads`);
  return plan.jobs;
}

async function cancelSweep(redis: Redis, queue: Queue, sweepId: string, jobs: SweepJob[]): Promise<number> {
  await redis.set(keys.cancel(sweepId), '1', 'EX', KEEP_SECONDS);
  let removed = 0;
  for (const j of jobs) {
    const bull = await queue.getJob(j.jobId);
    if (!bull) continue;
    const state = await bull.getState();
    if (state === 'waiting' || state === 'delayed' || state === 'prioritized') {
      // A job a worker took in between is locked and refuses removal; the worker sees the cancel key instead.
      try {
        await bull.remove();
        removed++;
      } catch {}
    }
  }
  // Announced after the removal: a worker that stops a job at once would otherwise take (and skip) the waiting ones.
  await redis.publish(CANCEL_CHANNEL, sweepId);
  return removed;
}
