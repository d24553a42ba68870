/**
 * Small numeric helpers around ml-matrix: statistics of row-major float32 tables and symmetric eigen-decompositions
 * sorted the way the DR methods need them (largest first, deterministic signs).
 */
import { EVD, Matrix } from 'ml-matrix';

/** Per-column means of a row-major table, in float64. */
export function columnMeans(x: Float32Array, rows: number, d: number): Float64Array {
  const mean = new Float64Array(d);
  for (let r = 0; r < rows; r++) for (let j = 0; j < d; j++) mean[j]! += x[r * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= Math.max(1, rows);
  return mean;
}

/**
 * Population covariance (divides by n, as scikit-learn's PCA/FA statistics), d x d.
 *
 * Covariance does not change when every column is shifted by a constant, so the rows are shifted by each column's
 * most common value rather than its mean: on data with a dominant background value (image borders, one-hot and
 * count features, z-scored or not) the shifted rows are mostly zeros, and only pairs of non-zeros are multiplied
 * (full MNIST: about 150 of 784 per row, 25x less work than the dense product). The mean is put back exactly at the
 * end: C = S / n - (mean - shift)(mean - shift)^T, with S the shifted rows' cross-products.
 */
export function covariance(x: Float32Array, rows: number, d: number, mean: Float64Array): Matrix {
  const shift = columnModes(x, rows, d);
  const c = new Float64Array(d * d);
  const idx = new Int32Array(d);
  const val = new Float64Array(d);
  for (let r = 0; r < rows; r++) {
    let nz = 0;
    const base = r * d;
    for (let j = 0; j < d; j++) {
      const v = x[base + j]! - shift[j]!;
      if (v !== 0) {
        idx[nz] = j;
        val[nz++] = v;
      }
    }
    for (let a = 0; a < nz; a++) {
      const va = val[a]!;
      const row = idx[a]! * d;
      for (let b = a; b < nz; b++) c[row + idx[b]!]! += va * val[b]!;
    }
  }
  const m = new Matrix(d, d);
  const n = Math.max(1, rows);
  for (let i = 0; i < d; i++) {
    const mi = mean[i]! - shift[i]!;
    for (let j = i; j < d; j++) {
      const val = c[i * d + j]! / n - mi * (mean[j]! - shift[j]!);
      m.set(i, j, val);
      m.set(j, i, val);
    }
  }
  return m;
}

/** Rows sampled to find a column's most common value (the covariance's shift; any value is exact, this one is fast). */
const MODE_SAMPLE = 512;

/** Per column, the most frequent value among the first rows (ties: the first seen). */
function columnModes(x: Float32Array, rows: number, d: number): Float64Array {
  const n = Math.min(rows, MODE_SAMPLE);
  const out = new Float64Array(d);
  const counts = new Map<number, number>();
  for (let j = 0; j < d; j++) {
    counts.clear();
    let best = n > 0 ? x[j]! : 0;
    let bestCount = 0;
    for (let r = 0; r < n; r++) {
      const v = x[r * d + j]!;
      const k = (counts.get(v) ?? 0) + 1;
      counts.set(v, k);
      if (k > bestCount) {
        bestCount = k;
        best = v;
      }
    }
    out[j] = best;
  }
  return out;
}

export interface SymmetricEigen {
  /** Eigenvalues, largest first. */
  values: number[];
  /** Eigenvectors as columns, same order; each flipped so its largest-magnitude entry is positive. */
  vectors: Matrix;
}

/** Eigen-decomposition of a symmetric matrix, largest eigenvalue first, with signs fixed for reproducibility. */
export function symmetricEigen(a: Matrix): SymmetricEigen {
  const evd = new EVD(a, { assumeSymmetric: true });
  const raw = evd.realEigenvalues;
  const vec = evd.eigenvectorMatrix;
  const n = raw.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((p, q) => raw[q]! - raw[p]!);
  const vectors = new Matrix(a.rows, n);
  order.forEach((src, c) => {
    let big = 0;
    for (let i = 0; i < a.rows; i++) if (Math.abs(vec.get(i, src)) > Math.abs(big)) big = vec.get(i, src);
    const sign = big < 0 ? -1 : 1;
    for (let i = 0; i < a.rows; i++) vectors.set(i, c, sign * vec.get(i, src));
  });
  return { values: order.map((i) => raw[i]!), vectors };
}

/** Flattens the first `k` columns of a d x n matrix into a row-major d x k float32 array. */
export function leadingColumns(m: Matrix, k: number, scale?: (c: number) => number): Float32Array {
  const out = new Float32Array(m.rows * k);
  for (let i = 0; i < m.rows; i++) {
    for (let c = 0; c < k; c++) out[i * k + c] = m.get(i, c) * (scale ? scale(c) : 1);
  }
  return out;
}

/** Euclidean distances between every pair of rows of a row-major table, count x count, float64. */
export function pairwiseDistances(x: Float32Array, count: number, d: number): Float64Array {
  const dist = new Float64Array(count * count);
  for (let i = 0; i < count; i++) {
    for (let j = i + 1; j < count; j++) {
      let s = 0;
      for (let f = 0; f < d; f++) {
        const t = x[i * d + f]! - x[j * d + f]!;
        s += t * t;
      }
      const v = Math.sqrt(s);
      dist[i * count + j] = v;
      dist[j * count + i] = v;
    }
  }
  return dist;
}
