import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DR_METHODS, type DrMethod } from '../../src/protocol/config';
import type { ModelReduce } from '../../src/protocol/model';
import { Rng } from '../../src/engine/core/random';
import { decodeReduce, encodeReduce } from '../../src/engine/model/reduceForm';
import { factorAnalysis } from '../../src/engine/reduce/factorAnalysis';
import { fitReduce } from '../../src/engine/reduce/fit';
import { TrainingStats } from '../../src/engine/reduce/stats';
import { applyTransform, type ReduceTransform } from '../../src/engine/reduce/transform';
import { ReduceError, type FitInput } from '../../src/engine/reduce/types';

function input(x: Float32Array, rows: number, d: number, k: number, extra: Partial<FitInput> = {}): FitInput {
  return { stats: new TrainingStats(x, rows, d), k, neighbors: 8, landmarks: 500, rng: new Rng(7), ...extra };
}

function linearMatrix(method: DrMethod, inp: FitInput): { matrix: Float32Array; d: number; k: number } {
  const f = fitReduce(method, inp);
  assert.equal(f.transform.kind, 'linear');
  if (f.transform.kind !== 'linear') throw new Error('unreachable');
  return { matrix: f.transform.matrix, d: f.transform.d, k: f.transform.k };
}

/** Share of vector v (length d) that lies in the column space of an orthonormalised d x k matrix. */
function inSpan(v: number[], basis: number[][]): number {
  // Gram-Schmidt on the basis columns, then the norm of the projection.
  const q: number[][] = [];
  for (const b of basis) {
    const u = [...b];
    for (const e of q) {
      const dot = u.reduce((s, x, i) => s + x * e[i]!, 0);
      for (let i = 0; i < u.length; i++) u[i]! -= dot * e[i]!;
    }
    const n = Math.hypot(...u);
    if (n > 1e-9) q.push(u.map((x) => x / n));
  }
  const norm = Math.hypot(...v);
  const proj = q.reduce((s, e) => s + v.reduce((t, x, i) => t + x * e[i]!, 0) ** 2, 0);
  return Math.sqrt(proj) / norm;
}

const columns = (m: Float32Array, d: number, k: number): number[][] =>
  Array.from({ length: k }, (_, c) => Array.from({ length: d }, (_, i) => m[i * k + c]!));

describe('reduce: linear methods on planted structure', () => {
  it('PCA recovers a planted 3-dimensional subspace', () => {
    const rng = new Rng(1);
    const d = 12;
    const n = 400;
    const B = Array.from({ length: 3 }, () => Array.from({ length: d }, () => rng.normal()));
    const x = new Float32Array(n * d);
    for (let r = 0; r < n; r++) {
      const z = [3 * rng.normal(), 2 * rng.normal(), 1.5 * rng.normal()];
      for (let i = 0; i < d; i++)
        x[r * d + i] = z[0]! * B[0]![i]! + z[1]! * B[1]![i]! + z[2]! * B[2]![i]! + 0.01 * rng.normal();
    }
    const { matrix, k } = linearMatrix('pca', input(x, n, d, 3));
    const basis = columns(matrix, d, k);
    for (const b of B) assert.ok(inSpan(b, basis) > 0.999, `planted direction outside the PCA subspace`);
  });

  it('random projections keep pairwise distances within the Johnson-Lindenstrauss bound', () => {
    // JL: k >= 4 ln(n) / (eps^2/2 - eps^3/3) = 143.8 for n = 20, eps = 0.5; k = 200 satisfies it.
    const rng = new Rng(2);
    const n = 20;
    const d = 400;
    const k = 200;
    const eps = 0.5;
    const x = new Float32Array(n * d);
    for (let i = 0; i < x.length; i++) x[i] = rng.normal();
    const dist = (a: Float32Array, dim: number, i: number, j: number) => {
      let s = 0;
      for (let f = 0; f < dim; f++) s += (a[i * dim + f]! - a[j * dim + f]!) ** 2;
      return Math.sqrt(s);
    };
    const cases: [DrMethod, number][] = [
      ['rpGaussian', 1],
      ['rpGaussianUnit', 1 / Math.sqrt(k)],
      ['rpSparseTernary', 1],
    ];
    for (const [method, scale] of cases) {
      const f = fitReduce(method, input(x, n, d, k));
      const y = applyTransform(f.transform, x, n);
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const ratio = (scale * dist(y, k, i, j)) / dist(x, d, i, j);
          assert.ok(ratio > 1 - eps && ratio < 1 + eps, `${method}: distance ratio ${ratio}`);
        }
      }
    }
  });

  it('sparse projections have the documented sparsity and are charged for their non-zeros only', () => {
    const rng = new Rng(3);
    const d = 100;
    const x = new Float32Array(50 * d).map(() => rng.normal());
    const binary = linearMatrix('rpSparseBinary', input(x, 50, d, 20));
    assert.ok(binary.matrix.every((v) => v === 0 || v === 1));
    const nnz = binary.matrix.filter((v) => v !== 0).length;
    assert.ok(nnz > 0.5 * 0.1 * d * 20 && nnz < 1.5 * 0.1 * d * 20, `binary density ${nnz / (d * 20)}`);
    const ternary = fitReduce('rpSparseTernary', input(x, 50, d, 20));
    const m = ternary.transform.kind === 'linear' ? ternary.transform.matrix : new Float32Array();
    const tnz = m.filter((v) => v !== 0).length;
    assert.equal(ternary.cost.macs, tnz);
    assert.ok(Math.abs(tnz / m.length - 1 / 3) < 0.05, `ternary density ${tnz / m.length}`);
    assert.equal(fitReduce('pca', input(x, 50, d, 20)).cost.macs, d * 20);
  });

  it('ICA unmixes planted independent sources', () => {
    const rng = new Rng(4);
    const n = 1500;
    const s1 = Array.from({ length: n }, (_, t) => Math.sign(Math.sin(t / 7)));
    const s2 = Array.from({ length: n }, () => rng.next() * 2 - 1);
    const A = [
      [1, 0.6],
      [0.4, 1],
      [0.7, -0.5],
    ];
    const d = 3;
    const x = new Float32Array(n * d);
    for (let t = 0; t < n; t++) for (let i = 0; i < d; i++) x[t * d + i] = A[i]![0]! * s1[t]! + A[i]![1]! * s2[t]!;
    const f = fitReduce('ica', input(x, n, d, 2));
    const y = applyTransform(f.transform, x, n);
    const corr = (a: number[], b: number[]) => {
      const ma = a.reduce((s, v) => s + v, 0) / a.length;
      const mb = b.reduce((s, v) => s + v, 0) / b.length;
      let ab = 0;
      let aa = 0;
      let bb = 0;
      a.forEach((v, i) => {
        ab += (v - ma) * (b[i]! - mb);
        aa += (v - ma) ** 2;
        bb += (b[i]! - mb) ** 2;
      });
      return Math.abs(ab / Math.sqrt(aa * bb));
    };
    const comp = [0, 1].map((c) => Array.from({ length: n }, (_, t) => y[t * 2 + c]!));
    const best1 = Math.max(corr(comp[0]!, s1), corr(comp[1]!, s1));
    const best2 = Math.max(corr(comp[0]!, s2), corr(comp[1]!, s2));
    assert.ok(best1 > 0.97 && best2 > 0.97, `source correlations ${best1}, ${best2}`);
    // Unit variance on the data it was fitted on (scikit-learn's whiten='unit-variance').
    const v = comp[0]!.reduce((s, a) => s + a * a, 0) / n;
    assert.ok(Math.abs(v - 1) < 0.02, `variance ${v}`);
  });

  it('factor analysis recovers planted loadings up to rotation and sign, and the noise variances', () => {
    const rng = new Rng(5);
    const n = 3000;
    const d = 8;
    const W = [
      [2, 1.5, 1, 0, 0, 0.5, -1, 0],
      [0, 0, 1, 2, -1.5, 0, 0.5, 1],
    ];
    const psi = [0.1, 0.2, 0.3, 0.1, 0.2, 0.3, 0.1, 0.2];
    const x = new Float32Array(n * d);
    for (let r = 0; r < n; r++) {
      const z = [rng.normal(), rng.normal()];
      for (let i = 0; i < d; i++) {
        x[r * d + i] = z[0]! * W[0]![i]! + z[1]! * W[1]![i]! + Math.sqrt(psi[i]!) * rng.normal();
      }
    }
    const fa = factorAnalysis(new TrainingStats(x, n, d), 2);
    assert.ok(fa.converged);
    const est = [0, 1].map((c) => Array.from({ length: d }, (_, i) => fa.W.get(c, i)));
    for (const w of W) assert.ok(inSpan(w, est) > 0.995, 'planted loading outside the fitted factor space');
    // W W^T is rotation-invariant: compare the implied covariance.
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        const truth = W[0]![i]! * W[0]![j]! + W[1]![i]! * W[1]![j]!;
        const fit = est[0]![i]! * est[0]![j]! + est[1]![i]! * est[1]![j]!;
        assert.ok(Math.abs(truth - fit) < 0.15 * (1 + Math.abs(truth)), `WW^T[${i},${j}] ${fit} vs ${truth}`);
      }
      assert.ok(Math.abs(fa.psi[i]! - psi[i]!) < 0.05, `psi[${i}] ${fa.psi[i]} vs ${psi[i]}`);
    }
    // The transform is linear (posterior mean) and exported like PCA.
    assert.equal(fitReduce('factorAnalysis', input(x, n, d, 2)).transform.kind, 'linear');
  });

  it('factor analysis with the randomized solver matches the exact one', () => {
    const rng = new Rng(8);
    const n = 2000;
    const d = 60;
    const k = 4;
    const W = Array.from({ length: k }, () => Array.from({ length: d }, () => rng.normal()));
    const psi = Array.from({ length: d }, () => 0.2 + rng.next());
    const x = new Float32Array(n * d);
    for (let r = 0; r < n; r++) {
      const z = W.map(() => rng.normal());
      for (let i = 0; i < d; i++) {
        let v = Math.sqrt(psi[i]!) * rng.normal();
        for (let c = 0; c < k; c++) v += z[c]! * W[c]![i]!;
        x[r * d + i] = v;
      }
    }
    const stats = new TrainingStats(x, n, d);
    // Both converge under the default tolerance. The randomized solver's float32 products can shift the stop by
    // an iteration, which moves psi by up to ~1e-3 here (the iteration is still creeping at that tolerance).
    const exactStop = factorAnalysis(stats, k, 100, 1e-6, 'exact');
    const fastStop = factorAnalysis(stats, k, 100, 1e-6, 'randomized');
    assert.ok(exactStop.converged && fastStop.converged);
    for (let i = 0; i < d; i++)
      assert.ok(Math.abs(fastStop.psi[i]! - exactStop.psi[i]!) < 3e-3 * (1 + exactStop.psi[i]!));
    // Iteration for iteration (no stopping rule), the two solvers agree closely.
    const exact = factorAnalysis(stats, k, 8, -Infinity, 'exact');
    const fast = factorAnalysis(stats, k, 8, -Infinity, 'randomized');
    assert.equal(fast.iterations, 8);
    for (let i = 0; i < d; i++) {
      assert.ok(Math.abs(fast.psi[i]! - exact.psi[i]!) < 1e-4 * (1 + exact.psi[i]!), `psi[${i}]`);
      for (let j = 0; j < d; j++) {
        let a = 0;
        let b = 0;
        for (let c = 0; c < k; c++) {
          a += exact.W.get(c, i) * exact.W.get(c, j);
          b += fast.W.get(c, i) * fast.W.get(c, j);
        }
        assert.ok(Math.abs(a - b) < 1e-4 * (1 + Math.abs(a)), `WW^T[${i},${j}] ${b} vs ${a}`);
      }
    }
  });

  it('rejects dims larger than the features and ICA beyond the data rank, with the reason', () => {
    const x = new Float32Array(30 * 4).map((_, i) => (i % 4 === 3 ? 0 : Math.sin(i)));
    assert.throws(() => fitReduce('pca', input(x, 30, 4, 5)), /dims must be between 1 and the feature count 4/);
    assert.throws(
      () => fitReduce('ica', input(x, 30, 4, 4)),
      (e) => e instanceof ReduceError && /varies in only 2 directions; use dims <= 2/.test(e.message),
    );
  });
});

describe('reduce: manifold methods and their out-of-sample extension', () => {
  /** Points on a 3-D helix with a little noise: a 1-D manifold whose arc length is the parameter. */
  function helix(n: number, seed: number): { x: Float32Array; t: number[] } {
    const rng = new Rng(seed);
    const x = new Float32Array(n * 3);
    const t: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = (4 * Math.PI * i) / n;
      t.push(s);
      x[i * 3] = Math.cos(s) + 0.01 * rng.normal();
      x[i * 3 + 1] = Math.sin(s) + 0.01 * rng.normal();
      x[i * 3 + 2] = 0.5 * s + 0.01 * rng.normal();
    }
    return { x, t };
  }

  for (const method of ['isomap', 'spectral'] as const) {
    it(`${method}: the transform of the training landmarks equals the fitted embedding`, () => {
      const { x } = helix(200, 6);
      const f = fitReduce(method, input(x, 200, 3, 2, { landmarks: 120 }));
      assert.equal(f.transform.kind, 'landmarks');
      if (f.transform.kind !== 'landmarks') return;
      assert.equal(f.extension, method === 'isomap' ? 'landmarkMds' : 'nystrom');
      const points = f.transform.landmarks;
      const y = applyTransform(f.transform, points, f.transform.count);
      const fitted = f.landmarkEmbedding!;
      let worst = 0;
      let scale = 0;
      for (let i = 0; i < y.length; i++) {
        worst = Math.max(worst, Math.abs(y[i]! - fitted[i]!));
        scale = Math.max(scale, Math.abs(fitted[i]!));
      }
      assert.ok(scale > 0.1, 'embedding is not trivial');
      assert.ok(worst < 1e-3 * Math.max(1, scale), `largest difference ${worst} (scale ${scale})`);
    });
  }

  it('isomap unrolls a helix: the first coordinate follows the arc length, also for unseen points', () => {
    const train = helix(300, 7);
    const test = helix(97, 8);
    const f = fitReduce('isomap', input(train.x, 300, 3, 1, { landmarks: 300 }));
    const y = applyTransform(f.transform, test.x, 97);
    const rank = (v: number[]) => {
      const idx = v.map((_, i) => i).sort((a, b) => v[a]! - v[b]!);
      const r = new Array<number>(v.length);
      idx.forEach((i, p) => (r[i] = p));
      return r;
    };
    const a = rank(Array.from(y));
    const b = rank(test.t);
    const n = a.length;
    const rho = 1 - (6 * a.reduce((s, v, i) => s + (v - b[i]!) ** 2, 0)) / (n * (n * n - 1));
    assert.ok(Math.abs(rho) > 0.99, `Spearman correlation ${rho}`);
  });

  it('rejects too few training rows for the neighbours', () => {
    const { x } = helix(10, 9);
    assert.throws(
      () => fitReduce('isomap', input(x, 10, 3, 2, { neighbors: 10 })),
      /10 neighbours need at least 12 training rows/,
    );
  });
});

describe('reduce: the model form', () => {
  it('every transform reads back from model.json exactly as the run applies it', () => {
    const rng = new Rng(10);
    const d = 5;
    const n = 120;
    const x = new Float32Array(n * d).map(() => rng.normal());
    for (const method of DR_METHODS) {
      const f = fitReduce(method, input(x, n, d, 2, { landmarks: 100 }));
      const form = JSON.parse(JSON.stringify(encodeReduce(f.transform))) as ModelReduce;
      assert.equal(form.kind === 'landmarks' ? form.extension : 'linear', f.extension, method);
      const back = decodeReduce(form);
      assert.deepEqual(back, f.transform, method);
      assert.deepEqual(applyTransform(back as ReduceTransform, x, n), applyTransform(f.transform, x, n), method);
    }
  });
});
