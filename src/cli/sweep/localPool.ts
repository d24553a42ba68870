/**
 * The local sweep backend: a pool of engine processes on this machine (one per core by default), each running
 * one job at a time through the same engine process protocol the editor uses (src/node/engineClient.ts). An
 * engine stays up and takes the next job when its job ends (engineSlot.ts); one that dies is replaced. Jobs
 * wait in a queue in plan order; a job that fails is reported and the pool moves on; cancelling stops every
 * running engine (each answers a cancel at once and returns its best network) and drops the queued jobs.
 */
import { availableParallelism } from 'node:os';
import { stringify } from 'yaml';
import { DEFAULT_CANCEL_GRACE, type CancelGrace } from '../../node/engineClient';
import type { RunRecord } from '../../node/runStore';
import type { RunEvent } from '../../protocol/events';
import {
  summarizeSweep,
  type SweepEvent,
  type SweepJob,
  type SweepJobInfo,
  type SweepJobStatus,
  type SweepRunResult,
  type SweepSummary,
} from '../../protocol/sweep';
import type { SweepBackend, SweepPlan } from './backend';
import { EngineSlot } from './engineSlot';

/** A running job's epoch progress is reported at most this often (small networks train thousands a second). */
const PROGRESS_MS = 500;

export interface LocalPoolOptions {
  enginePath: string;
  /** Engine processes at once; default one per core. */
  workers?: number;
  cancelGrace?: CancelGrace;
  /** Lines an engine wrote to stderr (crash reports), with the job they belong to. */
  onEngineStderr?: (jobId: string, line: string) => void;
}

export const defaultWorkers = (): number => availableParallelism();

export class LocalPool implements SweepBackend {
  readonly workers: number;

  constructor(private readonly opts: LocalPoolOptions) {
    this.workers = Math.max(1, Math.floor(opts.workers ?? defaultWorkers()));
  }

  /**
   * Each engine would otherwise use every core for its training steps (kernels/settings.ts), so N engines would
   * run N x cores threads: they share the cores instead, unless the user chose `SCANN_THREADS`. Results do not
   * depend on the thread count.
   */
  private engineEnv(): Record<string, string> {
    if (process.env['SCANN_THREADS']) return {};
    return { SCANN_THREADS: String(Math.max(1, Math.floor(availableParallelism() / this.workers))) };
  }

  async run(plan: SweepPlan, onEvent: (e: SweepEvent) => void, signal: AbortSignal): Promise<SweepSummary> {
    const infos: SweepJobInfo[] = plan.jobs.map(({ config: _config, ...info }) => info);
    const results = new Map<string, SweepRunResult>();
    const statuses = new Map<string, SweepJobStatus>();
    const report = (s: SweepJobStatus): void => {
      statuses.set(s.jobId, s);
      onEvent({ type: 'job', status: s });
    };
    onEvent({ type: 'sweep-started', sweepId: plan.sweepId, jobs: infos });
    const queue = [...plan.jobs];
    const slot = async (n: number): Promise<void> => {
      const engine = new EngineSlot({
        enginePath: this.opts.enginePath,
        env: this.engineEnv(),
        cancelGrace: this.opts.cancelGrace ?? DEFAULT_CANCEL_GRACE,
      });
      try {
        for (let job = queue.shift(); job && !signal.aborted; job = queue.shift()) {
          await this.runJob(plan, job, engine, `local-${n}`, signal, report, (jobId, result) => {
            results.set(jobId, result);
            onEvent({ type: 'job-result', jobId, result });
          });
        }
      } finally {
        await engine.close();
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.workers, plan.jobs.length) }, (_, n) => slot(n)));
    // Jobs that never started because of the cancel (queued ones, or one taken just as it came).
    for (const job of plan.jobs) {
      if (!statuses.has(job.jobId)) report({ jobId: job.jobId, state: 'cancelled', attempts: 0, endedAt: Date.now() });
    }
    const summary = summarizeSweep(infos, results, statuses);
    onEvent({ type: 'sweep-done', summary });
    return summary;
  }

  private async runJob(
    plan: SweepPlan,
    job: SweepJob,
    engine: EngineSlot,
    worker: string,
    signal: AbortSignal,
    report: (s: SweepJobStatus) => void,
    onResult: (jobId: string, r: SweepRunResult) => void,
  ): Promise<void> {
    const startedAt = Date.now();
    let status: SweepJobStatus = { jobId: job.jobId, state: 'running', worker, attempts: 1, startedAt, epoch: 0 };
    report(status);
    let record: RunRecord | undefined;
    try {
      record = await plan.runs.create(
        {
          runId: job.jobId,
          name: job.config.name ?? job.group,
          status: 'running',
          createdAt: startedAt,
          dataset: job.config.dataset.source,
          scheme: job.config.scheme,
          sweepId: job.sweepId,
          jobId: job.jobId,
        },
        stringify(job.config),
      );
    } catch (err) {
      // Without its folder the job cannot keep its result; running it would be work thrown away.
      const error = `cannot create the run folder: ${err instanceof Error ? err.message : String(err)}`;
      report({ ...status, state: 'failed', endedAt: Date.now(), error });
      return;
    }
    let lastProgress = 0;
    const onRunEvent = (e: RunEvent): void => {
      record?.append(e);
      const planned = (e.type === 'started' || e.type === 'baseline') && e.plannedEpochs !== undefined;
      if (planned) status = { ...status, plannedEpochs: e.plannedEpochs! };
      if (e.type === 'epoch') status = { ...status, epoch: (status.epoch ?? 0) + 1 };
      const now = Date.now();
      if (planned || (e.type === 'epoch' && now - lastProgress >= PROGRESS_MS)) {
        lastProgress = now;
        report(status);
      }
    };
    const outcome = await engine.run(
      {
        type: 'start',
        config: job.config,
        baseDir: plan.baseDir,
        dataDir: plan.dataDir,
        priority: plan.priority ?? 'normal',
      },
      onRunEvent,
      (line) => this.opts.onEngineStderr?.(job.jobId, line),
      signal,
    );
    // A result dropped as a second one for this job is not reported again; one that could not be saved still is.
    let dropped = false;
    try {
      dropped = !(await record.saveOutcome(outcome, { once: true }));
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      this.opts.onEngineStderr?.(job.jobId, `could not save the run: ${why}`);
    }
    const endedAt = Date.now();
    if (outcome.status === 'failed') {
      report({ ...status, state: 'failed', endedAt, error: firstLine(outcome.message) });
      return;
    }
    if (outcome.result && !dropped) {
      const { model: _model, ...result } = outcome.result;
      onResult(job.jobId, result);
    }
    report({
      ...status,
      state: outcome.status,
      endedAt,
      ...(outcome.status === 'cancelled' && !outcome.result && outcome.lost ? { error: outcome.lost } : {}),
    });
  }
}

/** A failure's message in one line for tables and statuses; the run folder's run.json keeps all of it. */
function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}
