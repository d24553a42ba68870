import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { trainSchema, type TrainConfig } from '../../src/protocol/config';
import type { FrontLayerSpec, ImageShape } from '../../src/engine/core/convFront';
import { frontNetwork, mlpNetwork } from '../../src/engine/core/init';
import type { Network } from '../../src/engine/core/network';
import { Rng } from '../../src/engine/core/random';
import type { Table } from '../../src/engine/data/types';
import { closeThreadPool, trainingDevice, type KernelOptions } from '../../src/engine/kernels';
import { Optimizer } from '../../src/engine/core/optimizer';
import { RunCancelled } from '../../src/engine/training/cancel';
import { predictProba, scoreTables } from '../../src/engine/training/inference';
import { referenceLogits, softmaxRows } from '../../src/engine/core/compute';
import { Trainer } from '../../src/engine/training/trainer';
import type { Yielder } from '../../src/engine/training/yielder';

after(() => closeThreadPool());

const conv = (channels: number, kernel: number, stride = 1, padding = 0, activation: 'relu' | 'linear' = 'relu') =>
  ({ kind: 'conv', channels, kernel, stride, padding, activation }) as const;

interface Shape {
  name: string;
  input: ImageShape;
  specs: FrontLayerSpec[];
}

const SHAPES: Shape[] = [
  {
    name: 'padded ReLU conv, max pool, linear conv, average pool',
    input: { h: 7, w: 6, c: 2 },
    specs: [
      conv(3, 3, 1, 1),
      { kind: 'maxPool', size: 2, stride: 2 },
      conv(4, 2, 1, 0, 'linear'),
      { kind: 'avgPool', size: 2, stride: 1 },
    ],
  },
  {
    // The second conv's padding needs its input copied into a grid with a border, and its input gradient cropped.
    name: 'stride 2 with padding on a later conv, overlapping max pool',
    input: { h: 9, w: 9, c: 1 },
    specs: [conv(4, 3), conv(5, 3, 2, 1, 'linear'), { kind: 'maxPool', size: 2, stride: 1 }],
  },
  {
    name: 'LeNet-like: two 5x5 / 3x3 convs with max pools, odd map sizes',
    input: { h: 15, w: 13, c: 1 },
    specs: [conv(6, 5), { kind: 'maxPool', size: 2, stride: 2 }, conv(8, 3), { kind: 'maxPool', size: 2, stride: 2 }],
  },
  {
    name: 'pooling before the first conv, three input channels',
    input: { h: 8, w: 8, c: 3 },
    specs: [{ kind: 'avgPool', size: 2, stride: 2 }, conv(3, 3, 1, 1)],
  },
];

const ROWS = 70;

function table(shape: Shape, seed: number, rows = ROWS): Table {
  const rng = new Rng(seed);
  const d = shape.input.h * shape.input.w * shape.input.c;
  const x = new Float32Array(rows * d);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  const y = new Int32Array(rows);
  // A label the images carry (the sign of a few pixels' sum), so training has something to learn.
  for (let r = 0; r < rows; r++) y[r] = (x[r * d]! + x[r * d + 1]! > 0 ? 1 : 0) + (x[r * d + d - 1]! > 0.5 ? 1 : 0);
  return { x, y, rows };
}

/** A network with `shape`'s front end, every conv layer keeping about `density` of its kernel weights. */
function network(shape: Shape, density: number, seed: number): Network {
  const rng = new Rng(seed);
  const net = frontNetwork(
    shape.input,
    shape.specs,
    (inputs) => mlpNetwork(inputs, 3, { layers: [6], inputDensity: 1, initialBias: 0.1 }, rng),
    rng,
  );
  for (const l of net.front!.convLayers()) {
    for (let i = 0; i < l.mask.length; i++) if (rng.next() >= density) l.mask[i] = 0;
    for (let i = 0; i < l.bias.length; i++) l.bias[i] = 0.1 * rng.normal();
  }
  net.applyMask();
  return net;
}

const adam = trainSchema.parse({ batch: 16, lr: 0.01 });
const sgd = trainSchema.parse({
  batch: 16,
  lr: 0.05,
  optimizer: 'sgd',
  momentum: 0.9,
  nesterov: true,
  weightDecay: 1e-3,
});

function worstDifference(a: Network, b: Network): number {
  let worst = 0;
  const diff = (x: Float32Array, y: Float32Array): void => {
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!));
  };
  diff(a.weights, b.weights);
  diff(a.bias, b.bias);
  const bl = b.front!.convLayers();
  a.front!.convLayers().forEach((l, j) => {
    diff(l.weights, bl[j]!.weights);
    diff(l.bias, bl[j]!.bias);
  });
  return worst;
}

function assertMaskedZero(net: Network, what: string): void {
  net.front!.convLayers().forEach((l, j) => {
    for (let i = 0; i < l.mask.length; i++) {
      if (!l.mask[i]) assert.equal(l.weights[i], 0, `${what}: masked kernel weight ${j}/${i} is ${l.weights[i]}`);
    }
  });
  for (let i = 0; i < net.weights.length; i++) {
    if (!net.mask[i]) assert.equal(net.weights[i], 0, `${what}: masked weight ${i}`);
  }
}

function close(a: number, b: number, rel: number, what: string): void {
  assert.ok(Math.abs(a - b) <= rel * Math.max(0.05, Math.abs(b)), `${what}: ${a} vs reference ${b}`);
}

/**
 * Trains one network on the reference path and on the kernels side by side for `epochs` epochs (70 rows in
 * batches of 16: the last batch has 6 samples, not a multiple of 8) and compares losses, validation, and every
 * weight and bias after each epoch. The kernels sum in float32 (the reference in double for the dense part), and
 * Adam divides by each gradient's own size, so differences grow slowly with the steps.
 */
async function lockstep(shape: Shape, density: number, cfg: TrainConfig, options: KernelOptions, what: string) {
  const train = table(shape, 1);
  const validation = table(shape, 2, 37);
  const refNet = network(shape, density, 7);
  const fastNet = refNet.clone();
  const ref = new Trainer(refNet, train, validation, cfg, new Rng(9), undefined, { kernels: 'reference' });
  const fast = new Trainer(fastNet, train, validation, cfg, new Rng(9), undefined, options);
  assert.notEqual(fast.kernelInfo.path, 'reference', `${what}: ${fast.kernelInfo.reason}`);
  if (options.sparseBelow !== undefined) {
    // The format asked for is the one that runs (the same choice the trainer's device makes).
    const { device } = trainingDevice(refNet, cfg, cfg.batch, new Optimizer(refNet, cfg), options);
    for (const l of device!.currentFrontLayout!.layers) {
      if (l.kind === 'conv') assert.equal(!!l.csr, options.sparseBelow > 1, `${what}: conv layer ${l.layer} format`);
    }
  }
  for (let e = 0; e < 3; e++) {
    const r = await ref.epoch();
    const f = await fast.epoch();
    const at = `${what}, epoch ${e}`;
    const rel = cfg.optimizer === 'adam' ? (e + 1) * 2e-5 : 2e-6;
    close(f.trainLoss, r.trainLoss, rel, `${at}: train loss`);
    close(f.validationLoss, r.validationLoss, rel, `${at}: validation loss`);
    assert.equal(f.validationAccuracy, r.validationAccuracy, `${at}: validation accuracy`);
    assertMaskedZero(fastNet, at);
    const worst = worstDifference(fastNet, refNet);
    assert.ok(worst < 1e-4, `${at}: weights differ by up to ${worst}`);
  }
  // Something was learnt, so the comparison is not of weights that barely moved.
  const start = network(shape, density, 7);
  assert.ok(worstDifference(start, fastNet) > 1e-3, `${what}: the weights hardly moved`);
}

const DENSITIES = [1, 0.5, 0.1];

for (const shape of SHAPES) {
  test(`conv training on the kernels matches the reference path: ${shape.name}`, async () => {
    for (const density of DENSITIES) {
      const at = `density ${density}`;
      // The cost model picks dense or sparse conv kernels by density; then each kind forced on every layer.
      await lockstep(shape, density, adam, { threads: 1 }, `${at}, Adam, 1 thread`);
      await lockstep(shape, density, adam, { threads: 2, tuneThreads: false, sparseBelow: 2 }, `${at}, all sparse`);
      await lockstep(shape, density, sgd, { threads: 2, tuneThreads: false, sparseBelow: 0 }, `${at}, SGD, all dense`);
    }
  });
}

test('conv training on the kernels: both SIMD builds, plain memory, and the learning rate set between epochs', async () => {
  const shape = SHAPES[0]!;
  await lockstep(shape, 0.5, adam, { kernels: 'simd', threads: 2, tuneThreads: false }, 'SIMD128');
  await lockstep(shape, 0.5, sgd, { kernels: 'relaxed', threads: 1 }, 'relaxed FMA');
  await lockstep(shape, 0.5, adam, { sharedMemory: false }, 'plain memory');
  const train = table(shape, 1);
  const refNet = network(shape, 1, 3);
  const fastNet = refNet.clone();
  const ref = new Trainer(refNet, train, train, sgd, new Rng(2), undefined, { kernels: 'reference' });
  const fast = new Trainer(fastNet, train, train, sgd, new Rng(2), undefined, { threads: 1 });
  for (const lr of [0.05, 0.01, 0]) {
    ref.learningRate = lr;
    fast.learningRate = lr;
    const before = fastNet.front!.convLayers().map((l) => Float32Array.from(l.weights));
    await ref.epoch();
    await fast.epoch();
    assert.ok(worstDifference(fastNet, refNet) < 1e-4, `lr ${lr}`);
    if (lr === 0) {
      // The update is the rate times the step direction (momentum included), so at rate 0 nothing moves.
      fastNet.front!.convLayers().forEach((l, j) => assert.deepEqual(l.weights, before[j], 'rate 0 moved weights'));
    }
  }
});

test('evaluation of a conv network on the kernels equals the reference, before and after training', async () => {
  for (const shape of SHAPES) {
    const train = table(shape, 4);
    const test_ = table(shape, 5, 133);
    const net = network(shape, 0.5, 11);
    const ref = new Trainer(net.clone(), train, train, adam, new Rng(1), undefined, { kernels: 'reference' });
    const fast = new Trainer(net.clone(), train, train, adam, new Rng(1), undefined, {
      threads: 2,
      tuneThreads: false,
    });
    assert.notEqual(fast.kernelInfo.path, 'reference', fast.kernelInfo.reason);
    for (let round = 0; round < 2; round++) {
      const r = ref.evaluate(test_);
      const f = fast.evaluate(test_);
      close(f.loss, r.loss, 1e-5, `${shape.name}, round ${round}: loss`);
      assert.equal(f.accuracy, r.accuracy, `${shape.name}, round ${round}: accuracy`);
      // The forward-only device of scoreTables (another row stride) agrees too.
      const s = scoreTables(fast.net, [test_], { threads: 1 })[0]!;
      close(s.loss, r.loss, 1e-5, `${shape.name}, round ${round}: scoreTables`);
      await ref.epoch();
      await fast.epoch();
    }
  }
});

test('predicted probabilities of a conv network on the kernels equal the reference, for 3 and 133 rows', () => {
  for (const shape of SHAPES) {
    const net = network(shape, 0.3, 17);
    for (const rows of [3, 133]) {
      const t = table(shape, 18, rows);
      const ref = softmaxRows(referenceLogits(net, t.x, rows, 64), rows, 3);
      for (const options of [{ threads: 1 }, { threads: 2, tuneThreads: false }, { kernels: 'reference' as const }]) {
        const p = predictProba(net, t.x, rows, 64, options);
        let worst = 0;
        for (let i = 0; i < p.length; i++) worst = Math.max(worst, Math.abs(p[i]! - ref[i]!));
        assert.ok(worst < 1e-5, `${shape.name}, ${rows} rows, ${JSON.stringify(options)}: differs by ${worst}`);
      }
    }
  }
});

test('growth probes run a conv front end on the kernels: the same maps, activations and every kernel weight gradient', () => {
  for (const shape of SHAPES) {
    for (const density of [1, 0.3]) {
      const train = table(shape, 19);
      const net = network(shape, density, 20);
      const ref = new Trainer(net.clone(), train, train, adam, new Rng(6), undefined, { kernels: 'reference' });
      const fast = new Trainer(net.clone(), train, train, adam, new Rng(6), undefined, {
        threads: 2,
        tuneThreads: false,
      });
      assert.notEqual(fast.kernelInfo.path, 'reference', fast.kernelInfo.reason);
      for (const [batches, fullData, withGrad] of [
        [2, false, true],
        [1, true, true],
        [2, false, false],
      ] as const) {
        const at = `${shape.name}, density ${density}, ${fullData ? 'full data' : `${batches} batches`}${withGrad ? '' : ', forward only'}`;
        const seen = (t: Trainer): Float32Array[] => {
          const copies: Float32Array[] = [];
          t.probe(batches, fullData, withGrad, (B) => {
            copies.push(t.ws.act.slice(0, (t.net.inputs + t.net.targets) * B));
            if (withGrad) copies.push(t.ws.grad.slice(0, t.net.targets * B));
            for (const out of t.ws.front!.outs) copies.push(out.slice());
          });
          return copies;
        };
        const r = seen(ref);
        const f = seen(fast);
        assert.equal(f.length, r.length, at);
        let bitDifferent = false;
        r.forEach((a, k) => {
          let worst = 0;
          for (let i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(f[k]![i]! - a[i]!));
            bitDifferent ||= f[k]![i] !== a[i];
          }
          assert.ok(worst < 1e-5, `${at}: visited buffer ${k} differs by ${worst}`);
        });
        // The kernels ran the probe: their float32 sums leave bit-level differences from the reference's.
        assert.ok(bitDifferent, `${at}: the probe took the reference path`);
        if (!withGrad) continue;
        const rg = ref.frontGrads!;
        const fg = fast.frontGrads!;
        let masked = 0;
        ref.net.front!.convLayers().forEach((l, j) => {
          for (let i = 0; i < l.mask.length; i++) {
            const a = rg.weights[j]![i]!;
            const b = fg.weights[j]![i]!;
            if (!l.mask[i] && a !== 0) masked++;
            assert.ok(Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(a)), `${at}: conv ${j} dW[${i}] ${b} vs ${a}`);
          }
          for (let i = 0; i < l.bias.length; i++) {
            const a = rg.bias[j]![i]!;
            assert.ok(Math.abs(a - fg.bias[j]![i]!) <= 1e-5 * Math.max(1, Math.abs(a)), `${at}: conv ${j} db[${i}]`);
          }
        });
        if (density < 1) assert.ok(masked > 0, `${at}: masked kernel weights have gradients too`);
      }
    }
  }
});

/** Cancels once, at the batch boundary after `steps` training steps. */
function cancelAfter(steps: number): Yielder {
  let seen = 0;
  return {
    maybeYield: async () => undefined,
    checkCancelled: () => {
      if (++seen === steps) throw new RunCancelled();
    },
  };
}

test('cancel mid-epoch leaves the weights of the steps taken, as on the reference path, and training goes on', async () => {
  const shape = SHAPES[2]!;
  const train = table(shape, 6);
  const refNet = network(shape, 0.5, 12);
  const fastNet = refNet.clone();
  const ref = new Trainer(refNet, train, train, adam, new Rng(4), cancelAfter(3), { kernels: 'reference' });
  const fast = new Trainer(fastNet, train, train, adam, new Rng(4), cancelAfter(3), { threads: 2, tuneThreads: false });
  assert.notEqual(fast.kernelInfo.path, 'reference', fast.kernelInfo.reason);
  await assert.rejects(ref.epoch(), RunCancelled);
  await assert.rejects(fast.epoch(), RunCancelled);
  const start = network(shape, 0.5, 12);
  assert.ok(worstDifference(start, fastNet) > 1e-4, 'the steps before the cancel were kept');
  assert.ok(worstDifference(fastNet, refNet) < 1e-5, 'the same three steps as the reference');
  assertMaskedZero(fastNet, 'after cancel');
  close(fast.evaluate(train).loss, ref.evaluate(train).loss, 1e-5, 'after cancel: loss');
  // The optimizer state came back with the weights: the next epoch goes on from there as the reference's does.
  await ref.epoch();
  await fast.epoch();
  assert.ok(worstDifference(fastNet, refNet) < 1e-4, 'the epoch after the cancel');
});

/** Random teacher probabilities (rows x c), each row a distribution. */
function teacher(rng: Rng, rows: number, c: number): Float32Array {
  const p = new Float32Array(rows * c);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let o = 0; o < c; o++) sum += p[r * c + o] = Math.exp(2 * rng.normal());
    for (let o = 0; o < c; o++) p[r * c + o] = p[r * c + o]! / sum;
  }
  return p;
}

test('distillation targets train on the kernels, for an MLP and a conv network, as on the reference path', async () => {
  const shape = SHAPES[0]!;
  const train = table(shape, 8);
  const d = shape.input.h * shape.input.w * shape.input.c;
  const nets: [string, () => Network][] = [
    ['conv network', () => network(shape, 0.5, 13)],
    ['MLP', () => mlpNetwork(d, 3, { layers: [7, 5], inputDensity: 0.5, initialBias: 0.1 }, new Rng(14))],
  ];
  for (const [what, make] of nets) {
    for (const cfg of [adam, sgd]) {
      const soft = { probs: teacher(new Rng(15), train.rows, 3), weight: 0.6 };
      const refNet = make();
      const fastNet = make();
      const ref = new Trainer(refNet, train, train, cfg, new Rng(9), undefined, { kernels: 'reference' });
      const fast = new Trainer(fastNet, train, train, cfg, new Rng(9), undefined, { threads: 2, tuneThreads: false });
      ref.distillFrom(soft);
      fast.distillFrom(soft);
      const at = `${what}, ${cfg.optimizer}`;
      for (let e = 0; e < 3; e++) {
        const r = await ref.epoch();
        const f = await fast.epoch();
        close(f.trainLoss, r.trainLoss, 2e-5 * (e + 1), `${at}, epoch ${e}: distillation loss`);
        close(f.validationLoss, r.validationLoss, 2e-5 * (e + 1), `${at}, epoch ${e}: validation loss`);
        const worst =
          what === 'MLP'
            ? Math.max(...fastNet.weights.map((w, i) => Math.abs(w - refNet.weights[i]!)))
            : worstDifference(fastNet, refNet);
        assert.ok(worst < 1e-4, `${at}, epoch ${e}: weights differ by up to ${worst}`);
      }
      // The kernels ran these epochs: their float32 sums leave bit-level differences from the reference's.
      assert.ok(
        fastNet.weights.some((w, i) => w !== refNet.weights[i]),
        `${at}: the distilled epochs took the reference path`,
      );
    }
  }
  // The teacher counts: the same epochs without it end elsewhere.
  const plain = network(shape, 0.5, 13);
  const distilled = network(shape, 0.5, 13);
  const a = new Trainer(plain, train, train, adam, new Rng(9), undefined, { threads: 1 });
  const b = new Trainer(distilled, train, train, adam, new Rng(9), undefined, { threads: 1 });
  b.distillFrom({ probs: teacher(new Rng(15), train.rows, 3), weight: 0.6 });
  await a.epoch();
  await b.epoch();
  assert.ok(worstDifference(plain, distilled) > 1e-3, 'distillation changed the training');
});
