import assert from 'node:assert/strict';
import { test } from 'node:test';
import { datasetSchema, type DatasetConfig } from '../../src/protocol/config';
import { Rng } from '../../src/engine/core/random';
import { applyScaler, fitScaler, prepareData } from '../../src/engine/data/prepare';
import { stratifiedQuotas } from '../../src/engine/data/split';
import { DatasetError, type RawDataset, type Table } from '../../src/engine/data/types';

const config = (fields: Partial<DatasetConfig> = {}): DatasetConfig =>
  datasetSchema.parse({ source: 'x.csv', ...fields });

/** Rows in class blocks of the given sizes; feature 0 is the row id (to track rows), feature 1 is class-dependent. */
function synthetic(counts: number[], withTest = false): RawDataset {
  const rows = counts.reduce((a, b) => a + b, 0);
  const x = new Float32Array(rows * 2);
  const y = new Int32Array(rows);
  let r = 0;
  counts.forEach((n, c) => {
    for (let k = 0; k < n; k++, r++) {
      x[r * 2] = r;
      x[r * 2 + 1] = c * 10 + (k % 7);
      y[r] = c;
    }
  });
  const raw: RawDataset = {
    name: 'synthetic',
    features: 2,
    featureNames: ['id', 'v'],
    labelNames: counts.map((_, c) => `c${c}`),
    train: { x, y, rows },
  };
  if (withTest) raw.test = { x: Float32Array.from([1000, 5, 1001, 15]), y: Int32Array.from([0, 1]), rows: 2 };
  return raw;
}

function ids(t: Table): number[] {
  return Array.from({ length: t.rows }, (_, r) => t.x[r * 2]!);
}

function counts(t: Table, classes: number): number[] {
  const out = new Array<number>(classes).fill(0);
  t.y.forEach((c) => out[c]!++);
  return out;
}

test('stratified quotas: proportional, largest remainder, within bounds', () => {
  assert.deepEqual(stratifiedQuotas([50, 30, 20], 10, [0, 0, 0], [50, 30, 20]), [5, 3, 2]);
  assert.deepEqual(stratifiedQuotas([5, 5, 5], 4, [0, 0, 0], [5, 5, 5]), [2, 1, 1]);
  assert.deepEqual(stratifiedQuotas([10, 1], 5, [0, 0], [9, 0]), [5, 0]);
  assert.deepEqual(stratifiedQuotas([98, 1, 1], 3, [1, 1, 1], [98, 1, 1]), [1, 1, 1]);
});

test('prepare: held-out test and validation keep class proportions, cover all rows, never overlap', () => {
  const raw = synthetic([60, 30, 10]);
  const data = prepareData(raw, config({ testFraction: 0.2, validation: 0.25, scaling: 'none' }), new Rng(7));
  assert.equal(data.testSource, 'heldOut');
  assert.equal(data.classes, 3);
  assert.deepEqual(counts(data.test, 3), [12, 6, 2]);
  assert.deepEqual(counts(data.validation, 3), [12, 6, 2]);
  assert.deepEqual(counts(data.train, 3), [36, 18, 6]);
  const all = [...ids(data.train), ...ids(data.validation), ...ids(data.test)].sort((a, b) => a - b);
  assert.deepEqual(
    all,
    Array.from({ length: 100 }, (_, i) => i),
  );
  // Labels still belong to their rows.
  for (const t of [data.train, data.validation, data.test]) {
    for (let r = 0; r < t.rows; r++) assert.equal(t.y[r], raw.train.y[t.x[r * 2]!]);
  }
});

test('prepare: deterministic for a seed, different for another seed', () => {
  const raw = synthetic([60, 30, 10]);
  const spec = config({ scaling: 'none' });
  const a = prepareData(raw, spec, new Rng(1));
  const b = prepareData(raw, spec, new Rng(1));
  const c = prepareData(raw, spec, new Rng(2));
  assert.deepEqual(ids(a.test), ids(b.test));
  assert.deepEqual(ids(a.validation), ids(b.validation));
  assert.deepEqual(a.train, b.train);
  assert.notDeepEqual(ids(a.test), ids(c.test));
  assert.notDeepEqual(ids(a.validation), ids(c.validation));
});

test('prepare: an official test split is used as is and only validation is split off', () => {
  const raw = synthetic([20, 20], true);
  const data = prepareData(raw, config({ validation: 0.1, scaling: 'none' }), new Rng(3));
  assert.equal(data.testSource, 'official');
  assert.deepEqual(ids(data.test), [1000, 1001]);
  assert.deepEqual(counts(data.validation, 2), [2, 2]);
  assert.equal(data.train.rows, 36);
});

test('prepare: limit subsamples the training part stratified and leaves the test split unchanged', () => {
  const raw = synthetic([60, 30, 10]);
  const full = prepareData(raw, config({ scaling: 'none' }), new Rng(5));
  const limited = prepareData(raw, config({ scaling: 'none', limit: 40, validation: 0.25 }), new Rng(5));
  assert.deepEqual(ids(limited.test), ids(full.test));
  assert.equal(limited.train.rows + limited.validation.rows, 40);
  assert.deepEqual(counts(limited.train, 3), [18, 9, 3]);
  assert.deepEqual(counts(limited.validation, 3), [6, 3, 1]);
});

test('prepare: every class keeps a training row; fewer than 2 training classes is an error', () => {
  const raw = synthetic([5, 2, 2]);
  const data = prepareData(raw, config({ testFraction: 0.5, validation: 0.5, scaling: 'none' }), new Rng(9));
  assert.deepEqual(
    counts(data.train, 3).map((n) => n > 0),
    [true, true, true],
  );
  assert.throws(
    () => prepareData(synthetic([30, 30]), config({ limit: 1 }), new Rng(1)),
    (err: unknown) =>
      err instanceof DatasetError && /training split has 1 rows of 1 class\(es\); at least 2 classes/.test(err.message),
  );
});

test('prepare: a split left without validation or test rows is an error before training', () => {
  // One row per class left after the test split: nothing can be held out for validation.
  assert.throws(
    () => prepareData(synthetic([5, 1, 1]), config({ testFraction: 0.5, validation: 0.5 }), new Rng(9)),
    /validation split is empty \(dataset\.validation is 0\.5, 3 rows to split\)/,
  );
  assert.throws(
    () => prepareData(synthetic([30, 30]), config({ validation: 0 }), new Rng(1)),
    /validation split is empty \(dataset\.validation is 0,/,
  );
  assert.throws(
    () => prepareData(synthetic([30, 30]), config({ testFraction: 0 }), new Rng(1)),
    /test split is empty \(dataset\.testFraction is 0,/,
  );
});

test('minmax scaler: fitted on train only, constant feature gets scale 1 and offset min', () => {
  const train: Table = { x: Float32Array.from([2, 5, 4, 5, 6, 5]), y: Int32Array.from([0, 1, 0]), rows: 3 };
  const s = fitScaler('minmax', train, 2);
  assert.equal(s.kind, 'minmax');
  assert.deepEqual(Array.from(s.offset), [2, 5]);
  assert.deepEqual(Array.from(s.scale), [0.25, 1]);
  assert.deepEqual(Array.from(applyScaler(s, train.x, 2)), [0, 0, 0.5, 0, 1, 0]);
  // Values outside the training range stay outside [0, 1]: nothing was fitted on them.
  assert.deepEqual(Array.from(applyScaler(s, Float32Array.from([10, 7]), 2)), [2, 2]);
});

test('zscore scaler: mean/std of train, std 0 gets scale 1', () => {
  const train: Table = { x: Float32Array.from([1, 3, 3, 3, 5, 3]), y: Int32Array.from([0, 1, 0]), rows: 3 };
  const s = fitScaler('zscore', train, 2);
  const std = Math.sqrt(8 / 3);
  assert.deepEqual(Array.from(s.offset), [3, 3]);
  assert.deepEqual(Array.from(s.scale), [Math.fround(1 / std), 1]);
  const z = applyScaler(s, train.x, 2);
  assert.ok(Math.abs(z[0]! + 2 / std) < 1e-6 && z[1] === 0 && z[2] === 0);
});

test('prepare: scaler is fitted on the training split only and applied to all splits', () => {
  const raw = synthetic([60, 30, 10]);
  // Splits do not depend on scaling, so the unscaled run with the same seed shows the raw rows of each split.
  const plain = prepareData(raw, config({ scaling: 'none' }), new Rng(11));
  assert.deepEqual(Array.from(plain.scaler.scale), [1, 1]);
  for (const kind of ['minmax', 'zscore'] as const) {
    const data = prepareData(raw, config({ scaling: kind }), new Rng(11));
    const expected = fitScaler(kind, plain.train, 2);
    assert.deepEqual(data.scaler, expected);
    assert.notDeepEqual(expected, fitScaler(kind, plain.test, 2));
    assert.deepEqual(data.train.x, applyScaler(expected, plain.train.x, 2));
    assert.deepEqual(data.validation.x, applyScaler(expected, plain.validation.x, 2));
    assert.deepEqual(data.test.x, applyScaler(expected, plain.test.x, 2));
    if (kind === 'minmax') assert.deepEqual([Math.min(...data.train.x), Math.max(...data.train.x)], [0, 1]);
  }
  assert.throws(() => applyScaler(plain.scaler, new Float32Array(6), 3), /feature count mismatch/);
});
