/**
 * Draws an ArchScene on a 2D canvas in two layers: the base (edges by bucket, one path each, off-screen edges
 * culled; units sized from the column spacing; input importance bars; labels where they fit) and the focus overlay
 * of one unit (its connections and strongest path over a dimmed base). The view caches the base of big networks
 * and redraws only the overlay when the pointer moves.
 */
import { UnitStatus } from './diff';
import { strongestPath } from './edgeFocus';
import { unitCount } from './graph';
import type { Palette } from './palette';
import {
  type ArchScene,
  type DrawBucket,
  type EdgeColor,
  IMPORTANCE_BAR_PX,
  LABEL_FONT_PX,
  shortLabel,
} from './archScene';
import { screenTransform, type Viewport } from './viewport';

export interface DrawOptions {
  /** Unit whose connections are emphasised (hover or selection). */
  highlight: number | null;
  selected: number | null;
  labels: boolean;
  /** Edge buckets to draw instead of the scene's exact ones (the readable view). */
  buckets?: DrawBucket[];
}

export function edgeColor(palette: Palette, c: EdgeColor): string {
  return c === 'weak' ? palette.foreground : palette[c];
}

/** Screen position of every unit for this viewport. */
export function unitPositions(scene: ArchScene, vp: Viewport): { sx: Float32Array; sy: Float32Array } {
  const n = unitCount(scene.graph);
  const { ax, bx, ay, by } = screenTransform(vp);
  const sx = new Float32Array(n);
  const sy = new Float32Array(n);
  const { x, y } = scene.layout;
  for (let u = 0; u < n; u++) {
    sx[u] = x[u]! * ax + bx;
    sy[u] = y[u]! * ay + by;
  }
  return { sx, sy };
}

/** Radius per column: a little under half the vertical spacing, within readable bounds. */
export function columnRadii(scene: ArchScene, vp: Viewport): Float32Array {
  const { ay } = screenTransform(vp);
  const r = new Float32Array(scene.layout.columns);
  for (let c = 0; c < r.length; c++) {
    const spacing = ay / Math.max(1, scene.layout.columnSize[c]!);
    r[c] = Math.max(1, Math.min(7, spacing * 0.38));
  }
  return r;
}

export function drawScene(
  ctx: CanvasRenderingContext2D,
  scene: ArchScene,
  vp: Viewport,
  palette: Palette,
  dpr: number,
  opts: DrawOptions,
): void {
  drawBase(ctx, scene, vp, palette, dpr, opts.buckets ?? scene.buckets, opts.labels);
  drawFocus(ctx, scene, vp, palette, dpr, opts.highlight ?? opts.selected, opts.highlight !== null);
}

/** Everything but the focus: background, edges, units, importance bars, labels. */
export function drawBase(
  ctx: CanvasRenderingContext2D,
  scene: ArchScene,
  vp: Viewport,
  palette: Palette,
  dpr: number,
  buckets: DrawBucket[],
  labels: boolean,
): void {
  const g = scene.graph;
  const W = vp.width;
  const H = vp.height;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.globalAlpha = 1;
  ctx.fillStyle = palette.background;
  ctx.fillRect(0, 0, W, H);

  const { sx, sy } = unitPositions(scene, vp);
  const src = g.src;
  const dst = g.dst;
  const lineWidth = vp.scale > 4 ? 1.5 : 1;
  ctx.lineCap = 'butt';
  for (const b of buckets) {
    ctx.lineWidth = Math.max(lineWidth, b.width ?? 0);
    ctx.strokeStyle = edgeColor(palette, b.color);
    ctx.globalAlpha = b.alpha;
    ctx.beginPath();
    const edges = b.edges;
    for (let k = 0; k < edges.length; k++) {
      const e = edges[k]!;
      const x1 = sx[src[e]!]!;
      const y1 = sy[src[e]!]!;
      const x2 = sx[dst[e]!]!;
      const y2 = sy[dst[e]!]!;
      // Cull segments entirely on one side of the canvas (matters when zoomed in on a big network).
      if ((x1 < 0 && x2 < 0) || (x1 > W && x2 > W) || (y1 < 0 && y2 < 0) || (y1 > H && y2 > H)) continue;
      ctx.moveTo(x1, y1);
      ctx.lineTo(x2, y2);
    }
    ctx.stroke();
  }

  drawUnits(ctx, scene, vp, palette, sx, sy);
  if (!scene.diff) drawImportance(ctx, scene, vp, palette, sx, sy);
  if (labels) drawLabels(ctx, scene, vp, palette, sx, sy);
  ctx.globalAlpha = 1;
}

/** Share of the canvas the rest of the drawing keeps while the pointer is on a unit: context, not competition. */
const DIM_ALPHA = 0.72;

/**
 * The focus overlay of `focus` on top of a drawn base: when `dim`, the base fades; then the unit's incoming and
 * outgoing connections by sign (width by |w|), its strongest path to an input and to an output in the accent
 * colour, and a ring around it.
 */
export function drawFocus(
  ctx: CanvasRenderingContext2D,
  scene: ArchScene,
  vp: Viewport,
  palette: Palette,
  dpr: number,
  focus: number | null,
  dim: boolean,
): void {
  const g = scene.graph;
  if (focus === null || focus >= unitCount(g)) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  const { sx, sy } = unitPositions(scene, vp);
  const src = g.src;
  const dst = g.dst;
  if (dim) {
    ctx.globalAlpha = DIM_ALPHA;
    ctx.fillStyle = palette.background;
    ctx.fillRect(0, 0, vp.width, vp.height);
  }
  const adj = scene.adjacency;
  const line = (e: number): void => {
    ctx.beginPath();
    ctx.moveTo(sx[src[e]!]!, sy[src[e]!]!);
    ctx.lineTo(sx[dst[e]!]!, sy[dst[e]!]!);
    ctx.stroke();
  };
  const strokeList = (list: Int32Array, start: number, end: number): void => {
    for (let k = start; k < end; k++) {
      const e = list[k]!;
      const w = g.weight[e]!;
      const t = Math.min(1, Math.abs(w) / scene.weightScale);
      ctx.strokeStyle = scene.diff ? palette.accent : w >= 0 ? palette.positive : palette.negative;
      ctx.globalAlpha = 0.55 + 0.4 * t;
      ctx.lineWidth = 1 + 1.5 * t;
      line(e);
    }
  };
  strokeList(adj.inEdges, adj.inStart[focus]!, adj.inStart[focus + 1]!);
  strokeList(adj.outEdges, adj.outStart[focus]!, adj.outStart[focus + 1]!);
  const path = scene.diff ? [] : strongestPath(g, adj, focus);
  ctx.strokeStyle = palette.accent;
  ctx.globalAlpha = 1;
  ctx.lineWidth = 3;
  for (const e of path) line(e);
  const radii = columnRadii(scene, vp);
  const col = scene.layout.column;
  ctx.fillStyle = palette.accent;
  ctx.beginPath();
  for (const e of path) {
    for (const u of [src[e]!, dst[e]!]) {
      const r = Math.max(2.5, radii[col[u]!]!);
      ctx.moveTo(sx[u]! + r, sy[u]!);
      ctx.arc(sx[u]!, sy[u]!, r, 0, 2 * Math.PI);
    }
  }
  ctx.fill();
  const r = radii[col[focus]!]!;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.arc(sx[focus]!, sy[focus]!, r + 3, 0, 2 * Math.PI);
  ctx.stroke();
  ctx.globalAlpha = 1;
}

/** Bars left of the inputs, length by the input's share of the inputs' outgoing |w|: which inputs matter. */
function drawImportance(
  ctx: CanvasRenderingContext2D,
  scene: ArchScene,
  vp: Viewport,
  palette: Palette,
  sx: Float32Array,
  sy: Float32Array,
): void {
  const g = scene.graph;
  const imp = scene.importance;
  if (g.inputs === 0) return;
  let max = 0;
  for (let i = 0; i < imp.length; i++) if (imp[i]! > max) max = imp[i]!;
  if (max <= 0) return;
  const r = columnRadii(scene, vp)[0]!;
  const { ay } = screenTransform(vp);
  const thick = Math.max(1, Math.min(6, (ay / g.inputs) * 0.7));
  const room = IMPORTANCE_BAR_PX - 3;
  ctx.fillStyle = palette.input;
  ctx.globalAlpha = 0.85;
  ctx.beginPath();
  for (let i = 0; i < g.inputs; i++) {
    const len = (imp[i]! / max) * room;
    if (len <= 0) continue;
    const y = sy[i]!;
    if (y < -thick || y > vp.height + thick) continue;
    ctx.rect(sx[i]! - r - 2 - len, y - thick / 2, len, thick);
  }
  ctx.fill();
  ctx.globalAlpha = 1;
}

function drawUnits(
  ctx: CanvasRenderingContext2D,
  scene: ArchScene,
  vp: Viewport,
  palette: Palette,
  sx: Float32Array,
  sy: Float32Array,
): void {
  const g = scene.graph;
  const radii = columnRadii(scene, vp);
  const col = scene.layout.column;
  const status = scene.diff?.unitStatus;
  const W = vp.width;
  const H = vp.height;
  const kinds: [number, number, string][] = [
    [0, g.inputs, palette.input],
    [g.inputs, g.inputs + g.hidden, palette.hidden],
    [g.inputs + g.hidden, unitCount(g), palette.output],
  ];
  ctx.globalAlpha = 1;
  for (const [from, to, color] of kinds) {
    ctx.fillStyle = color;
    ctx.beginPath();
    for (let u = from; u < to; u++) {
      const r = radii[col[u]!]!;
      const x = sx[u]!;
      const y = sy[u]!;
      if (x < -r || x > W + r || y < -r || y > H + r) continue;
      if (status && status[u] === UnitStatus.Removed) continue;
      if (r <= 1.5) ctx.rect(x - r, y - r, 2 * r, 2 * r);
      else {
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, 2 * Math.PI);
      }
    }
    ctx.fill();
  }
  if (!status) return;
  // Diff: removed neurons as hollow rings in the pruned colour, added ones ringed in the grown colour.
  ctx.lineWidth = 2;
  for (const [st, color] of [
    [UnitStatus.Removed, palette.pruned],
    [UnitStatus.Added, palette.grown],
  ] as const) {
    ctx.strokeStyle = color;
    ctx.beginPath();
    for (let u = g.inputs; u < g.inputs + g.hidden; u++) {
      if (status[u] !== st) continue;
      const r = radii[col[u]!]! + 1.5;
      ctx.moveTo(sx[u]! + r, sy[u]!);
      ctx.arc(sx[u]!, sy[u]!, r, 0, 2 * Math.PI);
    }
    ctx.stroke();
  }
}

function drawLabels(
  ctx: CanvasRenderingContext2D,
  scene: ArchScene,
  vp: Viewport,
  palette: Palette,
  sx: Float32Array,
  sy: Float32Array,
): void {
  const g = scene.graph;
  const { ax, ay } = screenTransform(vp);
  const layout = scene.layout;
  const radii = columnRadii(scene, vp);
  const size = LABEL_FONT_PX;
  ctx.font = `${size}px ${palette.fontFamily}`;
  ctx.fillStyle = palette.foreground;
  ctx.globalAlpha = 0.9;
  ctx.textBaseline = 'middle';
  const fits = (c: number): boolean => ay / Math.max(1, layout.columnSize[c]!) >= size + 2;
  const outCol = layout.columns - 1;
  if (fits(outCol)) {
    ctx.textAlign = 'left';
    for (let o = 0; o < g.outputs; o++) {
      const u = g.inputs + g.hidden + o;
      ctx.fillText(shortLabel(g, u), sx[u]! + radii[outCol]! + 4, sy[u]!);
    }
  }
  if (g.inputNames && fits(0)) {
    ctx.textAlign = 'right';
    const x0 = radii[0]! + 4 + IMPORTANCE_BAR_PX;
    for (let i = 0; i < g.inputs; i++) ctx.fillText(shortLabel(g, i), sx[i]! - x0, sy[i]!);
  }
  // Column captions along the top, long or short forms as the column spacing allows, none when even those collide.
  const gap = layout.columns > 1 ? ax / (layout.columns - 1) : ax;
  ctx.font = `${size}px ${palette.fontFamily}`;
  const caption = (c: number, long: boolean): string =>
    c === 0 ? (long ? 'inputs' : 'in') : c === outCol ? (long ? 'outputs' : 'out') : long ? `level ${c}` : `L${c}`;
  const widest = (long: boolean): number => {
    let w = 0;
    for (let c = 0; c < layout.columns; c++) w = Math.max(w, ctx.measureText(caption(c, long)).width);
    return w;
  };
  const long = widest(true) + 8 <= gap;
  if (long || widest(false) + 6 <= gap) {
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillStyle = palette.muted;
    const t = screenTransform(vp);
    const y = Math.max(2, t.by - 18);
    for (let c = 0; c < layout.columns; c++) {
      const x = (layout.columns > 1 ? c / (layout.columns - 1) : 0.5) * ax + t.bx;
      ctx.fillText(caption(c, long), x, y);
    }
  }
}
