/**
 * A sweep on this machine: each job is a run in the editor's run queue (`scann.maxConcurrentRuns` at once), so
 * cancel, the status bar, the run history and the run folders behave as for single runs; each run folder is
 * tagged with the sweep's and the job's id. What happens is told as sweep events, the same a queue sweep reads
 * from the CLI, so the cell draws both alike.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { SweepRecordWriter, SweepStore } from '../../node/sweepStore';
import type { ScannConfig } from '../../protocol/config';
import {
  expandSweep,
  summarizeSweep,
  type SweepEvent,
  type SweepJob,
  type SweepJobInfo,
  type SweepJobState,
  type SweepJobStatus,
  type SweepRunResult,
  type SweepSummary,
} from '../../protocol/sweep';
import type { RunResult } from '../../protocol/result';
import type { Run } from '../runs/run';
import type { RunManager } from '../runs/runManager';

export interface LocalSweepRequest {
  sweepId: string;
  config: ScannConfig;
  baseDir: string;
  notebook?: { uri: string; cellIndex: number };
  /** The workspace's `.scann` folder: the sweep's record goes to `sweeps/<sweepId>.json` there. */
  storeDir: string;
}

export interface SweepHandle {
  /** Resolves when every job has ended, with the summary; rejects when the sweep could not start at all. */
  readonly done: Promise<SweepSummary>;
  cancel(): void;
}

/** A finished run's result as a sweep result: the model stays in the run folder. */
function withoutModel(r: RunResult): SweepRunResult {
  const { model: _model, ...rest } = r;
  return rest;
}

export function runLocalSweep(
  runs: RunManager,
  request: LocalSweepRequest,
  onEvent: (e: SweepEvent) => void,
  onProblem: (message: string) => void,
): SweepHandle {
  const jobs: SweepJob[] = expandSweep(request.config, request.sweepId);
  const infos: SweepJobInfo[] = jobs.map(({ config: _config, ...info }) => info);
  onEvent({ type: 'sweep-started', sweepId: request.sweepId, jobs: infos });

  // The plan and the latest job states, as `scann sweep` keeps them: the run history and `--attach` read it.
  const now = Date.now();
  const record = new SweepRecordWriter(new SweepStore(path.join(request.storeDir, 'sweeps')), {
    version: 1,
    sweepId: request.sweepId,
    createdAt: now,
    updatedAt: now,
    backend: 'local',
    submitter: { pid: process.pid, host: os.hostname() },
    state: 'running',
    jobs,
    statuses: infos.map((j) => ({ jobId: j.jobId, state: 'queued', attempts: 0 })),
  });
  const recording = record.start().catch((err: unknown) => onProblem(`cannot write the sweep record: ${String(err)}`));
  const statuses = new Map<string, SweepJobStatus>();
  const results = new Map<string, SweepRunResult>();
  const byRun = new Map<Run, SweepJob>();
  /** Run slots in use: a running job shows as worker `local-<slot>`, the lowest free one when it started. */
  const slots = new Map<Run, number>();
  const emit = (status: SweepJobStatus): void => {
    const last = statuses.get(status.jobId);
    if (last && JSON.stringify(last) === JSON.stringify(status)) return;
    statuses.set(status.jobId, status);
    record.update(status);
    onEvent({ type: 'job', status });
  };
  const statusOf = (run: Run, job: SweepJob): SweepJobStatus => {
    const state: SweepJobState = run.status;
    const s: SweepJobStatus = { jobId: job.jobId, state, attempts: state === 'queued' ? 0 : 1 };
    if (state === 'running' && !slots.has(run)) {
      const used = new Set(slots.values());
      let slot = 1;
      while (used.has(slot)) slot++;
      slots.set(run, slot);
    }
    const slot = slots.get(run);
    if (slot !== undefined) s.worker = `local-${slot}`;
    if (state !== 'queued') s.startedAt = run.live.startedAt;
    if (state === 'running') {
      s.epoch = run.live.epochsDone;
      if (run.live.plannedEpochs !== undefined) s.plannedEpochs = run.live.plannedEpochs;
    }
    return s;
  };

  const sub = runs.onDidChange((run) => {
    const job = byRun.get(run);
    if (job && run.status !== 'done' && run.status !== 'failed' && run.status !== 'cancelled') emit(statusOf(run, job));
  });

  const ended = jobs.map((job) => {
    const run = runs.enqueue({
      runId: job.jobId,
      name: job.config.name ?? job.jobId,
      // The job's own config (values applied, seed set, no sweep block): what `config.yaml` of its run holds.
      configText: stringify(job.config),
      config: job.config,
      baseDir: request.baseDir,
      sweep: { sweepId: job.sweepId, jobId: job.jobId },
      ...(request.notebook ? { notebook: request.notebook } : {}),
    });
    byRun.set(run, job);
    emit(statusOf(run, job));
    return run.outcome.then((o) => {
      const status: SweepJobStatus = {
        ...statusOf(run, job),
        state: o.status,
        endedAt: Date.now(),
      };
      slots.delete(run);
      delete status.epoch;
      delete status.plannedEpochs;
      if (o.status === 'failed') status.error = o.message.split('\n')[0]!;
      else if (o.result) {
        const result = withoutModel(o.result);
        results.set(job.jobId, result);
        onEvent({ type: 'job-result', jobId: job.jobId, result });
      }
      emit(status);
    });
  });

  let cancelled = false;
  const done = Promise.all(ended).then(async () => {
    sub.dispose();
    await recording;
    await record
      .close(cancelled ? 'cancelled' : 'done')
      .catch((err: unknown) => onProblem(`cannot write the sweep record: ${String(err)}`));
    const summary = summarizeSweep(infos, results, statuses);
    onEvent({ type: 'sweep-done', summary });
    return summary;
  });
  return {
    done,
    cancel: () => {
      cancelled = true;
      runs.cancelAll((r) => byRun.has(r));
    },
  };
}
