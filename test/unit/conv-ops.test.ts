import assert from 'node:assert/strict';
import { test } from 'node:test';
import { operationSchema, trainSchema, type GrowConnectionsConfig, type PruneConfig } from '../../src/protocol/config';
import {
  backward,
  backwardFront,
  forward,
  identity,
  loadBatch,
  softmaxCrossEntropy,
  Workspace,
} from '../../src/engine/core/compute';
import { frontGrads, type FrontLayerSpec } from '../../src/engine/core/convFront';
import { frontNetwork, mlpNetwork } from '../../src/engine/core/init';
import type { Network } from '../../src/engine/core/network';
import { compilePlan } from '../../src/engine/core/plan';
import { Rng } from '../../src/engine/core/random';
import { growConnections } from '../../src/engine/synthesis/ops/growConnections';
import { prune } from '../../src/engine/synthesis/ops/prune';
import { percentile } from '../../src/engine/synthesis/ops/selection';
import { Trainer } from '../../src/engine/training/trainer';
import { randomTable } from './helpers/synthetic';

const SPECS: FrontLayerSpec[] = [
  { kind: 'conv', channels: 4, kernel: 3, stride: 1, padding: 1, activation: 'relu' },
  { kind: 'maxPool', size: 2, stride: 2 },
  { kind: 'conv', channels: 3, kernel: 2, stride: 1, padding: 0, activation: 'relu' },
];

function setup(seed: number, rows = 24): { net: Network; trainer: Trainer } {
  const rng = new Rng(seed);
  const input = { h: 6, w: 6, c: 2 };
  const net = frontNetwork(
    input,
    SPECS,
    (inputs) => mlpNetwork(inputs, 3, { layers: [8], inputDensity: 1, initialBias: 0.2 }, rng),
    rng,
  );
  const table = randomTable(rng, rows, 72, 3);
  const cfg = trainSchema.parse({ batch: rows });
  return { net, trainer: new Trainer(net, table, table, cfg, new Rng(seed + 1)) };
}

const pruneCfg = (o: object) => operationSchema.parse({ op: 'prune', removeDead: false, ...o }) as PruneConfig;
const growCfg = (o: object) => operationSchema.parse({ op: 'growConnections', ...o }) as GrowConnectionsConfig;
const active = (m: Uint8Array) => m.reduce((a, b) => a + b, 0);

test('prune with scope group removes the smallest |w| of each conv layer on its own, exact counts', () => {
  const { net, trainer } = setup(1);
  const before = net.front!.convLayers().map((l) => ({ w: Float32Array.from(l.weights), n: active(l.mask) }));
  const dense = net.activeConnections();
  const out = prune(trainer, pruneCfg({ ratio: 0.3, scope: 'group' }), 'group');
  let removed = dense - net.activeConnections();
  net.front!.convLayers().forEach((l, j) => {
    const { w, n } = before[j]!;
    const count = Math.floor(0.3 * n);
    assert.equal(active(l.mask), n - count, `conv ${j} count`);
    removed += count;
    // Every pruned weight is no larger than every kept one, and is exactly 0.
    let maxPruned = 0;
    let minKept = Infinity;
    for (let i = 0; i < w.length; i++) {
      if (l.mask[i]) minKept = Math.min(minKept, Math.abs(w[i]!));
      else {
        maxPruned = Math.max(maxPruned, Math.abs(w[i]!));
        assert.equal(l.weights[i], 0);
      }
    }
    assert.ok(maxPruned <= minKept, `conv ${j}: pruned ${maxPruned} > kept ${minKept}`);
  });
  assert.equal(out.connectionsRemoved, removed);
});

test('prune with keep counts kernel weights and connections in one |w| order', () => {
  const { net, trainer } = setup(2);
  const all: number[] = [];
  net.forEachActive((_s, _t, i) => all.push(Math.abs(net.weights[i]!)));
  for (const l of net.front!.convLayers()) for (let i = 0; i < l.mask.length; i++) all.push(Math.abs(l.weights[i]!));
  const keep = 60;
  const threshold = all.sort((a, b) => b - a)[keep - 1]!;
  prune(trainer, pruneCfg({ keep }), 'global');
  assert.equal(net.activeWeights(), keep);
  net.forEachActive((_s, _t, i) => assert.ok(Math.abs(net.weights[i]!) >= threshold));
  for (const l of net.front!.convLayers())
    for (let i = 0; i < l.mask.length; i++) if (l.mask[i]) assert.ok(Math.abs(l.weights[i]!) >= threshold);
  assert.ok(net.front!.activeWeights() > 0, 'large kernel weights survive a global prune');

  const { net: net2, trainer: t2 } = setup(2);
  const kernels = net2.front!.activeWeights();
  prune(t2, pruneCfg({ keep, kernels: false }), 'global');
  assert.equal(net2.front!.activeWeights(), kernels, 'kernels: false leaves the kernels');
});

test('gradient growth activates, per conv layer, the dormant kernel weights with the largest |dL/dw|', () => {
  const { net, trainer } = setup(3);
  const rng = new Rng(9);
  for (const l of net.front!.convLayers()) for (let i = 0; i < l.mask.length; i++) if (rng.next() < 0.6) l.mask[i] = 0;
  trainer.structureChanged();
  // The gradient of every kernel weight on the whole split, computed here without the probe.
  const rows = 24;
  const { x, y } = (trainer as unknown as { train: { x: Float32Array; y: Int32Array } }).train;
  const plan = compilePlan(net);
  const ws = new Workspace(net, rows);
  loadBatch(ws, x, identity(rows), 0, rows);
  forward(ws, plan, rows);
  softmaxCrossEntropy(ws, y, identity(rows), 0, rows, true);
  backward(ws, plan, rows, new Float32Array(net.weights.length), new Float32Array(net.bias.length));
  const g = frontGrads(net.front!);
  backwardFront(ws, plan, rows, g);

  const masks = net.front!.convLayers().map((l) => Uint8Array.from(l.mask));
  const out = growConnections(trainer, growCfg({ mode: 'gradient', percentile: 50, fullData: true }), new Rng(4));
  let grown = 0;
  net.front!.convLayers().forEach((l, j) => {
    const dormant: number[] = [];
    masks[j]!.forEach((m, i) => m || dormant.push(i));
    const tau = percentile(
      dormant.map((i) => Math.abs(g.weights[j]![i]!)),
      50,
    );
    const expected = dormant.filter((i) => Math.abs(g.weights[j]![i]!) > tau);
    const got = dormant.filter((i) => l.mask[i]);
    // Float32 sums in a different order may differ in the last bits: only a score at the threshold could flip.
    assert.deepEqual(got, expected, `conv ${j}`);
    assert.ok(got.length > 0);
    for (const i of got) assert.equal(l.weights[i], 0, 'grown weights start at 0');
    grown += got.length;
  });
  assert.ok(out.connectionsAdded >= grown);
});

test('schemes A, B and C run on a network with a conv front end; A and B prune its kernels', async () => {
  const { runSynthesis } = await import('../../src/engine/run/run');
  const { configSchema } = await import('../../src/protocol/config');
  const { writeFileSync, mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const dir = mkdtempSync(path.join(tmpdir(), 'scann-conv-schemes-'));
  try {
    const rng = new Rng(5);
    const lines = [[...Array.from({ length: 36 }, (_, j) => `p${j}`), 'label'].join(',')];
    for (let r = 0; r < 240; r++) {
      const k = r % 2;
      const px = Array.from({ length: 36 }, (_, i) => {
        const row = Math.floor(i / 6);
        const col = i % 6;
        const on = k === 0 ? row === 1 + (r % 4) : col === 1 + (r % 4);
        return ((on ? 1 : 0) + 0.3 * rng.next()).toFixed(3);
      });
      lines.push([...px, k ? 'v' : 'h'].join(','));
    }
    writeFileSync(path.join(dir, 'lines.csv'), `${lines.join('\n')}\n`);
    for (const scheme of ['A', 'B', 'C'] as const) {
      const cfg = configSchema.parse({
        dataset: { source: 'lines.csv', shape: [6, 6, 1] },
        baseline: { conv: [{ layer: 'conv2d', channels: 3, kernel: 3 }, { layer: 'maxPool' }], hidden: [6], epochs: 4 },
        train: { epochs: 1, batch: 16 },
        scheme,
        iterations: 2,
        // The pruned network itself, also when it scores below the baseline: this checks the operations.
        select: { finetune: 0, rule: 'bestAfterPrune', fallback: 'none', keepBaseline: 'never' },
      });
      const r = await runSynthesis(cfg, { baseDir: dir, dataDir: dir });
      assert.equal(r.status, 'done');
      assert.ok(r.final.conv, `scheme ${scheme}: the final network has its conv front end`);
      const history = r.history.filter((h) => h.op === 'prune');
      assert.ok(history.length > 0, `scheme ${scheme} pruned`);
      assert.ok(r.model.front, `scheme ${scheme}: the model has the front end`);
      // A and B prune per group, so each conv layer loses its share; C ranks kernels with the connections globally
      // and starts from the baseline's own layers, so it ends below the baseline's weights.
      if (scheme === 'C') assert.ok(r.final.connections < r.baseline.connections, 'scheme C: fewer weights');
      else assert.ok(r.final.conv!.weights < r.baseline.conv!.weights, `scheme ${scheme} pruned kernel weights`);
    }
    // Channel growth in a loop fills the free slots that start.channelCapacity adds.
    const grow = configSchema.parse({
      dataset: { source: 'lines.csv', shape: [6, 6, 1] },
      baseline: { conv: [{ layer: 'conv2d', channels: 3, kernel: 3 }, { layer: 'maxPool' }], hidden: [6], epochs: 2 },
      train: { epochs: 1, batch: 16 },
      scheme: 'C',
      start: { channelCapacity: 2 },
      iterations: 2,
      loop: [
        { op: 'growChannels', count: 1 },
        { op: 'prune', ratio: 0.2 },
      ],
      select: { finetune: 0, fallback: 'none' },
    });
    const g = await runSynthesis(grow, { baseDir: dir, dataDir: dir });
    const grown = g.history.filter((h) => h.op === 'growChannels');
    assert.deepEqual(
      grown.map((h) => h.channelsAdded),
      [1, 1],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
