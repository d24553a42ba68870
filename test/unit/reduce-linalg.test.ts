/** The fast paths of the DR fits against the exact, plain computations they replace. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Matrix } from 'ml-matrix';
import { Rng } from '../../src/engine/core/random';
import { columnMeans, covariance, symmetricEigen } from '../../src/engine/reduce/linalg';
import { topEigen } from '../../src/engine/reduce/randomizedEigen';

/** The textbook covariance: centred rows, every pair multiplied. */
function plainCovariance(x: Float32Array, rows: number, d: number): number[][] {
  const mean = columnMeans(x, rows, d);
  const c = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) c[i]![j]! += ((x[r * d + i]! - mean[i]!) * (x[r * d + j]! - mean[j]!)) / rows;
    }
  }
  return c;
}

/** A d x d covariance with eigenvalues `spectrum` along random orthonormal axes. */
function withSpectrum(rng: Rng, spectrum: number[]): { c: Matrix; axes: Matrix } {
  const d = spectrum.length;
  const g = new Matrix(d, d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) g.set(i, j, rng.normal());
  const axes = symmetricEigen(g.mmul(g.transpose())).vectors;
  const c = axes.mmul(Matrix.diag(spectrum)).mmul(axes.transpose());
  return { c: c.add(c.transpose()).div(2), axes };
}

describe('reduce: linear algebra fast paths', () => {
  it('the covariance with mostly-background rows equals the textbook one', () => {
    const rng = new Rng(4);
    const rows = 300;
    const d = 12;
    const x = new Float32Array(rows * d);
    // Columns with a dominant background value (like image borders after z-scoring), one dense column, one constant.
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < d - 2; j++) x[r * d + j] = rng.next() < 0.8 ? -0.4 - 0.05 * j : rng.normal() * 2;
      x[r * d + d - 2] = rng.normal() + 3;
      x[r * d + d - 1] = 7;
    }
    const fast = covariance(x, rows, d, columnMeans(x, rows, d));
    const plain = plainCovariance(x, rows, d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        assert.ok(
          Math.abs(fast.get(i, j) - plain[i]![j]!) < 1e-9,
          `(${i}, ${j}): ${fast.get(i, j)} vs ${plain[i]![j]}`,
        );
      }
    }
  });

  it('the randomized eigensolver finds the exact leading eigenpairs', () => {
    const rng = new Rng(9);
    const d = 120;
    const k = 20;
    // A decaying spectrum with a gap after k (as image covariances have), and a slowly decaying one without.
    // Without a gap the solver converges slowly (the error shrinks like (s_{m+1} / s_k)^(2q+1)): looser bounds there.
    // Columns: spectrum, eigenvalue tolerance, subspace tolerance and how many leading vectors it applies to,
    // tolerance of the captured variance.
    for (const [spectrum, valueTol, spanTol, spanCount, capturedTol] of [
      [Array.from({ length: d }, (_, i) => (i < k ? 100 / (i + 1) : 0.5 / (i + 1))), 1e-9, 1e-9, k, 1e-12],
      [Array.from({ length: d }, (_, i) => 1 / Math.sqrt(i + 1)), 3e-2, 2e-2, k / 2, 5e-3],
    ] as const) {
      const { c } = withSpectrum(rng, spectrum);
      const exact = symmetricEigen(c);
      const fast = topEigen(c, k, { rng: new Rng(1), iterations: 7 });
      assert.equal(fast.values.length, k);
      assert.equal(fast.vectors.columns, k);
      for (let i = 0; i < k; i++) {
        const rel = Math.abs(fast.values[i]! - exact.values[i]!) / exact.values[i]!;
        assert.ok(rel < valueTol, `eigenvalue ${i}: ${fast.values[i]} vs ${exact.values[i]}`);
      }
      // The variance the k directions capture (what PCA keeps): exact with a gap, within 0.5% without one.
      const sum = (v: number[]): number => v.slice(0, k).reduce((a, b) => a + b, 0);
      assert.ok(
        sum(fast.values) > (1 - capturedTol) * sum(exact.values),
        `captured ${sum(fast.values)} of ${sum(exact.values)}`,
      );
      // The spanned subspace: every exact leading vector lies in the randomized one (projection norm ~ 1).
      for (let i = 0; i < spanCount; i++) {
        let norm2 = 0;
        for (let j = 0; j < k; j++) {
          let dot = 0;
          for (let t = 0; t < d; t++) dot += exact.vectors.get(t, i) * fast.vectors.get(t, j);
          norm2 += dot * dot;
        }
        assert.ok(norm2 > 1 - spanTol, `exact vector ${i} is ${norm2} inside the randomized subspace`);
      }
      // Orthonormal output, same sign rule as the exact solver (largest-magnitude entry positive).
      const gram = fast.vectors.transpose().mmul(fast.vectors);
      for (let i = 0; i < k; i++)
        for (let j = 0; j < k; j++) assert.ok(Math.abs(gram.get(i, j) - (i === j ? 1 : 0)) < 1e-9);
      for (let i = 0; i < k; i++) {
        const col = fast.vectors.getColumn(i);
        const big = col.reduce((a, v) => (Math.abs(v) > Math.abs(a) ? v : a), 0);
        assert.ok(big > 0);
      }
    }
  });

  it('a rank-deficient matrix gives zero eigenvalues past its rank, and an orthonormal basis', () => {
    const rng = new Rng(2);
    const { c } = withSpectrum(
      rng,
      Array.from({ length: 40 }, (_, i) => (i < 5 ? 10 - i : 0)),
    );
    const fast = topEigen(c, 8, { rng: new Rng(3) });
    assert.deepEqual(
      fast.values.slice(0, 5).map((v) => Math.round(v * 1e6) / 1e6),
      [10, 9, 8, 7, 6],
    );
    for (const v of fast.values.slice(5)) assert.ok(Math.abs(v) < 1e-9, `eigenvalue ${v}`);
    const gram = fast.vectors.transpose().mmul(fast.vectors);
    for (let i = 0; i < 8; i++) assert.ok(Math.abs(gram.get(i, i) - 1) < 1e-9);
  });
});
