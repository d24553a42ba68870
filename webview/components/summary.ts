/** The summary table of a run against its baseline: the same rows and numbers as the markdown summary. */
import {
  baselineLabel,
  schemeLabel,
  type EnergyTable,
  type EvaluatedNetwork,
  type HistoryStep,
  type RunResult,
} from '../../src/protocol/result';
import { inferenceEnergy } from '../../src/protocol/energy';
import { testAccuracyCell } from '../../src/protocol/runOutput';
import { connectionsCell, energyCell } from '../../src/protocol/countedCost';
import { formatEnergy, int, pct } from './format';

export interface SummaryTable {
  headers: [string, string, string];
  rows: [string, string, string][];
}

/** Finished (or cancelled) run: exactly the cells of `markdownSummary`. */
export function summaryTable(r: RunResult): SummaryTable {
  const b = r.baseline;
  const f = r.final;
  return {
    headers: ['', `Baseline ${baselineLabel(b)}`, schemeLabel(r.scheme).network],
    rows: [
      ['Test accuracy', pct(b.testAccuracy), testAccuracyCell(r)],
      ['Validation accuracy', pct(b.validationAccuracy), pct(f.validationAccuracy)],
      ['Connections', int(b.connections), connectionsCell(r)],
      ['Hidden neurons', int(b.hiddenNeurons), int(f.hiddenNeurons)],
      ['Depth', String(b.depth), String(f.depth)],
      [`Energy per inference (${r.energy.table.name})`, formatEnergy(r.energy.baseline), energyCell(r, formatEnergy)],
    ],
  };
}

/** A run still going: the baseline (once known) against the latest finished step. */
export function liveSummaryTable(
  baseline: (EvaluatedNetwork & { layers: number[] }) | undefined,
  last: HistoryStep | undefined,
  outputs: number,
  table: EnergyTable | undefined,
): SummaryTable {
  const dash = '—';
  const rows: [string, string, string][] = [
    ['Test accuracy', baseline ? pct(baseline.testAccuracy) : dash, dash],
    [
      'Validation accuracy',
      baseline ? pct(baseline.validationAccuracy) : dash,
      last ? pct(last.validationAccuracy) : dash,
    ],
    ['Connections', baseline ? int(baseline.connections) : dash, last ? int(last.connections) : dash],
    ['Hidden neurons', baseline ? int(baseline.hiddenNeurons) : dash, last ? int(last.hiddenNeurons) : dash],
    ['Depth', baseline ? String(baseline.depth) : dash, last ? String(last.depth) : dash],
  ];
  if (table) {
    const e = last ? inferenceEnergy({ ...last, outputs }, table) : undefined;
    rows.push([
      `Energy per inference (${table.name})`,
      baseline ? formatEnergy(baseline.energyPj) : dash,
      e !== undefined ? formatEnergy(e) : dash,
    ]);
  }
  return {
    headers: [
      '',
      baseline ? `Baseline ${baselineLabel(baseline)}` : 'Baseline',
      last ? `SCANN (step ${last.step})` : 'SCANN',
    ],
    rows,
  };
}
