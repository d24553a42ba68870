/**
 * Publication figures of runs, drawn with the renderer's own chart specs and chart code (and the architecture
 * scene of its canvas) on the print palette, at the width of a paper column. They use only `document` to create
 * SVG elements, so they draw the same in a page ("Save figure") and under a server-side DOM (`scann figure`).
 */
import { FIGURE_SIZES, type FigureKind, type FigureSize } from '../../src/protocol/figure';
import type { RunResult } from '../../src/protocol/result';
import { runSummary } from '../../src/protocol/runSummary';
import { buildScene } from '../components/archScene';
import { drawChart, type ChartSpec, type MarkerShape } from '../components/chart';
import { svg } from '../components/dom';
import { formatEnergy, int } from '../components/format';
import type { Palette } from '../components/palette';
import type { RunView } from '../components/payload';
import { comparePoints, frontsByDataset, type ComparePoint } from '../compare/paretoData';
import { accuracySpec, energySpec, lossSpec } from '../renderer/charts';
import { drawArchitecture, frontFigureHeight, frontFigureLayout } from './archFigure';
import { frontShort } from '../components/frontLayout';
import { FigureError } from './figureError';
import { BLACK, PRINT_PALETTE } from './printPalette';

const PX_PER_IN = 96;
const PANEL_HEIGHT = 230;

export { FigureError };

interface Panel {
  draw(root: SVGSVGElement, width: number, height: number): void;
}

/** Print text is larger relative to the plot than on screen: the y tick labels get more room. */
const chartPanel =
  (spec: ChartSpec, p: Palette): Panel['draw'] =>
  (root, w, h) =>
    drawChart(root, { marginLeft: 60, ...spec }, p, w, h);

/**
 * Lays panels out side by side at two-column width and stacked at one-column width, each in a nested <svg>, and
 * sizes the whole figure in inches so it prints at the column width with its text at the size it was laid out.
 */
function compose(panels: Panel['draw'][], size: FigureSize, title: string, panelHeight = PANEL_HEIGHT): SVGSVGElement {
  const width = Math.round(FIGURE_SIZES[size].widthIn * PX_PER_IN);
  const across = size === 'two-column' ? panels.length : 1;
  const rows = Math.ceil(panels.length / across);
  const pw = Math.floor(width / across);
  const height = rows * panelHeight;
  const root = svg('svg', {
    xmlns: 'http://www.w3.org/2000/svg',
    width: `${FIGURE_SIZES[size].widthIn}in`,
    height: `${+(height / PX_PER_IN).toFixed(3)}in`,
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': title,
  });
  root.append(svg('title', {}, title));
  panels.forEach((draw, i) => {
    const inner = svg('svg', { x: (i % across) * pw, y: Math.floor(i / across) * panelHeight });
    draw(inner, pw, panelHeight);
    // drawChart sizes its root in pixels; as a nested panel it takes its place in the outer viewBox instead.
    inner.setAttribute('width', String(pw));
    inner.setAttribute('height', String(panelHeight));
    inner.removeAttribute('role');
    root.append(inner);
  });
  return root;
}

/** One run's figure of the given kind (every kind but `pareto`). */
export function runFigure(kind: Exclude<FigureKind, 'pareto'>, view: RunView, size: FigureSize): SVGSVGElement {
  const p = PRINT_PALETTE;
  switch (kind) {
    case 'architecture': {
      const graph = view.graph;
      if (!graph) throw new FigureError(`run '${view.name}' has no architecture to draw`);
      const scene = buildScene(graph);
      const dense = `${graph.hidden} hidden neurons, ${int(graph.src.length)} connections`;
      const title = graph.front
        ? `${view.name}: ${frontShort(graph.front)}; dense part ${dense}`
        : `${view.name}: ${dense}`;
      const width = Math.round(FIGURE_SIZES[size].widthIn * PX_PER_IN);
      const height = (size === 'two-column' ? 340 : 260) + frontFigureHeight(frontFigureLayout(scene, p, width));
      return compose([(root, w, h) => drawArchitecture(root, scene, title, p, w, h)], size, title, height);
    }
    case 'curves': {
      if (view.epochs.length === 0) throw new FigureError(`run '${view.name}' has no training epochs to plot`);
      const specs = [accuracySpec(view, p), lossSpec(view, p)].map((s) => ({
        ...s,
        title: `${view.name}: ${s.title}`,
      }));
      return compose(
        specs.map((s) => chartPanel(s, p)),
        size,
        `${view.name}: accuracy and loss per epoch`,
      );
    }
    case 'energy': {
      const spec = energySpec(view, p);
      if (!spec || view.history.length === 0) throw new FigureError(`run '${view.name}' has no energy per step`);
      return compose([chartPanel(spec, p)], size, `${view.name}: ${spec.title}`);
    }
  }
}

const SHAPES: MarkerShape[] = ['circle', 'diamond', 'up', 'down', 'star'];

/**
 * Test accuracy against connections and against energy per inference (log axes): a point per run, each baseline
 * once (squares), and each dataset's Pareto front as a line. The points and fronts are the Compare Runs view's.
 */
export function paretoFigure(results: readonly RunResult[], size: FigureSize): SVGSVGElement {
  if (results.length === 0) throw new FigureError('no finished runs to compare');
  const p = PRINT_PALETTE;
  const points = comparePoints(results.map((r, i) => runSummary(r, String(i))));
  const runPoints = points.filter((q) => q.kind === 'run');
  const baselines = points.filter((q) => q.kind === 'baseline');
  const spec = (cost: 'connections' | 'energyPj'): ChartSpec => {
    const x = (q: ComparePoint): number => q[cost];
    const series: ChartSpec['series'] = runPoints.map((q, i) => ({
      name: q.label,
      x: [x(q)],
      y: [q.accuracy],
      color: p.series[i % 3]!,
      line: 'none',
      markers: { shape: SHAPES[i % SHAPES.length]!, size: 4 },
    }));
    series.push({
      name: baselines.length > 1 ? 'baseline MLPs' : 'baseline MLP',
      x: baselines.map(x),
      y: baselines.map((q) => q.accuracy),
      color: p.series[3]!,
      line: 'none',
      markers: { shape: 'square', size: 3.5 },
    });
    for (const [dataset, idx] of frontsByDataset(points, cost)) {
      series.unshift({
        name: `Pareto front (${dataset})`,
        x: idx.map((i) => x(points[i]!)),
        y: idx.map((i) => points[i]!.accuracy),
        color: BLACK,
        line: 'step',
        dashed: true,
        hideInLegend: frontsByDataset(points, cost).size > 1,
      });
    }
    return {
      title: cost === 'connections' ? 'Test accuracy vs connections' : 'Test accuracy vs energy per inference',
      xLabel: cost === 'connections' ? 'connections (log)' : 'energy per inference (log)',
      yLabel: 'test accuracy',
      logX: true,
      series,
      yTickFormat: (v) => `${+(v * 100).toFixed(1)}%`,
      ...(cost === 'energyPj' ? { xTickFormat: (v: number) => formatEnergy(v).replace('.00', '') } : {}),
    };
  };
  return compose(
    [chartPanel(spec('connections'), p), chartPanel(spec('energyPj'), p)],
    size,
    'Test accuracy against connections and energy per inference',
    size === 'two-column' ? 280 : 250,
  );
}
