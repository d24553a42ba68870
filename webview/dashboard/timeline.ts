/**
 * The run timeline: a run's events folded into one state, which the dashboard draws. Lives with its only user;
 * the host sends raw events (`HostToDashboard`) and never needs the folded form.
 */
import type { ScannConfig } from '../../src/protocol/config';
import { energyTable } from '../../src/protocol/energy';
import type { ArchitectureSnapshot, RunEvent } from '../../src/protocol/events';
import type {
  DatasetSummary,
  EnergyTable,
  EpochPoint,
  EvaluatedNetwork,
  HistoryStep,
  ReduceResult,
  RunResult,
  RunStatus,
} from '../../src/protocol/result';

export type TimelineStatus = 'running' | RunStatus | 'failed';

export interface TimelineStep {
  step: number;
  iteration?: number;
  op?: HistoryStep['op'];
  /** The operation event that opened the step (absent for the initial training). */
  operation?: Extract<RunEvent, { type: 'operation' }>;
  /** Structure after the step's operation, before its retraining. */
  snapshot?: ArchitectureSnapshot;
  /** Set when the step's training finished. */
  history?: HistoryStep;
}

export interface RunTimeline {
  status: TimelineStatus;
  name?: string;
  startedAt?: number;
  config?: ScannConfig;
  dataset?: DatasetSummary;
  baseline?: EvaluatedNetwork & { layers: number[] };
  energyTable?: EnergyTable;
  /** Every epoch with the connections it trained, in arrival order. */
  epochs: (EpochPoint & { connections: number })[];
  /** Indexed by step number. */
  steps: TimelineStep[];
  result?: RunResult;
  /** DR+SCANN: the transform in use, once chosen. */
  reduce?: Extract<RunEvent, { type: 'reduceChosen' }>['reduce'];
  /** DR+SCANN: selection grid cells evaluated so far. */
  reduceGrid: ReduceResult['grid'];
  failure?: string;
  logs: { level: 'info' | 'warn'; message: string }[];
  /** Events applied so far (to tell a resent prefix from new events). */
  eventCount: number;
}

export function emptyTimeline(): RunTimeline {
  return { status: 'running', epochs: [], steps: [], logs: [], reduceGrid: [], eventCount: 0 };
}

function stepOf(t: RunTimeline, step: number): TimelineStep {
  let s = t.steps[step];
  if (!s) {
    s = { step };
    t.steps[step] = s;
  }
  return s;
}

/** Applies one event in place (timelines grow by thousands of epochs; copying per event would be quadratic). */
export function applyRunEvent(t: RunTimeline, e: RunEvent): void {
  t.eventCount++;
  switch (e.type) {
    case 'started':
      t.name = e.name;
      t.startedAt = e.time;
      t.config = e.config;
      t.dataset = e.dataset;
      t.energyTable = energyTable(e.config.energy);
      return;
    case 'log':
      t.logs.push({ level: e.level, message: e.message });
      return;
    case 'epoch': {
      const { type: _type, ...point } = e;
      t.epochs.push(point);
      return;
    }
    case 'baseline':
      t.baseline = e.baseline;
      return;
    case 'operation': {
      const s = stepOf(t, e.step);
      s.operation = e;
      s.iteration = e.iteration;
      s.op = e.op;
      return;
    }
    case 'snapshot':
      stepOf(t, e.step).snapshot = e.architecture;
      return;
    case 'step': {
      const s = stepOf(t, e.history.step);
      s.history = e.history;
      s.iteration = e.history.iteration;
      s.op = e.history.op;
      return;
    }
    case 'done':
    case 'cancelled':
      if (e.result) {
        t.result = e.result;
        t.energyTable = e.result.energy.table;
        t.name = e.result.name;
      }
      t.status = e.type;
      return;
    case 'failed':
      t.status = 'failed';
      t.failure = e.message;
      return;
    case 'reduce':
      t.reduceGrid.push(e.candidate);
      return;
    case 'reduceChosen':
      t.reduce = e.reduce;
      return;
  }
}

export function timelineFrom(events: readonly RunEvent[]): RunTimeline {
  const t = emptyTimeline();
  for (const e of events) applyRunEvent(t, e);
  return t;
}

/** Steps in order, without holes (a step number can be missing if events were lost). */
export function timelineSteps(t: RunTimeline): TimelineStep[] {
  return t.steps.filter((s): s is TimelineStep => s !== undefined);
}
