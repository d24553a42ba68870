/**
 * Sweeps: many runs from one config. The types every side shares (the CLI's local pool and queue backend, the
 * workers, the extension's sweep cells), the guard for what is read back from a child process, a queue or disk,
 * and the entry points of the expansion (sweepExpand.ts) and the summary (sweepSummary.ts).
 */
import type { ScannConfig } from './config';
import { isNum, isObj, isStr, type Obj } from './guard';
import type { JsonValue } from './notebook';
import type { RunResult } from './result';
import { isRunResultFields } from './resultGuards';

export { sweepSchema, type SweepSpec, MAX_SWEEP_JOBS } from './sweepSchema';
export { expandSweep, jobIdOf, parseConfigPath, SweepExpandError } from './sweepExpand';
export { summarizeSweep } from './sweepSummary';

/**
 * A sweep id names `.scann/sweeps/<sweepId>.json` and prefixes its job ids, which are run ids (`RUN_ID_PATTERN`,
 * at most 100 characters), so it is shorter and of the same alphabet.
 */
export const SWEEP_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/;

export function isSweepId(x: unknown): x is string {
  return typeof x === 'string' && SWEEP_ID_PATTERN.test(x);
}

/** One run of a sweep. */
export interface SweepJob {
  sweepId: string;
  jobId: string;
  /** Position in the plan, from 0. */
  index: number;
  /** Stable key of the swept values (the same for every repeat), e.g. `scheme=B, reduce.method=none`. */
  group: string;
  /** Swept config path (dotted, as written in the sweep) -> the value this job uses. */
  values: Record<string, JsonValue>;
  /** 0-based repeat; the job's seed is the group's seed plus `repeat`. */
  repeat: number;
  seed: number;
  /** The full config of this run: no `sweep` key, the values applied, `seed` set; valid for `configSchema`. */
  config: ScannConfig;
}

/** A job as events and summaries carry it: everything but its config. */
export type SweepJobInfo = Omit<SweepJob, 'config'>;

export const SWEEP_JOB_STATES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type SweepJobState = (typeof SWEEP_JOB_STATES)[number];

export interface SweepJobStatus {
  jobId: string;
  state: SweepJobState;
  /** Which worker runs or ran it (local pool: `local-<slot>`; queue: the worker's name). */
  worker?: string;
  /** Starts so far (more than 1 when a worker died and the job was retried). */
  attempts: number;
  /** ms since the epoch. */
  startedAt?: number;
  endedAt?: number;
  /** Why a `failed` job failed, in one line. */
  error?: string;
  /** Training epochs done so far and planned (the engine's `started` / `baseline` counts), for progress. */
  epoch?: number;
  plannedEpochs?: number;
}

/** A job's result as it travels (events, queue): the `RunResult` without its model, which stays in the run store. */
export type SweepRunResult = Omit<RunResult, 'model'>;

export type SweepEvent =
  | { type: 'sweep-started'; sweepId: string; jobs: SweepJobInfo[] }
  | { type: 'job'; status: SweepJobStatus }
  | { type: 'job-result'; jobId: string; result: SweepRunResult }
  | { type: 'sweep-done'; summary: SweepSummary };

/** Mean, sample standard deviation (n - 1; 0 for a single run), min and max over a group's finished runs. */
export interface SweepStat {
  mean: number;
  sd: number;
  min: number;
  max: number;
}

/** One job in the summary: its state, the swept values, and the figures of its result (absent without one). */
export interface SweepRunEntry {
  jobId: string;
  group: string;
  status: SweepJobState;
  values: Record<string, JsonValue>;
  repeat: number;
  seed: number;
  /** Why it failed (`status: failed`). */
  error?: string;
  testAccuracy?: number;
  baselineTestAccuracy?: number;
  /** Network connections plus the DR transform's multiply-accumulates (countedCost.ts): the headline figure. */
  connections?: number;
  /** Baseline connections / final connections: the network alone. */
  compression?: number;
  /** Baseline connections / `connections`, the transform counted (as `scann run --json`). */
  compressionWithTransform?: number;
  /** pJ per inference of the network and its transform. */
  energy?: number;
  /** Baseline energy / `energy`. */
  energyRatio?: number;
  target?: RunResult['target'];
  comparison?: RunResult['comparison'];
  durationMs?: number;
}

/** The runs of one swept configuration (all repeats), aggregated over those that finished (`done`). */
export interface SweepGroup {
  group: string;
  values: Record<string, JsonValue>;
  /** Jobs in the group (= repeats). */
  n: number;
  done: number;
  failed: number;
  /** null while no run of the group is done. */
  testAccuracy: SweepStat | null;
  connections: SweepStat | null;
  energy: SweepStat | null;
  /** Geometric mean of the runs' counted compression (`compressionWithTransform`); null while none is done. */
  compression: number | null;
}

export interface SweepSummary {
  sweepId: string;
  /** Jobs by state. */
  counts: Record<SweepJobState, number>;
  runs: SweepRunEntry[];
  groups: SweepGroup[];
  /**
   * Group keys on the Pareto front of mean test accuracy (higher is better) against mean counted connections
   * (fewer is better), by increasing connections: no other group is at least as good on both and better on one.
   */
  pareto: string[];
}

const isStateName = (x: unknown): x is SweepJobState => isStr(x) && (SWEEP_JOB_STATES as readonly string[]).includes(x);
const optNum = (x: unknown): boolean => x === undefined || isNum(x);
const isValues = (x: unknown): boolean => isObj(x);

function isJobInfo(x: unknown): boolean {
  return (
    isObj(x) &&
    isSweepId(x.sweepId) &&
    isStr(x.jobId) &&
    isStr(x.group) &&
    isValues(x.values) &&
    [x.index, x.repeat, x.seed].every(isNum)
  );
}

export function isSweepJobStatus(x: unknown): x is SweepJobStatus {
  return (
    isObj(x) &&
    isStr(x.jobId) &&
    isStateName(x.state) &&
    isNum(x.attempts) &&
    (x.worker === undefined || isStr(x.worker)) &&
    (x.error === undefined || isStr(x.error)) &&
    [x.startedAt, x.endedAt, x.epoch, x.plannedEpochs].every(optNum)
  );
}

const isStat = (x: unknown): boolean => x === null || (isObj(x) && [x.mean, x.sd, x.min, x.max].every(isNum));

/** Ratios are Infinity for a network with no connections left, which JSON writes as null. */
const isRatioOrNull = (x: unknown): boolean => x === null || isNum(x);

export function isSweepSummary(x: unknown): x is SweepSummary {
  if (!isObj(x) || !isSweepId(x.sweepId) || !isObj(x.counts)) return false;
  const counts = x.counts;
  return (
    SWEEP_JOB_STATES.every((s) => isNum(counts[s])) &&
    Array.isArray(x.runs) &&
    x.runs.every(
      (r: unknown) =>
        isObj(r) && isStr(r.jobId) && isStr(r.group) && isStateName(r.status) && isValues(r.values) && isNum(r.seed),
    ) &&
    Array.isArray(x.groups) &&
    x.groups.every(
      (g: unknown) =>
        isObj(g) &&
        isStr(g.group) &&
        isValues(g.values) &&
        [g.n, g.done, g.failed].every(isNum) &&
        [g.testAccuracy, g.connections, g.energy].every(isStat) &&
        isRatioOrNull(g.compression),
    ) &&
    Array.isArray(x.pareto) &&
    x.pareto.every(isStr)
  );
}

export type ParsedSweepEvent = { ok: true; event: SweepEvent } | { ok: false; reason: string };

/**
 * Checks one sweep event read from a child process, a queue or a file. Shallow where the data is our own and
 * large (a result's epochs and history), exact on what the pool and the views index by.
 */
export function parseSweepEvent(x: unknown): ParsedSweepEvent {
  if (!isObj(x) || !isStr(x.type)) return { ok: false, reason: 'not a sweep event (no type)' };
  const bad = (what: string): ParsedSweepEvent => ({
    ok: false,
    reason: `malformed '${String(x.type)}' event: ${what}`,
  });
  const e: Obj = x;
  switch (e.type) {
    case 'sweep-started':
      if (!isSweepId(e.sweepId)) return bad('sweepId');
      if (!Array.isArray(e.jobs) || !e.jobs.every(isJobInfo)) return bad('jobs');
      return { ok: true, event: e as unknown as SweepEvent };
    case 'job':
      return isSweepJobStatus(e.status) ? { ok: true, event: e as unknown as SweepEvent } : bad('status');
    case 'job-result':
      if (!isStr(e.jobId)) return bad('jobId');
      return isRunResultFields(e.result) ? { ok: true, event: e as unknown as SweepEvent } : bad('result');
    case 'sweep-done':
      return isSweepSummary(e.summary) ? { ok: true, event: e as unknown as SweepEvent } : bad('summary');
    default:
      return { ok: false, reason: `unknown sweep event type '${String(e.type)}'` };
  }
}
