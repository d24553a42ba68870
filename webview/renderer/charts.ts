/**
 * The renderer's four charts as specs (data only; `drawChart` draws them): accuracy and loss per epoch with the
 * baseline phase shaded, connections and hidden neurons per step with the operation of each step, and energy per
 * inference per step against the baseline. Pure (no DOM).
 */
import { inferenceEnergy } from '../../src/protocol/energy';
import type { EpochPoint, HistoryStep } from '../../src/protocol/result';
import type { ChartSpec, MarkerShape } from '../components/chartSpec';
import { decimateMinMax, pick } from '../components/decimate';
import { describeChange, formatEnergy, int, pct } from '../components/format';
import type { RunView } from '../components/payload';
import type { Palette } from '../components/palette';

/** Most points per epoch curve; saved outputs already hold at most 400 epochs. */
const MAX_POINTS = 300;

export const OP_SHAPES: Record<string, MarkerShape> = {
  train: 'circle',
  growConnections: 'up',
  growNeurons: 'diamond',
  growChannels: 'square',
  prune: 'down',
};

const OP_LEGEND: { op: string; label: string }[] = [
  { op: 'train', label: 'train' },
  { op: 'growConnections', label: 'grow conn.' },
  { op: 'growNeurons', label: 'grow neurons' },
  { op: 'growChannels', label: 'grow channels' },
  { op: 'prune', label: 'prune' },
];

function curve(
  epochs: EpochPoint[],
  phase: EpochPoint['phase'],
  key: 'trainAccuracy' | 'validationAccuracy' | 'trainLoss' | 'validationLoss',
): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  epochs.forEach((e, i) => {
    if (e.phase !== phase) return;
    x.push(i + 1);
    y.push(e[key]);
  });
  const keep = decimateMinMax(y, Math.floor(MAX_POINTS / 3));
  return { x: pick(x, keep), y: pick(y, keep) };
}

function epochBands(epochs: EpochPoint[]): ChartSpec['bands'] {
  const n = epochs.filter((e) => e.phase === 'baseline').length;
  return n > 0 ? [{ x0: 0.5, x1: n + 0.5, label: 'baseline MLP' }] : [];
}

function epochSpec(
  view: RunView,
  p: Palette,
  title: string,
  yLabel: string,
  keys: ['trainAccuracy', 'validationAccuracy'] | ['trainLoss', 'validationLoss'],
  logY: boolean,
): ChartSpec {
  const [trainKey, valKey] = keys;
  const series: ChartSpec['series'] = [];
  for (const phase of ['baseline', 'synthesis'] as const) {
    const base = phase === 'baseline';
    const t = curve(view.epochs, phase, trainKey);
    const v = curve(view.epochs, phase, valKey);
    if (t.x.length === 0) continue;
    series.push(
      { name: base ? 'train (baseline)' : 'train', ...t, color: p.series[0]!, dashed: base },
      { name: base ? 'validation (baseline)' : 'validation', ...v, color: p.series[1]!, dashed: base },
    );
  }
  const spec: ChartSpec = {
    title,
    xLabel: 'epoch',
    yLabel,
    logY,
    series,
    bands: epochBands(view.epochs),
  };
  if (!logY) spec.yTickFormat = (v) => `${+(v * 100).toFixed(1)}%`;
  return spec;
}

export function accuracySpec(view: RunView, p: Palette): ChartSpec {
  return epochSpec(view, p, 'Accuracy per epoch', 'accuracy', ['trainAccuracy', 'validationAccuracy'], false);
}

export function lossSpec(view: RunView, p: Palette): ChartSpec {
  return epochSpec(view, p, 'Loss per epoch', 'cross-entropy (log)', ['trainLoss', 'validationLoss'], true);
}

function stepTitle(h: HistoryStep): string {
  return (
    `step ${h.step} (iteration ${h.iteration}): ${describeChange(h)}; ` +
    `${int(h.connections)} connections, ${h.hiddenNeurons} hidden, validation ${pct(h.validationAccuracy)}`
  );
}

function selectedStep(view: RunView): number | undefined {
  return view.result?.final.selectedAt.step;
}

export function structureSpec(view: RunView, p: Palette): ChartSpec {
  const h = view.history;
  const x = h.map((s) => s.step);
  const sel = selectedStep(view);
  const series: ChartSpec['series'] = [
    {
      name: 'connections',
      x,
      y: h.map((s) => s.connections),
      color: p.series[0]!,
      line: 'step',
      markers: { shape: h.map((s) => OP_SHAPES[s.op] ?? 'circle'), titles: h.map(stepTitle), size: 4 },
    },
    {
      name: 'hidden neurons',
      x,
      y: h.map((s) => s.hiddenNeurons),
      color: p.series[3]!,
      line: 'step',
      axis: 'right',
      dashed: true,
    },
  ];
  const selected = h.find((s) => s.step === sel);
  if (selected) {
    series.push({
      name: 'selected',
      x: [selected.step],
      y: [selected.connections],
      color: p.series[2]!,
      line: 'none',
      markers: { shape: 'star', titles: [`selected network: ${stepTitle(selected)}`], size: 5 },
    });
  }
  const usedOps = new Set(h.map((s) => s.op));
  // Counts from zero: the relative shrinkage is the point, and neuron counts change by a few at a time.
  const maxC = Math.max(1, ...h.map((s) => s.connections));
  const maxH = Math.max(1, ...h.map((s) => s.hiddenNeurons));
  return {
    title: 'Connections and hidden neurons per step',
    xLabel: 'step',
    yLabel: 'connections',
    y2Label: 'hidden neurons',
    yRange: [0, maxC * 1.08],
    y2Range: [0, maxH * 1.15],
    y2Integer: true,
    series,
    legendExtra: OP_LEGEND.filter((o) => usedOps.has(o.op as HistoryStep['op'])).map((o) => ({
      label: o.label,
      color: p.muted,
      shape: OP_SHAPES[o.op]!,
    })),
  };
}

export function stepEnergies(view: RunView): number[] {
  const table = view.energyTable;
  const outputs = view.dataset?.classes ?? view.graph?.outputs ?? 0;
  if (!table) return [];
  return view.history.map((s) => inferenceEnergy({ ...s, outputs }, table));
}

export function energySpec(view: RunView, p: Palette): ChartSpec | undefined {
  const energies = stepEnergies(view);
  // Live outputs without an energy table have no per-step energies yet: no chart rather than an empty one.
  if (energies.length === 0) return undefined;
  const x = view.history.map((s) => s.step);
  const sel = selectedStep(view);
  const series: ChartSpec['series'] = [
    {
      name: 'SCANN network',
      x,
      y: energies,
      color: p.series[0]!,
      markers: { shape: 'circle', titles: energies.map((e, i) => `step ${x[i]}: ${formatEnergy(e)} per inference`) },
    },
  ];
  const si = view.history.findIndex((s) => s.step === sel);
  if (si >= 0) {
    series.push({
      name: 'selected',
      x: [x[si]!],
      y: [energies[si]!],
      color: p.series[2]!,
      line: 'none',
      markers: { shape: 'star', titles: [`selected network: ${formatEnergy(energies[si]!)}`], size: 5 },
    });
  }
  const spec: ChartSpec = {
    title: `Energy per inference${view.energyTable ? ` (${view.energyTable.name})` : ''}`,
    xLabel: 'step',
    // Each tick names its own unit (pJ, nJ, uJ): the title names none.
    yLabel: 'per inference (log)',
    logY: true,
    series,
    yTickFormat: (v) => formatEnergy(v).replace('.00', ''),
  };
  if (view.baseline) {
    spec.hlines = [
      { y: view.baseline.energyPj, label: `baseline ${formatEnergy(view.baseline.energyPj)}`, color: p.series[1]! },
    ];
  }
  return spec;
}
