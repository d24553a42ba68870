/**
 * Checks a saved or live sweep output (`application/vnd.scann.sweep+json`) before a view reads it. Every field a
 * view uses is checked and a failure names its path (`jobs[3].state: expected one of queued, running, …`), so a
 * hand-edited or truncated notebook shows a clear message instead of a broken drawing.
 */
import { isObj, isStr, type Obj } from './guard';
import type { JsonValue } from './notebook';
import type { SweepGroup, SweepRunEntry, SweepStat, SweepSummary } from './sweep';
import { SWEEP_JOB_STATES, type SweepJobView, type SweepPayload, type SweepStatus } from './sweepOutput';

export class SweepPayloadError extends Error {
  override readonly name = 'SweepPayloadError';
}

const fail = (path: string, what: string): never => {
  throw new SweepPayloadError(`${path || 'payload'}: ${what}`);
};

function obj(x: unknown, path: string): Obj {
  return isObj(x) ? x : fail(path, 'expected an object');
}

function num(x: unknown, path: string): number {
  return typeof x === 'number' && Number.isFinite(x) ? x : fail(path, 'expected a number');
}

function int(x: unknown, path: string): number {
  const v = num(x, path);
  return Number.isInteger(v) && v >= 0 ? v : fail(path, 'expected a whole number >= 0');
}

function str(x: unknown, path: string): string {
  return isStr(x) ? x : fail(path, 'expected a string');
}

function opt<T>(x: unknown, path: string, check: (x: unknown, path: string) => T): T | undefined {
  return x === undefined ? undefined : check(x, path);
}

/** Ratios are Infinity when a network has no connections left, which JSON writes as null. */
function ratio(x: unknown, path: string): number | null {
  return x === null ? null : num(x, path);
}

function oneOf<T extends string>(x: unknown, options: readonly T[], path: string): T {
  return (options as readonly unknown[]).includes(x) ? (x as T) : fail(path, `expected one of ${options.join(', ')}`);
}

function list<T>(x: unknown, path: string, item: (x: unknown, path: string) => T): T[] {
  if (!Array.isArray(x)) fail(path, 'expected a list');
  return (x as unknown[]).map((v, i) => item(v, `${path}[${i}]`));
}

function values(x: unknown, path: string): Record<string, JsonValue> {
  return obj(x, path) as Record<string, JsonValue>;
}

function job(x: unknown, path: string): SweepJobView {
  const o = obj(x, path);
  const at = (k: string): string => `${path}.${k}`;
  const j: SweepJobView = {
    jobId: str(o.jobId, at('jobId')),
    index: int(o.index, at('index')),
    group: str(o.group, at('group')),
    values: values(o.values, at('values')),
    repeat: int(o.repeat, at('repeat')),
    seed: num(o.seed, at('seed')),
    state: oneOf(o.state, SWEEP_JOB_STATES, at('state')),
    attempts: int(o.attempts, at('attempts')),
  };
  const worker = opt(o.worker, at('worker'), str);
  const epoch = opt(o.epoch, at('epoch'), int);
  const planned = opt(o.plannedEpochs, at('plannedEpochs'), int);
  const error = opt(o.error, at('error'), str);
  const runId = opt(o.runId, at('runId'), str);
  const startedAt = opt(o.startedAt, at('startedAt'), num);
  const endedAt = opt(o.endedAt, at('endedAt'), num);
  if (startedAt !== undefined) j.startedAt = startedAt;
  if (endedAt !== undefined) j.endedAt = endedAt;
  if (worker !== undefined) j.worker = worker;
  if (epoch !== undefined) j.epoch = epoch;
  if (planned !== undefined) j.plannedEpochs = planned;
  if (error !== undefined) j.error = error;
  if (runId !== undefined) j.runId = runId;
  return { ...o, ...j } as SweepJobView;
}

function stats(x: unknown, path: string): SweepStat | null {
  if (x === null) return null;
  const o = obj(x, path);
  return {
    mean: num(o.mean, `${path}.mean`),
    sd: num(o.sd, `${path}.sd`),
    min: num(o.min, `${path}.min`),
    max: num(o.max, `${path}.max`),
  };
}

function group(x: unknown, path: string): SweepGroup {
  const o = obj(x, path);
  const at = (k: string): string => `${path}.${k}`;
  const done = int(o.done, at('done'));
  const s = (k: string): SweepStat | null => {
    const v = stats(o[k], at(k));
    // Figures are aggregated over the finished runs: a group with one has them.
    if (!v && done > 0) fail(at(k), `expected figures for ${done} finished run${done === 1 ? '' : 's'}`);
    return v;
  };
  return {
    ...o,
    group: str(o.group, at('group')),
    values: values(o.values, at('values')),
    n: int(o.n, at('n')),
    done,
    failed: int(o.failed, at('failed')),
    testAccuracy: s('testAccuracy'),
    connections: s('connections'),
    energy: s('energy'),
    compression: ratio(o.compression, at('compression')),
  };
}

function run(x: unknown, path: string): SweepRunEntry {
  const o = obj(x, path);
  const at = (k: string): string => `${path}.${k}`;
  const r: SweepRunEntry = {
    jobId: str(o.jobId, at('jobId')),
    group: str(o.group, at('group')),
    status: oneOf(o.status, SWEEP_JOB_STATES, at('status')),
    values: values(o.values, at('values')),
    repeat: int(o.repeat, at('repeat')),
    seed: num(o.seed, at('seed')),
  };
  const testAccuracy = opt(o.testAccuracy, at('testAccuracy'), num);
  const connections = opt(o.connections, at('connections'), num);
  const energy = opt(o.energy, at('energy'), num);
  if (testAccuracy !== undefined) r.testAccuracy = testAccuracy;
  if (connections !== undefined) r.connections = connections;
  if (energy !== undefined) r.energy = energy;
  // Ratios of a network with no connections left are Infinity, written to JSON as null.
  if (o.compression !== undefined && o.compression !== null) r.compression = num(o.compression, at('compression'));
  if (r.status === 'done' && (testAccuracy === undefined || connections === undefined))
    fail(path, 'a finished run needs testAccuracy and connections');
  // Fields no view reads (the paired comparison, the target) are kept as they are.
  return { ...o, ...r } as SweepRunEntry;
}

function summary(x: unknown, path: string): SweepSummary {
  const o = obj(x, path);
  const counts = obj(o.counts, `${path}.counts`);
  return {
    ...o,
    sweepId: str(o.sweepId, `${path}.sweepId`),
    counts: Object.fromEntries(
      SWEEP_JOB_STATES.map((st) => [st, int(counts[st], `${path}.counts.${st}`)]),
    ) as SweepSummary['counts'],
    runs: list(o.runs, `${path}.runs`, run),
    groups: list(o.groups, `${path}.groups`, group),
    pareto: list(o.pareto, `${path}.pareto`, str),
  };
}

const STATUSES: readonly SweepStatus[] = ['running', 'done', 'cancelled', 'failed'];

/** The payload, checked; throws SweepPayloadError naming the first bad field. */
export function parseSweepPayload(x: unknown): SweepPayload {
  const o = obj(x, '');
  if (o.version !== 1)
    fail('version', `this version of SCANN Studio reads sweep outputs of version 1, not ${JSON.stringify(o.version)}`);
  const p: SweepPayload = {
    version: 1,
    sweepId: str(o.sweepId, 'sweepId'),
    name: str(o.name, 'name'),
    status: oneOf(o.status, STATUSES, 'status'),
    backend: oneOf(o.backend, ['local', 'queue'] as const, 'backend'),
    startedAt: num(o.startedAt, 'startedAt'),
    fields: list(o.fields, 'fields', str),
    jobs: list(o.jobs, 'jobs', job),
  };
  const endedAt = opt(o.endedAt, 'endedAt', num);
  const message = opt(o.message, 'message', str);
  if (endedAt !== undefined) p.endedAt = endedAt;
  if (message !== undefined) p.message = message;
  if (o.summary !== undefined) p.summary = summary(o.summary, 'summary');
  return p;
}
