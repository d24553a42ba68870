import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { backward, forward, identity, loadBatch, softmaxCrossEntropy, Workspace } from '../../src/engine/core/compute';
import { compilePlan } from '../../src/engine/core/plan';
import { chooseEngine } from '../../src/engine/run/engines';
import { dagNetwork, mlpNetwork } from '../../src/engine/core/init';
import type { Network } from '../../src/engine/core/network';
import { growNeurons } from '../../src/engine/synthesis/ops/growNeurons';
import { prune } from '../../src/engine/synthesis/ops/prune';
import { Rng } from '../../src/engine/core/random';
import { runSynthesis } from '../../src/engine/run/run';
import { loadTf, type Tf } from '../../src/engine/tfjs/backend';
import { tfjsGradients } from '../../src/engine/tfjs/graph';
import { TfjsTrainer } from '../../src/engine/tfjs/trainer';
import { Trainer } from '../../src/engine/training/trainer';
import { configSchema, growNeuronsSchema, pruneSchema, trainSchema } from '../../src/protocol/config';
import { blobs, randomTable } from './helpers/synthetic';

let tf: Tf;
before(async () => {
  tf = (await loadTf()).tf;
});

/** The builtin backward pass over the whole table as one batch. */
function builtinGradients(net: Network, x: Float32Array, y: Int32Array, n: number) {
  const plan = compilePlan(net);
  const ws = new Workspace(net, n);
  loadBatch(ws, x, identity(n), 0, n);
  forward(ws, plan, n);
  const { loss } = softmaxCrossEntropy(ws, y, identity(n), 0, n, true);
  const gw = new Float32Array(net.weights.length);
  const gb = new Float32Array(net.bias.length);
  backward(ws, plan, n, gw, gb);
  return { loss: loss / n, gw, gb };
}

/** A DAG with skip connections, thinned hidden->hidden edges, a neuron nobody reads and one with no inputs. */
function skipDag(seed: number): Network {
  const rng = new Rng(seed);
  const net = dagNetwork(
    7,
    4,
    { hidden: 12, capacity: 16, inputDensity: 0.5, skipConnections: true, initialBias: 0.1 },
    rng,
  );
  net.forEachActive((src, t, i) => {
    if (net.groupOf(src, t) === 'hiddenHidden' && rng.next() < 0.5) net.mask[i] = 0;
  });
  const S = net.sources;
  const [silent, blind] = [net.order[5]!, net.order[2]!];
  for (let t = 0; t < net.targets; t++) net.mask[t * S + net.inputs + silent] = 0;
  for (let src = 0; src < S; src++) net.mask[blind * S + src] = 0;
  net.applyMask();
  return net;
}

function mlp(seed: number): Network {
  return mlpNetwork(7, 4, { layers: [20, 10], inputDensity: 1, initialBias: 0 }, new Rng(seed));
}

function assertClose(a: Float32Array, b: Float32Array, what: string, rel = 1e-4, abs = 1e-6): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const diff = Math.abs(a[i]! - b[i]!);
    assert.ok(diff <= abs + rel * Math.abs(b[i]!), `${what}[${i}]: tfjs ${a[i]} vs builtin ${b[i]}`);
    worst = Math.max(worst, diff);
  }
  return worst;
}

test('TF.js gradients of the masked loss equal the builtin backward pass (DAG with skips, MLP)', () => {
  for (const [name, net] of [
    ['dag', skipDag(1)],
    ['mlp', mlp(2)],
  ] as const) {
    const { x, y, rows } = randomTable(new Rng(3), 40, net.inputs, net.outputs);
    const ref = builtinGradients(net, x, y, rows);
    const got = tfjsGradients(tf, net, x, y, rows);
    assert.ok(Math.abs(got.loss - ref.loss) <= 1e-5 * ref.loss, `${name} loss ${got.loss} vs ${ref.loss}`);
    const worst = assertClose(got.gw, ref.gw, `${name} dL/dw`);
    assertClose(got.gb, ref.gb, `${name} dL/db`);
    let active = 0;
    net.forEachActive(() => active++);
    assert.ok(active > 50, 'a real network');
    process.stdout.write(`# ${name}: ${active} connections, max |dgw| ${worst.toExponential(2)}\n`);
  }
});

/** Trains clones of `net` on both engines with the same data and seeds; returns both trainers and epoch stats. */
async function trainBoth(net: Network, optimizer: 'sgd' | 'adam', epochs: number) {
  const cfg = trainSchema.parse({ optimizer, batch: 32, lr: optimizer === 'adam' ? 0.01 : 0.05, weightDecay: 0.001 });
  const all = blobs(5, 290, net.inputs, net.outputs, 1.2);
  const d = net.inputs;
  const train = { x: all.x.subarray(0, 230 * d), y: all.y.subarray(0, 230), rows: 230 };
  const validation = { x: all.x.subarray(230 * d), y: all.y.subarray(230), rows: 60 };
  const a = new Trainer(net.clone(), train, validation, cfg, new Rng(9));
  const b = new TfjsTrainer(tf, net.clone(), train, validation, cfg, new Rng(9));
  const losses: [number, number][] = [];
  for (let e = 0; e < epochs; e++) losses.push([(await a.epoch()).trainLoss, (await b.epoch()).trainLoss]);
  return { a, b, losses };
}

function assertMaskedZero(net: Network): void {
  for (let i = 0; i < net.mask.length; i++) if (!net.mask[i]) assert.equal(net.weights[i], 0, `masked weight ${i}`);
}

test('both engines follow the same training trajectory (SGD Nesterov + decay, Adam), across structure changes', async () => {
  for (const optimizer of ['sgd', 'adam'] as const) {
    for (const [name, net] of [
      ['dag', skipDag(4)],
      ['mlp', mlp(5)],
    ] as const) {
      const { a, b, losses } = await trainBoth(net, optimizer, 3);
      // Operations change the structure of both the same way (same rng), then training goes on.
      prune(a, pruneSchema.parse({ op: 'prune', ratio: 0.3 }), 'group');
      prune(b, pruneSchema.parse({ op: 'prune', ratio: 0.3 }), 'group');
      const grow = growNeuronsSchema.parse({ op: 'growNeurons', count: 2, select: 'random' });
      growNeurons(a, grow, new Rng(1));
      growNeurons(b, grow, new Rng(1));
      assert.deepEqual(b.net.order, a.net.order);
      for (let e = 0; e < 2; e++) losses.push([(await a.epoch()).trainLoss, (await b.epoch()).trainLoss]);
      for (const [i, [ref, got]] of losses.entries()) {
        assert.ok(Math.abs(got - ref) <= 1e-4 * ref, `${optimizer} ${name} epoch ${i + 1}: ${got} vs ${ref}`);
      }
      assertClose(b.net.weights, a.net.weights, `${optimizer} ${name} weights`, 1e-3, 1e-4);
      assertMaskedZero(b.net);
      const [va, vb] = [a.validate(), b.validate()];
      assert.equal(vb.accuracy, va.accuracy);
      assert.ok(Math.abs(vb.loss - va.loss) <= 1e-4 * va.loss, `validation loss ${vb.loss} vs ${va.loss}`);
      process.stdout.write(
        `# ${optimizer} ${name}: losses ${losses.map(([r, g]) => `${r.toFixed(6)}/${g.toFixed(6)}`).join(' ')}\n`,
      );
    }
  }
});

test('a learning rate changed between epochs is honoured by TF.js as by the builtin engine (SGD, Adam)', async () => {
  for (const optimizer of ['sgd', 'adam'] as const) {
    const { a, b, losses } = await trainBoth(mlp(6), optimizer, 1);
    a.learningRate = b.learningRate = a.cfg.lr / 4;
    for (let e = 0; e < 2; e++) losses.push([(await a.epoch()).trainLoss, (await b.epoch()).trainLoss]);
    for (const [i, [ref, got]] of losses.entries()) {
      assert.ok(Math.abs(got - ref) <= 1e-4 * ref, `${optimizer} epoch ${i + 1}: ${got} vs ${ref}`);
    }
    assertClose(b.net.weights, a.net.weights, `${optimizer} weights after the change`, 1e-3, 1e-4);
    // Rate 0: no step moves a weight.
    b.learningRate = 0;
    const before = Float32Array.from(b.net.weights);
    await b.epoch();
    assert.deepEqual(b.net.weights, before, `${optimizer}: weights moved at rate 0`);
  }
});

test('no tensors leak over many epochs and structure changes', async () => {
  const net = skipDag(7);
  const { b } = await trainBoth(net, 'adam', 1);
  const before = tf.memory().numTensors;
  for (let e = 0; e < 5; e++) {
    await b.epoch();
    if (e === 2) prune(b, pruneSchema.parse({ op: 'prune', ratio: 0.2 }), 'global');
  }
  assert.equal(tf.memory().numTensors, before);
});

test('engine: tfjs runs a whole scheme end to end and says which backend ran', async () => {
  const backend = await loadTf();
  assert.equal(backend.nodeUnavailable, 'not installed', 'tfjs-node is not installed on this machine');
  const choice = await chooseEngine('tfjs');
  assert.equal(choice.name, 'tfjs-wasm');
  const dataDir = path.join(__dirname, '..', '..', 'data');
  const config = (engine: 'builtin' | 'tfjs') =>
    configSchema.parse({
      dataset: { source: 'builtin:iris' },
      engine,
      scheme: 'A',
      iterations: 2,
      seed: 1,
      baseline: { epochs: 20, hidden: [16, 8] },
      train: { epochs: 4 },
    });
  const result = await runSynthesis(config('tfjs'), { baseDir: dataDir, dataDir });
  const reference = await runSynthesis(config('builtin'), { baseDir: dataDir, dataDir });
  assert.equal(result.engine, 'tfjs-wasm');
  assert.equal(reference.engine, 'builtin');
  assert.equal(result.status, 'done');
  assert.ok(result.final.testAccuracy >= 0.85, `final ${result.final.testAccuracy}`);
  assert.ok(result.history.length >= 3);
  // Same seed, same trajectory up to float32 rounding: the runs may only part where rounding flips a decision.
  assert.ok(Math.abs(result.final.testAccuracy - reference.final.testAccuracy) <= 0.1);
  assert.ok(Math.abs(result.baseline.testAccuracy - reference.baseline.testAccuracy) <= 0.1);
  process.stdout.write(
    `# iris scheme A on tfjs-wasm: baseline ${result.baseline.testAccuracy.toFixed(3)}, final ${result.final.testAccuracy.toFixed(3)}, ` +
      `${result.final.connections} connections, ${result.durationMs} ms\n`,
  );
});
