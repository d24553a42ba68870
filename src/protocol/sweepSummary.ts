/**
 * The summary of a sweep: one entry per job, aggregates per swept configuration (mean and spread over its
 * repeats), and the Pareto front of accuracy against connections. `scann sweep --json` prints it; the sweep
 * cells of the notebook draw it.
 */
import { countedCost } from './countedCost';
import type {
  SweepGroup,
  SweepJobInfo,
  SweepJobState,
  SweepJobStatus,
  SweepRunEntry,
  SweepRunResult,
  SweepStat,
  SweepSummary,
} from './sweep';

export function summarizeSweep(
  jobs: readonly SweepJobInfo[],
  results: ReadonlyMap<string, SweepRunResult>,
  statuses: ReadonlyMap<string, SweepJobStatus> = new Map(),
): SweepSummary {
  const runs = jobs.map((j) => runEntry(j, results.get(j.jobId), statuses.get(j.jobId)));
  const counts: Record<SweepJobState, number> = { queued: 0, running: 0, done: 0, failed: 0, cancelled: 0 };
  for (const r of runs) counts[r.status]++;
  const byGroup = new Map<string, SweepRunEntry[]>();
  for (const r of runs) byGroup.set(r.group, [...(byGroup.get(r.group) ?? []), r]);
  const groups = [...byGroup.values()].map(groupOf);
  return { sweepId: jobs[0]?.sweepId ?? '', counts, runs, groups, pareto: paretoFront(groups) };
}

function runEntry(
  job: SweepJobInfo,
  result: SweepRunResult | undefined,
  status: SweepJobStatus | undefined,
): SweepRunEntry {
  // A result decides the state (a cancelled run returns its best network so far). A status that says `done`
  // without a result (lost on the way) is a failure: the summary has nothing to show for it.
  const lost = !result && status?.state === 'done';
  const state: SweepJobState = result
    ? result.status === 'cancelled'
      ? 'cancelled'
      : 'done'
    : lost
      ? 'failed'
      : (status?.state ?? 'queued');
  const entry: SweepRunEntry = {
    jobId: job.jobId,
    group: job.group,
    status: state,
    values: job.values,
    repeat: job.repeat,
    seed: job.seed,
  };
  if (!result && (status?.error !== undefined || lost)) entry.error = status?.error ?? 'its result was not received';
  if (!result) return entry;
  const cost = countedCost(result);
  return {
    ...entry,
    testAccuracy: result.final.testAccuracy,
    baselineTestAccuracy: result.baseline.testAccuracy,
    connections: cost.connections,
    compression: result.compression,
    compressionWithTransform: cost.compression,
    energy: cost.energyPj,
    energyRatio: cost.energyRatio,
    ...(result.target ? { target: result.target } : {}),
    ...(result.comparison ? { comparison: result.comparison } : {}),
    durationMs: result.durationMs,
  };
}

function groupOf(runs: SweepRunEntry[]): SweepGroup {
  const done = runs.filter((r) => r.status === 'done');
  const stat = (f: (r: SweepRunEntry) => number | undefined): SweepStat | null =>
    statOf(done.map(f).filter((x): x is number => x !== undefined));
  const compressions = done.map((r) => r.compressionWithTransform).filter((x): x is number => x !== undefined);
  return {
    group: runs[0]!.group,
    values: runs[0]!.values,
    n: runs.length,
    done: done.length,
    failed: runs.filter((r) => r.status === 'failed').length,
    testAccuracy: stat((r) => r.testAccuracy),
    connections: stat((r) => r.connections),
    energy: stat((r) => r.energy),
    compression: compressions.length ? geometricMean(compressions) : null,
  };
}

/** Mean, sample standard deviation (n - 1; 0 for one value), min and max; null for no values. */
export function statOf(xs: number[]): SweepStat | null {
  if (xs.length === 0) return null;
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean, sd, min: Math.min(...xs), max: Math.max(...xs) };
}

/** Ratios multiply, so their average is geometric; a network with no connections left (Infinity) dominates it. */
export function geometricMean(xs: number[]): number {
  if (xs.some((x) => x === Infinity)) return Infinity;
  return Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
}

/** Groups no other group beats on mean test accuracy and mean connections at once, by increasing connections. */
export function paretoFront(groups: readonly SweepGroup[]): string[] {
  const scored = groups.flatMap((g) =>
    g.testAccuracy && g.connections ? [{ key: g.group, acc: g.testAccuracy.mean, conn: g.connections.mean }] : [],
  );
  const front = scored.filter(
    (a) => !scored.some((b) => b.acc >= a.acc && b.conn <= a.conn && (b.acc > a.acc || b.conn < a.conn)),
  );
  return front.sort((a, b) => a.conn - b.conn || b.acc - a.acc).map((a) => a.key);
}
