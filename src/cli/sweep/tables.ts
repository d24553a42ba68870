/**
 * The sweep's terminal tables: the live view on stderr while it runs (jobs by state, the epoch of each running
 * job) and the summary afterwards (per swept configuration: mean ± sd over its repeats, Pareto front marked).
 */
import { formatEnergy, formatInt, formatRatio } from '../../protocol/numbers';
import type { SweepJobInfo, SweepJobStatus, SweepStat, SweepSummary } from '../../protocol/sweep';

/** `12 jobs: 3 done, 2 running, 6 queued, 1 failed` (states with no job left out). */
export function countsLine(total: number, statuses: Iterable<SweepJobStatus>): string {
  const counts = new Map<string, number>();
  let seen = 0;
  for (const s of statuses) {
    counts.set(s.state, (counts.get(s.state) ?? 0) + 1);
    seen++;
  }
  if (total > seen) counts.set('queued', (counts.get('queued') ?? 0) + total - seen);
  const order = ['done', 'running', 'queued', 'failed', 'cancelled'];
  const parts = order.filter((s) => counts.get(s)).map((s) => `${counts.get(s)} ${s}`);
  return `${total} job${total === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

/** The live view's lines: the counts, then one line per running job with its epoch. */
export function liveLines(
  sweepId: string,
  jobs: readonly SweepJobInfo[],
  statuses: ReadonlyMap<string, SweepJobStatus>,
): string[] {
  const lines = [`sweep ${sweepId} — ${countsLine(jobs.length, statuses.values())}`];
  for (const j of jobs) {
    const s = statuses.get(j.jobId);
    if (s?.state !== 'running') continue;
    // The planned count is the engine's estimate: fine-tuning and a fallback pass can add epochs beyond it.
    const n = s.epoch ?? 0;
    const epoch = s.plannedEpochs && n <= s.plannedEpochs ? `epoch ${n}/${s.plannedEpochs}` : `epoch ${n}`;
    lines.push(
      `  ${shortJob(j.jobId)}  ${(s.worker ?? '').padEnd(8)}  ${epoch.padEnd(15)}  ${j.group} (seed ${j.seed})`,
    );
  }
  return lines;
}

/** One line for a job that ended, for logs that are not a terminal. */
export function endedLine(job: SweepJobInfo, s: SweepJobStatus): string {
  const what = s.state === 'failed' ? `failed: ${s.error ?? 'unknown error'}` : s.state;
  return `${shortJob(job.jobId)} ${job.group} (seed ${job.seed}): ${what}`;
}

const shortJob = (jobId: string): string => jobId.slice(jobId.lastIndexOf('-') + 1);

const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;
const pm = (s: SweepStat | null, f: (x: number) => string, fsd = f): string =>
  s ? (s.sd > 0 ? `${f(s.mean)} ± ${fsd(s.sd)}` : f(s.mean)) : '-';

/** The summary table: one row per swept configuration, `*` on the Pareto front; failed jobs listed below. */
export function summaryTable(s: SweepSummary): string {
  const front = new Set(s.pareto);
  const head = ['', 'configuration', 'runs', 'test accuracy', 'connections', 'energy/inference', 'compression'];
  const rows = s.groups.map((g) => [
    front.has(g.group) ? '*' : '',
    g.group,
    `${g.done}/${g.n}${g.failed ? ` (${g.failed} failed)` : ''}`,
    pm(g.testAccuracy, pct, (x) => `${(100 * x).toFixed(2)} pt`),
    pm(g.connections, (x) => formatInt(Math.round(x))),
    pm(g.energy, formatEnergy),
    g.compression === null ? '-' : formatRatio(g.compression),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [
    `sweep ${s.sweepId}: ${countsLine(
      s.runs.length,
      s.runs.map((r) => ({ jobId: r.jobId, state: r.status, attempts: 0 })),
    )}`,
    line(head),
    ...rows.map(line),
    '* Pareto front: no other configuration has both a higher mean test accuracy and fewer mean connections.',
    'Means over the finished repeats ± their sample standard deviation; compression is the geometric mean.',
  ];
  const failed = s.runs.filter((r) => r.status === 'failed');
  if (failed.length) {
    out.push('failed:');
    for (const r of failed)
      out.push(`  ${shortJob(r.jobId)} ${r.group} (seed ${r.seed}): ${r.error ?? 'unknown error'}`);
  }
  return out.join('\n');
}
