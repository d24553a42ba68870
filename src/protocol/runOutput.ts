/**
 * What a config cell's output holds: the run result under our MIME type (drawn by the renderer) and a markdown
 * summary for any other viewer. Shared by the CLI and the extension so both write the same outputs.
 */
import { comparisonText, comparisonVerdict, reduceLine, targetHeadline, targetMetLine } from './claims';
import { connectionsCell, energyCell } from './countedCost';
import { markdownCode, markdownCodeBlock, markdownText } from './markdown';
import { MARKDOWN_MIME, RUN_MIME, type CellOutputData, type JsonValue } from './notebook';
import type { ArchitectureSnapshot } from './events';
import { formatEnergy, formatInt, formatPct } from './numbers';
import { statusLabel, verdictLine } from './verdict';
import {
  baselineLabel,
  schemeChoiceLine,
  schemeLabel,
  type DatasetSummary,
  type EnergyTable,
  type EpochPoint,
  type EvaluatedNetwork,
  type HistoryStep,
  type RunResult,
} from './result';

/**
 * What the run MIME item holds while a run is still going: everything known so far. Replaced by the final
 * `RunResult` (status done or cancelled) when the run ends. Both carry the run id when run from the editor.
 */
export interface LiveRunPayload {
  version: 1;
  status: 'running' | 'queued';
  runId: string;
  name: string;
  scheme: string;
  /** The energy table the run reports with (so live views can show energy per step). */
  energyTable: EnergyTable;
  startedAt: number;
  /** Total epochs the run will take (baseline included), for progress; known once the engine has started. */
  plannedEpochs?: number;
  epochsDone: number;
  dataset?: DatasetSummary;
  baseline?: EvaluatedNetwork & { layers: number[] };
  history: HistoryStep[];
  epochs: EpochPoint[];
  /** The latest architecture (after the last operation). */
  architecture?: ArchitectureSnapshot;
}

export type RunPayload = (RunResult & { runId?: string }) | LiveRunPayload;

/** Longest epoch history kept in a saved output; longer ones are decimated (first, last and evenly spaced). */
export const MAX_SAVED_EPOCHS = 400;

export function decimate<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(items[Math.round((i * (items.length - 1)) / (max - 1))]!);
  return out;
}

function compactResult(result: RunResult): RunResult {
  return { ...result, epochs: decimate<EpochPoint>(result.epochs, MAX_SAVED_EPOCHS) };
}

export function runOutput(result: RunResult, runId?: string): CellOutputData {
  const payload: RunPayload = runId ? { ...compactResult(result), runId } : compactResult(result);
  return {
    items: [
      { mime: RUN_MIME, data: payload as unknown as JsonValue },
      { mime: MARKDOWN_MIME, data: markdownSummary(result) },
    ],
  };
}

export function errorOutput(message: string): CellOutputData {
  return { items: [{ mime: MARKDOWN_MIME, data: `**SCANN run failed**\n\n${markdownCodeBlock(message)}` }] };
}

const pct = formatPct;
const int = formatInt;

export { formatEnergy };

/** The SCANN test accuracy cell: the delta with its paired 95% interval and p-value (older results: the delta). */
export function testAccuracyCell(r: RunResult): string {
  const f = r.final;
  const diff = (f.testAccuracy - r.baseline.testAccuracy) * 100;
  const delta = r.comparison ? comparisonText(r.comparison) : `${diff >= 0 ? '+' : ''}${diff.toFixed(2)} pt`;
  return `${pct(f.testAccuracy)} (${delta})`;
}

export function markdownSummary(r: RunResult): string {
  const b = r.baseline;
  const f = r.final;
  const missed = targetHeadline(r.target);
  const lines = [
    `### ${markdownText(r.name)}${r.status === 'cancelled' ? ` (${statusLabel(r.status)})` : ''}${missed ? ' (target not met)' : ''}`,
    '',
    `**Verdict:** ${verdictLine(r)}.`,
    '',
    ...(missed && r.target
      ? [
          `> **Warning: ${missed}.**`,
          ...(r.target.suggestions.length ? ['>', '> Try:', ...r.target.suggestions.map((s) => `> - ${s}`)] : []),
          '',
        ]
      : []),
    `${schemeLabel(r.scheme).scheme} on ${markdownCode(r.dataset.source)} (${int(r.dataset.trainRows)} train / ${int(r.dataset.validationRows)} validation / ${int(r.dataset.testRows)} test rows, ${r.dataset.features} features, ${r.dataset.classes} classes), seed ${r.seed}.`,
    ...(r.schemeChoice ? ['', `${schemeChoiceLine(r.schemeChoice)}.`] : []),
    '',
    `| | Baseline ${baselineLabel(b)} | ${schemeLabel(r.scheme).network} |`,
    '|---|---:|---:|',
    `| Test accuracy | ${pct(b.testAccuracy)} | ${testAccuracyCell(r)} |`,
    `| Validation accuracy | ${pct(b.validationAccuracy)} | ${pct(f.validationAccuracy)} |`,
    `| Connections | ${int(b.connections)} | ${connectionsCell(r)} |`,
    `| Hidden neurons | ${int(b.hiddenNeurons)} | ${int(f.hiddenNeurons)} |`,
    `| Depth | ${b.depth} | ${f.depth} |`,
    `| Energy per inference (${markdownText(r.energy.table.name)}) | ${formatEnergy(r.energy.baseline)} | ${energyCell(r, formatEnergy)} |`,
    '',
    `Selected by ${markdownCode(f.rule)} at step ${f.selectedAt.step} (iteration ${f.selectedAt.iteration}, after ${f.selectedAt.op}); ${r.history.length} steps in ${(r.durationMs / 1000).toFixed(1)} s.`,
    '',
  ];
  const notes = [
    r.comparison ? `Test accuracy, ${comparisonVerdict(r.comparison)} (interval: Newcombe, p: exact McNemar).` : '',
    r.target?.met ? targetMetLine(r.target) : '',
    r.reduce ? `DR: ${reduceLine(r.reduce)}.` : '',
  ].filter(Boolean);
  if (notes.length) lines.push(...notes.flatMap((n) => [n, '']));
  return lines.join('\n');
}
