/**
 * A fitted DR transform as numbers, and applying it to scaled row-major features. The fits produce it, the run
 * applies it to every split and grid cell, and model/reduceForm.ts turns it into the `model.json` form and back, so
 * a saved model reduces exactly as the run did.
 */
import { applySigned, matmul, signedProjection, type SignedProjection } from './gemm';
import { distancesTo, neighborRadius } from './neighbors';

/** reduced = (x - mean) x matrix, `matrix` d x k row-major. */
export interface LinearTransform {
  kind: 'linear';
  /** The DR method that produced it (any name: a model file may carry one this version does not know). */
  method: string;
  d: number;
  k: number;
  mean: Float32Array;
  matrix: Float32Array;
}

/** A manifold method's out-of-sample extension from landmarks (see `ModelReduceLandmarks` for the maths). */
export interface LandmarkTransform {
  kind: 'landmarks';
  method: 'isomap' | 'spectral';
  d: number;
  k: number;
  neighbors: number;
  count: number;
  /** count x d row-major. */
  landmarks: Float32Array;
  /** Isomap: count x count geodesic distances. */
  geodesic?: Float32Array;
  /** Spectral: per landmark, its neighbour radius and its degree in the affinity graph. */
  radius?: Float32Array;
  degree?: Float32Array;
  /** count x k row-major. */
  projection: Float32Array;
  offset: Float32Array;
}

export type ReduceTransform = LinearTransform | LandmarkTransform;

export function applyTransform(p: ReduceTransform, x: Float32Array, rows: number): Float32Array {
  return p.kind === 'linear' ? applyLinear(p, x, rows) : applyLandmarks(p, x, rows);
}

function applyLinear(t: LinearTransform, x: Float32Array, rows: number): Float32Array {
  const { d, k, mean, matrix } = t;
  const prepared = prepare(t);
  if (prepared.signed) return applySigned(prepared.signed, x, rows, mean);
  if (prepared.sparse) return applySparse(prepared.sparse, d, k, mean, x, rows);
  return matmul(x, rows, d, matrix, k, mean);
}

interface Prepared {
  /** Binary and ternary projections: sums and differences of features, one scaling per output. */
  signed?: SignedProjection;
  /** Other mostly-zero matrices: their non-zeros by row. */
  sparse?: ReturnType<typeof nonZeros>;
}

/** Per transform matrix, how it is applied (the run applies one transform to several splits). */
const preparedCache = new WeakMap<Float32Array, Prepared>();

function prepare({ d, k, matrix }: LinearTransform): Prepared {
  let hit = preparedCache.get(matrix);
  if (!hit) {
    // Sparse random projections are mostly zeros: add the non-zeros only. A dense matrix goes to the GEMM.
    const sparse = nonZeros(matrix, d, k);
    const signed = sparse.vals.length < matrix.length / 2 ? signedProjection(matrix, d, k) : null;
    hit = signed ? { signed } : sparse.vals.length < matrix.length / 2 ? { sparse } : {};
    preparedCache.set(matrix, hit);
  }
  return hit;
}

function applySparse(
  { start, cols, vals }: ReturnType<typeof nonZeros>,
  d: number,
  k: number,
  mean: Float32Array,
  x: Float32Array,
  rows: number,
): Float32Array {
  const out = new Float32Array(rows * k);
  const acc = new Float64Array(k);
  for (let r = 0; r < rows; r++) {
    acc.fill(0);
    for (let i = 0; i < d; i++) {
      const v = x[r * d + i]! - mean[i]!;
      if (v === 0) continue;
      for (let p = start[i]!; p < start[i + 1]!; p++) acc[cols[p]!]! += v * vals[p]!;
    }
    for (let j = 0; j < k; j++) out[r * k + j] = acc[j]!;
  }
  return out;
}

/** The matrix's non-zeros by row (compressed sparse rows). */
function nonZeros(
  matrix: Float32Array,
  d: number,
  k: number,
): { start: Int32Array; cols: Int32Array; vals: Float32Array } {
  let n = 0;
  for (let i = 0; i < matrix.length; i++) if (matrix[i] !== 0) n++;
  const start = new Int32Array(d + 1);
  const cols = new Int32Array(n);
  const vals = new Float32Array(n);
  let p = 0;
  for (let i = 0; i < d; i++) {
    start[i] = p;
    for (let j = 0; j < k; j++) {
      const w = matrix[i * k + j]!;
      if (w !== 0) {
        cols[p] = j;
        vals[p++] = w;
      }
    }
  }
  start[d] = p;
  return { start, cols, vals };
}

function applyLandmarks(p: LandmarkTransform, x: Float32Array, rows: number): Float32Array {
  const { d, k, count: m, neighbors, landmarks, projection, offset } = p;
  const out = new Float32Array(rows * k);
  const dist = new Float64Array(m);
  const scratch = new Float64Array(m);
  const feat = new Float64Array(m);
  for (let r = 0; r < rows; r++) {
    distancesTo(x, r, landmarks, m, d, dist);
    // Compared in float32, as the fit did, so that the boundary neighbour is in on both sides despite rounding.
    const radius = Math.fround(neighborRadius(dist, m, neighbors, scratch));
    if (p.method === 'isomap') isomapFeatures(p, dist, radius, feat);
    else spectralFeatures(p, dist, radius, feat);
    for (let c = 0; c < k; c++) {
      let s = offset[c]!;
      for (let j = 0; j < m; j++) s += feat[j]! * projection[j * k + c]!;
      out[r * k + c] = s;
    }
  }
  return out;
}

/** Squared geodesic distances to every landmark, through the point's neighbours. */
function isomapFeatures(p: LandmarkTransform, dist: Float64Array, radius: number, feat: Float64Array): void {
  const m = p.count;
  const G = p.geodesic!;
  feat.fill(Infinity);
  for (let i = 0; i < m; i++) {
    if (Math.fround(dist[i]!) > radius) continue;
    const di = dist[i]!;
    const row = i * m;
    for (let j = 0; j < m; j++) {
      const v = di + G[row + j]!;
      if (v < feat[j]!) feat[j] = v;
    }
  }
  for (let j = 0; j < m; j++) feat[j] = feat[j]! * feat[j]!;
}

/** Normalised kNN affinities to every landmark (the fit's symmetrised graph, extended to the point). */
function spectralFeatures(p: LandmarkTransform, dist: Float64Array, radius: number, feat: Float64Array): void {
  const m = p.count;
  const R = p.radius!;
  const deg = p.degree!;
  let total = 0;
  for (let j = 0; j < m; j++) {
    const dj = Math.fround(dist[j]!);
    const w = ((dj <= radius ? 1 : 0) + (dj <= R[j]! ? 1 : 0)) / 2;
    feat[j] = w;
    total += w;
  }
  for (let j = 0; j < m; j++) feat[j] = feat[j]! > 0 ? feat[j]! / Math.sqrt(total * deg[j]!) : 0;
}
