/**
 * Runs of bench/engine.ts over some of its cases (`--cases f`): their figures go into docs/performance.json and
 * docs/performance.md beside those of the last run of every case, which stay as they were. A run on a busy machine
 * must not overwrite figures measured on a quiet one, and a new case must not wait for a full rerun.
 */
import { CASES, type CaseName } from './engineCases';
import type { AnchorInfo, RunInfo } from './engineReport';
import { LENET_CASES } from './lenetCase';

/** The cases of each letter of issues 7 and 14, so that `--cases f` names all of case f. */
export const CASE_GROUPS: Record<string, readonly CaseName[]> = {
  a: ['a'],
  b: ['b'],
  c: ['c'],
  d: ['d10', 'd2'],
  e: ['infer_a', 'infer_s'],
  f: LENET_CASES,
};

/** `--cases` as given (case names or group letters, comma-separated; absent: every case), in CASES order. */
export function parseCases(arg: string | undefined): CaseName[] {
  if (arg === undefined) return [...CASES];
  const wanted = new Set<CaseName>();
  for (const item of arg.split(',').map((s) => s.trim())) {
    const group = CASE_GROUPS[item];
    if (group) group.forEach((c) => wanted.add(c));
    else if ((CASES as readonly string[]).includes(item)) wanted.add(item as CaseName);
    else
      throw new Error(
        `--cases: unknown case "${item}" (cases: ${CASES.join(', ')}; groups: ${Object.keys(CASE_GROUPS).join(', ')})`,
      );
  }
  return CASES.filter((c) => wanted.has(c));
}

export const isEveryCase = (cases: readonly CaseName[]): boolean => CASES.every((c) => cases.includes(c));

/** The name of a partial run in both files: its group letters when it ran whole groups, else its case names. */
export function partialKey(cases: readonly CaseName[]): string {
  const groups = Object.entries(CASE_GROUPS).filter(([, members]) => members.some((c) => cases.includes(c)));
  const whole = groups.every(([, members]) => members.every((c) => cases.includes(c)));
  return whole ? groups.map(([g]) => g).join('') : cases.join(',');
}

/** A figure's key belongs to the case that produced it: `infer_a_b1` to `infer_a`, `f64` to `f64`. */
const belongsTo = (key: string, name: string): boolean => key === name || key.startsWith(`${name}_`);

export interface CaseJson {
  case: string;
  ours_ex_s: number;
  torch_ex_s: number | null;
  ratio: number | null;
}

/** A run of some cases, recorded with its own time, load and anchor. */
export interface SeparateRun {
  key: string;
  cases: string[];
  run: RunInfo;
  anchor: AnchorInfo | { valid: false; reason: string };
}

/** docs/performance.json: `run` and `anchor` describe the last run of every case; `separateRuns` the others. */
export interface PerformanceJson {
  cases: CaseJson[];
  run: RunInfo;
  anchor: AnchorInfo | { valid: false; reason: string };
  separateRuns?: SeparateRun[];
}

/**
 * `old` with the figures of `fresh`, a run of `measured` only: their entries replace the old ones of the same cases
 * in place (new cases go last), the other entries and the full run's `run` and `anchor` stay, and the run is recorded
 * under `separateRuns` (replacing any earlier record of the same cases).
 */
export function mergePerformanceJson(
  old: PerformanceJson,
  fresh: Omit<PerformanceJson, 'separateRuns'>,
  measured: readonly CaseName[],
): PerformanceJson {
  const mine = (key: string) => measured.some((name) => belongsTo(key, name));
  const byKey = new Map(fresh.cases.map((c) => [c.case, c]));
  const cases: CaseJson[] = [];
  for (const c of old.cases) {
    if (!mine(c.case)) cases.push(c);
    else if (byKey.has(c.case)) {
      cases.push(byKey.get(c.case)!);
      byKey.delete(c.case);
    }
  }
  cases.push(...byKey.values());
  const key = partialKey(measured);
  const separateRuns = (old.separateRuns ?? [])
    .filter((r) => r.key !== key)
    .map((r) => ({ ...r, cases: r.cases.filter((c) => !mine(c)) }))
    .filter((r) => r.cases.length > 0);
  separateRuns.push({ key, cases: fresh.cases.map((c) => c.case), run: fresh.run, anchor: fresh.anchor });
  return { cases, run: old.run, anchor: old.anchor, separateRuns };
}

export const MAIN_SECTION = '';

const markers = (key: string): [string, string] => {
  const name = key === MAIN_SECTION ? 'bench:engine' : `bench:engine:${key}`;
  return [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`];
};

/** `body` between the markers of section `key` (MAIN_SECTION: the full run's). */
export function wrapSection(key: string, body: string): string {
  const [start, end] = markers(key);
  return `${start}\n\n${body.trim()}\n\n${end}`;
}

/**
 * `doc` with section `key` replaced by `section` (wrapped by wrapSection). A partial run's section that is not there
 * yet goes right after the full run's; a full run's section removes every partial one, whose cases it measured again.
 */
export function spliceSection(doc: string, key: string, section: string): string {
  let out = doc;
  if (key === MAIN_SECTION) {
    for (const m of out.matchAll(/<!-- bench:engine:([^ ]+):start -->/g)) {
      if (m[1] !== undefined) out = cut(out, m[1]);
    }
  }
  const [start, end] = markers(key);
  const a = out.indexOf(start);
  const b = out.indexOf(end);
  if (a >= 0 && b > a) return `${out.slice(0, a)}${section}${out.slice(b + end.length)}`;
  const mainEnd = markers(MAIN_SECTION)[1];
  const at = out.indexOf(mainEnd);
  if (key !== MAIN_SECTION && at >= 0) {
    const after = at + mainEnd.length;
    return `${out.slice(0, after)}\n\n${section}${out.slice(after)}`;
  }
  return `${out.trimEnd()}\n\n${section}\n`;
}

/** `doc` without section `key` and the blank lines before it. */
function cut(doc: string, key: string): string {
  const [start, end] = markers(key);
  const a = doc.indexOf(start);
  const b = doc.indexOf(end);
  if (a < 0 || b < a) return doc;
  return `${doc.slice(0, a).trimEnd()}${doc.slice(b + end.length)}`;
}
