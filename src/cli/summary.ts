import { schemeLabel, type RunResult } from '../protocol/result';
import { formatEnergy } from '../protocol/runOutput';

/** A plain-text baseline vs SCANN table for the terminal. */
export function terminalSummary(r: RunResult): string {
  const b = r.baseline;
  const f = r.final;
  const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;
  const n = (x: number): string => x.toLocaleString('en-US');
  const x = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(1)}x` : 'n/a');
  const dAcc = (f.testAccuracy - b.testAccuracy) * 100;
  const rows: [string, string, string][] = [
    [
      '',
      `baseline MLP ${b.layers.join('-')}${b.epochsUsed !== undefined ? ` (${b.epochsUsed} epochs)` : ''}`,
      schemeLabel(r.scheme).scheme,
    ],
    ['test accuracy', pct(b.testAccuracy), `${pct(f.testAccuracy)} (${dAcc >= 0 ? '+' : ''}${dAcc.toFixed(2)} pt)`],
    ['validation accuracy', pct(b.validationAccuracy), pct(f.validationAccuracy)],
    ['connections', n(b.connections), `${n(f.connections)} (${x(r.compression)} fewer)`],
    ['hidden neurons', n(b.hiddenNeurons), n(f.hiddenNeurons)],
    ['depth', String(b.depth), String(f.depth)],
    [
      `energy/inference (${r.energy.table.name})`,
      formatEnergy(r.energy.baseline),
      `${formatEnergy(r.energy.final)} (${x(r.energy.ratio)} less)`,
    ],
  ];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  const head = `${r.name}${r.status === 'cancelled' ? ' [cancelled: best so far]' : ''} — ${r.dataset.source}, ${r.dataset.trainRows}/${r.dataset.validationRows}/${r.dataset.testRows} rows, seed ${r.seed}, ${(r.durationMs / 1000).toFixed(1)} s`;
  return [head, ...rows.map(([a, b2, c]) => `  ${a.padEnd(w0)}  ${b2.padEnd(w1)}  ${c}`)].join('\n');
}
