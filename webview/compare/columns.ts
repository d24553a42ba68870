/**
 * The compare table's columns: one definition for the table cells, sorting and the CSV export, so the file says
 * what the table says. Pure (no DOM).
 */
import type { RunSummary } from '../../src/protocol/runSummary';
import type { CsvColumn } from '../components/csv';
import { formatDuration, formatEnergy, int, pct, ratio } from '../components/format';
import { comparisonShort, comparisonText, comparisonVerdict } from '../../src/protocol/claims';

export interface Column {
  key: string;
  label: string;
  /** Sort key. */
  value: (r: RunSummary) => number | string;
  /** Table cell text. */
  text: (r: RunSummary) => string;
  /** Tooltip of a cell, and a class marking it (a missed target). */
  title?: (r: RunSummary) => string | undefined;
  cellClass?: (r: RunSummary) => string | undefined;
  numeric: boolean;
  /** CSV header and raw value (full precision, plain units). */
  csv: CsvColumn<RunSummary>[];
}

/** The delta against the baseline: with its paired 95% interval when the run has one. */
const delta = (r: RunSummary): string => {
  if (r.comparison) return comparisonShort(r.comparison);
  const d = (r.testAccuracy - r.baseline.testAccuracy) * 100;
  return `${d >= 0 ? '+' : ''}${d.toFixed(2)} pt`;
};

export const COLUMNS: Column[] = [
  {
    key: 'name',
    label: 'Run',
    value: (r) => r.name,
    text: (r) => r.name,
    numeric: false,
    csv: [
      { header: 'run', value: (r) => r.name },
      { header: 'run_id', value: (r) => r.runId },
      { header: 'status', value: (r) => r.status },
    ],
  },
  {
    key: 'dataset',
    label: 'Dataset',
    value: (r) => r.dataset,
    text: (r) => r.dataset,
    numeric: false,
    csv: [{ header: 'dataset', value: (r) => r.dataset }],
  },
  {
    key: 'scheme',
    label: 'Scheme',
    value: (r) => r.scheme,
    text: (r) => r.scheme,
    numeric: false,
    csv: [{ header: 'scheme', value: (r) => r.scheme }],
  },
  {
    key: 'dr',
    label: 'DR',
    value: (r) => r.dr,
    text: (r) => r.dr,
    numeric: false,
    csv: [{ header: 'dr', value: (r) => r.dr }],
  },
  {
    key: 'testAccuracy',
    label: 'Test accuracy',
    value: (r) => r.testAccuracy,
    text: (r) => `${pct(r.testAccuracy)} (${delta(r)})`,
    title: (r) =>
      r.comparison
        ? `${comparisonText(r.comparison)} against the baseline's ${pct(r.baseline.testAccuracy)}; ${comparisonVerdict(r.comparison)}`
        : undefined,
    numeric: true,
    csv: [
      { header: 'test_accuracy', value: (r) => r.testAccuracy },
      { header: 'delta_ci95_low', value: (r) => r.comparison?.ci95[0] },
      { header: 'delta_ci95_high', value: (r) => r.comparison?.ci95[1] },
      { header: 'delta_p_value', value: (r) => r.comparison?.pValue },
    ],
  },
  {
    key: 'target',
    label: 'Target',
    // Missed first when sorted ascending; unknown (older results) last.
    value: (r) => (r.target ? (r.target.met ? 1 : 0) : 2),
    text: (r) => (r.target ? (r.target.met ? 'met' : 'NOT met') : '—'),
    title: (r) =>
      r.target
        ? r.target.met
          ? 'The selection rule found a network it accepts'
          : `target NOT met: ${r.target.reason ?? 'no network satisfied the rule'}`
        : 'Saved before targets were recorded',
    cellClass: (r) => (r.target && !r.target.met ? 'target-missed' : undefined),
    numeric: false,
    csv: [{ header: 'target_met', value: (r) => (r.target ? String(r.target.met) : undefined) }],
  },
  {
    key: 'connections',
    label: 'Connections',
    value: (r) => r.connections,
    text: (r) => int(r.connections),
    title: (r) => withTransformTitle(r, `network alone ${int(r.networkConnections)}`),
    numeric: true,
    csv: [
      { header: 'connections', value: (r) => r.connections },
      { header: 'network_connections', value: (r) => r.networkConnections },
      { header: 'hidden_neurons', value: (r) => r.hiddenNeurons },
    ],
  },
  {
    key: 'convWeights',
    label: 'Conv weights',
    // Networks without a conv front end sort first when ascending.
    value: (r) => r.conv?.weights ?? -1,
    text: (r) => (r.conv ? int(r.conv.weights) : '—'),
    title: (r) =>
      r.conv
        ? `kernel weights of the conv front end (counted in Connections); channels in use per conv layer: ${r.conv.channels.join(', ')}` +
          (r.baseline.convWeights !== undefined ? `; the baseline's: ${int(r.baseline.convWeights)}` : '')
        : 'no conv front end',
    numeric: true,
    csv: [
      { header: 'conv_weights', value: (r) => r.conv?.weights },
      { header: 'conv_channels', value: (r) => r.conv?.channels.join(' ') },
      { header: 'baseline_conv_weights', value: (r) => r.baseline.convWeights },
    ],
  },
  {
    key: 'compression',
    label: 'Compression',
    value: (r) => r.compression,
    text: (r) => ratio(r.compression),
    title: (r) => withTransformTitle(r, `network alone ${ratio(r.networkCompression)}`),
    numeric: true,
    csv: [
      { header: 'compression', value: (r) => r.compression },
      { header: 'network_compression', value: (r) => r.networkCompression },
    ],
  },
  {
    key: 'energyPj',
    label: 'Energy / inference',
    value: (r) => r.energyPj,
    text: (r) => formatEnergy(r.energyPj),
    numeric: true,
    csv: [
      { header: 'energy_pj', value: (r) => r.energyPj },
      { header: 'energy_table', value: (r) => r.energyTable },
    ],
  },
  {
    key: 'durationMs',
    label: 'Duration',
    value: (r) => r.durationMs,
    text: (r) => formatDuration(r.durationMs),
    numeric: true,
    csv: [{ header: 'duration_s', value: (r) => r.durationMs / 1000 }],
  },
  {
    key: 'baselineAccuracy',
    label: 'Baseline accuracy',
    value: (r) => r.baseline.testAccuracy,
    text: (r) => pct(r.baseline.testAccuracy),
    numeric: true,
    csv: [
      { header: 'baseline_layers', value: (r) => r.baseline.layers.join('-') },
      { header: 'baseline_test_accuracy', value: (r) => r.baseline.testAccuracy },
    ],
  },
  {
    key: 'baselineConnections',
    label: 'Baseline connections',
    value: (r) => r.baseline.connections,
    text: (r) => int(r.baseline.connections),
    numeric: true,
    csv: [{ header: 'baseline_connections', value: (r) => r.baseline.connections }],
  },
  {
    key: 'baselineEnergy',
    label: 'Baseline energy',
    value: (r) => r.baseline.energyPj,
    text: (r) => formatEnergy(r.baseline.energyPj),
    numeric: true,
    csv: [{ header: 'baseline_energy_pj', value: (r) => r.baseline.energyPj }],
  },
];

export const CSV_COLUMNS: CsvColumn<RunSummary>[] = COLUMNS.flatMap((c) => c.csv);

/** Stable sort by a column; ties keep their order. Unknown keys leave the order as is. */
export function sortRuns(runs: readonly RunSummary[], key: string, descending: boolean): RunSummary[] {
  const col = COLUMNS.find((c) => c.key === key);
  if (!col) return runs.slice();
  const dir = descending ? -1 : 1;
  return runs
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const va = col.value(a.r);
      const vb = col.value(b.r);
      const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
      return c * dir || a.i - b.i;
    })
    .map((x) => x.r);
}

/** Runs added to a list: new ids appended, known ids replaced in place (a re-run updates its row). */
export function mergeRuns(current: readonly RunSummary[], added: readonly RunSummary[]): RunSummary[] {
  const out = current.slice();
  for (const r of added) {
    const i = out.findIndex((x) => x.runId === r.runId);
    if (i >= 0) out[i] = r;
    else out.push(r);
  }
  return out;
}

/** The hover text of a cost cell: what the DR transform adds, when the run has one. */
function withTransformTitle(r: RunSummary, networkAlone: string): string | undefined {
  return r.connections === r.networkConnections ? undefined : `DR transform counted; ${networkAlone}`;
}
