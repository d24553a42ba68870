/**
 * The architecture as SVG, for figures: the same scene as the interactive canvas (layout, sign buckets, opacity by
 * |w|, labelled inputs and outputs) drawn as vector paths, one path per style bucket so the file stays small.
 */
import { columnRadii, edgeColor, unitPositions } from '../components/archDraw';
import { type ArchScene, labelPadding, shortLabel } from '../components/archScene';
import { svg } from '../components/dom';
import { unitCount } from '../components/graph';
import type { Palette } from '../components/palette';
import { drawFront, drawFrontLegend } from '../components/frontDraw';
import { layoutFront, type FrontLayout } from '../components/frontLayout';
import { fitViewport } from '../components/viewport';

const f = (v: number): string => v.toFixed(1);

/** A conv front end's row of stages above the dense drawing, laid out for the figure's width. */
export function frontFigureLayout(scene: ArchScene, p: Palette, width: number): FrontLayout | undefined {
  const f = scene.graph.front;
  return f ? layoutFront(f, width - 8, Math.max(10, p.fontSize - 2)) : undefined;
}

/** Height the front end's row and its legend take in a figure (0 without one). */
export function frontFigureHeight(l: FrontLayout | undefined): number {
  return l ? l.height + l.fontPx + 18 : 0;
}

/**
 * Draws `scene` into `root` (an <svg>), `width` x `height` CSS pixels, with `title` on the first line; a conv front
 * end's stages come first, under the title, and the dense part below them.
 */
export function drawArchitecture(
  root: SVGSVGElement,
  scene: ArchScene,
  title: string,
  p: Palette,
  width: number,
  height: number,
): void {
  const g = scene.graph;
  const fontPx = Math.max(10, p.fontSize - 2);
  const font = { 'font-family': p.fontFamily, 'font-size': fontPx };
  const front = frontFigureLayout(scene, p, width);
  const frontH = frontFigureHeight(front);
  const titleH = 20 + frontH;
  const legendH = 16;
  const pad = labelPadding(scene);
  const vp = fitViewport(width, height - titleH - legendH, { ...pad, top: pad.top, bottom: pad.bottom });
  const { sx, sy } = unitPositions(scene, vp);
  const radii = columnRadii(scene, vp);
  const col = scene.layout.column;
  const body = svg('g', { transform: `translate(0 ${titleH})` });
  const frontRow = svg('g', { class: 'front', transform: 'translate(4 24)' });
  if (front) {
    // Wider than the figure even with the smallest cells: scale the row down rather than cut it off.
    const k = Math.min(1, (width - 8) / front.width);
    const row = svg('g', { transform: `scale(${+k.toFixed(4)})` });
    row.append(drawFront(front, p), drawFrontLegend(p, fontPx, front.height + fontPx + 6, front.width));
    frontRow.append(row);
  }

  for (const b of scene.buckets) {
    let d = '';
    for (const e of b.edges) {
      const s = g.src[e]!;
      const t = g.dst[e]!;
      d += `M${f(sx[s]!)},${f(sy[s]!)}L${f(sx[t]!)},${f(sy[t]!)}`;
    }
    if (d) {
      body.append(
        svg('path', {
          d,
          fill: 'none',
          stroke: edgeColor(p, b.color),
          'stroke-opacity': +b.alpha.toFixed(3),
          'stroke-width': 0.8,
          class: `edges ${b.color}`,
        }),
      );
    }
  }
  const kinds: [string, number, number, string][] = [
    ['input', 0, g.inputs, p.input],
    ['hidden', g.inputs, g.inputs + g.hidden, p.hidden],
    ['output', g.inputs + g.hidden, unitCount(g), p.output],
  ];
  for (const [kind, from, to, color] of kinds) {
    let d = '';
    for (let u = from; u < to; u++) {
      const r = radii[col[u]!]!;
      d += `M${f(sx[u]! - r)},${f(sy[u]!)}a${f(r)},${f(r)} 0 1,0 ${f(2 * r)},0a${f(r)},${f(r)} 0 1,0 ${f(-2 * r)},0Z`;
    }
    // Hidden neurons get a dark outline so they stay visible on grey edges in greyscale print.
    if (d)
      body.append(svg('path', { d, fill: color, stroke: p.foreground, 'stroke-width': 0.4, class: `units ${kind}` }));
  }

  // Output labels (class names) and input names where the column spacing leaves room for the text.
  const layout = scene.layout;
  const spacing = (c: number): number => (vp.height - pad.top - pad.bottom) / Math.max(1, layout.columnSize[c]!);
  const outCol = layout.columns - 1;
  if (spacing(outCol) >= fontPx) {
    for (let o = 0; o < g.outputs; o++) {
      const u = g.inputs + g.hidden + o;
      body.append(
        svg(
          'text',
          { x: f(sx[u]! + radii[outCol]! + 3), y: f(sy[u]! + fontPx * 0.35), fill: p.foreground, ...font },
          shortLabel(g, u),
        ),
      );
    }
  }
  if (g.inputNames && spacing(0) >= fontPx) {
    for (let i = 0; i < g.inputs; i++) {
      body.append(
        svg(
          'text',
          {
            x: f(sx[i]! - radii[0]! - 3),
            y: f(sy[i]! + fontPx * 0.35),
            'text-anchor': 'end',
            fill: p.foreground,
            ...font,
          },
          shortLabel(g, i),
        ),
      );
    }
  }

  // Legend: unit kinds, then edge signs (blue and orange also differ in greyscale); what does not fit is left out.
  const ly = height - 6;
  const legend = svg('g', { class: 'legend' });
  let lx = 8;
  const item = (mark: ((x: number) => SVGElement) | undefined, label: string): void => {
    const w = (mark ? 12 : 0) + label.length * fontPx * 0.58 + 12;
    if (lx + w > width) return;
    if (mark) legend.append(mark(lx));
    legend.append(svg('text', { x: lx + (mark ? 12 : 0), y: ly, fill: p.muted, ...font }, label));
    lx += w;
  };
  for (const [kind, , , color] of kinds) {
    item(
      (x) => svg('circle', { cx: x + 4, cy: ly - 3.5, r: 3.5, fill: color, stroke: p.foreground, 'stroke-width': 0.4 }),
      kind,
    );
  }
  const line = (color: string) => (x: number) =>
    svg('line', { x1: x, y1: ly - 3.5, x2: x + 9, y2: ly - 3.5, stroke: color, 'stroke-width': 2 });
  item(line(p.positive), 'w > 0');
  item(line(p.negative), 'w < 0');
  item(undefined, 'opacity = |w|');

  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  root.setAttribute('role', 'img');
  root.setAttribute('aria-label', title);
  root.replaceChildren(
    svg('title', {}, title),
    svg('rect', { x: 0, y: 0, width, height, fill: p.background }),
    svg('text', { x: 8, y: 14, fill: p.foreground, ...font, 'font-weight': 600 }, title),
    frontRow,
    body,
    legend,
  );
}
