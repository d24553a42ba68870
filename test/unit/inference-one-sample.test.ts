/**
 * One-sample prediction of a network with a conv front end (`predictProba` on fewer than 8 rows): the front end runs
 * as one job list on the one-sample kernels, on a device kept for the network and rebuilt when the network changes.
 * Every prediction is checked against the reference path (core/conv.ts, core/compute.ts).
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { trainSchema } from '../../src/protocol/config';
import { referenceLogits, softmaxRows } from '../../src/engine/core/compute';
import type { FrontLayerSpec, ImageShape } from '../../src/engine/core/convFront';
import { frontNetwork, mlpNetwork } from '../../src/engine/core/init';
import type { Network } from '../../src/engine/core/network';
import { Rng } from '../../src/engine/core/random';
import { closeThreadPool, type KernelOptions } from '../../src/engine/kernels';
import { oneSampleFits } from '../../src/engine/kernels/frontLayout';
import { predictionDevice, predictProba } from '../../src/engine/training/inference';
import { Trainer } from '../../src/engine/training/trainer';

after(() => closeThreadPool());

const conv = (channels: number, kernel: number, stride = 1, padding = 0, activation: 'relu' | 'linear' = 'relu') =>
  ({ kind: 'conv', channels, kernel, stride, padding, activation }) as const;
const maxPool = (size: number, stride = size) => ({ kind: 'maxPool', size, stride }) as const;

interface Shape {
  name: string;
  input: ImageShape;
  specs: FrontLayerSpec[];
  hidden: number;
}

const LENET: Shape = {
  name: 'LeNet-5',
  input: { h: 28, w: 28, c: 1 },
  specs: [conv(20, 5, 1, 0, 'linear'), maxPool(2), conv(50, 5, 1, 0, 'linear'), maxPool(2)],
  hidden: 60,
};

/** Shapes the one-sample kernels take in every way they can: borders, strides, planes of every width, no pools. */
const SHAPES: Shape[] = [
  LENET,
  {
    name: 'padded stride-2 first conv, overlapping max pool, conv to a 1 x 1 output',
    input: { h: 11, w: 9, c: 2 },
    specs: [conv(5, 3, 2, 1), maxPool(2, 1), conv(7, 3)],
    hidden: 6,
  },
  {
    name: 'max pool first, three channels, conv rows 9 and 26 wide (planes 9 and 30 apart, and rows)',
    input: { h: 30, w: 30, c: 3 },
    specs: [maxPool(1), conv(4, 5), conv(6, 3, 1, 0, 'linear'), maxPool(3, 3)],
    hidden: 5,
  },
  {
    name: 'odd maps, padded first conv, a pool with a remainder',
    input: { h: 13, w: 7, c: 1 },
    specs: [conv(3, 3, 1, 1), maxPool(2), conv(9, 2), maxPool(2)],
    hidden: 4,
  },
];

function network(shape: Shape, density: number, seed: number): Network {
  const rng = new Rng(seed);
  const net = frontNetwork(
    shape.input,
    shape.specs,
    (inputs) => mlpNetwork(inputs, 4, { layers: [shape.hidden], inputDensity: 1, initialBias: 0.1 }, rng),
    rng,
  );
  for (const l of net.front!.convLayers()) {
    for (let i = 0; i < l.mask.length; i++) if (rng.next() >= density) l.mask[i] = 0;
    for (let i = 0; i < l.bias.length; i++) l.bias[i] = 0.1 * rng.normal();
  }
  for (let i = 0; i < net.mask.length; i++) if (net.mask[i] && rng.next() >= density) net.mask[i] = 0;
  net.applyMask();
  return net;
}

function images(shape: Shape, rows: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  const x = new Float32Array(rows * shape.input.h * shape.input.w * shape.input.c);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  return x;
}

/** Predicts every row through `predictProba` in calls of `rows` and checks them against the reference. */
function checkPredictions(
  net: Network,
  x: Float32Array,
  total: number,
  rows: number,
  options: KernelOptions,
  at: string,
) {
  const d = (x.length / total) | 0;
  assert.equal(d * total, x.length, `${at}: ${total} rows`);
  const expected = softmaxRows(referenceLogits(net, x, total, 64), total, net.outputs);
  const C = net.outputs;
  let worst = 0;
  for (let from = 0; from < total; from += rows) {
    const n = Math.min(rows, total - from);
    const p = predictProba(net, x.subarray(from * d, (from + n) * d), n, 512, options);
    for (let i = 0; i < n * C; i++) worst = Math.max(worst, Math.abs(p[i]! - expected[from * C + i]!));
  }
  assert.ok(worst < 2e-5, `${at}: differs from the reference by ${worst}`);
}

const THREADS: KernelOptions[] = [{ threads: 1 }, { threads: 2, tuneThreads: false }];

test('one-sample predictions equal the reference, dense and sparse, on every shape, with 1 and 2 threads', () => {
  for (const shape of SHAPES) {
    assert.ok(oneSampleFits(network(shape, 1, 1).front!), shape.name);
    // 1: dense kernels (transposed weights); 0.3: sparse, on planes where they fit; 0.05: a few taps a channel.
    for (const density of [1, 0.3, 0.05]) {
      const net = network(shape, density, 2);
      const x = images(shape, 9, 3);
      for (const options of THREADS) {
        const device = predictionDevice(net, 1, 512, options);
        assert.equal(device?.currentFrontLayout?.oneSample, true, `${shape.name}: the one-sample layout`);
        for (const rows of [1, 3]) {
          checkPredictions(
            net,
            x,
            9,
            rows,
            options,
            `${shape.name}, density ${density}, ${JSON.stringify(options)}, ${rows} rows per call`,
          );
        }
      }
    }
  }
});

test('the kept device and its job list are built once per network state and reused across calls', () => {
  const net = network(LENET, 0.1, 4);
  const x = images(LENET, 2, 5);
  predictProba(net, x, 1);
  const device = predictionDevice(net, 1);
  const layout = device!.currentFrontLayout;
  predictProba(net, x.subarray(784), 1);
  assert.equal(predictionDevice(net, 1), device, 'the same device');
  assert.equal(device!.currentFrontLayout, layout, 'the same layout and job list');
  net.touch();
  predictProba(net, x, 1);
  assert.equal(predictionDevice(net, 1), device, 'still the same device');
  assert.notEqual(device!.currentFrontLayout, layout, 'a new layout after the network changed');
  // Other kernel options get a device of their own.
  assert.notEqual(predictionDevice(net, 1, 512, { threads: 2, tuneThreads: false }), device);
});

test('one-sample predictions follow a mask change (prune, regrow) of the front end and the dense part', () => {
  for (const options of THREADS) {
    const net = network(LENET, 0.3, 6);
    const x = images(LENET, 4, 7);
    checkPredictions(net, x, 4, 1, options, 'before');
    const rng = new Rng(8);
    // Prune conv 2 to a few taps (sparse, on planes) and open every weight of conv 1 (dense now), as operations do.
    const [c1, c2] = net.front!.convLayers();
    for (let i = 0; i < c2!.mask.length; i++) if (rng.next() < 0.8) c2!.mask[i] = 0;
    c1!.mask.fill(1);
    for (let i = 0; i < c1!.weights.length; i++) if (c1!.weights[i] === 0) c1!.weights[i] = 0.2 * rng.normal();
    for (let i = 0; i < net.mask.length; i++) if (net.mask[i] && rng.next() < 0.5) net.mask[i] = 0;
    net.applyMask();
    checkPredictions(net, x, 4, 1, options, `after the mask change, ${JSON.stringify(options)}`);
  }
});

test('one-sample predictions follow training (kernels and reference path) and a checkpoint restore', async () => {
  const cfg = trainSchema.parse({ batch: 8, lr: 0.05 });
  for (const kernels of [{}, { kernels: 'reference' as const }]) {
    const net = network(LENET, 0.1, 9);
    const checkpoint = net.clone();
    const x = images(LENET, 16, 10);
    const first = x.subarray(0, 3 * 784);
    const rng = new Rng(11);
    const y = Int32Array.from({ length: 16 }, () => rng.int(4));
    const table = { x, y, rows: 16 };
    checkPredictions(net, first, 3, 1, {}, 'before training');
    const before = predictProba(net, x, 1);
    const trainer = new Trainer(net, table, table, cfg, new Rng(12), undefined, kernels);
    await trainer.epoch();
    const after = predictProba(net, x, 1);
    assert.ok(Math.abs(after[0]! - before[0]!) > 1e-6, 'training changed the prediction');
    checkPredictions(net, first, 3, 1, {}, `after an epoch on ${JSON.stringify(kernels)}`);
    net.copyFrom(checkpoint);
    checkPredictions(net, first, 3, 1, {}, 'after restoring the checkpoint');
  }
});

test('a front end without one-sample kernels (average pool, border on a later conv) predicts a few rows right', () => {
  const shapes: Shape[] = [
    {
      name: 'average pool',
      input: { h: 8, w: 8, c: 1 },
      specs: [conv(3, 3), { kind: 'avgPool', size: 2, stride: 2 }],
      hidden: 4,
    },
    { name: 'later border', input: { h: 9, w: 9, c: 1 }, specs: [conv(4, 3), conv(5, 3, 2, 1)], hidden: 4 },
  ];
  for (const shape of shapes) {
    const net = network(shape, 0.5, 13);
    assert.equal(oneSampleFits(net.front!), false, shape.name);
    assert.equal(predictionDevice(net, 1)?.currentFrontLayout?.oneSample, false, shape.name);
    checkPredictions(net, images(shape, 5, 14), 5, 1, {}, shape.name);
    net.front!.convLayers()[0]!.mask.fill(0, 0, 9);
    net.applyMask();
    checkPredictions(net, images(shape, 5, 14), 5, 2, {}, `${shape.name}, after a mask change`);
  }
});

test('small batches (8 to 4095 rows) reuse a kept batch device, which follows the network too', () => {
  const shape = SHAPES[3]!;
  for (const options of THREADS) {
    const net = network(shape, 0.3, 15);
    const x = images(shape, 40, 16);
    checkPredictions(net, x, 40, 20, options, `20 rows per call, ${JSON.stringify(options)}`);
    const device = predictionDevice(net, 20, 512, options);
    assert.equal(device?.currentFrontLayout?.oneSample, false, 'a batch layout');
    assert.equal(predictionDevice(net, 9, 512, options), device, 'the same device for 9 rows');
    assert.notEqual(predictionDevice(net, 1, 512, options), device, 'one sample has its own');
    net.front!.convLayers()[1]!.mask.fill(0, 0, 20);
    net.bias[net.outputTarget(0)] = 1;
    net.applyMask();
    checkPredictions(net, x, 40, 13, options, `after a change, 13 rows per call, ${JSON.stringify(options)}`);
    checkPredictions(net, x, 40, 1, options, `after a change, 1 row per call, ${JSON.stringify(options)}`);
  }
});
