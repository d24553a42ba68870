/** Nearest-landmark queries shared by the manifold fits and their out-of-sample transforms. */

/** Euclidean distances from one point (row `row` of `x`) to every landmark. */
export function distancesTo(
  x: Float32Array,
  row: number,
  landmarks: Float32Array,
  count: number,
  d: number,
  out: Float64Array,
): Float64Array {
  const base = row * d;
  for (let j = 0; j < count; j++) {
    let s = 0;
    const lb = j * d;
    for (let f = 0; f < d; f++) {
      const t = x[base + f]! - landmarks[lb + f]!;
      s += t * t;
    }
    out[j] = Math.sqrt(s);
  }
  return out;
}

/**
 * The neighbour radius: the (neighbors + 1)-th smallest distance, so a landmark (at distance 0 from itself) has
 * `neighbors` others within it. Every landmark within the radius is a neighbour, ties included.
 */
export function neighborRadius(
  dist: ArrayLike<number>,
  count: number,
  neighbors: number,
  scratch: Float64Array,
): number {
  for (let j = 0; j < count; j++) scratch[j] = dist[j]!;
  const view = scratch.subarray(0, count);
  view.sort();
  return view[Math.min(neighbors, count - 1)]!;
}
