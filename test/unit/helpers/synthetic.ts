import type { PreparedData, Table } from '../../../src/engine/data/types';
import { Rng } from '../../../src/engine/core/random';

/** Uniform random features in [0, 1) with random labels: for maths checks, not learning. */
export function randomTable(rng: Rng, rows: number, d: number, c: number): Table {
  const x = new Float32Array(rows * d);
  for (let i = 0; i < x.length; i++) x[i] = rng.next();
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) y[i] = i % c;
  return { x, y, rows };
}

/** Gaussian blobs, one per class, in `d` dimensions: a learnable problem for training and scheme tests. */
export function blobs(seed: number, rows: number, d: number, c: number, spread = 0.6): Table {
  const rng = new Rng(seed);
  const centers = Array.from({ length: c }, () => Array.from({ length: d }, () => rng.normal() * 2));
  const x = new Float32Array(rows * d);
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const k = i % c;
    y[i] = k;
    for (let j = 0; j < d; j++) x[i * d + j] = centers[k]![j]! + spread * rng.normal();
  }
  return { x, y, rows };
}

export function preparedBlobs(seed: number, d = 6, c = 3): PreparedData {
  const identity = { kind: 'none' as const, offset: new Float32Array(d), scale: new Float32Array(d).fill(1) };
  return {
    name: 'blobs',
    features: d,
    classes: c,
    featureNames: Array.from({ length: d }, (_, j) => `f${j}`),
    labelNames: Array.from({ length: c }, (_, k) => `c${k}`),
    train: blobs(seed, 300, d, c),
    validation: blobs(seed + 1, 90, d, c),
    test: blobs(seed + 2, 90, d, c),
    scaler: identity,
    testSource: 'heldOut',
  };
}
