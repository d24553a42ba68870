import { comparisonVerdict, reduceLine, targetHeadline, targetMetLine } from '../protocol/claims';
import { connectionsCell, energyCell } from '../protocol/countedCost';
import { baselineLabel, schemeChoiceLine, schemeLabel, type RunResult } from '../protocol/result';
import { formatEnergy } from '../protocol/numbers';
import { testAccuracyCell } from '../protocol/runOutput';
import { statusLabel, verdictLine } from '../protocol/verdict';

/** A plain-text baseline vs SCANN table for the terminal, then what the run claims (target, test comparison, DR). */
export function terminalSummary(r: RunResult): string {
  const b = r.baseline;
  const f = r.final;
  const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;
  const n = (x: number): string => x.toLocaleString('en-US');
  const rows: [string, string, string][] = [
    [
      '',
      `baseline ${baselineLabel(b)}${b.epochsUsed !== undefined ? ` (${b.epochsUsed} epochs)` : ''}`,
      schemeLabel(r.scheme).scheme,
    ],
    ['test accuracy', pct(b.testAccuracy), testAccuracyCell(r)],
    ['validation accuracy', pct(b.validationAccuracy), pct(f.validationAccuracy)],
    ['connections', n(b.connections), connectionsCell(r)],
    ['hidden neurons', n(b.hiddenNeurons), n(f.hiddenNeurons)],
    ['depth', String(b.depth), String(f.depth)],
    [`energy/inference (${r.energy.table.name})`, formatEnergy(r.energy.baseline), energyCell(r, formatEnergy)],
  ];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  const head = `${r.name}${r.status === 'cancelled' ? ` [${statusLabel(r.status)}]` : ''} — ${r.dataset.source}, ${r.dataset.trainRows}/${r.dataset.validationRows}/${r.dataset.testRows} rows, seed ${r.seed}, ${(r.durationMs / 1000).toFixed(1)} s`;
  const lines = [
    head,
    `  verdict: ${verdictLine(r)}`,
    ...rows.map(([a, b2, c]) => `  ${a.padEnd(w0)}  ${b2.padEnd(w1)}  ${c}`),
  ];
  if (r.comparison) lines.push(`  ${comparisonVerdict(r.comparison)}`);
  if (r.schemeChoice) lines.push(`  ${schemeChoiceLine(r.schemeChoice)}`);
  if (r.reduce) lines.push(`  reduce: ${reduceLine(r.reduce)}`);
  const t = r.target;
  const missed = targetHeadline(t);
  if (missed && t) {
    lines.push(`  ${missed}`);
    if (t.suggestions.length) lines.push('  try:', ...t.suggestions.map((s) => `    - ${s}`));
  } else if (t) {
    lines.push(`  ${targetMetLine(t)}`);
  }
  return lines.join('\n');
}
