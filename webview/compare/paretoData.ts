/**
 * The compare view's Pareto figure: test accuracy against connections and against energy per inference (log
 * axes), one point per run and per distinct baseline, and the Pareto front of each dataset highlighted. Pure.
 */
import type { PlotData, PlotLayout } from '../components/plotTypes';
import { comparisonShort } from '../../src/protocol/claims';
import type { RunSummary } from '../../src/protocol/runSummary';
import { baselineLabel } from '../../src/protocol/result';
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

/** Runs of the same name are told apart by their date (or run id when the date is unknown). */
export function runLabels(runs: readonly RunSummary[]): string[] {
  const count = new Map<string, number>();
  for (const r of runs) count.set(r.name, (count.get(r.name) ?? 0) + 1);
  return runs.map((r) =>
    count.get(r.name)! > 1 ? `${r.name} (${r.createdAt !== undefined ? shortDate(r.createdAt) : r.runId})` : r.name,
  );
}

/** `12-05 01:12` (local time). */
export function shortDate(ms: number): string {
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** Runs, then each distinct baseline once (runs of one dataset usually share it). */
export function comparePoints(runs: readonly RunSummary[]): ComparePoint[] {
  const labels = runLabels(runs);
  const points: ComparePoint[] = runs.map((r, i) => ({
    label: labels[i]!,
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
      label: `baseline ${baselineLabel(b)} (${r.dataset})`,
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

export interface ParetoFigure {
  /** Shown above the plot as HTML (and put into exported images). */
  title: string;
  data: PlotData[];
  layout: PlotLayout;
}

export const PARETO_TITLE = 'Test accuracy vs connections and vs energy per inference (Pareto fronts highlighted)';

/**
 * Both panels side by side, or stacked when `stacked` (a narrow view). Each dataset has its own colour for its
 * runs, its baseline (a star, "baseline (dataset)") and its Pareto front; only points on a front are labelled,
 * the others name themselves on hover, so labels do not pile up into blobs.
 */
export function paretoFigure(runs: readonly RunSummary[], p: Palette, stacked = false): ParetoFigure {
  const points = comparePoints(runs);
  const datasets = [...new Set(points.map((q) => q.dataset))];
  const many = datasets.length > 1;
  const colour = (d: string): string => p.series[datasets.indexOf(d) % p.series.length]!;
  const data: PlotData[] = [];
  const panels = [
    { cost: 'connections' as const, x: 'x', y: 'y', fmt: (v: number) => `${int(v)} connections` },
    { cost: 'energyPj' as const, x: 'x2', y: 'y2', fmt: (v: number) => formatEnergy(v) },
  ];
  panels.forEach((panel, k) => {
    const fronts = frontsByDataset(points, panel.cost);
    for (const d of datasets) {
      const front = fronts.get(d) ?? [];
      const onFront = new Set(front);
      for (const kind of ['run', 'baseline'] as const) {
        const idx = points.flatMap((q, i) => (q.dataset === d && q.kind === kind ? [i] : []));
        if (idx.length === 0) continue;
        const baselineName = `baseline (${plotlyText(d)})`;
        data.push({
          type: 'scatter',
          mode: 'markers+text',
          name: kind === 'run' ? (many ? `runs (${plotlyText(d)})` : 'SCANN runs') : baselineName,
          legendgroup: `${kind}-${d}`,
          showlegend: k === 0,
          x: idx.map((i) => points[i]![panel.cost]),
          y: idx.map((i) => points[i]!.accuracy),
          text: idx.map((i) =>
            kind === 'baseline' ? baselineName : onFront.has(i) ? plotlyText(points[i]!.label) : '',
          ),
          // Along a front, labels alternate above and below so neighbours do not collide.
          // Baselines sit at the costly right end: their labels go left, into the plot.
          textposition: idx.map((i) =>
            kind === 'baseline' ? 'top left' : front.indexOf(i) % 2 === 1 ? 'bottom center' : 'top center',
          ),
          textfont: { size: 10, color: p.muted },
          cliponaxis: false,
          customdata: idx.map((i) => {
            const q = points[i]!;
            return `${plotlyText(q.label)}${q.note ?? ''}<br>${panel.fmt(q[panel.cost])}, test ${pct(q.accuracy)}`;
          }),
          hovertemplate: '%{customdata}<extra></extra>',
          marker: {
            color: colour(d),
            size: kind === 'run' ? 10 : 15,
            symbol: kind === 'run' ? 'circle' : 'star',
            line: { color: p.background, width: 1 },
          },
          xaxis: panel.x,
          yaxis: panel.y,
        });
      }
      data.push({
        type: 'scatter',
        mode: 'lines+markers',
        name: many ? `Pareto front (${plotlyText(d)})` : 'Pareto front',
        legendgroup: `front-${d}`,
        showlegend: k === 0,
        x: front.map((i) => points[i]![panel.cost]),
        y: front.map((i) => points[i]!.accuracy),
        line: { color: colour(d), width: 2.5, shape: 'hv', dash: datasets.indexOf(d) % 2 ? 'dot' : 'solid' },
        marker: { size: 16, symbol: 'circle-open', color: colour(d), line: { width: 2.5 } },
        hoverinfo: 'skip',
        xaxis: panel.x,
        yaxis: panel.y,
      });
    }
  });
  return {
    title: PARETO_TITLE,
    data,
    layout: themedLayout(p, {
      grid: stacked
        ? { rows: 2, columns: 1, pattern: 'independent', ygap: 0.25 }
        : { rows: 1, columns: 2, pattern: 'independent', xgap: 0.12 },
      xaxis: themedAxis(p, { title: { text: 'connections (log)' }, type: 'log', dtick: 'D2' }),
      yaxis: themedAxis(p, { title: { text: 'test accuracy' }, tickformat: '.2%' }),
      xaxis2: themedAxis(p, { title: { text: 'energy per inference, pJ (log)' }, type: 'log', dtick: 'D2' }),
      yaxis2: themedAxis(p, { title: { text: 'test accuracy' }, tickformat: '.2%' }),
    }),
  };
}

/** The figure with its title drawn by plotly, for exported SVG and PNG files (which have no page around them). */
export function exportLayout(f: ParetoFigure): PlotLayout {
  return {
    ...f.layout,
    title: plotTitle(f.title),
    margin: { l: 56, r: 16, t: 72, b: 44 },
    legend: { ...(f.layout.legend as Record<string, unknown>), y: 1.04 },
  };
}
