/** Indices of the `k` largest scores (ties broken by lower index, so results are deterministic). */
export function topK(scores: Float64Array | Float32Array, k: number): Int32Array {
  const n = scores.length;
  const kk = Math.max(0, Math.min(k, n));
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return idx.slice(0, kk);
}

/** Indices of the `k` smallest scores (ties broken by lower index). */
export function bottomK(scores: Float64Array | Float32Array, k: number): Int32Array {
  const n = scores.length;
  const kk = Math.max(0, Math.min(k, n));
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => scores[a]! - scores[b]! || a - b);
  return idx.slice(0, kk);
}

/** The p-th percentile (0..100) with linear interpolation, as numpy's default. */
export function percentile(values: ArrayLike<number>, p: number): number {
  const n = values.length;
  if (n === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  const pos = (p / 100) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
