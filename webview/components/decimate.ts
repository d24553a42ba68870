/**
 * Decimation of long series for plotting: per bucket of consecutive points keep the first, the minimum and the
 * maximum (min-max decimation), so spikes survive and a 100k-point curve costs what ~3 x `buckets` points cost.
 * Pure (no DOM).
 */

/** Indices to keep, ascending; all indices when the series is short enough. */
export function decimateMinMax(ys: ArrayLike<number>, buckets: number): number[] {
  const n = ys.length;
  if (n <= buckets * 3 || buckets < 1) return Array.from({ length: n }, (_, i) => i);
  const keep: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * n) / buckets);
    const end = Math.floor(((b + 1) * n) / buckets);
    let lo = start;
    let hi = start;
    for (let i = start + 1; i < end; i++) {
      if (ys[i]! < ys[lo]!) lo = i;
      if (ys[i]! > ys[hi]!) hi = i;
    }
    const picks = [start, lo, hi].sort((a, c) => a - c);
    for (const p of picks) if (keep[keep.length - 1] !== p) keep.push(p);
  }
  if (keep[keep.length - 1] !== n - 1) keep.push(n - 1);
  return keep;
}

/** Picks `keep` indices from each of several parallel arrays. */
export function pick<T>(items: readonly T[], keep: readonly number[]): T[] {
  return keep.map((i) => items[i]!);
}
