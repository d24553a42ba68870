/**
 * A DR transform between its in-engine form (numbers, reduce/transform.ts) and its `model.json` form (base64
 * float32 tables). Encoded once, when a model is written; decoded once, when one is read.
 */
import { decodeFloat32, encodeFloat32 } from '../../protocol/base64';
import type { ModelReduce, ModelReduceLandmarks, ModelReduceLinear } from '../../protocol/model';
import type { LandmarkTransform, LinearTransform, ReduceTransform } from '../reduce/transform';

/** The model form; keys in the order model files have always had them. */
export function encodeReduce(t: ReduceTransform): ModelReduce {
  if (t.kind === 'linear') {
    return {
      kind: 'linear',
      method: t.method,
      inputs: t.d,
      outputs: t.k,
      mean: encodeFloat32(t.mean),
      matrix: encodeFloat32(t.matrix),
    };
  }
  const m: ModelReduceLandmarks = {
    kind: 'landmarks',
    method: t.method,
    extension: t.method === 'isomap' ? 'landmarkMds' : 'nystrom',
    inputs: t.d,
    outputs: t.k,
    neighbors: t.neighbors,
    count: t.count,
    landmarks: encodeFloat32(t.landmarks),
    projection: encodeFloat32(t.projection),
    offset: encodeFloat32(t.offset),
  };
  if (t.geodesic) m.geodesic = encodeFloat32(t.geodesic);
  if (t.radius) m.radius = encodeFloat32(t.radius);
  if (t.degree) m.degree = encodeFloat32(t.degree);
  return m;
}

/** Decodes and checks a model's transform; a string names what is wrong. */
export function decodeReduce(reduce: ModelReduce): ReduceTransform | string {
  const { inputs: d, outputs: k } = reduce;
  if (!Number.isInteger(d) || !Number.isInteger(k) || d < 1 || k < 1) return `invalid dimensions ${d} -> ${k}`;
  if (reduce.kind === 'linear') return decodeLinear(reduce);
  if (reduce.kind === 'landmarks') return decodeLandmarks(reduce);
  return `unknown kind ${String((reduce as { kind: unknown }).kind)}`;
}

function decodeLinear(r: ModelReduceLinear): LinearTransform | string {
  const mean = decodeFloat32(r.mean);
  const matrix = decodeFloat32(r.matrix);
  if (mean.length !== r.inputs || matrix.length !== r.inputs * r.outputs) {
    return `expected ${r.inputs} means and a ${r.inputs}x${r.outputs} matrix, found ${mean.length} and ${matrix.length} values`;
  }
  return { kind: 'linear', method: String(r.method), d: r.inputs, k: r.outputs, mean, matrix };
}

function decodeLandmarks(r: ModelReduceLandmarks): LandmarkTransform | string {
  const m = r.count;
  if (!Number.isInteger(m) || m < 2) return `invalid landmark count ${m}`;
  if (!Number.isInteger(r.neighbors) || r.neighbors < 1) return `invalid neighbours ${r.neighbors}`;
  const p: LandmarkTransform = {
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
