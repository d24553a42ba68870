/**
 * The leading eigenpairs of a symmetric positive semi-definite matrix by randomized subspace iteration (Halko,
 * Martinsson & Tropp 2011, algorithms 4.4 and 5.3; scikit-learn's `svd_solver='randomized'`): Q spans C^q Omega for
 * a Gaussian d x (k + oversample) Omega, re-orthonormalized after every product, then the Rayleigh-Ritz step
 * diagonalizes Q^T C Q. Each product costs d^2 (k + oversample) multiply-accumulates, against d^3 for the full
 * decomposition; the full one stays the choice when k is a large share of d.
 */
import { Matrix } from 'ml-matrix';
import type { Rng } from '../core/random';
import { matmul } from './gemm';
import { symmetricEigen, type SymmetricEigen } from './linalg';

export interface RandomizedOptions {
  rng: Rng;
  /** Extra columns beyond k (default 10, as scikit-learn). */
  oversample?: number;
  /** Power iterations q (default 4; scikit-learn uses 4, or 7 when k < d / 10). */
  iterations?: number;
  /** Columns to start from instead of a random block (warm start, e.g. the previous iteration's subspace). */
  start?: Float64Array[];
  /**
   * The products C Q in float32 on the WebAssembly GEMM (./gemm) instead of float64 loops: 20-40x faster, with
   * float32 rounding (about 1e-6 relative) in the basis; so are Q^T C Q and the Ritz vectors. Orthonormalization
   * and the small eigenproblem stay in float64.
   */
  float32Products?: boolean;
}

/** When the randomized solver is worth it: its block is well under half the matrix. */
export function randomizedPays(d: number, k: number, oversample = 10): boolean {
  return 2 * (k + oversample) <= d;
}

/**
 * The k leading eigenpairs of `c` (d x d, symmetric PSD), largest first, signs fixed like `symmetricEigen`.
 * `values` holds k values; `vectors` is d x k.
 */
export function topEigen(c: Matrix, k: number, options: RandomizedOptions): SymmetricEigen {
  const d = c.rows;
  const m = Math.min(d, k + (options.oversample ?? 10));
  const q = options.iterations ?? (k < d / 10 ? 7 : 4);
  const flat = Float64Array.from(c.to1DArray());
  const flat32 = options.float32Products ? Float32Array.from(flat) : undefined;
  const multiply = (m: Float64Array, n: number, cols: Float64Array[]): Float64Array[] =>
    flat32 ? multiply32(flat32, n, cols) : multiply64(m, n, cols);
  let cols: Float64Array[] =
    options.start?.slice(0, m).map((v) => Float64Array.from(v)) ??
    Array.from({ length: m }, () => Float64Array.from({ length: d }, () => options.rng.normal()));
  while (cols.length < m) cols.push(Float64Array.from({ length: d }, () => options.rng.normal()));
  // A warm start is already orthonormal (the previous call's Ritz vectors), and a few products in a row only
  // widen the spread of its columns by (s_1 / s_m)^q, which Gram-Schmidt twice in float64 absorbs: it is then
  // orthonormalized once, after the last product (Gram-Schmidt is this solver's largest cost at large m).
  const warm = options.start !== undefined;
  if (!warm) orthonormalize(cols);
  for (let it = 0; it < q; it++) {
    cols = multiply(flat, d, cols);
    if (!warm || it === q - 1) orthonormalize(cols);
  }
  // Rayleigh-Ritz: B = Q^T C Q (m x m), C Q's columns reused for it.
  const cq = multiply(flat, d, cols);
  const b = new Matrix(m, m);
  const qtcq = flat32 ? matmul(rowsOf(cols, d), m, d, columnsOf(cq, d), m) : undefined;
  for (let i = 0; i < m; i++) {
    for (let j = i; j < m; j++) {
      const v = qtcq ? (qtcq[i * m + j]! + qtcq[j * m + i]!) / 2 : (dot(cols[i]!, cq[j]!) + dot(cols[j]!, cq[i]!)) / 2;
      b.set(i, j, v);
      b.set(j, i, v);
    }
  }
  const small = symmetricEigen(b);
  // The leading Ritz vectors Q V (d x k), V the small problem's first k eigenvectors.
  let ritz: Float32Array | undefined;
  if (flat32) {
    const v = new Float32Array(m * k);
    for (let j = 0; j < m; j++) for (let col = 0; col < k; col++) v[j * k + col] = small.vectors.get(j, col);
    ritz = matmul(columnsOf(cols, d), d, m, v, k);
  }
  const vectors = new Matrix(d, k);
  for (let col = 0; col < k; col++) {
    const u = new Float64Array(d);
    if (ritz) {
      for (let i = 0; i < d; i++) u[i] = ritz[i * k + col]!;
    } else {
      for (let j = 0; j < m; j++) {
        const w = small.vectors.get(j, col);
        if (w === 0) continue;
        const qj = cols[j]!;
        for (let i = 0; i < d; i++) u[i]! += w * qj[i]!;
      }
    }
    let big = 0;
    for (let i = 0; i < d; i++) if (Math.abs(u[i]!) > Math.abs(big)) big = u[i]!;
    const sign = big < 0 ? -1 : 1;
    for (let i = 0; i < d; i++) vectors.set(i, col, sign * u[i]!);
  }
  return { values: small.values.slice(0, k), vectors };
}

/** C times each column; C row-major d x d. Four columns per pass over C, so each row of C is read once per four. */
function multiply64(c: Float64Array, d: number, cols: Float64Array[]): Float64Array[] {
  const out = cols.map(() => new Float64Array(d));
  let j = 0;
  for (; j + 4 <= cols.length; j += 4) {
    const [a, b, e, f] = [cols[j]!, cols[j + 1]!, cols[j + 2]!, cols[j + 3]!];
    const [oa, ob, oe, of] = [out[j]!, out[j + 1]!, out[j + 2]!, out[j + 3]!];
    for (let i = 0; i < d; i++) {
      let sa = 0;
      let sb = 0;
      let se = 0;
      let sf = 0;
      const row = i * d;
      for (let t = 0; t < d; t++) {
        const v = c[row + t]!;
        sa += v * a[t]!;
        sb += v * b[t]!;
        se += v * e[t]!;
        sf += v * f[t]!;
      }
      oa[i] = sa;
      ob[i] = sb;
      oe[i] = se;
      of[i] = sf;
    }
  }
  for (; j < cols.length; j++) {
    const a = cols[j]!;
    const o = out[j]!;
    for (let i = 0; i < d; i++) {
      let s = 0;
      const row = i * d;
      for (let t = 0; t < d; t++) s += c[row + t]! * a[t]!;
      o[i] = s;
    }
  }
  return out;
}

/** Columns as the rows of an m x d float32 array (Q^T). */
function rowsOf(cols: Float64Array[], d: number): Float32Array {
  const out = new Float32Array(cols.length * d);
  cols.forEach((c, j) => out.set(c, j * d));
  return out;
}

/** Columns as a d x m row-major float32 array (Q). */
function columnsOf(cols: Float64Array[], d: number): Float32Array {
  const m = cols.length;
  const out = new Float32Array(d * m);
  for (let j = 0; j < m; j++) {
    const c = cols[j]!;
    for (let i = 0; i < d; i++) out[i * m + j] = c[i]!;
  }
  return out;
}

/** C times each column on the float32 GEMM (C is symmetric: the column block times C). */
function multiply32(c: Float32Array, d: number, cols: Float64Array[]): Float64Array[] {
  const m = cols.length;
  const qt = rowsOf(cols, d);
  // (Q^T C)^T = C Q since C = C^T: rows of Q^T C are the columns of C Q.
  const out = matmul(qt, m, d, c, d);
  return Array.from({ length: m }, (_, j) => Float64Array.from(out.subarray(j * d, (j + 1) * d)));
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * Modified Gram-Schmidt, twice ("twice is enough", Giraud et al. 2005) so the basis stays orthonormal to rounding
 * after the power products have made its columns nearly parallel. A column that vanishes (rank below m) is
 * replaced by a unit vector orthogonal to the others.
 */
function orthonormalize(cols: Float64Array[]): void {
  const d = cols[0]?.length ?? 0;
  for (let j = 0; j < cols.length; j++) {
    const v = cols[j]!;
    const before = Math.sqrt(dot(v, v));
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < j; i++) {
        const u = cols[i]!;
        const p = dot(u, v);
        for (let t = 0; t < d; t++) v[t]! -= p * u[t]!;
      }
    }
    let norm = Math.sqrt(dot(v, v));
    if (!(norm > 1e-12 * Math.max(before, 1e-300))) {
      // Deflated: a coordinate vector made orthogonal to the basis so far.
      v.fill(0);
      v[j % d] = 1;
      for (let i = 0; i < j; i++) {
        const u = cols[i]!;
        const p = dot(u, v);
        for (let t = 0; t < d; t++) v[t]! -= p * u[t]!;
      }
      norm = Math.sqrt(dot(v, v));
    }
    for (let t = 0; t < d; t++) v[t]! /= norm;
  }
}
