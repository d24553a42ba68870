/**
 * What the architecture canvas draws, prepared once per network (not per frame): layout, adjacency and edges
 * grouped into a few style buckets. Normal mode colours edges by sign with opacity by |w|; diff mode colours them
 * by status (kept faint, pruned and grown strong). Pure (no DOM).
 */
import { EdgeStatus, type GraphDiff } from './diff';
import { bucketEdges, weightScale } from './edgeStyle';
import { adjacency, type Adjacency, type ArchGraph } from './graph';
import { layoutGraph, type Layout } from './layout';
import { DEFAULT_PAD, type Padding } from './viewport';

export type EdgeColor = 'positive' | 'negative' | 'grown' | 'pruned' | 'kept';

export interface DrawBucket {
  color: EdgeColor;
  alpha: number;
  edges: Int32Array;
}

export interface ArchScene {
  graph: ArchGraph;
  layout: Layout;
  adjacency: Adjacency;
  buckets: DrawBucket[];
  /** |w| drawn at full opacity. */
  weightScale: number;
  /** Diff mode: per unit 0 kept / 1 added / 2 removed, and the diff's counts. */
  diff?: GraphDiff;
}

export const DIFF_ALPHA = { kept: 0.22, pruned: 0.85, grown: 0.85 } as const;

export function buildScene(graph: ArchGraph, diff?: GraphDiff): ArchScene {
  const g = diff ? diff.graph : graph;
  const scale = weightScale(g.weight);
  const scene: ArchScene = {
    graph: g,
    layout: layoutGraph(g),
    adjacency: adjacency(g),
    buckets: diff ? diffBuckets(diff) : signBuckets(g, scale),
    weightScale: scale,
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

/** Kept first (as context), then pruned, then grown on top. */
function diffBuckets(d: GraphDiff): DrawBucket[] {
  const lists: Record<'kept' | 'pruned' | 'grown', number[]> = { kept: [], pruned: [], grown: [] };
  d.edgeStatus.forEach((s, e) => {
    if (s === EdgeStatus.Kept) lists.kept.push(e);
    else if (s === EdgeStatus.Pruned) lists.pruned.push(e);
    else lists.grown.push(e);
  });
  return (['kept', 'pruned', 'grown'] as const)
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

/** Margins that leave room for the output labels on the right and input names on the left. */
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
    left: Math.min(MAX_LABEL_PX, DEFAULT_PAD.left + left * charW + (left ? 8 : 0)),
  };
}
