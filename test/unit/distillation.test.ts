import assert from 'node:assert/strict';
import { test } from 'node:test';
import { selectSchema, trainSchema } from '../../src/protocol/config';
import {
  backward,
  forward,
  identity,
  loadBatch,
  referenceLogits,
  softmaxCrossEntropy,
  softmaxRows,
  Workspace,
  type SoftTargets,
} from '../../src/engine/core/compute';
import { mlpNetwork } from '../../src/engine/core/init';
import type { Network } from '../../src/engine/core/network';
import { compilePlan } from '../../src/engine/core/plan';
import { Rng } from '../../src/engine/core/random';
import { marginOf, Selector } from '../../src/engine/synthesis/selector';
import { Trainer } from '../../src/engine/training/trainer';
import { blobs, randomTable } from './helpers/synthetic';

/** Random teacher probabilities (rows x c), each row a distribution. */
function randomProbs(rng: Rng, rows: number, c: number): Float32Array {
  const z = new Float32Array(rows * c);
  for (let i = 0; i < z.length; i++) z[i] = 2 * rng.normal();
  return softmaxRows(z, rows, c);
}

function lossAndGrad(net: Network, x: Float32Array, y: Int32Array, n: number, soft?: SoftTargets) {
  const plan = compilePlan(net);
  const ws = new Workspace(net, n);
  loadBatch(ws, x, identity(n), 0, n);
  forward(ws, plan, n);
  const { loss } = softmaxCrossEntropy(ws, y, identity(n), 0, n, true, undefined, soft);
  const gw = new Float32Array(net.weights.length);
  const gb = new Float32Array(net.bias.length);
  backward(ws, plan, n, gw, gb);
  return { loss: loss / n, gw, gb };
}

test('the distillation loss gradient matches finite differences', () => {
  const rng = new Rng(21);
  const net = mlpNetwork(4, 3, { layers: [6, 5], inputDensity: 1, initialBias: 0.3 }, rng);
  const { x, y, rows } = randomTable(rng, 20, 4, 3);
  const soft = { probs: randomProbs(rng, rows, 3), weight: 0.6 };
  const { gw, gb } = lossAndGrad(net, x, y, rows, soft);
  const h = 1e-2;
  let checked = 0;
  const check = (arr: Float32Array, i: number, analytic: number, what: string) => {
    const old = arr[i]!;
    arr[i] = old + h;
    const up = lossAndGrad(net, x, y, rows, soft).loss;
    arr[i] = old - h;
    const down = lossAndGrad(net, x, y, rows, soft).loss;
    arr[i] = old;
    const numeric = (up - down) / (2 * h);
    assert.ok(Math.abs(analytic - numeric) <= 1e-3 + 2e-2 * Math.abs(numeric), `${what}: ${analytic} vs ${numeric}`);
    checked++;
  };
  // Output-layer weights and biases: the loss is smooth in them (no ReLU between them and the loss).
  for (let o = 0; o < 3; o++) {
    const t = net.outputTarget(o);
    check(net.bias, t, gb[t]!, `bias of output ${o}`);
    for (let src = 0; src < net.sources; src++) {
      const i = t * net.sources + src;
      if (net.mask[i]) check(net.weights, i, gw[i]!, `w[${src}->${t}]`);
    }
  }
  assert.equal(checked, 3 * (5 + 1));
});

test('distillation at weight 0 is the label loss, and at weight 1 ignores the labels', () => {
  const rng = new Rng(5);
  const net = mlpNetwork(4, 3, { layers: [6], inputDensity: 1, initialBias: 0.1 }, rng);
  const { x, y, rows } = randomTable(rng, 12, 4, 3);
  const probs = randomProbs(rng, rows, 3);
  const plain = lossAndGrad(net, x, y, rows);
  const zero = lossAndGrad(net, x, y, rows, { probs, weight: 0 });
  assert.ok(Math.abs(plain.loss - zero.loss) < 1e-9);
  assert.deepEqual([...zero.gw], [...plain.gw]);
  const other = Int32Array.from(y, (k) => (k + 1) % 3);
  const a = lossAndGrad(net, x, y, rows, { probs, weight: 1 });
  const b = lossAndGrad(net, x, other, rows, { probs, weight: 1 });
  assert.equal(a.loss, b.loss);
  assert.deepEqual([...a.gw], [...b.gw]);
});

test('a trainer distilled from a teacher learns to agree with the teacher, not the labels', async () => {
  const d = 4;
  const c = 3;
  const table = blobs(3, 240, d, c);
  // The teacher predicts a relabelling of the blobs (class k -> k+1): what the student ends up predicting tells
  // which of the two it learnt from.
  const relabelled = Int32Array.from(table.y, (k) => (k + 1) % c);
  const probs = new Float32Array(table.rows * c);
  relabelled.forEach((k, r) => (probs[r * c + k] = 1));
  const run = async (soft?: SoftTargets) => {
    const net = mlpNetwork(d, c, { layers: [16], inputDensity: 1, initialBias: 0 }, new Rng(8));
    const trainer = new Trainer(net, table, table, trainSchema.parse({ lr: 0.01 }), new Rng(9));
    if (soft) trainer.distillFrom(soft);
    for (let e = 0; e < 15; e++) await trainer.epoch();
    const p = softmaxRows(referenceLogits(net, table.x, table.rows, 64), table.rows, c);
    let agreeTeacher = 0;
    for (let r = 0; r < table.rows; r++) {
      let arg = 0;
      for (let o = 1; o < c; o++) if (p[r * c + o]! > p[r * c + arg]!) arg = o;
      if (arg === relabelled[r]) agreeTeacher++;
    }
    return { agreeTeacher: agreeTeacher / table.rows, labelAccuracy: trainer.evaluate(table).accuracy };
  };
  const plain = await run();
  const distilled = await run({ probs, weight: 1 });
  assert.ok(plain.labelAccuracy > 0.9, `plain training learns the labels (${plain.labelAccuracy})`);
  assert.ok(distilled.agreeTeacher > 0.9, `distilled training follows the teacher (${distilled.agreeTeacher})`);
  assert.ok(distilled.labelAccuracy < 0.1, `and not the labels (${distilled.labelAccuracy})`);
  assert.throws(
    () =>
      new Trainer(
        mlpNetwork(d, c, { layers: [4], inputDensity: 1, initialBias: 0 }, new Rng(1)),
        table,
        table,
        trainSchema.parse({}),
        new Rng(1),
      ).distillFrom({ probs: new Float32Array(5), weight: 1 }),
    /expected rows x outputs/,
  );
});

test('select.margin auto asks for one standard error only on a small validation split', () => {
  // Confirmed by score: a paired confirmation puts its margin on the pairs of rows instead (select-paired.test.ts).
  const auto = selectSchema.parse({ margin: 'auto', confirmBy: 'score' });
  assert.equal(marginOf(auto, 25), 1);
  assert.equal(marginOf(auto, 199), 1);
  assert.equal(marginOf(auto, 200), 0);
  assert.equal(marginOf(auto, 5000), 0);
  assert.equal(marginOf(selectSchema.parse({ margin: 2 }), 5000), 2);
  const small = new Selector(auto, 0.8, 100);
  assert.ok(Math.abs(small.target - (0.8 + Math.sqrt((0.8 * 0.2) / 100))) < 1e-12);
  assert.equal(new Selector(auto, 0.8, 1000).target, 0.8);
});

test('Glorot initialisation draws weights and biases within +-sqrt(6 / (fan_in + fan_out)) of each layer', () => {
  const inputs = 30;
  const layers = [128, 64];
  const outputs = 4;
  const net = mlpNetwork(inputs, outputs, { layers, inputDensity: 1, initialBias: 0, init: 'glorot' }, new Rng(2));
  const widths = [inputs, ...layers, outputs];
  const targetsOf = (l: number): number[] =>
    l < layers.length
      ? Array.from({ length: layers[l]! }, (_, j) => layers.slice(0, l).reduce((a, b) => a + b, 0) + j)
      : Array.from({ length: outputs }, (_, o) => net.outputTarget(o));
  for (let l = 0; l <= layers.length; l++) {
    const bound = Math.sqrt(6 / (widths[l]! + widths[l + 1]!));
    const values: number[] = [];
    for (const t of targetsOf(l)) {
      values.push(net.bias[t]!);
      for (let src = 0; src < net.sources; src++) {
        const i = t * net.sources + src;
        if (net.mask[i]) values.push(net.weights[i]!);
        else assert.equal(net.weights[i], 0);
      }
    }
    assert.ok(
      values.every((v) => Math.abs(v) <= bound),
      `layer ${l} within +-${bound}`,
    );
    // Uniform in +-b: variance b^2 / 3 (the check has thousands of draws but the output layer only ~260).
    const variance = values.reduce((a, v) => a + v * v, 0) / values.length;
    assert.ok(Math.abs(variance / ((bound * bound) / 3) - 1) < 0.25, `layer ${l} variance ${variance}`);
  }
  const he = mlpNetwork(inputs, outputs, { layers, inputDensity: 1, initialBias: 0 }, new Rng(2));
  assert.ok(
    he.bias.every((b) => b === 0),
    'He keeps the biases at initialBias',
  );
});
