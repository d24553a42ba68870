import { pairwiseDistances } from './linalg';
import { neighborRadius } from './neighbors';
import type { LandmarkTransform } from './transform';
import { ReduceError, type FitInput } from './types';

/** The landmark set of a manifold fit: a random subset of the training rows, their distances and neighbourhoods. */
export interface LandmarkGraph {
  count: number;
  d: number;
  points: Float32Array;
  dist: Float64Array;
  /** Per landmark, its neighbour radius (float32-rounded, as stored in the model). */
  radius: Float32Array;
  /** adjacent[i * count + j]: j is within i's radius (j != i). Not symmetric. */
  adjacent: Uint8Array;
}

export function landmarkGraph(method: string, { stats, neighbors, landmarks, rng }: FitInput): LandmarkGraph {
  const { rows, d, x } = stats;
  const count = Math.min(landmarks, rows);
  if (count < neighbors + 2) {
    throw new ReduceError(
      `${method}: ${neighbors} neighbours need at least ${neighbors + 2} training rows (landmarks), found ${count}; ` +
        'lower reduce.neighbors or use more data',
    );
  }
  const idx = Array.from({ length: rows }, (_, i) => i);
  rng.shuffle(idx);
  const chosen = idx.slice(0, count).sort((a, b) => a - b);
  const points = new Float32Array(count * d);
  chosen.forEach((r, i) => points.set(x.subarray(r * d, (r + 1) * d), i * d));
  const dist = pairwiseDistances(points, count, d);
  const radius = new Float32Array(count);
  const adjacent = new Uint8Array(count * count);
  const scratch = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const row = dist.subarray(i * count, (i + 1) * count);
    radius[i] = Math.fround(neighborRadius(row, count, neighbors, scratch));
    for (let j = 0; j < count; j++) if (j !== i && Math.fround(row[j]!) <= radius[i]!) adjacent[i * count + j] = 1;
  }
  return { count, d, points, dist, radius, adjacent };
}

/**
 * The transform shared by both manifold methods; method-specific arrays are added by the caller. Stored in float32
 * (as in a model file), so the run reduces its data exactly as the saved model will.
 */
export function landmarkTransform(
  method: 'isomap' | 'spectral',
  g: LandmarkGraph,
  neighbors: number,
  k: number,
  projection: Float64Array,
  offset: Float64Array,
): LandmarkTransform {
  return {
    kind: 'landmarks',
    method,
    d: g.d,
    k,
    neighbors,
    count: g.count,
    landmarks: g.points,
    projection: Float32Array.from(projection),
    offset: Float32Array.from(offset),
  };
}

/**
 * Inference cost of a landmark transform: a distance to every landmark (count x d), the neighbour search, then the
 * projection (count x k); Isomap adds a min-plus pass over the neighbours' geodesic rows.
 */
export function landmarkCost(
  g: Pick<LandmarkGraph, 'count' | 'd'>,
  neighbors: number,
  k: number,
  isomap: boolean,
): { macs: number; parameters: number; energyPj: number } {
  const m = g.count;
  const macs = m * g.d + m * k + (isomap ? (neighbors + 1) * m : 2 * m);
  const parameters = m * g.d + m * k + k + (isomap ? m * m : 2 * m);
  return { macs, parameters, energyPj: 0 };
}
