/**
 * Edge styling: colour by sign, opacity by |w|. Edges are grouped into a few opacity buckets per sign so a frame
 * strokes ~2 x ALPHA_LEVELS paths instead of setting a style per edge (the difference between 10 ms and 1 s at
 * 100k edges). Pure (no DOM).
 */

export const ALPHA_LEVELS = 8;
/** Faintest edge: weak connections stay visible, strong ones stand out. */
export const MIN_ALPHA = 0.12;
export const MAX_ALPHA = 0.9;

export type EdgeSign = 1 | -1;

/** Magnitude that maps to full opacity: a high percentile, so one outlier weight does not fade all the others. */
export function weightScale(weight: Float32Array, percentile = 0.95): number {
  if (weight.length === 0) return 1;
  const abs = Float32Array.from(weight, Math.abs).sort();
  const v = abs[Math.min(abs.length - 1, Math.floor(percentile * (abs.length - 1)))]!;
  return v > 0 ? v : abs[abs.length - 1]! > 0 ? abs[abs.length - 1]! : 1;
}

/** Opacity of an edge of weight `w` (continuous version of the buckets, for single highlighted edges). */
export function edgeAlpha(w: number, scale: number): number {
  const t = Math.min(1, Math.abs(w) / scale);
  return MIN_ALPHA + (MAX_ALPHA - MIN_ALPHA) * t;
}

/** Bucket (0..ALPHA_LEVELS-1) of an edge of weight `w`. */
export function alphaLevel(w: number, scale: number, levels = ALPHA_LEVELS): number {
  const t = Math.min(1, Math.abs(w) / scale);
  return Math.min(levels - 1, Math.floor(t * levels));
}

export interface EdgeBucket {
  sign: EdgeSign;
  alpha: number;
  /** Edge indices. */
  edges: Int32Array;
}

/**
 * Buckets in drawing order: faint before strong (so strong edges end up on top), positive and negative interleaved
 * at each level so neither sign always wins. Zero weights count as positive. Empty buckets are left out.
 */
export function bucketEdges(weight: Float32Array, scale = weightScale(weight), levels = ALPHA_LEVELS): EdgeBucket[] {
  const n = weight.length;
  const key = new Int32Array(n);
  const count = new Int32Array(2 * levels);
  for (let e = 0; e < n; e++) {
    const w = weight[e]!;
    const k = alphaLevel(w, scale, levels) * 2 + (w < 0 ? 1 : 0);
    key[e] = k;
    count[k]!++;
  }
  const lists = Array.from(count, (c) => new Int32Array(c));
  const fill = new Int32Array(2 * levels);
  for (let e = 0; e < n; e++) {
    const k = key[e]!;
    lists[k]![fill[k]!++] = e;
  }
  const out: EdgeBucket[] = [];
  for (let k = 0; k < 2 * levels; k++) {
    if (count[k] === 0) continue;
    const level = k >> 1;
    out.push({
      sign: k & 1 ? -1 : 1,
      alpha: MIN_ALPHA + ((MAX_ALPHA - MIN_ALPHA) * (level + 1)) / levels,
      edges: lists[k]!,
    });
  }
  return out;
}
