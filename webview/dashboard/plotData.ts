/**
 * The dashboard's plotly figures as data: training curves (accuracy and loss per epoch), connections and hidden
 * neurons per step, and validation accuracy against connections and against energy (log axes) with the baseline
 * marked. Pure (no DOM): the plots module hands these to plotly.
 */
import type { PlotData, PlotLayout } from '../components/plotTypes';
import type { RunTimeline } from './timeline';
import { baselineLabel } from '../../src/protocol/result';
import { decimateMinMax, pick } from '../components/decimate';
import { describeChange, formatEnergy, int, pct } from '../components/format';
import { themedAxis, themedLayout } from '../components/plotTheme';
import type { Palette } from '../components/palette';
import { history, historyEnergy } from './model';

export interface Figure {
  /** Shown above the plot as HTML (wraps instead of clipping, and never meets the legend). */
  title: string;
  data: PlotData[];
  layout: PlotLayout;
}

/** Integer ticks for counts: 1, 2, 5, 10, 20, 50… apart, about `target` of them up to `max`. */
export function integerDtick(max: number, target = 5): number {
  const raw = Math.max(1, max / target);
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * mag >= raw) return m * mag;
  return 10 * mag;
}

/** A step axis from the first step to the last (no -1 or fractional steps), integer ticks. */
function stepAxis(p: Palette, steps: number[], title: string): Record<string, unknown> {
  const lo = steps.length ? Math.min(...steps) : 0;
  const hi = steps.length ? Math.max(...steps) : 1;
  return themedAxis(p, {
    title: { text: title },
    range: [lo - 0.4, Math.max(hi, lo + 1) + 0.4],
    tick0: 0,
    dtick: integerDtick(hi - lo, 10),
    tickformat: 'd',
    zeroline: false,
  });
}

/** Longest epoch curve handed to plotly; long runs are min-max decimated. */
export const MAX_CURVE_POINTS = 1500;

export const OP_SYMBOLS: Record<string, string> = {
  train: 'circle',
  growConnections: 'triangle-up',
  growNeurons: 'diamond',
  growChannels: 'square',
  prune: 'triangle-down',
};

/** Epoch numbers (1-based, over the whole run) covered by synthesis step `step`. */
export function stepEpochRange(t: RunTimeline, step: number): [number, number] | undefined {
  let first = -1;
  let last = -1;
  t.epochs.forEach((e, i) => {
    if (e.phase === 'synthesis' && e.step === step) {
      if (first < 0) first = i + 1;
      last = i + 1;
    }
  });
  return first < 0 ? undefined : [first, last];
}

export function curvesFigure(t: RunTimeline, p: Palette, currentStep: number | undefined): Figure {
  const data: PlotData[] = [];
  // Train and validation told apart by colour and dash, accuracy and loss by colour (and their own axes).
  const curves = [
    ['trainAccuracy', 'train accuracy', p.series[0]!, 'solid', 'y'],
    ['validationAccuracy', 'validation accuracy', p.series[1]!, 'dash', 'y'],
    ['trainLoss', 'train loss', p.series[2]!, 'solid', 'y2'],
    ['validationLoss', 'validation loss', p.series[3]!, 'dash', 'y2'],
  ] as const;
  for (const phase of ['baseline', 'synthesis'] as const) {
    const idx: number[] = [];
    t.epochs.forEach((e, i) => e.phase === phase && idx.push(i));
    if (idx.length === 0) continue;
    for (const [key, name, color, dash, axis] of curves) {
      const ys = idx.map((i) => t.epochs[i]![key]);
      const keep = decimateMinMax(ys, Math.floor(MAX_CURVE_POINTS / 3));
      data.push({
        type: 'scatter',
        mode: 'lines',
        name: phase === 'baseline' ? `${name} (baseline)` : name,
        legendgroup: name,
        showlegend: phase === 'synthesis' || !t.epochs.some((e) => e.phase === 'synthesis'),
        x: pick(idx, keep).map((i) => i + 1),
        y: pick(ys, keep),
        yaxis: axis,
        // The baseline phase is the shaded band; its curves are thinner.
        line: { color, width: phase === 'baseline' ? 1.1 : 1.7, dash },
        hovertemplate: `${name}: %{y:.4g}<br>epoch %{x}<extra>${phase}</extra>`,
      });
    }
  }
  const shapes: Record<string, unknown>[] = [];
  const baselineEpochs = t.epochs.filter((e) => e.phase === 'baseline').length;
  if (baselineEpochs > 0) {
    shapes.push(band(0.5, baselineEpochs + 0.5, p.muted, 0.12));
  }
  const range = currentStep !== undefined ? stepEpochRange(t, currentStep) : undefined;
  if (range) shapes.push(band(range[0] - 0.5, range[1] + 0.5, p.accent, 0.14));
  return {
    title: 'Accuracy and loss per epoch',
    data,
    layout: themedLayout(p, {
      xaxis: themedAxis(p, {
        title: { text: 'epoch (baseline shaded, current step highlighted)' },
        anchor: 'y2',
        rangemode: 'nonnegative',
        tickformat: 'd',
      }),
      yaxis: themedAxis(p, { title: { text: 'accuracy' }, domain: [0.52, 1], tickformat: '.0%' }),
      yaxis2: themedAxis(p, { title: { text: 'loss (log)' }, domain: [0, 0.44], type: 'log', dtick: 1 }),
      shapes,
      showlegend: true,
    }),
  };
}

function band(x0: number, x1: number, color: string, opacity: number): Record<string, unknown> {
  return {
    type: 'rect',
    xref: 'x',
    yref: 'paper',
    x0,
    x1,
    y0: 0,
    y1: 1,
    fillcolor: color,
    opacity,
    line: { width: 0 },
    layer: 'below',
  };
}

export function structureFigure(t: RunTimeline, p: Palette, currentStep: number | undefined): Figure {
  const h = history(t);
  const x = h.map((s) => s.step);
  const text = h.map(
    (s) =>
      `step ${s.step} (iteration ${s.iteration})<br>${describeChange(s)}<br>` +
      `${int(s.connections)} connections, ${s.hiddenNeurons} hidden<br>validation ${pct(s.validationAccuracy)}`,
  );
  const data: PlotData[] = [
    {
      type: 'scatter',
      mode: 'lines+markers',
      name: 'connections',
      x,
      y: h.map((s) => s.connections),
      line: { shape: 'hv', color: p.series[0], width: 2 },
      marker: { symbol: h.map((s) => OP_SYMBOLS[s.op] ?? 'circle'), size: 9, color: p.series[0] },
      text,
      hovertemplate: '%{text}<extra></extra>',
    },
    {
      type: 'scatter',
      mode: 'lines',
      name: 'hidden neurons',
      x,
      y: h.map((s) => s.hiddenNeurons),
      yaxis: 'y2',
      line: { shape: 'hv', color: p.series[3], width: 1.6, dash: 'dot' },
      hovertemplate: '%{y} hidden neurons<extra></extra>',
    },
  ];
  const shapes =
    currentStep !== undefined
      ? [
          {
            type: 'line',
            xref: 'x',
            yref: 'paper',
            x0: currentStep,
            x1: currentStep,
            y0: 0,
            y1: 1,
            line: { color: p.accent, width: 2 },
          },
        ]
      : [];
  const maxNeurons = Math.max(1, ...h.map((s) => s.hiddenNeurons));
  return {
    title: 'Connections and hidden neurons per step',
    data,
    layout: themedLayout(p, {
      xaxis: stepAxis(p, x, 'step (▲ grow, ▼ prune, ◆ grow neurons)'),
      yaxis: themedAxis(p, { title: { text: 'connections' }, rangemode: 'tozero' }),
      yaxis2: themedAxis(p, {
        title: { text: 'hidden neurons' },
        overlaying: 'y',
        side: 'right',
        // Whole neurons only: ticks on integers from 0, room above the largest count.
        range: [0, maxNeurons * 1.08],
        tick0: 0,
        dtick: integerDtick(maxNeurons),
        showgrid: false,
        tickformat: 'd',
      }),
      shapes,
    }),
  };
}

/** Validation accuracy against a cost per step, with the baseline (and the selected network when done). */
function tradeoffFigure(
  t: RunTimeline,
  p: Palette,
  title: string,
  xTitle: string,
  costs: number[],
  baselineCost: number | undefined,
  finalCost: number | undefined,
  fmt: (v: number) => string,
): Figure {
  const h = history(t).slice(0, costs.length);
  const data: PlotData[] = [
    {
      type: 'scatter',
      mode: 'lines+markers+text',
      name: 'synthesis steps',
      x: costs,
      y: h.map((s) => s.validationAccuracy),
      text: h.map((s) => String(s.step)),
      textposition: 'top center',
      textfont: { color: p.muted, size: 10 },
      line: { color: p.series[0], width: 1, dash: 'dot' },
      marker: { color: p.series[0], size: 8, symbol: h.map((s) => OP_SYMBOLS[s.op] ?? 'circle') },
      customdata: costs.map(fmt),
      hovertemplate: 'step %{text}: %{customdata}, validation %{y:.2%}<extra></extra>',
    },
  ];
  const b = t.baseline;
  if (b && baselineCost !== undefined) {
    data.push({
      type: 'scatter',
      mode: 'markers+text',
      name: `baseline ${baselineLabel(b)}`,
      x: [baselineCost],
      y: [b.validationAccuracy],
      text: ['baseline'],
      textposition: 'bottom center',
      textfont: { color: p.series[1] },
      marker: { color: p.series[1], size: 14, symbol: 'star' },
      hovertemplate: `baseline: ${fmt(baselineCost)}, validation %{y:.2%}<extra></extra>`,
    });
  }
  const f = t.result?.final;
  if (f && finalCost !== undefined) {
    data.push({
      type: 'scatter',
      mode: 'markers',
      name: 'selected network',
      x: [finalCost],
      y: [f.validationAccuracy],
      marker: { color: p.series[2], size: 16, symbol: 'star-diamond', line: { color: p.foreground, width: 1 } },
      hovertemplate: `selected: ${fmt(finalCost)}, validation %{y:.2%}, test ${pct(f.testAccuracy)}<extra></extra>`,
    });
  }
  return {
    title,
    data,
    layout: themedLayout(p, {
      xaxis: themedAxis(p, { title: { text: xTitle }, type: 'log', dtick: 'D2' }),
      yaxis: themedAxis(p, { title: { text: 'validation accuracy' }, tickformat: '.1%' }),
    }),
  };
}

export function accuracyConnectionsFigure(t: RunTimeline, p: Palette): Figure {
  const h = history(t);
  return tradeoffFigure(
    t,
    p,
    'Accuracy vs connections',
    'connections (log)',
    h.map((s) => s.connections),
    t.baseline?.connections,
    t.result?.final.connections,
    (v) => `${int(v)} connections`,
  );
}

export function accuracyEnergyFigure(t: RunTimeline, p: Palette): Figure {
  const table = t.energyTable?.name;
  return tradeoffFigure(
    t,
    p,
    // The title is a heading's text (set with textContent), not Plotly markup: no escaping.
    `Accuracy vs energy per inference${table ? ` (${table})` : ''}`,
    'energy per inference, pJ (log)',
    historyEnergy(t),
    t.baseline?.energyPj,
    // The network alone, like the per-step energies it is plotted among (`energy.final` adds the DR transform).
    t.result?.final.energyPj,
    (v) => formatEnergy(v),
  );
}
