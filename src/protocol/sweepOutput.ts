/**
 * What a sweep cell's output holds: the jobs with their states while the sweep goes, then its summary, under the
 * sweep MIME type (drawn by the renderer), and a markdown summary for any other viewer (the HTML report, GitHub).
 * Saved in the `.scann` file like run outputs, so `parseSweepPayload` checks everything a view reads: a saved
 * notebook outlives versions and can be hand-edited.
 */
import { markdownCode, markdownText } from './markdown';
import { MARKDOWN_MIME, type CellOutputData, type JsonValue } from './notebook';
import { formatEnergy, formatInt, formatPct, formatRatio } from './numbers';
import type { SweepJobInfo, SweepJobState, SweepJobStatus, SweepStat, SweepSummary } from './sweep';

/** Output MIME type of a sweep cell (the jobs, then the summary). */
export const SWEEP_MIME = 'application/vnd.scann.sweep+json';

/**
 * One job as the output shows it: what it sweeps (the plan's job without its config) and where it stands (its
 * latest status), with the run folder its result landed in (`.scann/runs/<runId>`) once known.
 */
export type SweepJobView = Omit<SweepJobInfo, 'sweepId'> & Omit<SweepJobStatus, 'jobId'> & { runId?: string };

export type SweepStatus = 'running' | 'done' | 'cancelled' | 'failed';

export interface SweepPayload {
  version: 1;
  sweepId: string;
  name: string;
  status: SweepStatus;
  /** Where the jobs run: this editor's run queue, or a BullMQ queue (`scann.queue`). */
  backend: 'local' | 'queue';
  startedAt: number;
  endedAt?: number;
  /** The swept config paths, in the sweep block's order: the grid's columns and the parallel axes. */
  fields: string[];
  jobs: SweepJobView[];
  /** Set once the sweep has ended (also when cancelled: the jobs that finished). */
  summary?: SweepSummary;
  /** Why a sweep failed as a whole (a job's own failure is on the job). */
  message?: string;
}

/**
 * The job states in lifecycle order (the grid's columns). The same list as the sweep module's, kept here because
 * that module carries the config schema and its expansion, which the renderer bundle must not load.
 */
export const SWEEP_JOB_STATES: readonly SweepJobState[] = ['queued', 'running', 'done', 'failed', 'cancelled'];

/** How many jobs are in each state. */
export function jobCounts(jobs: readonly SweepJobView[]): Record<SweepJobState, number> {
  const counts = { queued: 0, running: 0, done: 0, failed: 0, cancelled: 0 };
  for (const j of jobs) counts[j.state]++;
  return counts;
}

/** "3 done, 1 running, 4 queued of 8 jobs": the states that occur, in lifecycle order. */
export function jobCountsLine(jobs: readonly SweepJobView[]): string {
  const counts = jobCounts(jobs);
  const parts = SWEEP_JOB_STATES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  return `${parts.join(', ')} of ${jobs.length} job${jobs.length === 1 ? '' : 's'}`;
}

/** A swept value as text: strings as they are, everything else as JSON. */
export function valueText(v: JsonValue | undefined): string {
  if (v === undefined) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** "scheme=B, reduce.method=auto" */
export function valuesLine(fields: readonly string[], values: Record<string, JsonValue>): string {
  return fields.map((f) => `${f}=${valueText(values[f])}`).join(', ');
}

/** "97.12% ± 0.41" (sd in points), the mean alone for one finished repeat, "–" for none. */
export function meanSdPct(s: SweepStat | null, n: number): string {
  if (!s) return '–';
  return n > 1 ? `${formatPct(s.mean)} ± ${(100 * s.sd).toFixed(2)}` : formatPct(s.mean);
}

export function meanSdInt(s: SweepStat | null, n: number): string {
  if (!s) return '–';
  return n > 1 ? `${formatInt(s.mean)} ± ${formatInt(s.sd)}` : formatInt(s.mean);
}

export function meanSdEnergy(s: SweepStat | null, n: number): string {
  if (!s) return '–';
  return n > 1 ? `${formatEnergy(s.mean)} ± ${formatEnergy(s.sd)}` : formatEnergy(s.mean);
}

export function sweepOutput(p: SweepPayload): CellOutputData {
  return {
    items: [
      { mime: SWEEP_MIME, data: p as unknown as JsonValue },
      { mime: MARKDOWN_MIME, data: sweepMarkdown(p) },
    ],
  };
}

export interface SweepTable {
  headers: string[];
  rows: string[][];
}

/**
 * One row per swept configuration: its values, how many repeats finished, and mean ± sd over them of test
 * accuracy, connections and energy, the geometric-mean compression, and whether it is on the Pareto front. The
 * renderer's table and the markdown summary are both this.
 */
export function sweepGroupTable(p: SweepPayload): SweepTable {
  const s = p.summary;
  const headers = [...p.fields, 'n', 'Test accuracy (mean ± sd, pt)', 'Connections', 'Energy', 'Compression', 'Pareto'];
  if (!s) return { headers, rows: [] };
  const pareto = new Set(s.pareto);
  const rows = s.groups.map((g) => {
    const ok = g.done > 0;
    return [
      ...p.fields.map((f) => valueText(g.values[f])),
      `${g.done}${g.failed ? ` (${g.failed} failed)` : ''}`,
      meanSdPct(g.testAccuracy, g.done),
      meanSdInt(g.connections, g.done),
      meanSdEnergy(g.energy, g.done),
      ok && g.compression !== null ? formatRatio(g.compression) : ok ? '∞' : '–',
      pareto.has(g.group) ? 'yes' : '',
    ];
  });
  return { headers, rows };
}

/**
 * A table cell of ours (a header, a formatted number): only a pipe could break the row. Swept values and paths
 * are the user's text and get the full escaping of `markdownText`.
 */
const cell = (text: string): string => text.replace(/\|/g, '\\|');

const HEADLINE: Record<SweepStatus, string> = {
  running: 'running',
  done: 'done',
  cancelled: 'cancelled',
  failed: 'failed',
};

/** The sweep as markdown: a line of job counts while it runs, then one table row per swept configuration. */
export function sweepMarkdown(p: SweepPayload): string {
  const lines = [
    `### ${markdownText(p.name)} (sweep ${HEADLINE[p.status]})`,
    '',
    `Sweep ${markdownCode(p.sweepId)} over ${p.fields.map(markdownCode).join(', ') || 'no fields'}: ${jobCountsLine(p.jobs)}${p.backend === 'queue' ? ', through the queue' : ''}.`,
    '',
  ];
  if (p.message) lines.push(`**The sweep failed:** ${markdownText(p.message)}`, '');
  const table = sweepGroupTable(p);
  if (table.rows.length) {
    lines.push(
      `| ${table.headers.map((h, i) => (i < p.fields.length ? markdownText(h) : cell(h))).join(' | ')} |`,
      `|${table.headers.map((_, i) => (i < p.fields.length ? '---' : i === table.headers.length - 1 ? ':-:' : '---:')).join('|')}|`,
      ...table.rows.map((r) => `| ${r.map((c, i) => (i < p.fields.length ? markdownText(c) : cell(c))).join(' | ')} |`),
      '',
    );
  }
  const failed = p.jobs.filter((j) => j.state === 'failed');
  if (failed.length) {
    lines.push(`${failed.length} job${failed.length === 1 ? '' : 's'} failed:`, '');
    for (const j of failed.slice(0, 10))
      lines.push(
        `- ${markdownCode(j.jobId)} (${markdownText(valuesLine(p.fields, j.values))}): ${markdownText(j.error ?? 'no message')}`,
      );
    if (failed.length > 10) lines.push(`- and ${failed.length - 10} more`);
    lines.push('');
  }
  return lines.join('\n');
}
