/**
 * `scann worker --queue URL`: serves sweep jobs from the queue, each in its own engine process. BullMQ gives each
 * active job a lock the worker renews; a worker that dies (kill -9, a lost machine) stops renewing it, and the
 * stalled-job check of the other workers puts the job back in the queue, where another worker takes it. So a job
 * may run twice; the submitter keeps the first result per job id.
 */
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import { UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import type { RunEvent } from '../../../protocol/events';
import { BULL_PREFIX, CANCEL_CHANNEL, QUEUE_NAME, displayUrl, keys, parseQueueUrl } from './connection';
import { BlobCache, MissingBlobError } from './datasets';
import { runInEngine, SHUTDOWN } from './engineJob';
import { parseQueuedJob, type JobOutcome, type JobProgress } from './payload';

export interface WorkerOptions {
  url: string;
  concurrency: number;
  cacheDir: string;
  /** The bundled datasets of this installation (built-ins travel by name). */
  dataDir: string;
  /**
   * Seconds after which a job whose worker stopped renewing its lock is given to another worker (BullMQ's
   * `lockDuration`; the stalled check runs as often). Shorter: a dead worker's job restarts sooner; a worker whose
   * event loop is blocked longer than this loses its job to another (both run it; one result is kept).
   */
  stallSeconds: number;
  log: (line: string) => void;
  enginePath?: string;
}

/** How often an active job checks its sweep's cancel key (the pub/sub message is the fast path; this the sure one). */
const CANCEL_POLL_MS = 2000;
/** How long a stopping worker waits for BullMQ to close before it leaves anyway. */
const CLOSE_WAIT_MS = 10_000;
/** Progress goes to Redis at most this often per job. */
const PROGRESS_MS = 1000;

interface Active {
  sweepId: string;
  controller: AbortController;
}

/** Serves until `stop` aborts (SIGTERM, Ctrl-C): active jobs go back to the queue, then the worker exits. */
export async function serveQueue(opts: WorkerOptions, stop: AbortSignal): Promise<void> {
  const connection = parseQueueUrl(opts.url);
  const name = `${hostname()}:${process.pid}`;
  const redis = new Redis(connection);
  const subscriber = new Redis(connection);
  const cache = new BlobCache(redis, opts.cacheDir);
  const active = new Map<string, Active>();
  // ioredis reconnects by itself (a worker may start before Redis does, or outlive a restart of it): say so once
  // per outage, not at every retry.
  let down = false;
  for (const c of [redis, subscriber]) c.on('error', () => {});
  redis.on('error', (err: Error) => {
    if (!down) opts.log(`queue unreachable (${err.message}); retrying`);
    down = true;
  });
  redis.on('ready', () => {
    if (down) opts.log('queue reachable again');
    down = false;
  });

  const cancelSweep = (sweepId: string): void => {
    for (const [jobId, a] of active)
      if (a.sweepId === sweepId && !a.controller.signal.aborted) {
        opts.log(`${jobId}: sweep cancelled, stopping`);
        a.controller.abort('cancel');
      }
  };
  subscriber.on('message', (_channel: string, sweepId: string) => cancelSweep(sweepId));
  // Not awaited: with Redis away it waits for the connection (and ioredis subscribes again after a reconnect).
  subscriber.subscribe(CANCEL_CHANNEL).catch(() => {});

  let stopping = false;
  /** Back to the queue at once (not after the lock expires), for another worker or this one's restart. */
  const handBack = async (job: Job, jobId: string, token?: string): Promise<never> => {
    await job.moveToWait(token);
    opts.log(`${jobId}: returned to the queue (worker stopping)`);
    throw new WaitingError();
  };

  const process_ = async (job: Job, token?: string): Promise<JobOutcome> => {
    const parsed = parseQueuedJob(job.data);
    if (!parsed.ok) throw new UnrecoverableError(`not a sweep job of this version (${parsed.reason})`);
    const { job: sj, files } = parsed.value;
    // Registered before the first await, so a stop or a cancel arriving from here on reaches this job.
    const controller = new AbortController();
    active.set(sj.jobId, { sweepId: sj.sweepId, controller });
    const poll = setInterval(() => {
      redis.exists(keys.cancel(sj.sweepId)).then(
        (n) => n === 1 && cancelSweep(sj.sweepId),
        () => {},
      );
    }, CANCEL_POLL_MS);
    const started = Date.now();
    try {
      if (stopping) return await handBack(job, sj.jobId, token);
      if ((await redis.exists(keys.cancel(sj.sweepId))) === 1) return { kind: 'cancelled', worker: name };
      const dataset = { ...sj.config.dataset };
      try {
        for (const [field, ref] of Object.entries(files)) dataset[field as keyof typeof files] = await cache.path(ref);
      } catch (err) {
        if (err instanceof MissingBlobError) throw new UnrecoverableError(err.message);
        throw err;
      }
      const progress = new ProgressReporter(job, name);
      progress.send();
      opts.log(`${sj.jobId}: started (attempt ${job.attemptsStarted})`);
      const out = await runInEngine({
        config: { ...sj.config, dataset },
        baseDir: opts.cacheDir,
        dataDir: opts.dataDir,
        signal: controller.signal,
        onEvent: (e) => progress.event(e),
        ...(opts.enginePath ? { enginePath: opts.enginePath } : {}),
      });
      progress.stop();
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      if (controller.signal.reason === SHUTDOWN) return await handBack(job, sj.jobId, token);
      opts.log(`${sj.jobId}: ${out.type} in ${secs} s${'message' in out ? `: ${out.message}` : ''}`);
      switch (out.type) {
        case 'done':
          return { kind: 'done', worker: name, result: out.result };
        case 'cancelled':
          return { kind: 'cancelled', worker: name, ...(out.result ? { result: out.result } : {}) };
        case 'failed':
          throw new UnrecoverableError(out.message);
        case 'crashed':
          throw new Error(out.message);
      }
    } finally {
      clearInterval(poll);
      active.delete(sj.jobId);
    }
  };

  const worker = new Worker(QUEUE_NAME, process_, {
    connection,
    prefix: BULL_PREFIX,
    name,
    concurrency: opts.concurrency,
    lockDuration: opts.stallSeconds * 1000,
    stalledInterval: opts.stallSeconds * 1000,
    // A job whose worker died is retried this often before it fails as "stalled"; a crash of the run itself
    // counts against the job's `attempts` instead.
    maxStalledCount: 3,
  });
  worker.on('error', (err: Error & { code?: unknown }) => {
    // Connection errors repeat at every retry; the outage is logged once above.
    const connection = typeof err.code === 'string' || /Connection is closed/.test(err.message);
    if (!connection) opts.log(`queue: ${err.message}`);
  });
  opts.log(`worker ${name} serving ${displayUrl(opts.url)} (concurrency ${opts.concurrency})`);

  await new Promise<void>((resolve) => {
    if (stop.aborted) resolve();
    stop.addEventListener('abort', () => resolve(), { once: true });
  });
  opts.log(`worker ${name} stopping: returning ${active.size} active job(s) to the queue`);
  // close() stops taking jobs and waits for the active ones, which the shutdown abort ends at once.
  stopping = true;
  const closing = worker.close();
  for (const a of active.values()) a.controller.abort(SHUTDOWN);
  // With Redis unreachable, closing waits for a connection that may not come: the jobs are stopped either way.
  await Promise.race([closing, new Promise((r) => setTimeout(r, CLOSE_WAIT_MS).unref())]);
  redis.disconnect();
  subscriber.disconnect();
  opts.log(`worker ${name} stopped`);
}

/** Who runs a job and how far it is, sent to the queue at most once a second. */
class ProgressReporter {
  private epoch = 0;
  private plannedEpochs: number | undefined;
  private last = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly job: Job,
    private readonly worker: string,
  ) {}

  event(e: RunEvent): void {
    if (e.type === 'started' || e.type === 'baseline') {
      if (e.plannedEpochs !== undefined) this.plannedEpochs = e.plannedEpochs;
    } else if (e.type === 'epoch') this.epoch++;
    else return;
    const wait = this.last + PROGRESS_MS - Date.now();
    if (wait <= 0) this.send();
    else this.timer ??= setTimeout(() => this.send(), wait);
  }

  send(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.last = Date.now();
    const p: JobProgress = {
      worker: this.worker,
      epoch: this.epoch,
      ...(this.plannedEpochs !== undefined ? { plannedEpochs: this.plannedEpochs } : {}),
    };
    // Progress is best effort: a lost update (Redis restarting) is replaced by the next one.
    this.job.updateProgress(p as unknown as Record<string, unknown>).catch(() => {});
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}
