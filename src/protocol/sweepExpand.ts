/**
 * A config with a `sweep` block -> the jobs of the sweep, deterministically: the grid's combinations in the order
 * the paths are written (the last path varies fastest), each combined with every random draw, each run `repeats`
 * times with consecutive seeds. The random draws are seeded by the config's `seed`, so expanding the same config
 * twice gives the same jobs, on any machine.
 */
import { configSchema, type ScannConfig } from './config';
import type { JsonValue } from './notebook';
import type { SweepJob } from './sweep';
import type { SweepRange, SweepSpec } from './sweepSchema';

export class SweepExpandError extends Error {
  override name = 'SweepExpandError';
}

/** `${sweepId}-j0007`: the job's run folder is `.scann/runs/<jobId>/`. */
export function jobIdOf(sweepId: string, index: number): string {
  return `${sweepId}-j${String(index).padStart(4, '0')}`;
}

/** `loop.0.ratio` -> ['loop', 0, 'ratio']: whole-number segments index lists. */
export function parseConfigPath(dotted: string): (string | number)[] {
  return dotted.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** The swept points of a sweep (grid x random), each a path -> value mapping in the order the paths are written. */
export function sweepPoints(spec: SweepSpec, seed: number): Record<string, JsonValue>[] {
  let points: Record<string, JsonValue>[] = [{}];
  for (const [path, values] of Object.entries(spec.grid ?? {})) {
    points = points.flatMap((p) => values.map((v) => ({ ...p, [path]: v as JsonValue })));
  }
  if (!spec.random) return points;
  const draws = randomDraws(spec.random.params, spec.random.count, seed);
  return points.flatMap((p) => draws.map((d) => ({ ...p, ...d })));
}

/** How many jobs a sweep expands to, without expanding it. */
export function sweepJobCount(spec: SweepSpec): number {
  const grid = Object.values(spec.grid ?? {}).reduce((n, vs) => n * vs.length, 1);
  return grid * (spec.random?.count ?? 1) * spec.repeats;
}

export function expandSweep(config: ScannConfig, sweepId: string): SweepJob[] {
  const { sweep, ...base } = config;
  const spec: SweepSpec = sweep ?? { repeats: 1 };
  const jobs: SweepJob[] = [];
  for (const values of sweepPoints(spec, config.seed)) {
    const group = groupKey(values);
    const groupSeed = typeof values['seed'] === 'number' ? values['seed'] : config.seed;
    for (let repeat = 0; repeat < spec.repeats; repeat++) {
      const index = jobs.length;
      const seed = groupSeed + repeat;
      jobs.push({
        sweepId,
        jobId: jobIdOf(sweepId, index),
        index,
        group,
        values,
        repeat,
        seed,
        config: jobConfig(base, values, seed, group),
      });
    }
  }
  return jobs;
}

/** A readable, stable key of a point: `scheme=B, reduce.method=none` (`base` when nothing is swept but the seed). */
export function groupKey(values: Record<string, JsonValue>): string {
  const parts = Object.entries(values).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return parts.length ? parts.join(', ') : 'base';
}

const MAX_NAME = 200;

function jobConfig(
  base: Omit<ScannConfig, 'sweep'>,
  values: Record<string, JsonValue>,
  seed: number,
  group: string,
): ScannConfig {
  const raw = cloneJson(base) as Record<string, unknown>;
  for (const [path, v] of Object.entries(values)) setPath(raw, parseConfigPath(path), cloneJson(v));
  raw['seed'] = seed;
  // Run history and Compare Runs list runs by name: a sweep's runs say which point and seed they are.
  if (!('name' in values)) {
    const name = `${base.name ?? 'sweep'} [${group}] seed ${seed}`;
    raw['name'] = name.length > MAX_NAME ? `${name.slice(0, MAX_NAME - 1)}…` : name;
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new SweepExpandError(`the sweep point ${group} is not a valid config: ${i.path.join('.')}: ${i.message}`);
  }
  return parsed.data;
}

/** A deep copy of JSON data (configs and swept values are JSON; the protocol layer has no `structuredClone`). */
export function cloneJson<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}

/** Sets `path` in a plain object, creating the mappings on the way (`reduce.method` when there is no `reduce`). */
export function setPath(obj: Record<string, unknown>, path: (string | number)[], value: unknown): void {
  let cur: Record<string | number, unknown> = obj;
  for (let i = 0; i < path.length - 1; i++) {
    const p = path[i]!;
    const next = cur[p];
    if (next === null || typeof next !== 'object') cur[p] = typeof path[i + 1] === 'number' ? [] : {};
    cur = cur[p] as Record<string | number, unknown>;
  }
  cur[path[path.length - 1]!] = value;
}

function randomDraws(
  params: Record<string, SweepRange | unknown[]>,
  count: number,
  seed: number,
): Record<string, JsonValue>[] {
  const next = uniform(seed);
  const draws: Record<string, JsonValue>[] = [];
  for (let i = 0; i < count; i++) {
    const d: Record<string, JsonValue> = {};
    for (const [path, p] of Object.entries(params)) d[path] = Array.isArray(p) ? pick(p, next()) : draw(p, next());
    draws.push(d);
  }
  return draws;
}

function pick(values: unknown[], u: number): JsonValue {
  return values[Math.min(values.length - 1, Math.floor(u * values.length))] as JsonValue;
}

function draw(r: SweepRange, u: number): number {
  if (r.int) {
    const lo = Math.ceil(r.min);
    const hi = Math.floor(r.max);
    if (!r.log) return Math.min(hi, lo + Math.floor(u * (hi - lo + 1)));
    // Log-uniform over [lo, hi + 1) and floored, so every integer of the range can come out.
    return Math.min(hi, Math.floor(Math.exp(Math.log(lo) + u * (Math.log(hi + 1) - Math.log(lo)))));
  }
  const x = r.log ? Math.exp(Math.log(r.min) + u * (Math.log(r.max) - Math.log(r.min))) : r.min + u * (r.max - r.min);
  return Math.min(r.max, Math.max(r.min, Number(x.toPrecision(4))));
}

/**
 * Uniform numbers in [0, 1) from a seed (splitmix32 then mulberry32). Not the engine's `Rng`: the protocol layer
 * cannot import the engine, and a sweep's draws need only be stable, not share the engine's streams.
 */
function uniform(seed: number): () => number {
  let s = (seed ^ 0x5eed5eed) >>> 0;
  s = Math.imul(s ^ (s >>> 16), 0x85ebca6b) >>> 0;
  s = Math.imul(s ^ (s >>> 13), 0xc2b2ae35) >>> 0;
  let a = (s ^ (s >>> 16)) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
