/**
 * The queue backend of `scann sweep --queue URL`: `QueueSubmitter` behind the sweep command's backend interface,
 * with the submitter's run store as the place results land (`saveOutcome(o, { once: true })`: one result per job
 * id, however often the queue reports it).
 */
import { stringify } from 'yaml';
import { RunRecord, type RunStore } from '../../../node/runStore';
import type { SweepEvent, SweepJob, SweepSummary } from '../../../protocol/sweep';
import type { SweepBackend, SweepPlan } from '../backend';
import { QueueSubmitter, type ResultSink } from './submitter';

export { displayUrl, parseQueueUrl } from './connection';

/** Each job's run folder `<jobId>/` in the store, created when the job ends (its events stay with the worker). */
export function runStoreSink(runs: RunStore): ResultSink {
  return {
    async settle(job, outcome) {
      const meta = await runs.readMeta(job.jobId);
      const record = meta
        ? new RunRecord(runs.dir(job.jobId), meta)
        : await runs.create(
            {
              runId: job.jobId,
              name: job.config.name ?? job.group,
              status: 'running',
              createdAt: Date.now(),
              dataset: job.config.dataset.source,
              scheme: job.config.scheme,
              sweepId: job.sweepId,
              jobId: job.jobId,
            },
            stringify(job.config),
          );
      return record.saveOutcome(outcome, { once: true });
    },
  };
}

export class QueueBackend implements SweepBackend {
  private readonly submitter: QueueSubmitter;

  constructor(readonly url: string) {
    this.submitter = new QueueSubmitter(url);
  }

  /** Submits the sweep and follows it to the end; an aborted `signal` cancels it on every worker. */
  run(plan: SweepPlan, onEvent: (e: SweepEvent) => void, signal: AbortSignal): Promise<SweepSummary> {
    return this.submitter.run(plan, runStoreSink(plan.runs), onEvent, signal);
  }

  /** A backend for the queue at `url`, once it answers. */
  static async open(url: string): Promise<QueueBackend> {
    const backend = new QueueBackend(url);
    await backend.submitter.check();
    return backend;
  }

  /** The sweep's jobs as its submitter put them on the queue. */
  plan(sweepId: string): Promise<SweepJob[]> {
    return this.submitter.plan(sweepId);
  }

  /**
   * Follows a sweep already on the queue (submitted here or elsewhere; its plan is read from Redis), storing the
   * results not yet in `runs`. An aborted `signal` stops following; the sweep goes on.
   */
  attach(
    sweepId: string,
    runs: RunStore,
    onEvent: (e: SweepEvent) => void,
    signal: AbortSignal,
  ): Promise<SweepSummary> {
    return this.submitter.attach(sweepId, runStoreSink(runs), onEvent, signal);
  }

  /** Stops the sweep on every worker; returns how many jobs were taken out of the queue before they started. */
  cancel(sweepId: string): Promise<number> {
    return this.submitter.cancel(sweepId);
  }
}
