import { Matrix } from 'ml-matrix';
import { matmul } from './gemm';
import { symmetricEigen } from './linalg';
import { linearFit } from './linearModel';
import { ReduceError, type FitInput, type FittedReduce } from './types';

/** Rows FastICA iterates on: enough for k <= a few hundred sources, and bounded time on large splits. */
const MAX_ROWS = 2000;
const MAX_ITERATIONS = 200;
const TOLERANCE = 1e-4;

/**
 * FastICA as scikit-learn's defaults: PCA whitening to k unit-variance components, then the parallel (symmetric)
 * fixed-point iteration with the logcosh contrast (g = tanh). The result is linear: sources = (x - mean) (W K)^T,
 * unit variance on the training data. Iterates on at most 2,000 training rows (a random subset).
 */
export function fitIca({ stats, k, rng }: FitInput): FittedReduce {
  const { d, rows } = stats;
  const { values, vectors } = stats.leading(k);
  const floor = 1e-9 * Math.max(values[0]!, 1e-30);
  const rank = values.filter((v) => v > floor).length;
  if (k > rank) {
    throw new ReduceError(`ica: the training data varies in only ${rank} directions; use dims <= ${rank}`);
  }
  // Whitening K (k x d): unit-variance principal components.
  const K = new Matrix(k, d);
  for (let c = 0; c < k; c++) {
    const s = 1 / Math.sqrt(values[c]!);
    for (let i = 0; i < d; i++) K.set(c, i, vectors.get(i, c) * s);
  }
  const idx = Array.from({ length: rows }, (_, i) => i);
  if (rows > MAX_ROWS) rng.shuffle(idx);
  const n = Math.min(rows, MAX_ROWS);
  const mean = stats.mean;
  const sample = new Float32Array(n * d);
  for (let r = 0; r < n; r++) sample.set(stats.x.subarray(idx[r]! * d, (idx[r]! + 1) * d), r * d);
  // Whitened sample, n x k: the centred rows times K^T.
  const kt = new Float32Array(d * k);
  for (let c = 0; c < k; c++) for (let i = 0; i < d; i++) kt[i * k + c] = K.get(c, i);
  const white = matmul(sample, n, d, kt, k, mean);
  const init = new Matrix(k, k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) init.set(i, j, rng.normal());
  let W = symmetricDecorrelation(init);
  let converged = false;
  let iterations = 0;
  const wt = new Float32Array(k * k);
  const gt = new Float32Array(k * n);
  for (let it = 0; it < MAX_ITERATIONS; it++) {
    iterations = it + 1;
    const w = W.to2DArray();
    // Sources of the sample (n x k) = white W^T, then g = tanh of them and the mean of g' = 1 - g^2 per source.
    for (let c = 0; c < k; c++) for (let j = 0; j < k; j++) wt[j * k + c] = w[c]![j]!;
    const s = matmul(white, n, k, wt, k);
    const gp = new Float64Array(k);
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < k; c++) {
        const g = Math.tanh(s[r * k + c]!);
        gt[c * n + r] = g;
        gp[c]! += 1 - g * g;
      }
    }
    // E[g(Wx) x^T] (k x k) = g^T white / n.
    const G = matmul(gt, k, n, white, k);
    const next = new Matrix(k, k);
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < k; j++) next.set(c, j, G[c * k + j]! / n - (gp[c]! / n) * w[c]![j]!);
    }
    const W1 = symmetricDecorrelation(next);
    let limit = 0;
    for (let c = 0; c < k; c++) {
      let dot = 0;
      for (let j = 0; j < k; j++) dot += W1.get(c, j) * w[c]![j]!;
      limit = Math.max(limit, Math.abs(Math.abs(dot) - 1));
    }
    W = W1;
    if (limit < TOLERANCE) {
      converged = true;
      break;
    }
  }
  const unmix = W.mmul(K); // k x d
  const matrix = new Float32Array(d * k);
  for (let c = 0; c < k; c++) {
    let big = 0;
    for (let i = 0; i < d; i++) if (Math.abs(unmix.get(c, i)) > Math.abs(big)) big = unmix.get(c, i);
    const sign = big < 0 ? -1 : 1;
    for (let i = 0; i < d; i++) matrix[i * k + c] = sign * unmix.get(c, i);
  }
  const notes = converged
    ? []
    : [`FastICA stopped after ${iterations} iterations before converging (tol ${TOLERANCE})`];
  return linearFit('ica', mean, matrix, d, k, notes);
}

/** (W W^T)^(-1/2) W: makes the rows orthonormal while staying as close as possible to W. */
function symmetricDecorrelation(W: Matrix): Matrix {
  const { values, vectors } = symmetricEigen(W.mmul(W.transpose()));
  const k = values.length;
  const inv = new Matrix(k, k);
  for (let i = 0; i < k; i++) inv.set(i, i, 1 / Math.sqrt(Math.max(values[i]!, 1e-300)));
  return vectors.mmul(inv).mmul(vectors.transpose()).mmul(W);
}
