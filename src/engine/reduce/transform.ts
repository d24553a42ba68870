/**
 * Applying a fitted DR transform (the `model.json` form) to scaled row-major features. The fits use this same code
 * to embed data, so a saved model reduces exactly as the run did.
 */
import { decodeFloat32 } from '../../protocol/base64';
import type { ModelReduce, ModelReduceLandmarks, ModelReduceLinear } from '../../protocol/model';
import { distancesTo, neighborRadius } from './neighbors';

export interface LinearParams {
  kind: 'linear';
  d: number;
  k: number;
  mean: Float32Array;
  matrix: Float32Array;
}

export interface LandmarkParams {
  kind: 'landmarks';
  method: 'isomap' | 'spectral';
  d: number;
  k: number;
  neighbors: number;
  count: number;
  landmarks: Float32Array;
  geodesic?: Float32Array;
  radius?: Float32Array;
  degree?: Float32Array;
  projection: Float32Array;
  offset: Float32Array;
}

export type ReduceParams = LinearParams | LandmarkParams;

/** Decodes and checks a model's transform; a string names what is wrong. */
export function decodeReduce(reduce: ModelReduce): ReduceParams | string {
  const { inputs: d, outputs: k } = reduce;
  if (!Number.isInteger(d) || !Number.isInteger(k) || d < 1 || k < 1) return `invalid dimensions ${d} -> ${k}`;
  if (reduce.kind === 'linear') return decodeLinear(reduce);
  if (reduce.kind === 'landmarks') return decodeLandmarks(reduce);
  return `unknown kind ${String((reduce as { kind: unknown }).kind)}`;
}

function decodeLinear(r: ModelReduceLinear): LinearParams | string {
  const mean = decodeFloat32(r.mean);
  const matrix = decodeFloat32(r.matrix);
  if (mean.length !== r.inputs || matrix.length !== r.inputs * r.outputs) {
    return `expected ${r.inputs} means and a ${r.inputs}x${r.outputs} matrix, found ${mean.length} and ${matrix.length} values`;
  }
  return { kind: 'linear', d: r.inputs, k: r.outputs, mean, matrix };
}

function decodeLandmarks(r: ModelReduceLandmarks): LandmarkParams | string {
  const m = r.count;
  if (!Number.isInteger(m) || m < 2) return `invalid landmark count ${m}`;
  if (!Number.isInteger(r.neighbors) || r.neighbors < 1) return `invalid neighbours ${r.neighbors}`;
  const p: LandmarkParams = {
    kind: 'landmarks',
    method: r.method,
    d: r.inputs,
    k: r.outputs,
    neighbors: r.neighbors,
    count: m,
    landmarks: decodeFloat32(r.landmarks),
    projection: decodeFloat32(r.projection),
    offset: decodeFloat32(r.offset),
  };
  if (p.landmarks.length !== m * r.inputs) return `expected ${m}x${r.inputs} landmark values`;
  if (p.projection.length !== m * r.outputs || p.offset.length !== r.outputs) {
    return `expected a ${m}x${r.outputs} projection and ${r.outputs} offsets`;
  }
  if (r.method === 'isomap') {
    if (!r.geodesic) return 'isomap needs `geodesic`';
    p.geodesic = decodeFloat32(r.geodesic);
    if (p.geodesic.length !== m * m) return `expected ${m}x${m} geodesic distances`;
  } else if (r.method === 'spectral') {
    if (!r.radius || !r.degree) return 'spectral needs `radius` and `degree`';
    p.radius = decodeFloat32(r.radius);
    p.degree = decodeFloat32(r.degree);
    if (p.radius.length !== m || p.degree.length !== m) return `expected ${m} radii and degrees`;
  } else {
    return `unknown landmark method ${String(r.method)}`;
  }
  return p;
}

export function applyParams(p: ReduceParams, x: Float32Array, rows: number): Float32Array {
  return p.kind === 'linear' ? applyLinear(p, x, rows) : applyLandmarks(p, x, rows);
}

function applyLinear({ d, k, mean, matrix }: LinearParams, x: Float32Array, rows: number): Float32Array {
  const out = new Float32Array(rows * k);
  const acc = new Float64Array(k);
  for (let r = 0; r < rows; r++) {
    acc.fill(0);
    for (let i = 0; i < d; i++) {
      const v = x[r * d + i]! - mean[i]!;
      if (v === 0) continue;
      const row = i * k;
      for (let j = 0; j < k; j++) acc[j]! += v * matrix[row + j]!;
    }
    for (let j = 0; j < k; j++) out[r * k + j] = acc[j]!;
  }
  return out;
}

function applyLandmarks(p: LandmarkParams, x: Float32Array, rows: number): Float32Array {
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
function isomapFeatures(p: LandmarkParams, dist: Float64Array, radius: number, feat: Float64Array): void {
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
function spectralFeatures(p: LandmarkParams, dist: Float64Array, radius: number, feat: Float64Array): void {
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
