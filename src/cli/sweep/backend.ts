/**
 * Where a sweep's jobs run. The CLI expands the config, records the plan, and hands it to a backend: the local
 * pool (localPool.ts: engine processes on this machine) or a queue that workers on other machines serve. The
 * backend reports progress as SweepEvents and owns writing each job's run folder, exactly once per job.
 */
import type { EnginePriority } from '../../protocol/events';
import type { SweepEvent, SweepJob, SweepSummary } from '../../protocol/sweep';
import type { RunStore } from '../../node/runStore';

export interface SweepPlan {
  sweepId: string;
  jobs: SweepJob[];
  /** Relative dataset paths in the job configs resolve here (the config file's folder). */
  baseDir: string;
  /** The bundled datasets (`builtin:` sources). */
  dataDir: string;
  /**
   * The submitter's run store: each job gets `<jobId>/` with `sweepId` and `jobId` in run.json, and its result is
   * saved with `RunRecord.saveOutcome(o, { once: true })`, so a result reported twice (a retried job) lands once.
   */
  runs: RunStore;
  /** The engine processes' scheduling priority. */
  priority?: EnginePriority;
}

export interface SweepBackend {
  /**
   * Runs every job of the plan; events in order: `sweep-started`, then `job` statuses and `job-result`s as they
   * happen, and `sweep-done` last. A job that fails is reported (`job` with state `failed` and its error) and the
   * others go on. An aborted `signal` stops every job within seconds (a running one keeps its best network, as a
   * cancelled single run does; queued ones end `cancelled`). Resolves with the summary `sweep-done` carried.
   */
  run(plan: SweepPlan, onEvent: (e: SweepEvent) => void, signal: AbortSignal): Promise<SweepSummary>;
}
