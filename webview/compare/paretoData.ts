/**
 * The compare view's Pareto figure: test accuracy against connections and against energy per inference (log
 * axes), one point per run and per distinct baseline, and the Pareto front of each dataset highlighted. Pure.
 */
import type { PlotData, PlotLayout } from '../components/plotTypes';
import { comparisonShort } from '../../src/protocol/claims';
import type { RunSummary } from '../../src/protocol/runSummary';
import { formatEnergy, int, pct } from '../components/format';
import { paretoFront } from '../components/pareto';
import { plotTitle, themedAxis, themedLayout } from '../components/plotTheme';
import { plotlyText } from '../components/plotText';
import type { Palette } from '../components/palette';

export interface ComparePoint {
  label: string;
  dataset: string;
  kind: 'run' | 'baseline';
  accuracy: number;
  connections: number;
  energyPj: number;
  /** Hover text after the label (Plotly markup): a missed target, the paired interval against the baseline. */
  note?: string;
}

/** Runs, then each distinct baseline once (runs of one dataset usually share it). */
export function comparePoints(runs: readonly RunSummary[]): ComparePoint[] {
  const points: ComparePoint[] = runs.map((r) => ({
    label: r.name,
    dataset: r.dataset,
    kind: 'run',
    accuracy: r.testAccuracy,
    connections: r.connections,
    energyPj: r.energyPj,
    ...(r.comparison || r.target?.met === false
      ? {
          note:
            (r.target?.met === false ? ' (target NOT met)' : '') +
            (r.comparison ? `<br>${comparisonShort(r.comparison)} vs baseline` : ''),
        }
      : {}),
  }));
  const seen = new Set<string>();
  for (const r of runs) {
    const b = r.baseline;
    const key = [r.dataset, b.layers.join('-'), b.testAccuracy, b.connections, b.energyPj].join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    points.push({
      label: `baseline MLP ${b.layers.join('-')} (${r.dataset})`,
      dataset: r.dataset,
      kind: 'baseline',
      accuracy: b.testAccuracy,
      connections: b.connections,
      energyPj: b.energyPj,
    });
  }
  return points;
}

/** Indices (into `points`) of each dataset's Pareto front for the given cost, by increasing cost. */
export function frontsByDataset(
  points: readonly ComparePoint[],
  cost: 'connections' | 'energyPj',
): Map<string, number[]> {
  const byDataset = new Map<string, number[]>();
  points.forEach((p, i) => byDataset.set(p.dataset, [...(byDataset.get(p.dataset) ?? []), i]));
  const out = new Map<string, number[]>();
  for (const [dataset, idx] of byDataset) {
    const front = paretoFront(idx.map((i) => ({ cost: points[i]![cost], accuracy: points[i]!.accuracy })));
    out.set(
      dataset,
      front.map((k) => idx[k]!),
    );
  }
  return out;
}

export function paretoFigure(runs: readonly RunSummary[], p: Palette): { data: PlotData[]; layout: PlotLayout } {
  const points = comparePoints(runs);
  const data: PlotData[] = [];
  const panels = [
    { cost: 'connections' as const, x: 'x', y: 'y', fmt: (v: number) => `${int(v)} connections` },
    { cost: 'energyPj' as const, x: 'x2', y: 'y2', fmt: (v: number) => formatEnergy(v) },
  ];
  panels.forEach((panel, k) => {
    for (const kind of ['run', 'baseline'] as const) {
      const pts = points.filter((q) => q.kind === kind);
      data.push({
        type: 'scatter',
        mode: 'markers+text',
        name: kind === 'run' ? 'SCANN runs' : 'baselines',
        legendgroup: kind,
        showlegend: k === 0,
        x: pts.map((q) => q[panel.cost]),
        y: pts.map((q) => q.accuracy),
        text: pts.map((q) => (kind === 'run' ? plotlyText(q.label) : 'baseline')),
        textposition: 'top center',
        textfont: { size: 10, color: p.muted },
        cliponaxis: false,
        customdata: pts.map(
          (q) => `${plotlyText(q.label)}${q.note ?? ''}<br>${panel.fmt(q[panel.cost])}, test ${pct(q.accuracy)}`,
        ),
        hovertemplate: '%{customdata}<extra></extra>',
        marker: {
          color: kind === 'run' ? p.series[0] : p.series[1],
          size: kind === 'run' ? 10 : 12,
          symbol: kind === 'run' ? 'circle' : 'square',
          line: { color: p.background, width: 1 },
        },
        xaxis: panel.x,
        yaxis: panel.y,
      });
    }
    for (const [dataset, front] of frontsByDataset(points, panel.cost)) {
      data.push({
        type: 'scatter',
        mode: 'lines+markers',
        name: `Pareto front${frontsByDataset(points, panel.cost).size > 1 ? ` (${plotlyText(dataset)})` : ''}`,
        legendgroup: `front-${dataset}`,
        showlegend: k === 0,
        x: front.map((i) => points[i]![panel.cost]),
        y: front.map((i) => points[i]!.accuracy),
        line: { color: p.series[2], width: 2.5, shape: 'hv' },
        marker: { size: 16, symbol: 'circle-open', color: p.series[2], line: { width: 2.5 } },
        hoverinfo: 'skip',
        xaxis: panel.x,
        yaxis: panel.y,
      });
    }
  });
  return {
    data,
    layout: themedLayout(p, {
      title: plotTitle('Test accuracy vs connections and vs energy per inference (Pareto front highlighted)'),
      grid: { rows: 1, columns: 2, pattern: 'independent' },
      xaxis: themedAxis(p, { title: { text: 'connections (log)' }, type: 'log', dtick: 'D2' }),
      yaxis: themedAxis(p, { title: { text: 'test accuracy' }, tickformat: '.2%' }),
      xaxis2: themedAxis(p, { title: { text: 'energy per inference, pJ (log)' }, type: 'log', dtick: 'D2' }),
      yaxis2: themedAxis(p, { title: { text: 'test accuracy' }, tickformat: '.2%' }),
    }),
  };
}
