/**
 * A sweep as its cell shows it: the sweep events, from this editor's run queue or from `scann sweep --events`
 * (a queue sweep), folded into the output payload. No VS Code API here, so the fold is unit-tested.
 */
import {
  summarizeSweep,
  type SweepEvent,
  type SweepJobInfo,
  type SweepJobStatus,
  type SweepRunResult,
} from '../../protocol/sweep';
import type { SweepJobView, SweepPayload, SweepStatus } from '../../protocol/sweepOutput';

export interface SweepProgressInit {
  sweepId: string;
  name: string;
  backend: SweepPayload['backend'];
  startedAt?: number;
}

export class SweepProgress {
  readonly payload: SweepPayload;
  private jobs: SweepJobInfo[] = [];
  private readonly byId = new Map<string, SweepJobView>();
  private readonly statuses = new Map<string, SweepJobStatus>();
  readonly results = new Map<string, SweepRunResult>();
  /** Bumped on every change (the cell writes its output when it moved). */
  version = 0;

  constructor(init: SweepProgressInit) {
    this.payload = {
      version: 1,
      sweepId: init.sweepId,
      name: init.name,
      status: 'running',
      backend: init.backend,
      startedAt: init.startedAt ?? Date.now(),
      fields: [],
      jobs: [],
    };
  }

  accept(e: SweepEvent): void {
    switch (e.type) {
      case 'sweep-started': {
        this.jobs = e.jobs.map(({ sweepId, jobId, index, group, values, repeat, seed }) => ({
          sweepId,
          jobId,
          index,
          group,
          values,
          repeat,
          seed,
        }));
        // The sweep's own id wins over the one the cell guessed (a queue sweep's id is the CLI's).
        this.payload.sweepId = e.sweepId;
        this.payload.fields = sweptFields(this.jobs);
        this.payload.jobs = this.jobs.map((j) => {
          const { sweepId: _sweepId, ...rest } = j;
          const view: SweepJobView = { ...rest, state: 'queued', attempts: 0 };
          this.byId.set(j.jobId, view);
          return view;
        });
        break;
      }
      case 'job': {
        const view = this.byId.get(e.status.jobId);
        if (!view) return;
        this.statuses.set(e.status.jobId, e.status);
        const { jobId: _jobId, ...status } = e.status;
        // Progress fields belong to a running job: a finished one drops them rather than keep stale numbers.
        delete view.epoch;
        delete view.plannedEpochs;
        Object.assign(view, status);
        break;
      }
      case 'job-result':
        if (!this.byId.has(e.jobId) || this.results.has(e.jobId)) return;
        this.results.set(e.jobId, e.result);
        break;
      case 'sweep-done':
        this.payload.summary = e.summary;
        break;
    }
    this.version++;
  }

  /** Where a job's run landed (`.scann/runs/<runId>`). */
  setRunId(jobId: string, runId: string): void {
    const view = this.byId.get(jobId);
    if (view && view.runId !== runId) {
      view.runId = runId;
      this.version++;
    }
  }

  /**
   * Ends the sweep. Without a summary from the backend (cancelled, or the CLI died) the summary is made here from
   * the results received, so the jobs that finished are still shown.
   */
  finish(status: SweepStatus, message?: string): SweepPayload {
    const p = this.payload;
    p.status = status;
    p.endedAt = Date.now();
    if (message) p.message = message;
    // Jobs that never got to run, or whose run was cut off, end cancelled with the sweep.
    if (status !== 'done') {
      for (const j of p.jobs) {
        if (j.state === 'queued' || j.state === 'running') {
          delete j.epoch;
          delete j.plannedEpochs;
          j.state = 'cancelled';
          this.statuses.set(j.jobId, { jobId: j.jobId, state: 'cancelled', attempts: j.attempts });
        }
      }
    }
    if (!p.summary && this.jobs.length) p.summary = summarizeSweep(this.jobs, this.results, this.statuses);
    this.version++;
    return p;
  }

  /** Every job has ended. */
  get settled(): boolean {
    return this.payload.jobs.every((j) => j.state === 'done' || j.state === 'failed' || j.state === 'cancelled');
  }

  jobInfos(): readonly SweepJobInfo[] {
    return this.jobs;
  }
}

/** The swept paths in the order the sweep block names them (every job carries every swept value). */
export function sweptFields(jobs: readonly { values: Record<string, unknown> }[]): string[] {
  const fields: string[] = [];
  for (const j of jobs) for (const k of Object.keys(j.values)) if (!fields.includes(k)) fields.push(k);
  return fields;
}
