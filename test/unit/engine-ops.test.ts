import assert from 'node:assert/strict';
import { test } from 'node:test';
import { operationSchema, trainSchema, type OperationInput } from '../../src/protocol/config';
import { predictProba } from '../../src/engine/training/inference';
import { applyOperation } from '../../src/engine/synthesis/driver';
import { dagNetwork, mlpNetwork } from '../../src/engine/core/init';
import type { Network } from '../../src/engine/core/network';
import { removeDeadNeurons } from '../../src/engine/synthesis/ops/removeDead';
import { Rng } from '../../src/engine/core/random';
import { Trainer } from '../../src/engine/training/trainer';
import { blobs } from './helpers/synthetic';

const D = 6;
const C = 3;
const train = blobs(11, 240, D, C);

/** The invariants every operation must keep. */
function assertInvariants(net: Network, what: string): void {
  const pos = net.positions();
  for (let i = 0; i < net.weights.length; i++) {
    if (!net.mask[i]) assert.equal(net.weights[i], 0, `${what}: masked weight ${i} is ${net.weights[i]}`);
  }
  net.forEachActive((src, t) => {
    assert.ok(net.allowed(src, t, pos), `${what}: active connection ${src}->${t} breaks the ${net.space} structure`);
  });
  assert.equal(new Set(net.order).size, net.order.length, `${what}: a slot appears twice in the order`);
  for (let s = 0; s < net.capacity; s++) {
    if (pos[s]! >= 0) continue;
    for (let src = 0; src < net.sources; src++)
      assert.equal(net.mask[s * net.sources + src], 0, `${what}: unused slot ${s} has inputs`);
    for (let t = 0; t < net.targets; t++)
      assert.equal(net.mask[t * net.sources + D + s], 0, `${what}: unused slot ${s} has outputs`);
  }
  const byGroup = net.connectionsByGroup();
  assert.equal(
    byGroup.inputHidden + byGroup.hiddenHidden + byGroup.hiddenOutput + byGroup.inputOutput,
    net.activeConnections(),
    `${what}: group counts do not add up`,
  );
}

function trainerFor(net: Network, seed = 1): Trainer {
  return new Trainer(net, train, train, trainSchema.parse({ batch: 32 }), new Rng(seed));
}

const op = (o: OperationInput) => operationSchema.parse(o);

function dag(seed = 3): Network {
  return dagNetwork(
    D,
    C,
    { hidden: 6, capacity: 16, inputDensity: 0.7, skipConnections: true, initialBias: 0 },
    new Rng(seed),
  );
}

test('every operation keeps masks, order and counts consistent, in both spaces', async () => {
  const ops: OperationInput[] = [
    { op: 'growConnections', mode: 'gradient', percentile: 70 },
    { op: 'growNeurons', count: 3 },
    { op: 'prune', ratio: 0.3 },
    { op: 'growConnections', mode: 'random', fraction: 0.2 },
    { op: 'prune', keep: 20 },
    { op: 'growNeurons', count: 2, select: 'random', copyOutgoingHidden: true },
    { op: 'growConnections', mode: 'full' },
    { op: 'prune', ratio: 0.5, scope: 'global' },
  ];
  for (const start of [
    dag(),
    mlpNetwork(D, C, { layers: [8, 5], capacity: 20, inputDensity: 1, initialBias: 0 }, new Rng(4)),
  ]) {
    const trainer = trainerFor(start);
    await trainer.epoch();
    assertInvariants(start, `${start.space} start`);
    for (const o of ops) {
      const before = start.activeConnections();
      const hiddenBefore = start.order.length;
      const out = applyOperation(op(o), trainer, new Rng(5), start.space === 'mlp' ? 'global' : 'group');
      assertInvariants(start, `${start.space} after ${JSON.stringify(o)}`);
      assert.equal(
        start.activeConnections(),
        before + out.connectionsAdded - out.connectionsRemoved,
        `${JSON.stringify(o)}: reported counts`,
      );
      assert.equal(start.order.length, hiddenBefore + out.neuronsAdded - out.neuronsRemoved);
      await trainer.epoch();
      assertInvariants(start, `${start.space} after training`);
    }
  }
});

test('full growth activates every allowed position; the DAG order forbids backward edges', () => {
  const net = dag();
  const trainer = trainerFor(net);
  applyOperation(op({ op: 'growConnections', mode: 'full' }), trainer, new Rng(1), 'group');
  let allowed = 0;
  net.forEachAllowed((_s, _t, i) => {
    allowed++;
    assert.equal(net.mask[i], 1);
  });
  const h = net.order.length;
  // inputs->hidden + hidden->hidden (earlier to later) + hidden->outputs + inputs->outputs
  assert.equal(allowed, D * h + (h * (h - 1)) / 2 + h * C + D * C);
  assert.equal(net.activeConnections(), allowed);
});

test('gradient growth picks the dormant positions with the largest |dL/dw|', () => {
  const net = dag(8);
  const trainer = trainerFor(net);
  const before = new Uint8Array(net.mask);
  const out = applyOperation(
    op({ op: 'growConnections', mode: 'gradient', fraction: 0.1, fullData: true }),
    trainer,
    new Rng(1),
    'group',
  );
  assert.ok(out.connectionsAdded > 0);
  for (let i = 0; i < net.mask.length; i++)
    if (net.mask[i] && !before[i]) assert.equal(net.weights[i], 0, 'grown connections start at 0');
});

test('pruning removes exactly the smallest magnitudes: per group, globally, and to a kept count', () => {
  for (const [o, expect] of [
    [{ op: 'prune', ratio: 0.25, scope: 'global', removeDead: false }, (n: number) => n - Math.floor(0.25 * n)],
    [{ op: 'prune', keep: 17, removeDead: false }, () => 17],
  ] as const) {
    const net = dag();
    const trainer = trainerFor(net);
    const n = net.activeConnections();
    const mags: number[] = [];
    net.forEachActive((_s, _t, i) => mags.push(Math.abs(net.weights[i]!)));
    applyOperation(op(o), trainer, new Rng(1), 'group');
    assert.equal(net.activeConnections(), expect(n));
    const kept: number[] = [];
    net.forEachActive((_s, _t, i) => kept.push(Math.abs(net.weights[i]!)));
    const threshold = mags.sort((a, b) => b - a)[expect(n) - 1]!;
    assert.ok(
      kept.every((m) => m >= threshold),
      'only the largest magnitudes survive',
    );
  }
  const net = dag();
  const groupsBefore = net.connectionsByGroup();
  applyOperation(
    op({ op: 'prune', ratio: 0.5, scope: 'group', removeDead: false }),
    trainerFor(net),
    new Rng(1),
    'group',
  );
  const groupsAfter = net.connectionsByGroup();
  for (const g of Object.keys(groupsBefore) as (keyof typeof groupsBefore)[]) {
    assert.equal(groupsAfter[g], groupsBefore[g] - Math.floor(0.5 * groupsBefore[g]), `group ${g}`);
  }
});

test('dead-neuron removal keeps the function: orphans fold into biases, unused neurons vanish', () => {
  const net = dag(21);
  const S = net.sources;
  const [a, b] = [net.order[1]!, net.order[3]!];
  // a: no inputs at all (constant ReLU(bias) output); b: no consumers.
  net.bias[a] = 0.7;
  for (let src = 0; src < S; src++) net.mask[a * S + src] = 0;
  for (let t = 0; t < net.targets; t++) net.mask[t * S + D + b] = 0;
  net.applyMask();
  const before = predictProba(net, train.x, train.rows);
  const removed = removeDeadNeurons(net);
  assert.ok(removed.neuronsRemoved >= 2);
  assert.ok(!net.order.includes(a) && !net.order.includes(b));
  assertInvariants(net, 'after removal');
  const after = predictProba(net, train.x, train.rows);
  for (let i = 0; i < before.length; i++)
    assert.ok(Math.abs(before[i]! - after[i]!) < 1e-5, `probability ${i} changed`);
});

test('a neuron split with halved outgoing weights and no noise preserves the function', () => {
  const net = dag(5);
  const trainer = trainerFor(net);
  const before = predictProba(net, train.x, train.rows);
  const out = applyOperation(
    op({ op: 'growNeurons', count: 2, noise: 0, halveOutgoing: true, copyOutgoingHidden: true }),
    trainer,
    new Rng(1),
    'group',
  );
  assert.equal(out.neuronsAdded, 2);
  const after = predictProba(net, train.x, train.rows);
  for (let i = 0; i < before.length; i++) assert.ok(Math.abs(before[i]! - after[i]!) < 1e-5);
});

test('neuron growth stops at the capacity', () => {
  const net = dagNetwork(
    D,
    C,
    { hidden: 4, capacity: 5, inputDensity: 1, skipConnections: false, initialBias: 0 },
    new Rng(2),
  );
  const out = applyOperation(op({ op: 'growNeurons', count: 3 }), trainerFor(net), new Rng(1), 'group');
  assert.equal(out.neuronsAdded, 1);
  assert.equal(net.order.length, 5);
});

test('training reduces the loss and masked weights stay exactly zero under both optimizers', async () => {
  for (const optimizer of ['sgd', 'adam'] as const) {
    const net = dag(7);
    const trainer = new Trainer(
      net,
      train,
      train,
      trainSchema.parse({ optimizer, lr: optimizer === 'sgd' ? 0.05 : 0.01, batch: 16 }),
      new Rng(3),
    );
    const first = await trainer.epoch();
    let last = first;
    for (let e = 0; e < 15; e++) last = await trainer.epoch();
    assert.ok(last.trainLoss < first.trainLoss * 0.7, `${optimizer}: loss ${first.trainLoss} -> ${last.trainLoss}`);
    assert.ok(last.trainAccuracy > 0.9, `${optimizer}: accuracy ${last.trainAccuracy}`);
    assertInvariants(net, optimizer);
  }
});
