/**
 * The readable view of a synthesized graph: the k strongest connections by |w| in colour, every other one faded
 * into one light stroke, the strongest path through a neuron, and how much each input matters. At a thousand
 * connections and more, drawing every edge at an opacity by |w| gives a hairball; a synthesized network's
 * structure (levels, skip connections, the inputs that matter) shows in its few strong edges. Pure (no DOM).
 */
import type { DrawBucket } from './archScene';
import { bucketEdges, MAX_ALPHA } from './edgeStyle';
import type { Adjacency, ArchGraph } from './graph';

/** Below this many connections every edge is drawn in colour: the exact drawing is already readable. */
export const ALL_STRONG_BELOW = 200;
const MIN_DEFAULT = 100;
const MAX_DEFAULT = 600;

/** How many of `edges` connections the readable view shows in colour by default. */
export function defaultTopK(edges: number): number {
  if (edges <= ALL_STRONG_BELOW) return edges;
  return Math.min(edges, Math.max(MIN_DEFAULT, Math.min(MAX_DEFAULT, Math.round(edges * 0.1))));
}

/** |w| of every edge, largest first. */
export function magnitudesDescending(weight: Float32Array): Float32Array {
  return Float32Array.from(weight, Math.abs).sort().reverse();
}

/**
 * The |w| of the k-th strongest edge: edges at or above it are drawn strong. Ties at the boundary are all kept
 * (so the count shown is `strongCount`, which can exceed k when weights repeat).
 */
export function thresholdForTop(sortedDesc: Float32Array, k: number): number {
  if (sortedDesc.length === 0 || k <= 0) return Infinity;
  return sortedDesc[Math.min(k, sortedDesc.length) - 1]!;
}

export function strongCount(sortedDesc: Float32Array, threshold: number): number {
  // Binary search for the first magnitude below the threshold.
  let lo = 0;
  let hi = sortedDesc.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sortedDesc[mid]! >= threshold) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Opacity of the single stroke that carries every weak edge: visible as context when there are few, a light
 * density shading when there are tens of thousands (one opaque-ish grey blanket would hide the strong edges).
 */
export function weakAlpha(weakEdges: number): number {
  if (weakEdges <= 0) return 0;
  return Math.max(0.012, Math.min(0.08, 60 / weakEdges));
}

/**
 * Draw buckets of the readable view: the weak edges first as one faded bucket (left out when `showWeak` is false),
 * then the strong ones by sign with opacity by |w| between the threshold and the strongest.
 */
export function focusBuckets(weight: Float32Array, threshold: number, showWeak = true): DrawBucket[] {
  const strong: number[] = [];
  const weak: number[] = [];
  let max = 0;
  for (let e = 0; e < weight.length; e++) {
    const a = Math.abs(weight[e]!);
    if (a >= threshold) {
      strong.push(e);
      if (a > max) max = a;
    } else weak.push(e);
  }
  const out: DrawBucket[] = [];
  if (showWeak && weak.length > 0)
    out.push({ color: 'weak', alpha: weakAlpha(weak.length), edges: Int32Array.from(weak) });
  if (strong.length === 0) return out;
  // Opacity from a floor of 0.45 up: every strong edge must read as strong against the faded rest.
  const sub = Float32Array.from(strong, (e) => weight[e]!);
  for (const b of bucketEdges(sub, max > 0 ? max : 1)) {
    out.push({
      color: b.sign > 0 ? 'positive' : 'negative',
      width: 1.5,
      alpha: 0.45 + ((MAX_ALPHA - 0.45) * (b.alpha - 0.12)) / (MAX_ALPHA - 0.12),
      edges: Int32Array.from(b.edges, (i) => strong[i]!),
    });
  }
  return out;
}

/**
 * The strongest path through `unit`: from it back to an input along the largest-|w| incoming edge at each unit,
 * and forward to an output along the largest-|w| outgoing edge. Edge indices, inputs side first.
 */
export function strongestPath(g: ArchGraph, adj: Adjacency, unit: number): number[] {
  const strongest = (list: Int32Array, start: number, end: number): number => {
    let best = -1;
    let bestA = -1;
    for (let k = start; k < end; k++) {
      const e = list[k]!;
      const a = Math.abs(g.weight[e]!);
      if (a > bestA) {
        bestA = a;
        best = e;
      }
    }
    return best;
  };
  const back: number[] = [];
  // Sources are earlier in topological order, so each walk ends (at an input / an output).
  for (let u = unit; ;) {
    const e = strongest(adj.inEdges, adj.inStart[u]!, adj.inStart[u + 1]!);
    if (e < 0) break;
    back.push(e);
    u = g.src[e]!;
  }
  const forward: number[] = [];
  for (let u = unit; ;) {
    const e = strongest(adj.outEdges, adj.outStart[u]!, adj.outStart[u + 1]!);
    if (e < 0) break;
    forward.push(e);
    u = g.dst[e]!;
  }
  return [...back.reverse(), ...forward];
}

/**
 * How much each input matters to the network: its share of the |w| leaving all inputs (0 for an input the
 * network no longer reads). A first-order measure, visible without data: an input with large outgoing weights
 * moves the first neurons most.
 */
export function inputImportance(g: ArchGraph): Float32Array {
  const out = new Float32Array(g.inputs);
  let total = 0;
  for (let e = 0; e < g.src.length; e++) {
    const s = g.src[e]!;
    if (s < g.inputs) {
      const a = Math.abs(g.weight[e]!);
      out[s]! += a;
      total += a;
    }
  }
  if (total > 0) for (let i = 0; i < out.length; i++) out[i]! /= total;
  return out;
}

/** Rank (1 = most important) of every input by importance; ties share the better rank's order by index. */
export function importanceRanks(importance: Float32Array): Int32Array {
  const order = Array.from(importance.keys()).sort((a, b) => importance[b]! - importance[a]! || a - b);
  const rank = new Int32Array(importance.length);
  order.forEach((u, i) => (rank[u] = i + 1));
  return rank;
}

/** Connections that skip at least one level (from a unit more than one column before their target). */
export function skipConnections(g: ArchGraph, column: Int32Array): number {
  let n = 0;
  for (let e = 0; e < g.src.length; e++) if (column[g.dst[e]!]! - column[g.src[e]!]! > 1) n++;
  return n;
}

/** Slider position (0..1000) <-> k on a log scale, so 1..100,000 is usable with one slider. */
export const SLIDER_STEPS = 1000;

export function sliderToK(pos: number, edges: number): number {
  if (edges <= 1) return edges;
  const t = Math.max(0, Math.min(SLIDER_STEPS, pos)) / SLIDER_STEPS;
  return Math.max(1, Math.min(edges, Math.round(Math.exp(t * Math.log(edges)))));
}

export function kToSlider(k: number, edges: number): number {
  if (edges <= 1) return SLIDER_STEPS;
  return Math.round((Math.log(Math.max(1, Math.min(edges, k))) / Math.log(edges)) * SLIDER_STEPS);
}
