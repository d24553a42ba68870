/**
 * The checks of a `sweep` block that its schema cannot express: every swept path must name a config field, and
 * every value must be one that field accepts, as if written there. Problems are located on the path's key or on
 * the value itself (configText.ts turns them into issues with text ranges).
 */
import type { z } from 'zod';
import { configSchema } from './config';
import { objectKeys, schemaAt, type SchemaPath } from './schemaWalk';
import { MAX_SWEEP_JOBS, type SweepSpec } from './sweepSchema';
import { cloneJson, parseConfigPath, setPath, sweepJobCount } from './sweepExpand';

export interface SweepProblem {
  /** Where in the config text: a path under `sweep`. */
  at: SchemaPath;
  /** Locate the key at `at` rather than its value. */
  keyOnly: boolean;
  message: string;
}

/** Formats a schema issue of a config with one swept value applied (configText.ts's wording). */
export type DescribeIssue = (issue: z.core.$ZodIssue, raw: unknown) => string;

export function checkSweep(
  raw: Record<string, unknown>,
  spec: SweepSpec,
  describe: DescribeIssue,
  suggest: (word: string, candidates: string[]) => string | undefined,
): SweepProblem[] {
  const { sweep: _sweep, ...base } = raw;
  const out: SweepProblem[] = [];
  const valueProblems = (path: (string | number)[], value: unknown, at: SchemaPath): void => {
    const applied = cloneJson(base);
    setPath(applied, path, cloneJson(value));
    const r = configSchema.safeParse(applied);
    if (r.success) return;
    const issue = r.error.issues[0]!;
    const where = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const same = where.length === path.length && where.every((p, i) => p === path[i]);
    const prefix = same ? '' : `${where.join('.')}: `;
    out.push({ at, keyOnly: false, message: `${prefix}${describe(issue, applied)}` });
  };
  const grid = Object.entries(spec.grid ?? {});
  const params = Object.entries(spec.random?.params ?? {});
  for (const [key, values] of grid) {
    const at: SchemaPath = ['sweep', 'grid', key];
    const path = checkedPath(key, base, suggest);
    if (typeof path === 'string') out.push({ at, keyOnly: true, message: path });
    else values.forEach((v, i) => valueProblems(path, v, [...at, i]));
  }
  for (const [key, p] of params) {
    const at: SchemaPath = ['sweep', 'random', 'params', key];
    const path = checkedPath(key, base, suggest);
    if (typeof path === 'string') out.push({ at, keyOnly: true, message: path });
    else if (spec.grid && key in spec.grid) {
      out.push({ at, keyOnly: true, message: `'${key}' is swept by the grid already: sweep a path in one place` });
    } else if (Array.isArray(p)) p.forEach((v, i) => valueProblems(path, v, [...at, i]));
    else {
      const bad = rangeProblem(p);
      if (bad) out.push({ at, keyOnly: false, message: bad });
      else for (const end of ['min', 'max'] as const) valueProblems(path, p[end], [...at, end]);
    }
  }
  const jobs = sweepJobCount(spec);
  if (jobs > MAX_SWEEP_JOBS) {
    out.push({ at: ['sweep'], keyOnly: true, message: `the sweep expands to ${jobs} runs; at most ${MAX_SWEEP_JOBS}` });
  }
  return out;
}

function rangeProblem(r: { min: number; max: number; log: boolean; int: boolean }): string | undefined {
  if (r.min > r.max) return `min (${r.min}) is above max (${r.max})`;
  if (r.log && r.min <= 0) return `a log range needs min > 0 (got ${r.min})`;
  if (r.int && Math.ceil(r.min) > Math.floor(r.max)) return `no whole number between ${r.min} and ${r.max}`;
  return undefined;
}

/** The path's segments, or why it names no config field (with the closest key when it looks like a typo). */
function checkedPath(
  dotted: string,
  raw: unknown,
  suggest: (word: string, candidates: string[]) => string | undefined,
): (string | number)[] | string {
  const path = parseConfigPath(dotted);
  if (path[0] === 'sweep') return 'a sweep cannot sweep its own settings';
  if (path.some((p) => p === '')) return `'${dotted}' is not a config path (dotted keys, e.g. reduce.method)`;
  for (let i = 0; i < path.length; i++) {
    if (schemaAt(path.slice(0, i + 1), raw)) continue;
    const seg = path[i]!;
    const known = objectKeys(path.slice(0, i), raw);
    const parent = i === 0 ? 'a config' : `'${path.slice(0, i).join('.')}'`;
    if (typeof seg === 'number' || !known.length) return `unknown config path '${dotted}': ${parent} has no '${seg}'`;
    const hint = suggest(seg, known);
    return (
      `unknown config path '${dotted}': ${parent} has no key '${seg}'` +
      (hint ? `; did you mean '${[...path.slice(0, i), hint].join('.')}'?` : `; expected one of: ${known.join(', ')}`)
    );
  }
  return path;
}
