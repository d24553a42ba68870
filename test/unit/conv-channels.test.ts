import assert from 'node:assert/strict';
import { test } from 'node:test';
import { operationSchema, trainSchema, type GrowChannelsConfig } from '../../src/protocol/config';
import { identity, loadBatch, referenceLogits, Workspace } from '../../src/engine/core/compute';
import type { ConvLayer, FrontLayerSpec } from '../../src/engine/core/convFront';
import { frontNetwork, mlpNetwork } from '../../src/engine/core/init';
import type { Network } from '../../src/engine/core/network';
import { Rng } from '../../src/engine/core/random';
import { fromModel, toModel } from '../../src/engine/model/format';
import { growChannels, removeDeadChannels } from '../../src/engine/synthesis/ops/channels';
import { Trainer } from '../../src/engine/training/trainer';
import { randomTable } from './helpers/synthetic';

const conv = (channels: number, active: number, kernel: number, padding = 0): FrontLayerSpec => ({
  kind: 'conv',
  channels,
  active,
  kernel,
  stride: 1,
  padding,
  activation: 'relu',
});

/** conv (4 slots, 3 in use) -> max-pool -> conv (3 slots, 2 in use) -> dense; `pad` pads the second conv. */
function setup(seed: number, pad = 0): { net: Network; trainer: Trainer; x: Float32Array; rows: number } {
  const rng = new Rng(seed);
  const specs = [conv(4, 3, 3), { kind: 'maxPool', size: 2, stride: 2 } as const, conv(3, 2, 2, pad)];
  const net = frontNetwork(
    { h: 9, w: 9, c: 1 },
    specs,
    (inputs) => mlpNetwork(inputs, 3, { layers: [5], inputDensity: 1, initialBias: 0.1 }, rng),
    rng,
  );
  for (const l of net.front!.convLayers()) for (let c = 0; c < l.bias.length; c++) if (l.active[c]) l.bias[c] = 0.2;
  const rows = 12;
  const table = randomTable(rng, rows, 81, 3);
  const trainer = new Trainer(net, table, table, trainSchema.parse({ batch: rows }), new Rng(seed + 1));
  return { net, trainer, x: table.x, rows };
}

const logits = (net: Network, x: Float32Array, rows: number) => referenceLogits(net, x, rows, rows);
function assertSameFunction(a: Float32Array, b: Float32Array, what: string): void {
  for (let i = 0; i < a.length; i++)
    assert.ok(Math.abs(a[i]! - b[i]!) <= 1e-5 * (1 + Math.abs(a[i]!)), `${what}[${i}]`);
}
const growCfg = (o: object) => operationSchema.parse({ op: 'growChannels', ...o }) as GrowChannelsConfig;
const layers = (net: Network) => net.front!.convLayers();
const activeCount = (l: ConvLayer) => l.active.reduce((a, b) => a + b, 0);

test('free channel slots start empty: no kernel, bias, outgoing weight; the network ignores them', () => {
  const { net } = setup(1);
  const [l0, l2] = layers(net);
  assert.deepEqual([...l0!.active], [1, 1, 1, 0]);
  assert.equal(
    l0!.mask.subarray(27, 36).reduce((a, b) => a + b, 0),
    0,
  );
  assert.equal(l0!.bias[3], 0);
  for (const k of net.front!.inputChannelPositions(2, 3)) assert.equal(l2!.mask[k], 0);
  for (const u of net.front!.freeUnits())
    for (let t = 0; t < net.targets; t++) assert.equal(net.mask[t * net.sources + u], 0);
  assert.equal(net.front!.freeUnits().length, 4);
});

test('channel split without noise and with halved outgoing weights preserves the function; counts exact', () => {
  const { net, trainer, x, rows } = setup(2);
  const before = logits(net, x, rows);
  const kernelsBefore = net.front!.activeWeights();
  const weightsBefore = net.activeWeights();
  const out = growChannels(trainer, growCfg({ count: 1, noise: 0, halveOutgoing: true }), new Rng(3));
  assert.equal(out.channelsAdded, 2);
  assert.deepEqual(layers(net).map(activeCount), [4, 3]);
  assertSameFunction(logits(net, x, rows), before, 'logits after the split');
  assert.equal(net.activeWeights() - weightsBefore, out.connectionsAdded);
  assert.ok(net.front!.activeWeights() > kernelsBefore);
});

test('channel growth splits the most active channel of each layer', () => {
  const { net, trainer, x, rows } = setup(4);
  // Activity measured here, on the whole split, without the probe.
  const ws = new Workspace(net, rows);
  loadBatch(ws, x, identity(rows), 0, rows);
  const parents = [0, 2].map((i) => {
    const l = net.front!.layers[i] as ConvLayer;
    const C = l.spec.outC;
    const sums = new Float64Array(C);
    const o = ws.front!.outs[i]!;
    for (let k = 0; k < rows * l.out.h * l.out.w * C; k++) sums[k % C] += Math.abs(o[k]!);
    return [...sums.keys()].filter((c) => l.active[c]).sort((a, b) => sums[b]! - sums[a]!)[0]!;
  });
  growChannels(trainer, growCfg({ count: 1, noise: 0, halveOutgoing: false, batches: 1 }), new Rng(5));
  [0, 2].forEach((i, n) => {
    const l = net.front!.layers[i] as ConvLayer;
    const per = l.weights.length / l.spec.outC;
    const free = [...l.active.keys()].filter((c) => l.active[c]).pop()!;
    const p = parents[n]!;
    assert.deepEqual(l.weights.subarray(free * per, free * per + per), l.weights.subarray(p * per, p * per + per));
  });
});

test('removing dead channels folds constant outputs into the consumers and preserves the function', () => {
  const { net, x, rows } = setup(6);
  const [l0, l2] = layers(net);
  // Channel 1 of the first conv loses its kernels (it now outputs relu(0.2) everywhere), channel 0 of the second
  // too (its constant reaches the dense part), and channel 2 of the first loses every outgoing weight.
  l0!.mask.fill(0, 9, 18);
  l2!.mask.fill(0, 0, 16);
  for (const k of net.front!.inputChannelPositions(2, 2)) l2!.mask[k] = 0;
  net.applyMask();
  const before = logits(net, x, rows);
  const kernels = net.front!.activeWeights();
  const dense = net.activeConnections();
  const r = removeDeadChannels(net);
  assert.equal(r.channelsRemoved, 3);
  assert.deepEqual([...l0!.active], [1, 0, 0, 0]);
  assert.deepEqual([...l2!.active], [0, 1, 0]);
  assert.equal(kernels + dense - net.front!.activeWeights() - net.activeConnections(), r.weightsRemoved);
  assertSameFunction(logits(net, x, rows), before, 'logits after removal');
});

for (const kernels of ['reference', 'auto'] as const) {
  test(`a removed channel's bias stays exactly 0 in later training (Adam momentum left over), ${kernels} path`, async () => {
    const prev = process.env.SCANN_KERNELS;
    if (kernels === 'reference') process.env.SCANN_KERNELS = 'reference';
    else delete process.env.SCANN_KERNELS;
    try {
      const { net, trainer } = setup(8);
      const [l0] = layers(net);
      for (let e = 0; e < 3; e++) await trainer.epoch();
      // Channel 1 of the first conv loses every outgoing weight: dead, then removed, after its bias has momentum.
      for (const k of net.front!.inputChannelPositions(2, 1)) layers(net)[1]!.mask[k] = 0;
      net.applyMask();
      removeDeadChannels(net);
      trainer.structureChanged();
      assert.equal(l0!.active[1], 0);
      for (let e = 0; e < 3; e++) await trainer.epoch();
      assert.equal(l0!.bias[1], 0, 'the free channel kept its bias at 0');
      assert.ok(
        l0!.bias.some((b, c) => l0!.active[c] === 1 && b !== 0.2),
        'the channels in use trained',
      );
    } finally {
      if (prev === undefined) delete process.env.SCANN_KERNELS;
      else process.env.SCANN_KERNELS = prev;
    }
  });
}

test('a dead channel whose constant a padded conv would see as zeros at the borders is kept', () => {
  const { net, x, rows } = setup(7, 1);
  const [l0] = layers(net);
  l0!.mask.fill(0, 9, 18);
  net.applyMask();
  const before = logits(net, x, rows);
  assert.equal(removeDeadChannels(net).channelsRemoved, 0);
  assert.equal(l0!.active[1], 1);
  assertSameFunction(logits(net, x, rows), before, 'logits');
  // With bias 0 the constant is 0, which padding does not change: then it goes.
  l0!.bias[1] = -1;
  assert.equal(removeDeadChannels(net).channelsRemoved, 1);
});

test('free channel slots survive a model.json round trip', () => {
  const { net, x, rows } = setup(8);
  const scaler = { kind: 'none' as const, offset: new Float32Array(81), scale: new Float32Array(81).fill(1) };
  const ctx = { featureNames: Array.from({ length: 81 }, (_, j) => `p${j}`), labelNames: ['a', 'b', 'c'], scaler };
  const back = fromModel(JSON.parse(JSON.stringify(toModel(net, ctx)))).net;
  assert.deepEqual(
    back.front!.convLayers().map((l) => [...l.active]),
    layers(net).map((l) => [...l.active]),
  );
  assert.deepEqual(logits(back, x, rows), logits(net, x, rows));
});
