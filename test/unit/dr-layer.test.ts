import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { configSchema, operationSchema, trainSchema, type ScannConfigInput } from '../../src/protocol/config';
import { reduceLine } from '../../src/protocol/claims';
import { parseConfigText } from '../../src/protocol/configText';
import { countedCost } from '../../src/protocol/countedCost';
import { runSummary } from '../../src/protocol/runSummary';
import { energyTable } from '../../src/protocol/energy';
import type { RunEvent } from '../../src/protocol/events';
import type { ModelJson } from '../../src/protocol/model';
import {
  backward,
  forward,
  identity,
  loadBatch,
  referenceLogits,
  softmaxCrossEntropy,
  Workspace,
} from '../../src/engine/core/compute';
import { dagNetwork, mlpNetwork } from '../../src/engine/core/init';
import { networkMetrics } from '../../src/engine/core/metrics';
import type { Network } from '../../src/engine/core/network';
import { compilePlan } from '../../src/engine/core/plan';
import { Rng } from '../../src/engine/core/random';
import { loadDataset } from '../../src/engine/data/load';
import { prepareData } from '../../src/engine/data/prepare';
import { closeThreadPool } from '../../src/engine/kernels';
import { jsonExport } from '../../src/engine/export/json';
import { decodeModel } from '../../src/engine/model/decode';
import { ModelError } from '../../src/engine/model/error';
import { fromModel, toModel } from '../../src/engine/model/format';
import { predictRaw } from '../../src/engine/model/predict';
import { fitReduce } from '../../src/engine/reduce/fit';
import { transformLayer } from '../../src/engine/reduce/layer';
import { TrainingStats } from '../../src/engine/reduce/stats';
import { applyTransform, type LinearTransform } from '../../src/engine/reduce/transform';
import { runSynthesis } from '../../src/engine/run/run';
import { growNeurons } from '../../src/engine/synthesis/ops/growNeurons';
import { removeDeadNeurons } from '../../src/engine/synthesis/ops/removeDead';
import { Trainer } from '../../src/engine/training/trainer';
import { predictProba } from '../../src/engine/training/inference';
import { blobs, randomTable } from './helpers/synthetic';

after(() => closeThreadPool());

const root = path.join(__dirname, '..', '..');
const ctx = { baseDir: root, dataDir: path.join(root, 'data') };

function lossOf(net: Network, x: Float32Array, y: Int32Array, n: number): number {
  const ws = new Workspace(net, n);
  loadBatch(ws, x, identity(n), 0, n);
  forward(ws, compilePlan(net), n);
  return softmaxCrossEntropy(ws, y, identity(n), 0, n, false).loss / n;
}

/** Which ReLU neurons fire per sample (linear ones have no kink): a finite difference is valid while it holds. */
function reluPattern(net: Network, x: Float32Array, n: number): string {
  const ws = new Workspace(net, n);
  loadBatch(ws, x, identity(n), 0, n);
  forward(ws, compilePlan(net), n);
  let s = '';
  for (const t of net.order) {
    if (net.linear[t]) continue;
    for (let b = 0; b < n; b++) s += ws.act[(net.inputs + t) * n + b]! > 0 ? '1' : '0';
  }
  return s;
}

/** A DAG whose first four neurons are linear, with hidden->hidden and skip connections. */
function mixedDag(seed: number): Network {
  const start = {
    hidden: 9,
    capacity: 12,
    inputDensity: 0.7,
    hiddenDensity: 0.6,
    skipConnections: true,
    initialBias: 0.1,
  };
  const net = dagNetwork(6, 3, start, new Rng(seed));
  for (const s of net.order.slice(0, 4)) net.linear[s] = 1;
  return net;
}

/** A fitted linear transform of `method` on a table's rows. */
function fitted(
  method: 'pca' | 'factorAnalysis' | 'ica' | 'rpSparseTernary',
  x: Float32Array,
  rows: number,
  d: number,
  k: number,
): LinearTransform {
  const f = fitReduce(method, {
    stats: new TrainingStats(x, rows, d),
    k,
    neighbors: 5,
    landmarks: 50,
    rng: new Rng(4),
  });
  assert.equal(f.transform.kind, 'linear');
  return f.transform as LinearTransform;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

function argmaxRows(z: Float32Array, rows: number, c: number): number[] {
  return Array.from({ length: rows }, (_, r) => {
    let best = 0;
    for (let o = 1; o < c; o++) if (z[r * c + o]! > z[r * c + best]!) best = o;
    return best;
  });
}

describe('linear hidden units', () => {
  it('the reference backward pass of a network with linear units matches finite differences', () => {
    const n = 24;
    const rng = new Rng(8);
    const { x, y } = randomTable(rng, n, 6, 3);
    const net = mixedDag(2);
    const ws = new Workspace(net, n);
    loadBatch(ws, x, identity(n), 0, n);
    const plan = compilePlan(net);
    forward(ws, plan, n);
    softmaxCrossEntropy(ws, y, identity(n), 0, n, true);
    const gw = new Float32Array(net.weights.length);
    const gb = new Float32Array(net.bias.length);
    backward(ws, plan, n, gw, gb);
    let compared = 0;
    const check = (arr: Float32Array, i: number, analytic: number, what: string): void => {
      const h = 1e-2;
      const old = arr[i]!;
      const base = reluPattern(net, x, n);
      arr[i] = old + h;
      const up = lossOf(net, x, y, n);
      const same = reluPattern(net, x, n) === base;
      arr[i] = old - h;
      const down = lossOf(net, x, y, n);
      const same2 = reluPattern(net, x, n) === base;
      arr[i] = old;
      if (!same || !same2) return;
      const numeric = (up - down) / (2 * h);
      compared++;
      assert.ok(Math.abs(analytic - numeric) <= 1e-3 + 1e-2 * Math.abs(numeric), `${what}: ${analytic} vs ${numeric}`);
    };
    net.forEachActive((src, t, i) => check(net.weights, i, gw[i]!, `w ${src}->${t}`));
    for (const t of [...net.order, ...Array.from({ length: 3 }, (_, o) => net.outputTarget(o))]) {
      check(net.bias, t, gb[t]!, `bias ${t}`);
    }
    // Every connection into a linear neuron is checked (no kink can skip it), and most of the others.
    assert.ok(compared > 0.8 * (net.activeConnections() + net.order.length + 3), `compared only ${compared}`);
  });

  it('a linear neuron passes negative values on (a ReLU would cut them)', () => {
    const net = mixedDag(3);
    const x = blobs(1, 40, 6, 3).x;
    const linear = referenceLogits(net, x, 40, 16);
    net.linear.fill(0);
    const relu = referenceLogits(net, x, 40, 16);
    assert.ok(maxAbsDiff(linear, relu) > 1e-2, 'the activation flag changed nothing');
  });

  it('a dead linear neuron (no inputs) is folded into its consumers as its bias, negative or not', () => {
    const net = mixedDag(5);
    const x = blobs(2, 50, 6, 3).x;
    const S = net.sources;
    // Cut every input of two linear neurons and give them negative biases: they output that bias, not ReLU(bias) = 0.
    for (const s of net.order.slice(1, 3)) {
      for (let src = 0; src < S; src++) net.mask[s * S + src] = 0;
      net.bias[s] = -0.7;
    }
    net.applyMask();
    const before = referenceLogits(net, x, 50, 16);
    const hiddenBefore = net.order.length;
    const removed = removeDeadNeurons(net);
    assert.ok(removed.neuronsRemoved >= 2, `removed ${removed.neuronsRemoved}`);
    assert.ok(net.order.length <= hiddenBefore - 2);
    assert.ok(maxAbsDiff(referenceLogits(net, x, 50, 16), before) < 1e-5, 'folding changed the function');
  });

  it('a removed linear neuron frees its slot as a ReLU slot', () => {
    const net = mixedDag(6);
    const S = net.sources;
    const s = net.order[0]!;
    for (let t = 0; t < net.targets; t++) net.mask[t * S + net.inputs + s] = 0;
    net.applyMask();
    removeDeadNeurons(net);
    assert.equal(net.linear[s], 0);
    assert.ok(!net.order.includes(s));
  });

  it('a divided linear neuron gives a linear clone', () => {
    const net = mixedDag(9);
    for (const s of net.order) net.linear[s] = 1;
    const t = blobs(3, 60, 6, 3);
    const trainer = new Trainer(net, t, t, trainSchema.parse({ batch: 20 }), new Rng(1), undefined, {
      kernels: 'reference',
    });
    const before = [...net.order];
    const cfg = operationSchema.parse({ op: 'growNeurons', count: 2, select: 'random' });
    assert.equal(cfg.op, 'growNeurons');
    if (cfg.op === 'growNeurons') growNeurons(trainer, cfg, new Rng(2));
    const added = net.order.filter((s) => !before.includes(s));
    assert.equal(added.length, 2);
    for (const s of added) assert.equal(net.linear[s], 1, `clone in slot ${s} is not linear`);
  });

  it('energy counts no ReLU comparison for a linear neuron', () => {
    const net = mixedDag(7);
    const table = energyTable('horowitz45nm');
    const withLinear = networkMetrics(net, table).energyPj;
    net.linear.fill(0);
    const allRelu = networkMetrics(net, table).energyPj;
    assert.ok(Math.abs(allRelu - withLinear - 4 * table.compare) < 1e-9, `${allRelu} - ${withLinear}`);
  });
});

describe('a DR transform as the first layer', () => {
  const d = 10;
  const c = 3;
  const data = blobs(11, 200, d, c);
  for (const method of ['pca', 'factorAnalysis', 'ica', 'rpSparseTernary'] as const) {
    it(`${method}: the initial network computes the fixed-transform pipeline's output (same predictions)`, () => {
      const k = 4;
      const t = fitted(method, data.x, data.rows, d, k);
      const reduced = applyTransform(t, data.x, data.rows);
      for (const start of [
        dagNetwork(
          k,
          c,
          { hidden: 5, capacity: 8, inputDensity: 1, hiddenDensity: 1, skipConnections: true, initialBias: 0.1 },
          new Rng(3),
        ),
        mlpNetwork(k, c, { layers: [6, 4], inputDensity: 1, initialBias: 0.1 }, new Rng(4)),
      ]) {
        const net = transformLayer(start, t);
        assert.equal(net.inputs, d);
        assert.equal(net.capacity, start.capacity + k);
        const nonZeros = t.matrix.reduce((n, v) => n + (v !== 0 ? 1 : 0), 0);
        assert.equal(net.activeConnections(), start.activeConnections() + nonZeros);
        const fixed = referenceLogits(start, reduced, data.rows, 64);
        const layered = referenceLogits(net, data.x, data.rows, 64);
        assert.ok(maxAbsDiff(fixed, layered) < 1e-4, `${start.space}: logits differ by ${maxAbsDiff(fixed, layered)}`);
        assert.deepEqual(argmaxRows(layered, data.rows, c), argmaxRows(fixed, data.rows, c));
        // The kernels (the trainer's path) compute it too.
        const kernels = predictProba(net, data.x, data.rows);
        const reference = predictProba(start, reduced, data.rows);
        assert.ok(maxAbsDiff(kernels, reference) < 1e-4, `${start.space}: kernel probabilities differ`);
      }
    });
  }

  it('model.json carries the linear neurons (version 2) and reads back to the same function', () => {
    const t = fitted('pca', data.x, data.rows, d, 4);
    const net = transformLayer(mlpNetwork(4, c, { layers: [5], inputDensity: 1, initialBias: 0 }, new Rng(2)), t);
    const scaler = { kind: 'none' as const, offset: new Float32Array(d), scale: new Float32Array(d).fill(1) };
    const model = toModel(net, {
      featureNames: Array.from({ length: d }, (_, j) => `f${j}`),
      labelNames: ['a', 'b', 'c'],
      scaler,
    });
    assert.equal(model.version, 2);
    assert.equal(model.reduce, undefined);
    assert.deepEqual(
      model.hidden.map((h) => h.activation ?? 'relu'),
      [...Array(4).fill('linear'), ...Array(5).fill('relu')],
    );
    const probs = predictRaw(model, data.x, data.rows);
    assert.ok(maxAbsDiff(probs, predictProba(net, data.x, data.rows)) < 1e-6);
    // The JSON export rewrites the file through the engine's reader: the activations survive it.
    const copy = jsonExport(decodeModel(model)).model;
    assert.deepEqual(copy.hidden, model.hidden);
    assert.equal(copy.version, 2);
    // Without linear neurons a model stays version 1, which older readers accept.
    net.linear.fill(0);
    assert.equal(toModel(net, { featureNames: model.featureNames, labelNames: model.labelNames, scaler }).version, 1);
    const bad: ModelJson = {
      ...model,
      hidden: model.hidden.map((h, i) => (i === 0 ? { ...h, activation: 'tanh' as 'linear' } : h)),
    };
    assert.throws(
      () => fromModel(bad),
      (e: unknown) => e instanceof ModelError && /unknown activation 'tanh'/.test(e.message),
    );
    const badOut: ModelJson = { ...model, output: model.output.map((h) => ({ ...h, activation: 'linear' as const })) };
    assert.throws(
      () => fromModel(badOut),
      (e: unknown) => e instanceof ModelError && /outputs take no activation/.test(e.message),
    );
  });
});

describe('reduce.as: layer in a run', () => {
  it('wine, PCA to 6 as a layer: one network from the raw features, counted as such, predicting as measured', async () => {
    const cfg: ScannConfigInput = {
      dataset: { source: 'builtin:wine' },
      scheme: 'B',
      iterations: 2,
      seed: 4,
      train: { epochs: 3 },
      baseline: { epochs: 4, hidden: [24, 12] },
      reduce: { method: 'pca', dims: 6, as: 'layer', compressedMlp: false },
    };
    const events: RunEvent[] = [];
    const result = await runSynthesis(configSchema.parse(cfg), { ...ctx, emit: (e) => events.push(e) });
    const r = result.reduce!;
    assert.equal(r.as, 'layer');
    assert.equal(r.method, 'pca');
    assert.equal(r.layerConnections, 13 * 6);
    assert.equal(r.transform.macs, 0);
    assert.equal(result.compressionWithTransform, result.compression);
    assert.equal(r.withTransform.connections, result.final.connections);
    const model = result.model!;
    assert.equal(model.reduce, undefined);
    assert.equal(model.inputs, 13);
    assert.equal(model.version, 2);
    assert.ok(
      model.hidden.some((h) => h.activation === 'linear'),
      'the model lost its linear neurons',
    );
    assert.ok(
      events.some((e) => e.type === 'log' && /as the network's first layer \(6 linear neurons\)/.test(e.message)),
    );
    // Every surface names it: the compare view's DR column and the summary line.
    assert.equal(runSummary(result, 'run').dr, 'pca:6 layer');
    assert.match(reduceLine(r), /^pca 13 -> 6 features, as the network's first layer/);
    assert.equal(countedCost(result).transformMacs, 0);
    // Live views count no ReLU comparison for them: the steps say how many hidden neurons are linear.
    assert.equal(result.history[0]!.linearNeurons, 6);
    // The saved model predicts the raw test rows with the accuracy the run measured.
    const c = configSchema.parse(cfg);
    const raw = await loadDataset(c.dataset, ctx);
    const test = prepareData(raw, { ...c.dataset, scaling: 'none' }, new Rng(c.seed).fork('split')).test;
    const p = predictRaw(model, test.x, test.rows);
    const hits = argmaxRows(p, test.rows, 3).filter((k, i) => k === test.y[i]).length;
    assert.equal(hits / test.rows, result.final.testAccuracy);
  });

  it('config: a manifold method, manifold candidates or the tfjs engine with as: layer are errors', () => {
    const issues = (text: string) => parseConfigText(text).issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    assert.ok(
      issues('dataset: { source: builtin:iris }\nreduce: { method: isomap, dims: 2, as: layer }\n').some((m) =>
        /^reduce\.as: isomap is not a linear transform/.test(m),
      ),
    );
    assert.ok(
      issues('dataset: { source: builtin:iris }\nreduce: { method: auto, methods: [pca, spectral], as: layer }\n').some(
        (m) => /^reduce\.methods: spectral is not linear/.test(m),
      ),
    );
    assert.ok(
      issues('dataset: { source: builtin:iris }\nengine: tfjs\nreduce: { method: pca, dims: 2, as: layer }\n').some(
        (m) => /^engine: the tfjs engine has no linear hidden units/.test(m),
      ),
    );
    assert.deepEqual(issues('dataset: { source: builtin:iris }\nreduce: { method: pca, dims: 2, as: layer }\n'), []);
    // auto as a layer searches no manifold method, so their landmark rule does not apply.
    assert.deepEqual(
      issues('dataset: { source: builtin:iris }\nreduce: { as: layer, neighbors: 100, landmarks: 50 }\n'),
      [],
    );
  });

  it('the engine refuses a manifold method as a layer before training, and auto searches linear methods only', async () => {
    await assert.rejects(
      runSynthesis(
        configSchema.parse({
          dataset: { source: 'builtin:iris' },
          reduce: { method: 'spectral', dims: 2, as: 'layer' },
        }),
        ctx,
      ),
      /reduce\.as: layer needs a linear transform; spectral is not one/,
    );
    const { gridCells } = await import('../../src/engine/reduce/grid');
    const cells = gridCells(
      configSchema.parse({ dataset: { source: 'x.csv' }, reduce: { as: 'layer', dims: 2 } }).reduce!,
      4,
      3,
      'x',
    );
    assert.deepEqual(
      [...new Set(cells.map((c) => c.method))],
      ['none', 'pca', 'factorAnalysis', 'ica', 'rpGaussian', 'rpGaussianUnit', 'rpSparseBinary', 'rpSparseTernary'],
    );
  });
});
