/**
 * What the architecture canvas draws, prepared once per network (not per frame): layout, adjacency, edges grouped
 * into a few style buckets, |w| in order and the inputs' importance. Normal mode colours edges by sign with opacity
 * by |w| (the readable view of edgeFocus.ts re-buckets them around a threshold); diff mode colours them by status:
 * pruned edges behind and light, kept ones as context, grown ones on top. Pure (no DOM).
 */
import { EdgeStatus, type GraphDiff } from './diff';
import { inputImportance, magnitudesDescending, skipConnections } from './edgeFocus';
import { bucketEdges, weightScale } from './edgeStyle';
import { adjacency, type Adjacency, type ArchGraph } from './graph';
import { layoutGraph, type Layout } from './layout';
import { DEFAULT_PAD, type Padding } from './viewport';

/** `weak`: the faded connections of the readable view. */
export type EdgeColor = 'positive' | 'negative' | 'grown' | 'pruned' | 'kept' | 'weak';

export interface DrawBucket {
  color: EdgeColor;
  alpha: number;
  edges: Int32Array;
  /** Line width in CSS pixels (default 1, 1.5 when zoomed in). */
  width?: number;
}

export interface ArchScene {
  graph: ArchGraph;
  layout: Layout;
  adjacency: Adjacency;
  buckets: DrawBucket[];
  /** |w| drawn at full opacity. */
  weightScale: number;
  /** |w| of every edge, largest first (thresholds of the readable view). */
  magnitudes: Float32Array;
  /** Per input: its share of the |w| leaving the inputs. */
  importance: Float32Array;
  /** Connections that skip at least one level. */
  skips: number;
  /** Diff mode: per unit 0 kept / 1 added / 2 removed, and the diff's counts. */
  diff?: GraphDiff;
}

/** Pruned edges are drawn first and light, so the network that remains (kept, grown) reads on top of them. */
export const DIFF_ALPHA = { pruned: 0.28, kept: 0.5, grown: 0.9 } as const;

export function buildScene(graph: ArchGraph, diff?: GraphDiff): ArchScene {
  const g = diff ? diff.graph : graph;
  const scale = weightScale(g.weight);
  const layout = layoutGraph(g);
  const scene: ArchScene = {
    graph: g,
    layout,
    adjacency: adjacency(g),
    buckets: diff ? diffBuckets(diff) : signBuckets(g, scale),
    weightScale: scale,
    magnitudes: magnitudesDescending(g.weight),
    importance: inputImportance(g),
    skips: skipConnections(g, layout.column),
  };
  if (diff) scene.diff = diff;
  return scene;
}

function signBuckets(g: ArchGraph, scale: number): DrawBucket[] {
  return bucketEdges(g.weight, scale).map((b) => ({
    color: b.sign > 0 ? 'positive' : 'negative',
    alpha: b.alpha,
    edges: b.edges,
  }));
}

/** Pruned first (behind, light), then kept, then grown on top. */
function diffBuckets(d: GraphDiff): DrawBucket[] {
  const lists: Record<'kept' | 'pruned' | 'grown', number[]> = { kept: [], pruned: [], grown: [] };
  d.edgeStatus.forEach((s, e) => {
    if (s === EdgeStatus.Kept) lists.kept.push(e);
    else if (s === EdgeStatus.Pruned) lists.pruned.push(e);
    else lists.grown.push(e);
  });
  return (['pruned', 'kept', 'grown'] as const)
    .filter((k) => lists[k].length > 0)
    .map((k) => ({ color: k, alpha: DIFF_ALPHA[k], edges: Int32Array.from(lists[k]) }));
}

/** Text drawn next to output and input units: the label / feature name itself (the column says what it is). */
export function shortLabel(g: ArchGraph, unit: number): string {
  if (unit < g.inputs) return g.inputNames?.[unit] ?? `x${unit}`;
  const o = unit - g.inputs - g.hidden;
  return g.outputNames?.[o] ?? `y${o}`;
}

export const LABEL_FONT_PX = 11;
const MAX_LABEL_PX = 110;
/** Room left of the input column for the input importance bars. */
export const IMPORTANCE_BAR_PX = 14;

/** Margins that leave room for the output labels on the right, input importance bars and names on the left. */
export function labelPadding(scene: ArchScene): Padding {
  const g = scene.graph;
  const charW = LABEL_FONT_PX * 0.6;
  let right = 0;
  for (let o = 0; o < g.outputs; o++) right = Math.max(right, shortLabel(g, g.inputs + g.hidden + o).length);
  let left = 0;
  if (g.inputNames && g.inputs <= 64) for (const n of g.inputNames) left = Math.max(left, n.length);
  return {
    ...DEFAULT_PAD,
    right: Math.min(MAX_LABEL_PX, DEFAULT_PAD.right + right * charW + 8),
    left: Math.min(
      MAX_LABEL_PX + IMPORTANCE_BAR_PX,
      DEFAULT_PAD.left + IMPORTANCE_BAR_PX + left * charW + (left ? 8 : 0),
    ),
  };
}
