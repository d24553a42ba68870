import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { operationSchema, trainSchema, type OperationInput, type TrainConfig } from '../../src/protocol/config';
import { applyOperation } from '../../src/engine/synthesis/driver';
import { dagNetwork, mlpNetwork } from '../../src/engine/core/init';
import { closeThreadPool, type KernelOptions } from '../../src/engine/kernels';
import type { Network } from '../../src/engine/core/network';
import { Rng } from '../../src/engine/core/random';
import { Trainer } from '../../src/engine/training/trainer';
import { blobs } from './helpers/synthetic';

after(() => closeThreadPool());

const D = 7;
const C = 3;
// 150 rows in batches of 20: the last batch has 10 samples, neither a multiple of 8 nor a full batch.
const train = blobs(21, 150, D, C);
const validation = blobs(22, 61, D, C);

function dag(): Network {
  const start = {
    hidden: 10,
    capacity: 16,
    inputDensity: 0.6,
    hiddenDensity: 0.5,
    skipConnections: true,
    initialBias: 0.1,
  };
  return dagNetwork(D, C, start, new Rng(5));
}

function mlp(): Network {
  // Sparse inputs, full hidden layers: at sparseBelow 0.5 the first level runs as CSR, the others dense.
  return mlpNetwork(D, C, { layers: [9, 6], capacity: 20, inputDensity: 0.3, initialBias: 0.05 }, new Rng(6));
}

const adam = trainSchema.parse({ batch: 20, lr: 0.01 });
const sgd = trainSchema.parse({ batch: 20, lr: 0.05, optimizer: 'sgd', momentum: 0.9, nesterov: true });

/** Structure changes between epochs: growth by gradient (a reference probe), new neurons, pruning. */
const OPS: OperationInput[] = [
  { op: 'growConnections', mode: 'gradient', percentile: 60 },
  { op: 'growNeurons', count: 2 },
  { op: 'prune', ratio: 0.3 },
];

interface Epoch {
  trainLoss: number;
  validationLoss: number;
}

function assertMaskedZero(net: Network, what: string): void {
  for (let i = 0; i < net.weights.length; i++) {
    if (!net.mask[i]) assert.equal(net.weights[i], 0, `${what}: masked weight ${i} is ${net.weights[i]}`);
  }
}

function close(a: number, b: number, rel: number, what: string): void {
  // Near zero, float32 logits bound the loss's precision in absolute terms.
  assert.ok(Math.abs(a - b) <= rel * Math.max(0.05, Math.abs(b)), `${what}: ${a} vs reference ${b}`);
}

/**
 * Trains the same network on the kernel path and the reference path side by side. After each epoch the losses and
 * weights are compared, then the reference applies an operation and the kernel network takes over its result, so
 * every phase starts from the same structure and weights (float noise cannot steer the two syntheses apart).
 *
 * Tolerances: the reference sums gradients in double, the kernels in float32. Adam divides each update by the
 * gradient's own magnitude, so for weights whose gradient nearly cancels over the batch the float32 rounding shows
 * in the update; the loss drifts by about 2e-6 relative per epoch on these data (SGD: about 1e-8).
 */
async function lockstep(make: () => Network, cfg: TrainConfig, options: KernelOptions, what: string): Promise<void> {
  const refNet = make();
  const fastNet = make();
  const refShuffle = new Rng(9);
  const fastShuffle = new Rng(9);
  const ref = new Trainer(refNet, train, validation, cfg, refShuffle, undefined, { kernels: 'reference' });
  const fast = new Trainer(fastNet, train, validation, cfg, fastShuffle, undefined, options);
  const opRng = new Rng(3);
  for (let phase = 0; phase <= OPS.length; phase++) {
    for (let e = 0; e < 2; e++) {
      const r: Epoch = await ref.epoch();
      const f: Epoch = await fast.epoch();
      const at = `${what}, phase ${phase}, epoch ${e}`;
      const rel = cfg.optimizer === 'adam' ? (e + 1) * 1e-5 : 1e-6;
      close(f.trainLoss, r.trainLoss, rel, `${at}: train loss`);
      close(f.validationLoss, r.validationLoss, rel, `${at}: validation loss`);
      assertMaskedZero(fastNet, at);
      let worst = 0;
      for (let i = 0; i < refNet.weights.length; i++) {
        worst = Math.max(worst, Math.abs(fastNet.weights[i]! - refNet.weights[i]!));
      }
      assert.ok(worst < 1e-4, `${at}: weights differ by up to ${worst}`);
    }
    if (phase === OPS.length) break;
    applyOperation(operationSchema.parse(OPS[phase]), ref, opRng, 'group');
    fastNet.copyFrom(refNet);
    // Probes of the operation drew shuffles from the reference trainer's stream: draw level again.
    Object.assign(fastShuffle, refShuffle);
    fast.structureChanged();
  }
  assert.notEqual(fast.kernelInfo.path, 'reference', `${what}: ${fast.kernelInfo.reason}`);
}

const PATHS: [string, KernelOptions][] = [
  ['SIMD128, 1 thread', { kernels: 'simd', threads: 1 }],
  ['relaxed FMA, 1 thread', { kernels: 'relaxed', threads: 1 }],
  ['relaxed FMA, 2 threads', { kernels: 'relaxed', threads: 2, tuneThreads: false }],
  [
    'relaxed FMA, 2 threads, rows copied per share',
    { kernels: 'relaxed', threads: 2, tuneThreads: false, residentTable: false },
  ],
  ['SIMD128, 3 threads, every level CSR', { kernels: 'simd', threads: 3, tuneThreads: false, sparseBelow: 2 }],
  ['relaxed FMA, 2 threads, every level dense', { kernels: 'relaxed', threads: 2, tuneThreads: false, sparseBelow: 0 }],
  [
    'plain memory (no shared memory), rows copied per batch',
    { kernels: 'wasm', sharedMemory: false, residentTable: false },
  ],
];

for (const [name, options] of PATHS) {
  test(`kernels (${name}) match the reference path on a DAG with skip and hidden->hidden connections`, async () => {
    await lockstep(dag, adam, options, name);
  });
}

test('kernels match the reference path on an MLP, with Adam and with SGD (Nesterov, weight decay)', async () => {
  await lockstep(mlp, adam, { kernels: 'relaxed', threads: 2, tuneThreads: false, sparseBelow: 0.5 }, 'MLP, Adam');
  await lockstep(mlp, sgd, { kernels: 'relaxed', threads: 2, tuneThreads: false, sparseBelow: 0.5 }, 'MLP, SGD');
  await lockstep(dag, sgd, { kernels: 'simd', threads: 1, sparseBelow: 0.5 }, 'DAG, SGD');
});

/** `make` with its first neurons linear (a DR layer's units), beside ReLU neurons of the same level. */
function withLinear(make: () => Network, count: number): () => Network {
  return () => {
    const net = make();
    for (const s of net.order.slice(0, count)) net.linear[s] = 1;
    return net;
  };
}

test('kernels match the reference path on networks with linear hidden units (dense, CSR, 1 and 2 threads)', async () => {
  // Linear units pass large values on: at the usual rate the DAG overfits these blobs (validation loss 2.5), where
  // the float32 rounding of the kernels' Adam shows in the validation loss beyond the tolerance above.
  const adamSlow = trainSchema.parse({ batch: 20, lr: 0.003 });
  await lockstep(
    withLinear(dag, 4),
    adamSlow,
    { kernels: 'simd', threads: 1, sparseBelow: 2 },
    'DAG with linear units, CSR',
  );
  await lockstep(
    withLinear(dag, 4),
    adamSlow,
    { kernels: 'relaxed', threads: 2, tuneThreads: false, sparseBelow: 0 },
    'DAG with linear units, dense',
  );
  await lockstep(
    withLinear(mlp, 9),
    adamSlow,
    { kernels: 'relaxed', threads: 2, tuneThreads: false },
    'MLP, linear layer 0',
  );
});

test('a mixed layout (dense and CSR levels) is what the density threshold gives', () => {
  const net = mlp();
  const t = new Trainer(net, train, validation, adam, new Rng(1), undefined, { threads: 1, sparseBelow: 0.5 });
  t.evaluate(validation);
  const device = (t as unknown as { device: { currentLayout: { blocks: { sparse: boolean }[] } } }).device;
  const kinds = new Set(device.currentLayout.blocks.map((b) => b.sparse));
  assert.deepEqual([...kinds].sort(), [false, true]);
});

async function trainWith(make: () => Network, options: KernelOptions): Promise<{ losses: number[]; net: Network }> {
  const net = make();
  const t = new Trainer(net, train, validation, adam, new Rng(4), undefined, options);
  const losses: number[] = [];
  const rng = new Rng(8);
  for (const o of [...OPS, undefined]) {
    losses.push((await t.epoch()).trainLoss);
    if (o) applyOperation(operationSchema.parse(o), t, rng, 'group');
  }
  return { losses, net };
}

test('the kernel path is deterministic and gives bit-identical results for 1, 2 and 3 threads', async () => {
  for (const [make, kernels] of [
    [dag, 'simd'],
    [mlp, 'relaxed'],
  ] as const) {
    const one = await trainWith(make, { kernels, threads: 1, sparseBelow: 0.5 });
    for (const threads of [1, 2, 3]) {
      const other = await trainWith(make, { kernels, threads, tuneThreads: false, sparseBelow: 0.5 });
      const what = `${make.name}, ${kernels}, ${threads} threads`;
      assert.deepEqual(other.losses, one.losses, `${what}: losses`);
      assert.deepEqual(other.net.weights, one.net.weights, `${what}: weights`);
      assert.deepEqual(other.net.bias, one.net.bias, `${what}: biases`);
    }
  }
});

test('SCANN_KERNELS=reference selects the reference path; the kernels report their build and threads', () => {
  const saved = process.env['SCANN_KERNELS'];
  try {
    process.env['SCANN_KERNELS'] = 'reference';
    const r = new Trainer(dag(), train, validation, adam, new Rng(1));
    assert.equal(r.kernelInfo.path, 'reference');
    process.env['SCANN_KERNELS'] = 'simd';
    const s = new Trainer(dag(), train, validation, adam, new Rng(1), undefined, { threads: 2 });
    assert.deepEqual(s.kernelInfo, { path: 'wasm-simd', threads: 2, activeThreads: 2 });
    process.env['SCANN_KERNELS'] = 'bogus';
    assert.throws(() => new Trainer(dag(), train, validation, adam, new Rng(1)).kernelInfo, /SCANN_KERNELS/);
  } finally {
    if (saved === undefined) delete process.env['SCANN_KERNELS'];
    else process.env['SCANN_KERNELS'] = saved;
  }
  const p = new Trainer(dag(), train, validation, adam, new Rng(1), undefined, { threads: 4, sharedMemory: false });
  assert.equal(p.kernelInfo.threads, 1, 'without shared memory, one thread');
});

test('edge structures match the reference: no hidden neurons, a neuron without inputs, outputs without inputs', async () => {
  const skipsOnly = (): Network =>
    dagNetwork(D, C, { hidden: 0, capacity: 4, inputDensity: 1, skipConnections: true, initialBias: 0.1 }, new Rng(7));
  const orphan = (): Network => {
    const net = dag();
    const S = net.sources;
    const s = net.order[3]!;
    for (let src = 0; src < S; src++) net.mask[s * S + src] = 0;
    net.applyMask();
    return net;
  };
  const silentOutput = (): Network => {
    const net = mlp();
    const S = net.sources;
    const t = net.outputTarget(1);
    for (let src = 0; src < S; src++) net.mask[t * S + src] = 0;
    net.applyMask();
    return net;
  };
  for (const [name, make] of [
    ['skip connections only', skipsOnly],
    ['a neuron without inputs', orphan],
    ['an output without inputs', silentOutput],
  ] as const) {
    for (const options of [
      { threads: 2, tuneThreads: false },
      { threads: 1, sparseBelow: 2 },
      { threads: 1, sparseBelow: 0 },
    ]) {
      const ref = new Trainer(make(), train, validation, adam, new Rng(2), undefined, { kernels: 'reference' });
      const fast = new Trainer(make(), train, validation, adam, new Rng(2), undefined, options);
      for (let e = 0; e < 2; e++) {
        const r = await ref.epoch();
        const f = await fast.epoch();
        close(f.trainLoss, r.trainLoss, (e + 1) * 1e-5, `${name}, ${JSON.stringify(options)}, epoch ${e}`);
      }
      assertMaskedZero(fast.net, name);
    }
  }
});

test('a learning rate changed between epochs is honoured by the kernels as by the reference (Adam, SGD)', async () => {
  for (const cfg of [adam, sgd]) {
    const what = cfg.optimizer;
    const ref = new Trainer(mlp(), train, validation, cfg, new Rng(9), undefined, { kernels: 'reference' });
    const fast = new Trainer(mlp(), train, validation, cfg, new Rng(9), undefined, { kernels: 'simd', threads: 1 });
    // The same schedule without the change: proof that the change matters at this tolerance.
    const fixed = new Trainer(mlp(), train, validation, cfg, new Rng(9), undefined, { kernels: 'simd', threads: 1 });
    for (const t of [ref, fast, fixed]) await t.epoch();
    for (const t of [ref, fast]) t.learningRate = cfg.lr / 4;
    for (let e = 0; e < 2; e++) for (const t of [ref, fast, fixed]) await t.epoch();
    let worst = 0;
    let apart = 0;
    for (let i = 0; i < ref.net.weights.length; i++) {
      worst = Math.max(worst, Math.abs(fast.net.weights[i]! - ref.net.weights[i]!));
      apart = Math.max(apart, Math.abs(fixed.net.weights[i]! - ref.net.weights[i]!));
    }
    assert.ok(worst < 1e-4, `${what}: kernels and reference differ by up to ${worst} after the change`);
    assert.ok(apart > 100 * worst, `${what}: the unchanged rate ends only ${apart} away`);
    assert.notEqual(fast.kernelInfo.path, 'reference', fast.kernelInfo.reason);
    // Rate 0: no step moves a weight, on either path (Adam's moments still advance).
    for (const t of [ref, fast]) {
      t.learningRate = 0;
      const before = Float32Array.from(t.net.weights);
      const bias = Float32Array.from(t.net.bias);
      await t.epoch();
      assert.deepEqual(t.net.weights, before, `${what}, ${t.kernelInfo.path}: weights moved at rate 0`);
      assert.deepEqual(t.net.bias, bias, `${what}, ${t.kernelInfo.path}: biases moved at rate 0`);
    }
  }
});
