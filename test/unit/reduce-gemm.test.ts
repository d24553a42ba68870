/** The DR transforms' WebAssembly products against the plain formulas they compute. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Rng } from '../../src/engine/core/random';
import {
  applySigned,
  matmul,
  matmulLoop,
  reduceKernelsAvailable,
  signedLoop,
  signedProjection,
} from '../../src/engine/reduce/gemm';
import { applyTransform, type LinearTransform } from '../../src/engine/reduce/transform';
import { compileReduceKernels } from '../../scripts/build-reduce-kernels';

function random(rng: Rng, n: number, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => scale * rng.normal());
}

/** (a - shift) b in float64, term by term. */
function naive(a: Float32Array, rows: number, d: number, b: Float32Array, k: number, shift?: ArrayLike<number>) {
  const out = new Float64Array(rows * k);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let i = 0; i < d; i++) s += (a[r * d + i]! - (shift ? shift[i]! : 0)) * b[i * k + j]!;
      out[r * k + j] = s;
    }
  }
  return out;
}

/** Largest difference relative to the largest magnitude of the reference. */
function relError(got: Float32Array, want: Float64Array): number {
  assert.equal(got.length, want.length);
  let err = 0;
  let big = 1e-30;
  for (let i = 0; i < want.length; i++) {
    err = Math.max(err, Math.abs(got[i]! - want[i]!));
    big = Math.max(big, Math.abs(want[i]!));
  }
  return err / big;
}

describe('reduce: WebAssembly products', () => {
  it('the kernels load here (WebAssembly SIMD in this Node)', () => {
    assert.equal(reduceKernelsAvailable(), true);
  });

  it('the committed kernels are the compiled source', () => {
    const committed = readFileSync(path.join(__dirname, '../../src/engine/reduce/reduceKernels.wasm.ts'), 'utf8');
    assert.equal(committed, compileReduceKernels(), 'run npm run build:reduce-kernels');
  });

  // Shapes off the 4-row and 8-column tiles, and more rows than one block (d = 3: 5,460 rows per block).
  for (const [rows, d, k] of [
    [1, 1, 1],
    [7, 5, 3],
    [33, 17, 9],
    [130, 64, 24],
    [6000, 3, 11],
  ] as const) {
    it(`matmul equals the plain product, ${rows} x ${d} times ${d} x ${k}, with and without a shift`, () => {
      const rng = new Rng(rows * 1000 + d * 10 + k);
      const a = random(rng, rows * d);
      const b = random(rng, d * k);
      const shift = random(rng, d, 3);
      assert.ok(relError(matmul(a, rows, d, b, k), naive(a, rows, d, b, k)) < 1e-5);
      assert.ok(relError(matmul(a, rows, d, b, k, shift), naive(a, rows, d, b, k, shift)) < 1e-5);
      // The fallback loop, where WebAssembly SIMD is missing.
      const loop = matmulLoop(a, rows, d, b, k, shift, new Float32Array(rows * k));
      assert.ok(relError(loop, naive(a, rows, d, b, k, shift)) < 1e-6);
    });
  }

  it('a large column offset is removed before the product (centred in float32 first)', () => {
    const rng = new Rng(9);
    const rows = 20;
    const d = 6;
    const k = 5;
    const shift = Float32Array.from({ length: d }, (_, i) => 1000 + i);
    const a = Float32Array.from({ length: rows * d }, (_, i) => shift[i % d]! + rng.normal());
    const b = random(rng, d * k);
    assert.ok(relError(matmul(a, rows, d, b, k, shift), naive(a, rows, d, b, k, shift)) < 1e-5);
  });

  it('signedProjection accepts +-s matrices only', () => {
    assert.equal(signedProjection(Float32Array.from([0, 0.5, -0.5, 0]), 2, 2)?.scale, 0.5);
    assert.equal(signedProjection(Float32Array.from([0, 1, 1, 0]), 2, 2)?.scale, 1);
    assert.equal(signedProjection(Float32Array.from([0, 1, 2, 0]), 2, 2), null);
    assert.equal(signedProjection(new Float32Array(4), 2, 2), null);
  });

  for (const [name, draw] of [
    ['binary', (u: number) => (u < 0.1 ? 1 : 0)],
    ['ternary', (u: number) => (u < 1 / 6 ? 0.25 : u < 1 / 3 ? -0.25 : 0)],
  ] as const) {
    it(`applySigned (additions only) equals the plain product, ${name}, rows across blocks`, () => {
      const rng = new Rng(name.length);
      const rows = 300; // one block of 256 and a partial one
      const d = 37;
      const k = 13;
      const m = Float32Array.from({ length: d * k }, () => draw(rng.next()));
      const p = signedProjection(m, d, k)!;
      assert.ok(p);
      const a = random(rng, rows * d);
      const shift = random(rng, d);
      assert.ok(relError(applySigned(p, a, rows, shift), naive(a, rows, d, m, k, shift)) < 1e-5);
      const loop = signedLoop(p, a, rows, shift, new Float32Array(rows * k));
      assert.ok(relError(loop, naive(a, rows, d, m, k, shift)) < 1e-6);
    });
  }

  for (const [name, density, values] of [
    ['dense', 1, (rng: Rng) => rng.normal()],
    ['ternary', 1 / 3, () => 0.3],
    ['sparse, mixed values', 0.2, (rng: Rng) => rng.normal()],
  ] as const) {
    it(`applyTransform of a ${name} linear transform equals (x - mean) M`, () => {
      const rng = new Rng(density * 100);
      const rows = 41;
      const d = 19;
      const k = 10;
      const matrix = Float32Array.from({ length: d * k }, () =>
        rng.next() < density ? (rng.next() < 0.5 ? -1 : 1) * values(rng) : 0,
      );
      const t: LinearTransform = { kind: 'linear', method: 'test', d, k, mean: random(rng, d), matrix };
      const x = random(rng, rows * d);
      const want = naive(x, rows, d, matrix, k, t.mean);
      assert.ok(relError(applyTransform(t, x, rows), want) < 1e-5);
      // Applied twice (the prepared form is cached per matrix): the same numbers.
      assert.deepEqual(applyTransform(t, x, rows), applyTransform(t, x, rows));
    });
  }
});
