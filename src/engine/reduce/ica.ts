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
 *
 * The iteration's products (sources of the sample, E[g(Wx) x^T], the decorrelation's) run on the float32 GEMM of
 * ./gemm, as scikit-learn's run in float32 on float32 data; W itself and the eigen-decomposition stay in float64.
 */
export function fitIca({ stats, k, rng }: FitInput): FittedReduce {
  const { d, rows } = stats;
  const { values, vectors } = stats.leading(k);
  const floor = 1e-9 * Math.max(values[0]!, 1e-30);
  const rank = values.filter((v) => v > floor).length;
  if (k > rank) {
    throw new ReduceError(`ica: the training data varies in only ${rank} directions; use dims <= ${rank}`);
  }
  // Whitening K^T (d x k): unit-variance principal components.
  let kt: Float32Array = new Float32Array(d * k);
  for (let c = 0; c < k; c++) {
    const s = 1 / Math.sqrt(values[c]!);
    for (let i = 0; i < d; i++) kt[i * k + c] = vectors.get(i, c) * s;
  }
  const idx = Array.from({ length: rows }, (_, i) => i);
  if (rows > MAX_ROWS) rng.shuffle(idx);
  const n = Math.min(rows, MAX_ROWS);
  const mean = stats.mean;
  const sample = new Float32Array(n * d);
  for (let r = 0; r < n; r++) sample.set(stats.x.subarray(idx[r]! * d, (idx[r]! + 1) * d), r * d);
  // Whitened sample, n x k: the centred rows times K^T.
  let white = matmul(sample, n, d, kt, k, mean);
  if (n < rows) {
    // K comes from the covariance of every training row, the iteration runs on a sample of them. The fixed-point
    // update assumes white data (identity covariance); the sample's is off by about sqrt(k / n) (0.3 for k = 196 on
    // 2,000 rows), enough to keep the iteration from converging. Whitening the sample itself (as scikit-learn
    // whitens the rows it iterates on) restores that; K^T takes the same correction so that the transform matches.
    const fix = inverseSqrtSecondMoment(white, n, k);
    white = matmul(white, n, k, fix, k);
    kt = matmul(kt, d, k, fix, k);
  }
  const init = new Float64Array(k * k);
  for (let i = 0; i < k * k; i++) init[i] = rng.normal();
  let W = symmetricDecorrelation(init, k);
  let converged = false;
  let iterations = 0;
  const wt = new Float32Array(k * k);
  const gt = new Float32Array(k * n);
  const next = new Float64Array(k * k);
  for (let it = 0; it < MAX_ITERATIONS; it++) {
    iterations = it + 1;
    // Sources of the sample (n x k) = white W^T, then g = tanh of them and the mean of g' = 1 - g^2 per source.
    transposeInto(W, k, k, wt);
    const s = matmul(white, n, k, wt, k);
    const gp = new Float64Array(k);
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < k; c++) {
        const g = Math.tanh(s[r * k + c]!);
        gt[c * n + r] = g;
        gp[c]! += 1 - g * g;
      }
    }
    // E[g(Wx) x^T] (k x k) = g^T white / n, less E[g'(Wx)] W.
    const G = matmul(gt, k, n, white, k);
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < k; j++) next[c * k + j] = G[c * k + j]! / n - (gp[c]! / n) * W[c * k + j]!;
    }
    const W1 = symmetricDecorrelation(next, k);
    let limit = 0;
    for (let c = 0; c < k; c++) {
      let dot = 0;
      for (let j = 0; j < k; j++) dot += W1[c * k + j]! * W[c * k + j]!;
      limit = Math.max(limit, Math.abs(Math.abs(dot) - 1));
    }
    W = W1;
    if (limit < TOLERANCE) {
      converged = true;
      break;
    }
  }
  // Unmixing (W K)^T = K^T W^T, d x k; each source's sign makes its largest weight positive.
  transposeInto(W, k, k, wt);
  const matrix = matmul(kt, d, k, wt, k);
  for (let c = 0; c < k; c++) {
    let big = 0;
    for (let i = 0; i < d; i++) if (Math.abs(matrix[i * k + c]!) > Math.abs(big)) big = matrix[i * k + c]!;
    if (big < 0) for (let i = 0; i < d; i++) matrix[i * k + c] = -matrix[i * k + c]!;
  }
  const notes = converged
    ? []
    : [`FastICA stopped after ${iterations} iterations before converging (tol ${TOLERANCE})`];
  return linearFit('ica', mean, matrix, d, k, notes);
}

/** (X^T X / n)^(-1/2) (k x k) of an n x k row-major X: what makes X's second moment the identity. */
function inverseSqrtSecondMoment(x: Float32Array, n: number, k: number): Float32Array {
  const xtx = matmul(transposeInto(x, n, k, new Float32Array(k * n)), k, n, x, k);
  const m = new Matrix(k, k);
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      const v = (xtx[i * k + j]! + xtx[j * k + i]!) / (2 * n);
      m.set(i, j, v);
      m.set(j, i, v);
    }
  }
  const { values, vectors } = symmetricEigen(m);
  const out = new Float32Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      let v = 0;
      for (let c = 0; c < k; c++)
        v += (vectors.get(i, c) * vectors.get(j, c)) / Math.sqrt(Math.max(values[c]!, 1e-300));
      out[i * k + j] = v;
    }
  }
  return out;
}

/** a^T (cols x rows) of a rows x cols row-major array, into `out` as float32. */
function transposeInto(a: ArrayLike<number>, rows: number, cols: number, out: Float32Array): Float32Array {
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = a[r * cols + c]!;
  return out;
}

/**
 * (W W^T)^(-1/2) W for a k x k row-major W: makes the rows orthonormal while staying as close as possible to W
 * (scikit-learn's `_sym_decorrelation`: the eigen-decomposition W W^T = U diag(s) U^T, then U diag(s^-1/2) U^T W).
 */
export function symmetricDecorrelation(W: Float64Array, k: number): Float64Array {
  const w32 = Float32Array.from(W);
  const wwt = matmul(w32, k, k, transposeInto(W, k, k, new Float32Array(k * k)), k);
  const sym = new Matrix(k, k);
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      const v = (wwt[i * k + j]! + wwt[j * k + i]!) / 2;
      sym.set(i, j, v);
      sym.set(j, i, v);
    }
  }
  const { values, vectors } = symmetricEigen(sym);
  // U diag(s^-1/2) (k x k), and U^T W (k x k): their product.
  const ud = new Float32Array(k * k);
  const ut = new Float32Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let c = 0; c < k; c++) {
      const u = vectors.get(i, c);
      ud[i * k + c] = u / Math.sqrt(Math.max(values[c]!, 1e-300));
      ut[c * k + i] = u;
    }
  }
  const utw = matmul(ut, k, k, w32, k);
  return Float64Array.from(matmul(ud, k, k, utw, k));
}
