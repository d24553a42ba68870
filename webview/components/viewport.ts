/**
 * Pan and zoom of the architecture view: layout coordinates (unit square) -> fitted canvas pixels -> user zoom
 * and pan. Pure (no DOM), so the maths is unit-tested.
 */

export interface Viewport {
  /** Canvas size in CSS pixels. */
  width: number;
  height: number;
  /** Margins of the fitted drawing, CSS pixels (room for captions on top and labels on the sides). */
  pad: Padding;
  /** User zoom (1 = fit) and pan (CSS pixels). */
  scale: number;
  x: number;
  y: number;
}

export interface Padding {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const DEFAULT_PAD: Padding = { left: 16, right: 16, top: 26, bottom: 12 };

export const MIN_SCALE = 0.5;
export const MAX_SCALE = 200;

export function fitViewport(width: number, height: number, pad: Padding = DEFAULT_PAD): Viewport {
  return { width, height, pad, scale: 1, x: 0, y: 0 };
}

/** Screen position of a layout point. */
export function toScreen(v: Viewport, lx: number, ly: number): [number, number] {
  const t = screenTransform(v);
  return [lx * t.ax + t.bx, ly * t.ay + t.by];
}

/** The affine map of `toScreen` as coefficients, for tight drawing loops: sx = ax * lx + bx, sy = ay * ly + by. */
export function screenTransform(v: Viewport): { ax: number; bx: number; ay: number; by: number } {
  const p = v.pad;
  return {
    ax: Math.max(1, v.width - p.left - p.right) * v.scale,
    bx: p.left * v.scale + v.x,
    ay: Math.max(1, v.height - p.top - p.bottom) * v.scale,
    by: p.top * v.scale + v.y,
  };
}

export function toLayout(v: Viewport, sx: number, sy: number): [number, number] {
  const t = screenTransform(v);
  return [(sx - t.bx) / t.ax, (sy - t.by) / t.ay];
}

/** Zooms by `factor` keeping the point under (sx, sy) fixed. */
export function zoomAt(v: Viewport, sx: number, sy: number, factor: number): Viewport {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, v.scale * factor));
  const f = scale / v.scale;
  return { ...v, scale, x: sx - (sx - v.x) * f, y: sy - (sy - v.y) * f };
}

export function panBy(v: Viewport, dx: number, dy: number): Viewport {
  return { ...v, x: v.x + dx, y: v.y + dy };
}

/** Same zoom and pan on a canvas of another size (zoom/pan are kept, the fit follows the size). */
export function resizeViewport(v: Viewport, width: number, height: number): Viewport {
  return { ...v, width, height };
}

export function withPadding(v: Viewport, pad: Padding): Viewport {
  return { ...v, pad };
}

/** Wheel delta (pixels) to a zoom factor: smooth for trackpads, ~1.25x per mouse notch. */
export function wheelFactor(deltaY: number): number {
  return Math.exp(-Math.max(-300, Math.min(300, deltaY)) * 0.0022);
}
