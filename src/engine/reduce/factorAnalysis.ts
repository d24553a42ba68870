import { inverse, Matrix } from 'ml-matrix';
import { Rng } from '../core/random';
import { symmetricEigen } from './linalg';
import { topEigen } from './randomizedEigen';
import { linearFit } from './linearModel';
import type { TrainingStats } from './stats';
import type { FitInput, FittedReduce } from './types';

const SMALL = 1e-12;

/**
 * Factor analysis by scikit-learn's SVD-based maximum-likelihood iteration (Barber 2012, 21.2.33), run on the
 * covariance instead of the data matrix (same singular vectors, d x d instead of n x d work). The transform is the
 * posterior mean of the factors: z = (x - mean) Psi^-1 W^T (I + W Psi^-1 W^T)^-1.
 *
 * Iterations stop when the log-likelihood gains less than `tolerance` relative to its size (scikit-learn's absolute
 * 1e-2 on n-scaled likelihoods would need hundreds of d x d eigen-decompositions on wide data).
 */
export function fitFactorAnalysis({ stats, k }: FitInput): FittedReduce {
  const { W, psi, converged, iterations } = factorAnalysis(stats, k);
  const d = stats.d;
  // Posterior mean map, d x k: Psi^-1 W^T (I + W Psi^-1 W^T)^-1.
  const wPsi = new Matrix(k, d);
  for (let c = 0; c < k; c++) for (let i = 0; i < d; i++) wPsi.set(c, i, W.get(c, i) / psi[i]!);
  const covZ = inverse(Matrix.eye(k).add(wPsi.mmul(W.transpose())));
  const map = wPsi.transpose().mmul(covZ);
  const matrix = new Float32Array(d * k);
  for (let i = 0; i < d; i++) for (let c = 0; c < k; c++) matrix[i * k + c] = map.get(i, c);
  const notes = converged ? [] : [`factor analysis stopped after ${iterations} iterations before converging`];
  return linearFit('factorAnalysis', stats.mean, matrix, d, k, notes);
}

export interface FactorModel {
  /** Loadings, k x d. */
  W: Matrix;
  /** Noise variance per feature. */
  psi: Float64Array;
  converged: boolean;
  iterations: number;
}

/**
 * How each iteration finds the k leading eigenpairs of the scaled covariance: `exact` decomposes it fully (d^3),
 * `randomized` runs two warm-started subspace iterations (`topEigen`) from the previous iteration's subspace, which
 * changes little from one iteration to the next, with its d x d products on the float32 GEMM; `auto` takes the
 * randomized one whenever its block (k + 10 columns) is narrower than d. Warm-started, it pays even for k near d/2
 * (MNIST k = 392: three d^2 (k + 10) products and a (k + 10)^2 eigenproblem per iteration against a 784^2 one).
 */
export type FaSolver = 'auto' | 'exact' | 'randomized';

export function factorAnalysis(
  stats: TrainingStats,
  k: number,
  maxIterations = 100,
  tolerance = 1e-6,
  solver: FaSolver = 'auto',
): FactorModel {
  const d = stats.d;
  const C = stats.covariance;
  const variance = Array.from({ length: d }, (_, i) => C.get(i, i));
  const randomized = solver === 'randomized' || (solver === 'auto' && k + 10 < d);
  const rng = new Rng(0xfa).fork(`factor-analysis:${k}`);
  let subspace: Float64Array[] | undefined;
  let psi = new Float64Array(d).fill(1);
  let W = new Matrix(k, d);
  let previous = -Infinity;
  let converged = false;
  let iterations = 0;
  for (let it = 0; it < maxIterations; it++) {
    iterations = it + 1;
    const sp = Array.from(psi, (p) => Math.sqrt(p) + SMALL);
    const scaled = new Matrix(d, d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) scaled.set(i, j, C.get(i, j) / (sp[i]! * sp[j]!));
    let trace = 0;
    for (let i = 0; i < d; i++) trace += scaled.get(i, i);
    const { values, vectors } = randomized
      ? topEigen(scaled, k, { rng, float32Products: true, ...(subspace ? { start: subspace, iterations: 2 } : {}) })
      : symmetricEigen(scaled);
    if (randomized) subspace = Array.from({ length: k }, (_, c) => Float64Array.from(vectors.getColumn(c)));
    W = new Matrix(k, d);
    let logS = 0;
    for (let c = 0; c < k; c++) {
      const s2 = Math.max(values[c]!, SMALL);
      logS += Math.log(s2);
      const f = Math.sqrt(Math.max(s2 - 1, 0));
      for (let i = 0; i < d; i++) W.set(c, i, f * vectors.get(i, c) * sp[i]!);
    }
    // The eigenvalues past k sum to the trace less the first k (the randomized solver computes only those).
    let unexplained = trace;
    for (let c = 0; c < k; c++) unexplained -= values[c]!;
    unexplained = Math.max(unexplained, 0);
    const logPsi = Array.from(psi).reduce((s, p) => s + Math.log(p), 0);
    const ll = -0.5 * (d * Math.log(2 * Math.PI) + k + logS + unexplained + logPsi);
    if (it > 0 && ll - previous < tolerance * Math.abs(ll)) {
      converged = true;
      break;
    }
    previous = ll;
    const next = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      let w2 = 0;
      for (let c = 0; c < k; c++) w2 += W.get(c, i) ** 2;
      next[i] = Math.max(variance[i]! - w2, SMALL);
    }
    psi = next;
  }
  return { W, psi, converged, iterations };
}
