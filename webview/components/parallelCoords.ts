/**
 * A parallel-coordinates plot in SVG, for the sweep output: one vertical axis per swept field and per outcome,
 * one line per run across them. Category axes (scheme B or C) space their values evenly; number axes are linear,
 * or logarithmic when asked. Lines are drawn in one colour whose opacity follows a chosen axis (test accuracy),
 * so the best runs stand out in every theme; lines marked `strong` (the Pareto front) are thicker.
 */
import { setChildren, svg } from './dom';
import type { Palette } from './palette';
import { logTicks, niceTicks, paddedRange, tickLabel } from './ticks';

export type ParallelValue = number | string | undefined;

export interface ParallelAxis {
  label: string;
  /** Number axes only: log scale (all values > 0). */
  log?: boolean;
  format?: (v: number) => string;
  /** Number axes only: label each value when there are few (a swept field), not round steps between them. */
  valueTicks?: boolean;
}

export interface ParallelLine {
  values: readonly ParallelValue[];
  /** Hover text. */
  title: string;
  strong?: boolean;
}

export interface ParallelSpec {
  title: string;
  axes: ParallelAxis[];
  lines: ParallelLine[];
  /** The axis whose value sets each line's opacity (higher is more opaque). */
  shadeBy?: number;
  /** Says what the shading and the strong lines mean. */
  legend?: string;
}

interface Scale {
  px: (v: ParallelValue) => number | undefined;
  ticks: { y: number; label: string }[];
}

const M = { left: 16, right: 16, top: 44, bottom: 40 };

/** A category axis when any value is not a number; its categories in order of first appearance. */
function scaleFor(values: ParallelValue[], axis: ParallelAxis, top: number, bottom: number): Scale {
  const present = values.filter((v): v is number | string => v !== undefined);
  if (present.some((v) => typeof v === 'string')) {
    const cats = [...new Set(present.map(String))];
    // Inset from the axis ends like the number axes' padding, so labels do not sit where lines bunch up.
    const pad = (bottom - top) * 0.08;
    const step = cats.length > 1 ? (bottom - top - 2 * pad) / (cats.length - 1) : 0;
    const at = (c: string): number => (cats.length > 1 ? bottom - pad - cats.indexOf(c) * step : (top + bottom) / 2);
    return {
      px: (v) => (v === undefined ? undefined : at(String(v))),
      ticks: cats.map((c) => ({ y: at(c), label: c })),
    };
  }
  const nums = present as number[];
  const finite = nums.filter((v) => Number.isFinite(v) && (!axis.log || v > 0));
  const fmt = axis.format ?? tickLabel;
  if (axis.log && finite.length) {
    const [a, b] = paddedRange(finite.map(Math.log10), 0.06);
    const t = (v: number): number => (Math.log10(v) - a) / (b - a);
    let ticks = logTicks(10 ** a, 10 ** b).filter((v) => Math.log10(v) >= a && Math.log10(v) <= b);
    if (ticks.length < 2)
      ticks = logTicks(10 ** a, 10 ** b)
        .flatMap((d) => [d, 2 * d, 5 * d])
        .filter((v) => Math.log10(v) >= a && Math.log10(v) <= b);
    const px = (v: number): number => bottom - (bottom - top) * t(v);
    return {
      px: (v) => (typeof v === 'number' && v > 0 ? px(v) : undefined),
      ticks: ticks.map((v) => ({ y: px(v), label: fmt(v) })),
    };
  }
  const [lo, hi] = paddedRange(finite, 0.06);
  const px = (v: number): number => bottom - ((bottom - top) * (v - lo)) / (hi - lo);
  // A swept number usually takes a few values (epochs 10, 20, 40): those are the labels worth reading.
  const distinct = [...new Set(finite)].sort((a, b) => a - b);
  const ticks = axis.valueTicks && distinct.length <= 6 ? distinct : niceTicks(lo, hi, 4);
  return {
    px: (v) => (typeof v === 'number' && Number.isFinite(v) ? px(v) : undefined),
    ticks: ticks.map((v) => ({ y: px(v), label: fmt(v) })),
  };
}

/** Redraws `root` (an <svg>) for `spec` at the given size. */
export function drawParallel(
  root: SVGSVGElement,
  spec: ParallelSpec,
  palette: Palette,
  width: number,
  height: number,
): void {
  const n = spec.axes.length;
  const font = { 'font-family': palette.fontFamily, 'font-size': Math.max(10, palette.fontSize - 2) };
  // Room for the outer axes' labels: they are centred on their axis.
  const inset = Math.min(80, width / (2 * Math.max(1, n)));
  const left = M.left + inset;
  const right = width - M.right - inset;
  const top = M.top;
  const bottom = height - M.bottom;
  const xAt = (i: number): number => (n > 1 ? left + ((right - left) * i) / (n - 1) : (left + right) / 2);
  const scales = spec.axes.map((a, i) =>
    scaleFor(
      spec.lines.map((l) => l.values[i]),
      a,
      top,
      bottom,
    ),
  );

  const shade = spec.shadeBy;
  const shades = shade === undefined ? [] : spec.lines.map((l) => l.values[shade]).filter((v) => typeof v === 'number');
  const sLo = Math.min(...(shades as number[]));
  const sHi = Math.max(...(shades as number[]));
  const opacity = (l: ParallelLine): number => {
    const v = shade === undefined ? undefined : l.values[shade];
    if (typeof v !== 'number' || !(sHi > sLo)) return 0.8;
    return 0.2 + (0.8 * (v - sLo)) / (sHi - sLo);
  };

  const children: SVGElement[] = [
    svg('title', {}, spec.title),
    svg('rect', { x: 0, y: 0, width, height, fill: palette.background, class: 'chart-bg' }),
    svg(
      'text',
      { x: M.left, y: 15, fill: palette.foreground, ...font, 'font-weight': 600, class: 'chart-title' },
      spec.title,
    ),
  ];
  if (spec.legend) children.push(svg('text', { x: M.left, y: 31, fill: palette.muted, ...font }, spec.legend));

  // Lines under the axes, weakest first so the best are on top.
  const order = spec.lines.map((_, i) => i).sort((a, b) => opacity(spec.lines[a]!) - opacity(spec.lines[b]!));
  const lines = svg('g', { class: 'parallel-lines' });
  for (const k of order) {
    const l = spec.lines[k]!;
    let d = '';
    let pen = false;
    scales.forEach((s, i) => {
      const y = s.px(l.values[i]);
      if (y === undefined) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${xAt(i).toFixed(1)},${y.toFixed(1)}`;
      pen = true;
    });
    lines.append(
      svg(
        'path',
        {
          d,
          fill: 'none',
          stroke: palette.accent,
          'stroke-opacity': opacity(l).toFixed(2),
          'stroke-width': l.strong ? 2.6 : 1.3,
          'stroke-linejoin': 'round',
          class: l.strong ? 'parallel-line strong' : 'parallel-line',
        },
        svg('title', {}, l.title),
      ),
    );
  }
  children.push(lines);

  scales.forEach((s, i) => {
    const x = xAt(i);
    const g = svg('g', { class: 'parallel-axis', 'data-axis': spec.axes[i]!.label });
    g.append(svg('line', { x1: x, x2: x, y1: top, y2: bottom, stroke: palette.border, 'stroke-width': 1.5 }));
    for (const t of s.ticks) {
      g.append(
        svg('line', { x1: x - 3, x2: x + 3, y1: t.y, y2: t.y, stroke: palette.border }),
        // Labels sit on a background-coloured halo so the lines behind them do not hide them.
        svg(
          'text',
          {
            x: x + 5,
            y: t.y + 4,
            fill: palette.foreground,
            stroke: palette.background,
            'stroke-width': 3,
            'paint-order': 'stroke',
            ...font,
          },
          t.label,
        ),
      );
    }
    g.append(
      svg(
        'text',
        { x, y: bottom + 18, 'text-anchor': 'middle', fill: palette.muted, ...font, 'font-weight': 600 },
        spec.axes[i]!.label,
      ),
    );
    children.push(g);
  });

  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('role', 'img');
  root.setAttribute('aria-label', spec.title);
  setChildren(root, ...children);
}
