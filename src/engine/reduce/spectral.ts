import { Matrix } from 'ml-matrix';
import { symmetricEigen } from './linalg';
import { landmarkCost, landmarkGraph, landmarkTransform } from './manifold';
import { ReduceError, type FitInput, type FittedReduce } from './types';

/**
 * Spectral embedding (Laplacian eigenmaps) of the landmarks, as scikit-learn's default: a kNN connectivity graph
 * symmetrised as (A + A^T) / 2, the normalised affinity D^-1/2 W D^-1/2, and its leading eigenvectors after the
 * trivial one. Spectral embedding has no transform of its own; new points use the Nystrom extension
 * u_c(x) = (1 / mu_c) sum_j w(x, l_j) / sqrt(d_x d_j) u_c(l_j) (Bengio et al. 2004), which reproduces the
 * landmarks' coordinates exactly. Coordinates are scaled by sqrt(count) (unit mean square on the landmarks).
 */
export function fitSpectral(input: FitInput): FittedReduce {
  const { k, neighbors } = input;
  const g = landmarkGraph('spectral', input);
  const m = g.count;
  if (k > m - 1) throw new ReduceError(`spectral: dims ${k} needs more than ${k} landmarks, found ${m}`);
  const A = g.adjacent;
  // The fit's affinity counts each landmark as its own neighbour, as the transform's radius rule does.
  const W = new Matrix(m, m);
  const degree = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      const w = i === j ? 1 : ((A[i * m + j] ? 1 : 0) + (A[j * m + i] ? 1 : 0)) / 2;
      if (w) {
        W.set(i, j, w);
        degree[i]! += w;
      }
    }
  }
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      const w = W.get(i, j);
      if (w) W.set(i, j, w / Math.sqrt(degree[i]! * degree[j]!));
    }
  }
  const { values, vectors } = symmetricEigen(W);
  const notes: string[] = [];
  const ones = values.filter((v) => v > 1 - 1e-9).length;
  if (ones > 1) notes.push(`spectral: the kNN graph has ${ones} components; the embedding separates them`);
  const projection = new Float64Array(m * k);
  const scale = Math.sqrt(m);
  let degenerate = 0;
  for (let c = 0; c < k; c++) {
    const mu = values[c + 1]!;
    if (!(mu > 1e-6)) {
      degenerate++;
      continue;
    }
    for (let j = 0; j < m; j++) projection[j * k + c] = (scale * vectors.get(j, c + 1)) / mu;
  }
  const landmarkEmbedding = new Float32Array(m * k);
  for (let c = 0; c < k; c++) {
    if (!(values[c + 1]! > 1e-6)) continue;
    for (let j = 0; j < m; j++) landmarkEmbedding[j * k + c] = scale * vectors.get(j, c + 1);
  }
  if (degenerate) notes.push(`spectral: ${degenerate} of ${k} dimensions have a non-positive eigenvalue and are 0`);
  const transform = landmarkTransform('spectral', g, neighbors, k, projection, new Float64Array(k));
  transform.radius = g.radius;
  transform.degree = Float32Array.from(degree);
  const cost = landmarkCost(g, neighbors, k, false);
  return { method: 'spectral', transform, extension: 'nystrom', cost, notes, landmarkEmbedding };
}
