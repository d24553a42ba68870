/**
 * Prediction of networks without a conv front end (MLPs and DAGs with skip connections) on the device kept for the
 * network: `predictProba` on fewer than 4096 rows must follow every change the network undergoes (training on both
 * engines, prune, connection growth, neuron growth and removal, checkpoint restore). Every prediction is checked
 * against the reference path (core/compute.ts).
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { referenceLogits, softmaxRows } from '../../src/engine/core/compute';
import { dagNetwork, mlpNetwork } from '../../src/engine/core/init';
import type { Network } from '../../src/engine/core/network';
import { Rng } from '../../src/engine/core/random';
import { closeThreadPool } from '../../src/engine/kernels';
import { growConnections } from '../../src/engine/synthesis/ops/growConnections';
import { growNeurons } from '../../src/engine/synthesis/ops/growNeurons';
import { prune } from '../../src/engine/synthesis/ops/prune';
import { loadTf } from '../../src/engine/tfjs/backend';
import { TfjsTrainer } from '../../src/engine/tfjs/trainer';
import { predictionDevice, predictProba } from '../../src/engine/training/inference';
import { Trainer } from '../../src/engine/training/trainer';
import type { Table } from '../../src/engine/data/types';
import {
  growNeuronsSchema,
  operationSchema,
  pruneSchema,
  trainSchema,
  type GrowConnectionsConfig,
} from '../../src/protocol/config';
import { blobs } from './helpers/synthetic';

after(() => closeThreadPool());

const D = 12;
const C = 3;

interface Kind {
  name: string;
  make: (density: number, seed: number) => Network;
}

/** Thins the active connections to `density` (weights kept, masked ones zeroed). */
function thin(net: Network, density: number, rng: Rng): Network {
  if (density < 1) for (let i = 0; i < net.mask.length; i++) if (net.mask[i] && rng.next() >= density) net.mask[i] = 0;
  net.applyMask();
  return net;
}

/** An MLP with hidden `layers` and a DAG of `hidden` neurons with skip connections, both thinned to a density. */
function kinds(layers: number[], hidden: number, capacity: number): Kind[] {
  return [
    {
      name: `MLP ${[D, ...layers, C].join('-')}`,
      make: (density, seed) => {
        const rng = new Rng(seed);
        return thin(mlpNetwork(D, C, { layers, capacity, inputDensity: 1, initialBias: 0.1 }, rng), density, rng);
      },
    },
    {
      name: `DAG with skip connections, ${hidden} neurons`,
      make: (density, seed) => {
        const rng = new Rng(seed);
        const start = { hidden, capacity, inputDensity: 0.7, hiddenDensity: 0.6, skipConnections: true };
        return thin(dagNetwork(D, C, { ...start, initialBias: 0.1 }, rng), density, rng);
      },
    },
  ];
}

const KINDS = kinds([16, 10], 14, 40);

function data(seed: number, rows: number): Table {
  return blobs(seed, rows, D, C, 1.2);
}

/** Predicts every row of `x` through `predictProba` in calls of `rows` and checks them against the reference. */
function checkPredictions(net: Network, x: Float32Array, rows: number, at: string): void {
  const total = x.length / D;
  const expected = softmaxRows(referenceLogits(net, x, total, 64), total, C);
  let worst = 0;
  for (let from = 0; from < total; from += rows) {
    const n = Math.min(rows, total - from);
    const p = predictProba(net, x.subarray(from * D, (from + n) * D), n);
    for (let i = 0; i < n * C; i++) worst = Math.max(worst, Math.abs(p[i]! - expected[from * C + i]!));
  }
  assert.ok(worst < 2e-5, `${at}, ${rows} rows per call: differs from the reference by ${worst}`);
}

/** One row per call, a few rows per call (one sample per pass) and a small batch (the kept batch device). */
function checkAll(net: Network, x: Float32Array, at: string): void {
  for (const rows of [1, 3, 20]) checkPredictions(net, x, rows, at);
}

function trainer(net: Network, table: Table): Trainer {
  return new Trainer(net, table, table, trainSchema.parse({ batch: 16, lr: 0.05 }), new Rng(3));
}

test('predictions through the kept device equal the reference: MLP and DAG with skips, dense and sparse', () => {
  const x = data(1, 40).x;
  for (const kind of KINDS) {
    for (const density of [1, 0.3, 0.05]) checkAll(kind.make(density, 2), x, `${kind.name}, density ${density}`);
  }
});

test('a network without a conv front end keeps its device across calls, and its layout follows a change', () => {
  const net = KINDS[0]!.make(0.5, 4);
  const x = data(5, 2).x;
  predictProba(net, x, 1);
  const device = predictionDevice(net, 1);
  assert.ok(device, 'the kernels run here');
  const layout = device.currentLayout;
  predictProba(net, x.subarray(D), 1);
  assert.equal(predictionDevice(net, 1), device, 'the same device');
  assert.equal(predictionDevice(net, 5), device, 'one sample per pass below 8 rows: the same device');
  assert.equal(device.currentLayout, layout, 'the same layout');
  net.touch();
  predictProba(net, x, 1);
  assert.equal(predictionDevice(net, 1), device, 'still the same device');
  assert.notEqual(device.currentLayout, layout, 'a new layout after the network changed');
  const batchDevice = predictionDevice(net, 20);
  assert.notEqual(batchDevice, device, 'small batches have a device of their own');
  assert.equal(predictionDevice(net, 100), batchDevice, 'kept as well');
});

test('kept-device predictions follow training epochs on the builtin engine (kernels and reference path)', async () => {
  for (const kind of KINDS) {
    for (const kernels of [{}, { kernels: 'reference' as const }]) {
      const net = kind.make(0.4, 6);
      const table = data(7, 64);
      const x = table.x.subarray(0, 24 * D);
      checkAll(net, x, `${kind.name} before training`);
      const before = predictProba(net, x, 1);
      await new Trainer(
        net,
        table,
        table,
        trainSchema.parse({ batch: 16, lr: 0.05 }),
        new Rng(8),
        undefined,
        kernels,
      ).epoch();
      assert.ok(Math.abs(predictProba(net, x, 1)[0]! - before[0]!) > 1e-6, 'training changed the prediction');
      checkAll(net, x, `${kind.name} after an epoch on ${JSON.stringify(kernels)}`);
    }
  }
});

test('kept-device predictions follow training epochs on the TF.js engine', async () => {
  const { tf } = await loadTf();
  for (const kind of KINDS) {
    const net = kind.make(0.4, 9);
    const table = data(10, 64);
    const x = table.x.subarray(0, 24 * D);
    checkAll(net, x, `${kind.name} before training`);
    const before = predictProba(net, x, 1);
    await new TfjsTrainer(tf, net, table, table, trainSchema.parse({ batch: 16, lr: 0.05 }), new Rng(11)).epoch();
    assert.ok(Math.abs(predictProba(net, x, 1)[0]! - before[0]!) > 1e-6, 'training changed the prediction');
    checkAll(net, x, `${kind.name} after a TF.js epoch`);
  }
});

test('kept-device predictions follow a prune that removes neurons, and connection growth', () => {
  for (const kind of KINDS) {
    const net = kind.make(1, 12);
    const table = data(13, 64);
    const x = table.x.subarray(0, 24 * D);
    checkAll(net, x, `${kind.name} before pruning`);
    const t = trainer(net, table);
    const hidden = net.hiddenCount;
    const pruned = prune(t, pruneSchema.parse({ op: 'prune', ratio: 0.85, scope: 'global' }), 'global');
    assert.ok(pruned.neuronsRemoved > 0 && net.hiddenCount < hidden, `${kind.name}: the prune removed neurons`);
    checkAll(
      net,
      x,
      `${kind.name} after a prune to ${net.activeConnections()} connections, ${net.hiddenCount} neurons`,
    );
    const cfg = operationSchema.parse({ op: 'growConnections', mode: 'full' }) as GrowConnectionsConfig;
    const grown = growConnections(t, cfg, new Rng(14));
    assert.ok(grown.connectionsAdded > 0, `${kind.name}: connections grew`);
    // Grown connections start at 0: give them weights, as training would, so that they matter.
    const rng = new Rng(15);
    for (let i = 0; i < net.weights.length; i++) if (net.mask[i] && net.weights[i] === 0) net.weights[i] = rng.normal();
    net.applyMask();
    checkAll(net, x, `${kind.name} after connection growth`);
  }
});

/** Bytes of wasm memory behind a kernel device (its arena grows when a new layout needs more). */
function deviceMemory(net: Network): number {
  const device = predictionDevice(net, 1);
  assert.ok(device, 'the kernels run here');
  return device['arena'].memory.buffer.byteLength;
}

test('kept-device predictions follow neuron growth: more neurons (layout and wasm memory grow) and removal', () => {
  for (const kind of kinds([100, 100], 200, 600)) {
    for (const density of [1, 0.1]) {
      const at = `${kind.name}, density ${density}`;
      const net = kind.make(density, 16);
      const table = data(17, 64);
      const x = table.x.subarray(0, 24 * D);
      checkAll(net, x, `${at} before growth`);
      const memory = deviceMemory(net);
      const layout = predictionDevice(net, 1)!.currentLayout;
      const t = trainer(net, table);
      const cfg = growNeuronsSchema.parse({ op: 'growNeurons', count: 200, select: 'random', noise: 0.5 });
      for (let round = 0; round < 2; round++) {
        const hidden = net.hiddenCount;
        const grown = growNeurons(t, cfg, new Rng(18 + round));
        assert.equal(grown.neuronsAdded, Math.min(200, hidden), `${at}: neurons grew`);
        assert.equal(net.hiddenCount, hidden + grown.neuronsAdded);
        checkAll(net, x, `${at} after neuron growth to ${net.hiddenCount} neurons`);
      }
      assert.notEqual(predictionDevice(net, 1)!.currentLayout, layout, `${at}: a new layout`);
      // Dense, four times the neurons need more room than the arena had; sparse, the CSR levels may still fit.
      if (density === 1) {
        assert.ok(deviceMemory(net) > memory, `${at}: the wasm memory grew (${memory} -> ${deviceMemory(net)} bytes)`);
      }
      // Neuron removal: a heavy prune empties neurons, which removeDead takes out of the order.
      const out = prune(t, pruneSchema.parse({ op: 'prune', ratio: 0.95, scope: 'global' }), 'global');
      assert.ok(out.neuronsRemoved > 0, `${at}: neurons removed`);
      checkAll(net, x, `${at} after removing ${out.neuronsRemoved} neurons`);
    }
  }
});

test('kept-device predictions follow a checkpoint restore to a smaller network', () => {
  for (const kind of KINDS) {
    const net = kind.make(0.5, 19);
    const checkpoint = net.clone();
    const table = data(20, 64);
    const x = table.x.subarray(0, 24 * D);
    checkAll(net, x, `${kind.name} at the checkpoint`);
    const cfg = growNeuronsSchema.parse({ op: 'growNeurons', count: 10, select: 'random', noise: 0.5 });
    growNeurons(trainer(net, table), cfg, new Rng(21));
    checkAll(net, x, `${kind.name} after growth`);
    net.copyFrom(checkpoint);
    assert.equal(net.hiddenCount, checkpoint.hiddenCount);
    checkAll(net, x, `${kind.name} after restoring the checkpoint`);
  }
});
