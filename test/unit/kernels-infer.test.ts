import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { predictProba } from '../../src/engine/training/inference';
import { dagNetwork, mlpNetwork } from '../../src/engine/core/init';
import { closeThreadPool, inferenceDevice, type KernelOptions } from '../../src/engine/kernels';
import type { Network } from '../../src/engine/core/network';
import { Rng } from '../../src/engine/core/random';
import { randomTable } from './helpers/synthetic';

after(() => closeThreadPool());

function softmaxRows(z: Float32Array, c: number): Float64Array {
  const p = new Float64Array(z.length);
  for (let r = 0; r < z.length / c; r++) {
    let max = -Infinity;
    for (let o = 0; o < c; o++) max = Math.max(max, z[r * c + o]!);
    let sum = 0;
    for (let o = 0; o < c; o++) sum += Math.exp(z[r * c + o]! - max);
    for (let o = 0; o < c; o++) p[r * c + o] = Math.exp(z[r * c + o]! - max) / sum;
  }
  return p;
}

function logits(net: Network, x: Float32Array, n: number, batch: number, options: KernelOptions): Float32Array {
  const { device, info } = inferenceDevice(net, batch, options);
  assert.ok(device, info.reason);
  const out = new Float32Array(n * net.outputs);
  device.logits(x, n, out);
  return out;
}

// Large enough that batch-1 inference shares the first level's targets out over threads (>= 20k multiply-adds).
const wide = (): Network => mlpNetwork(200, 5, { layers: [120, 40], inputDensity: 0.6, initialBias: 0.1 }, new Rng(2));
const dag = (): Network =>
  dagNetwork(
    9,
    4,
    { hidden: 14, capacity: 20, inputDensity: 0.5, hiddenDensity: 0.4, skipConnections: true, initialBias: 0 },
    new Rng(3),
  );

test('inference matches the reference predictions at batch 1, 5, 64 and 1024, on one and two threads', () => {
  for (const [name, make] of [
    ['MLP 200-120-40-5', wide],
    ['DAG with skips', dag],
  ] as const) {
    const net = make();
    const n = 1030;
    const data = randomTable(new Rng(4), n, net.inputs, net.outputs);
    const expected = predictProba(net, data.x, n, 512, { kernels: 'reference' });
    let first: Float32Array | undefined;
    for (const batch of [1, 5, 64, 1024]) {
      for (const options of [
        { threads: 1 },
        { threads: 2, tuneThreads: false },
        { threads: 2, tuneThreads: false, sparseBelow: 2 },
      ]) {
        const z = logits(net, data.x, n, batch, options);
        const p = softmaxRows(z, net.outputs);
        let worst = 0;
        for (let i = 0; i < p.length; i++) worst = Math.max(worst, Math.abs(p[i]! - expected[i]!));
        assert.ok(
          worst < 2e-6,
          `${name}, batch ${batch}, ${JSON.stringify(options)}: probabilities differ by ${worst}`,
        );
        // Same summation order on every path (per-column, vector, dense, CSR, split): identical logits.
        first ??= z;
        assert.deepEqual(z, first, `${name}, batch ${batch}, ${JSON.stringify(options)}: logits`);
      }
    }
  }
});
