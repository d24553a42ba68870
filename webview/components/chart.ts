/**
 * Small SVG charts for the notebook renderer: lines, step lines and markers, an optional right axis, log y,
 * shaded x bands and horizontal reference lines. Plotly would do, but it cannot style itself inside a shadow root
 * and weighs a megabyte; these charts are a few hundred elements rebuilt on each (throttled) update.
 */
import { svg, setChildren } from './dom';
import type { Palette } from './palette';
import { type ChartSpec, markerPath } from './chartSpec';
import { logTicks, niceTicks, paddedRange, tickLabel } from './ticks';

export type { ChartSeries, ChartSpec, MarkerShape } from './chartSpec';

/** Ids of clip paths must be unique in the document (shadow roots included, for old engines). */
let clipCounter = 0;

const M = { left: 50, right: 14, rightAxis: 50, top: 24, bottom: 34 };

interface Axis {
  lo: number;
  hi: number;
  log: boolean;
  px: (v: number) => number;
  ticks: number[];
}

function axis(
  values: number[],
  log: boolean,
  fixed: [number, number] | undefined,
  p0: number,
  p1: number,
  integer = false,
): Axis {
  const finite = values.filter((v) => Number.isFinite(v) && (!log || v > 0));
  let lo: number;
  let hi: number;
  if (fixed) [lo, hi] = fixed;
  else if (log) {
    const [a, b] = paddedRange(finite.map(Math.log10), 0.08);
    lo = 10 ** a;
    hi = 10 ** b;
  } else [lo, hi] = paddedRange(finite, 0.06);
  const t = (v: number): number =>
    log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (v - lo) / (hi - lo);
  let ticks = log ? logTicks(lo, hi).filter((v) => v >= lo && v <= hi) : niceTicks(lo, hi, 4);
  if (integer) ticks = ticks.filter(Number.isInteger);
  if (log && ticks.length < 2) {
    ticks = logTicks(lo, hi)
      .flatMap((d) => [d, 2 * d, 5 * d])
      .filter((v) => v >= lo && v <= hi);
  }
  return { lo, hi, log, px: (v) => p0 + (p1 - p0) * t(v), ticks };
}

/** The ends of the error bars, so the axes cover them. */
function extents(values: readonly number[], errors: readonly number[] | undefined): number[] {
  if (!errors) return [];
  return values.flatMap((v, i) => {
    const e = errors[i];
    return e !== undefined && e > 0 ? [v - e, v + e] : [];
  });
}

const CAP = 3;

/** One line with end caps per error half-width, in the series colour. */
function errorBars(s: ChartSpec['series'][number], x: Axis, y: Axis): SVGElement[] {
  const out: SVGElement[] = [];
  const line = (x1: number, y1: number, x2: number, y2: number): SVGElement =>
    svg('line', { x1, y1, x2, y2, stroke: s.color, 'stroke-width': 1.2, class: 'chart-error' });
  for (let i = 0; i < s.x.length; i++) {
    const xv = s.x[i]!;
    const yv = s.y[i]!;
    if (!Number.isFinite(xv) || !Number.isFinite(yv)) continue;
    const px = x.px(xv);
    const py = y.px(yv);
    const ey = s.errorY?.[i];
    if (ey !== undefined && ey > 0) {
      const [a, b] = [y.px(yv - ey), y.px(yv + ey)];
      out.push(line(px, a, px, b), line(px - CAP, a, px + CAP, a), line(px - CAP, b, px + CAP, b));
    }
    const ex = s.errorX?.[i];
    if (ex !== undefined && ex > 0 && !(x.log && xv - ex <= 0)) {
      const [a, b] = [x.px(xv - ex), x.px(xv + ex)];
      out.push(line(a, py, b, py), line(a, py - CAP, a, py + CAP), line(b, py - CAP, b, py + CAP));
    }
  }
  return out;
}

/** Redraws `root` (an <svg>) for `spec` at the given size. */
export function drawChart(root: SVGSVGElement, spec: ChartSpec, palette: Palette, width: number, height: number): void {
  const hasRight = spec.series.some((s) => s.axis === 'right');
  const legendItems = [
    ...spec.series
      .filter((s) => !s.hideInLegend)
      .map((s) => ({
        label: s.name,
        color: s.color,
        dashed: !!s.dashed,
        // Marker-only series show their marker in the legend.
        shape: s.line === 'none' && s.markers && typeof s.markers.shape === 'string' ? s.markers.shape : undefined,
      })),
    ...(spec.legendExtra ?? []).map((e) => ({ label: e.label, color: e.color, dashed: false, shape: e.shape })),
  ];
  // Legend rows under the title (estimated text width; the font is the editor UI font).
  const charW = palette.fontSize * 0.55;
  const rows: (typeof legendItems)[] = [[]];
  let rowW = 0;
  for (const item of legendItems) {
    const w = 22 + item.label.length * charW + 12;
    if (rowW + w > width - (spec.marginLeft ?? M.left) - 8 && rows[rows.length - 1]!.length > 0) {
      rows.push([]);
      rowW = 0;
    }
    rows[rows.length - 1]!.push(item);
    rowW += w;
  }
  const legendH = legendItems.length ? rows.length * 16 + 2 : 0;
  const top = M.top + legendH;
  const left = spec.marginLeft ?? M.left;
  const right = width - (hasRight ? M.rightAxis : M.right);
  const bottom = height - M.bottom;

  const xs = [
    ...spec.series.flatMap((s) => [...s.x, ...extents(s.x, s.errorX)]),
    ...(spec.bands ?? []).flatMap((b) => [b.x0, b.x1]),
  ];
  const x = axis(xs, !!spec.logX, undefined, left, right);
  const leftVals = [
    ...spec.series.filter((s) => s.axis !== 'right').flatMap((s) => [...s.y, ...extents(s.y, s.errorY)]),
    ...(spec.hlines ?? []).filter((l) => l.axis !== 'right').map((l) => l.y),
  ];
  const y = axis(leftVals, !!spec.logY, spec.yRange, bottom, top);
  const rightVals = [
    ...spec.series.filter((s) => s.axis === 'right').flatMap((s) => s.y),
    ...(spec.hlines ?? []).filter((l) => l.axis === 'right').map((l) => l.y),
  ];
  const y2 = hasRight ? axis(rightVals, !!spec.logY2, spec.y2Range, bottom, top, spec.y2Integer) : undefined;

  const font = { 'font-family': palette.fontFamily, 'font-size': Math.max(10, palette.fontSize - 2) };
  const children: SVGElement[] = [];
  children.push(svg('title', {}, spec.title));
  children.push(svg('rect', { x: 0, y: 0, width, height, fill: palette.background, class: 'chart-bg' }));
  children.push(
    svg(
      'text',
      { x: left, y: 15, fill: palette.foreground, ...font, 'font-weight': 600, class: 'chart-title' },
      spec.title,
    ),
  );

  // Legend.
  rows.forEach((row, r) => {
    let lx = left;
    const ly = M.top + r * 16 + 6;
    for (const item of row) {
      if (item.shape) {
        children.push(svg('path', { d: markerPath(item.shape, lx + 9, ly, 4), fill: item.color }));
      } else {
        children.push(
          svg('line', {
            x1: lx,
            y1: ly,
            x2: lx + 18,
            y2: ly,
            stroke: item.color,
            'stroke-width': 2,
            'stroke-dasharray': item.dashed ? '4 3' : undefined,
          }),
        );
      }
      children.push(svg('text', { x: lx + 22, y: ly + 4, fill: palette.muted, ...font }, item.label));
      lx += 22 + item.label.length * charW + 12;
    }
  });

  // Bands (e.g. the baseline phase).
  for (const b of spec.bands ?? []) {
    const x0 = x.px(b.x0);
    const x1 = x.px(b.x1);
    children.push(
      svg('rect', {
        x: Math.min(x0, x1),
        y: top,
        width: Math.abs(x1 - x0),
        height: bottom - top,
        fill: palette.muted,
        'fill-opacity': 0.12,
        class: 'chart-band',
      }),
      svg('text', { x: (x0 + x1) / 2, y: bottom - 6, 'text-anchor': 'middle', fill: palette.muted, ...font }, b.label),
    );
  }

  // Grid and axes.
  const fmtY = spec.yTickFormat ?? tickLabel;
  for (const t of y.ticks) {
    const py = y.px(t);
    children.push(
      svg('line', { x1: left, x2: right, y1: py, y2: py, stroke: palette.grid, 'stroke-opacity': 0.35 }),
      svg('text', { x: left - 6, y: py + 4, 'text-anchor': 'end', fill: palette.muted, ...font }, fmtY(t)),
    );
  }
  if (y2) {
    for (const t of y2.ticks) {
      children.push(svg('text', { x: right + 6, y: y2.px(t) + 4, fill: palette.muted, ...font }, tickLabel(t)));
    }
  }
  const fmtX = spec.xTickFormat ?? tickLabel;
  for (const t of x.ticks) {
    const px = x.px(t);
    children.push(
      svg('line', { x1: px, x2: px, y1: bottom, y2: bottom + 4, stroke: palette.grid }),
      svg('text', { x: px, y: bottom + 16, 'text-anchor': 'middle', fill: palette.muted, ...font }, fmtX(t)),
    );
  }
  children.push(
    svg('line', { x1: left, x2: right, y1: bottom, y2: bottom, stroke: palette.grid }),
    svg('line', { x1: left, x2: left, y1: top, y2: bottom, stroke: palette.grid }),
    svg(
      'text',
      { x: (left + right) / 2, y: height - 4, 'text-anchor': 'middle', fill: palette.muted, ...font },
      spec.xLabel,
    ),
    svg(
      'text',
      {
        x: 0,
        y: 0,
        transform: `translate(12 ${(top + bottom) / 2}) rotate(-90)`,
        'text-anchor': 'middle',
        fill: palette.muted,
        ...font,
      },
      spec.yLabel,
    ),
  );
  if (y2 && spec.y2Label) {
    children.push(
      svg(
        'text',
        {
          x: 0,
          y: 0,
          transform: `translate(${width - 8} ${(top + bottom) / 2}) rotate(90)`,
          'text-anchor': 'middle',
          fill: palette.muted,
          ...font,
        },
        spec.y2Label,
      ),
    );
  }

  // Reference lines.
  for (const l of spec.hlines ?? []) {
    const ax = l.axis === 'right' && y2 ? y2 : y;
    const py = ax.px(l.y);
    children.push(
      svg('line', {
        x1: left,
        x2: right,
        y1: py,
        y2: py,
        stroke: l.color,
        'stroke-dasharray': '6 4',
        'stroke-width': 1.5,
        class: 'chart-hline',
      }),
      svg('text', { x: right - 4, y: py - 5, 'text-anchor': 'end', fill: l.color, ...font }, l.label),
    );
  }

  // Series.
  const clip = `scann-clip-${++clipCounter}`;
  children.push(
    svg('clipPath', { id: clip }, svg('rect', { x: left, y: top - 8, width: right - left, height: bottom - top + 16 })),
  );
  for (const s of spec.series) {
    const ax = s.axis === 'right' && y2 ? y2 : y;
    const pts: [number, number][] = [];
    for (let i = 0; i < s.x.length; i++) {
      const v = s.y[i]!;
      if (!Number.isFinite(v) || (ax.log && v <= 0) || (x.log && !(s.x[i]! > 0))) continue;
      pts.push([x.px(s.x[i]!), ax.px(v)]);
    }
    const g = svg('g', { 'clip-path': `url(#${clip})`, class: 'chart-series', 'data-series': s.name });
    if (s.errorX || s.errorY) g.append(...errorBars(s, x, ax));
    if ((s.line ?? 'linear') !== 'none' && pts.length > 1) {
      let d = `M${pts[0]![0].toFixed(1)},${pts[0]![1].toFixed(1)}`;
      for (let i = 1; i < pts.length; i++) {
        if (s.line === 'step') d += `H${pts[i]![0].toFixed(1)}`;
        d += `L${pts[i]![0].toFixed(1)},${pts[i]![1].toFixed(1)}`;
      }
      g.append(
        svg('path', {
          d,
          fill: 'none',
          stroke: s.color,
          'stroke-width': 1.8,
          'stroke-dasharray': s.dashed ? '5 3' : undefined,
          'stroke-linejoin': 'round',
        }),
      );
    }
    if (s.markers) {
      const size = s.markers.size ?? 3.5;
      let k = 0;
      for (let i = 0; i < s.x.length; i++) {
        const v = s.y[i]!;
        if (!Number.isFinite(v) || (ax.log && v <= 0) || (x.log && !(s.x[i]! > 0))) continue;
        const [px, py] = pts[k++]!;
        const shape = typeof s.markers.shape === 'string' ? s.markers.shape : (s.markers.shape[i] ?? 'circle');
        const title = s.markers.titles?.[i];
        g.append(
          svg(
            'path',
            { d: markerPath(shape, px, py, size), fill: s.color, class: 'chart-marker' },
            title ? svg('title', {}, title) : null,
          ),
        );
      }
    }
    children.push(g);
  }

  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('role', 'img');
  root.setAttribute('aria-label', spec.title);
  setChildren(root, ...children);
}
