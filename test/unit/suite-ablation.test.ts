import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ablationRows, signTest } from '../../bench/suite/ablation';

test('the sign test of the ablation matches the binomial tail', () => {
  // 9 runs better, 4 worse: 2 x P(X <= 4), X ~ Binomial(13, 1/2) = 2 x 1093 / 8192.
  assert.ok(Math.abs(signTest(9, 4) - (2 * 1093) / 8192) < 1e-12);
  assert.equal(signTest(0, 0), 1);
  assert.equal(signTest(3, 3), 1);
  assert.ok(Math.abs(signTest(5, 0) - 2 / 32) < 1e-12);
});

test('the ablation counts net rows lost, real losses and moves against the reference method', () => {
  const run = (method: string, seed: number, b: number, c: number, high: number, compression: number) => ({
    dataset: 'd',
    seed,
    method,
    status: 'done',
    delta: (c - b) / 100,
    compression,
    synthesisMs: 1000,
    comparison: {
      ci95: [-0.1, high] as [number, number],
      onlyBaselineRight: b,
      onlySynthesizedRight: c,
      testRows: 100,
    },
    target: { met: c >= b },
  });
  const rows = ablationRows(
    [
      run('default', 1, 5, 0, -0.01, 10),
      run('default', 2, 1, 1, 0.05, 40),
      run('x', 1, 0, 0, 0.04, 1),
      run('x', 2, 2, 1, 0.03, 4),
    ],
    'default',
  );
  const def = rows.find((r) => r.method === 'default')!;
  const x = rows.find((r) => r.method === 'x')!;
  assert.equal(def.netRowsLost, 5);
  assert.deepEqual(def.realLosses, ['d s1']);
  assert.equal(def.within1, 0.5);
  assert.ok(Math.abs(def.geoCompression - 20) < 1e-9);
  assert.equal(x.netRowsLost, 1);
  assert.deepEqual(x.realLosses, []);
  assert.equal(x.fewerLost, 1);
  assert.equal(x.moreLost, 1);
  assert.equal(x.missed, 1);
});
