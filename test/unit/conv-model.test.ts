import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baselineArchitecture, configSchema, LENET5 } from '../../src/protocol/config';
import { parseConfigText } from '../../src/protocol/configText';
import { decodeBase64, encodeBase64 } from '../../src/protocol/base64';
import type { ModelConvLayer, ModelJson } from '../../src/protocol/model';
import type { FrontLayerSpec } from '../../src/engine/core/convFront';
import { frontNetwork, mlpNetwork } from '../../src/engine/core/init';
import { networkMetrics } from '../../src/engine/core/metrics';
import { Rng } from '../../src/engine/core/random';
import { ENERGY_TABLES, inferenceEnergy } from '../../src/protocol/energy';
import { exportModel } from '../../src/engine/export';
import { decodeModel } from '../../src/engine/model/decode';
import { fromModel, toModel } from '../../src/engine/model/format';
import { predictRaw } from '../../src/engine/model/predict';
import { predictProba } from '../../src/engine/training/inference';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const SPECS: FrontLayerSpec[] = [
  { kind: 'conv', channels: 3, kernel: 3, stride: 1, padding: 1, activation: 'relu' },
  { kind: 'maxPool', size: 2, stride: 2 },
  { kind: 'conv', channels: 2, kernel: 2, stride: 1, padding: 0, activation: 'linear' },
  { kind: 'avgPool', size: 2, stride: 1 },
];

function convModel(seed: number): { model: ModelJson; x: Float32Array; rows: number; d: number } {
  const rng = new Rng(seed);
  const input = { h: 8, w: 7, c: 2 };
  const net = frontNetwork(
    input,
    SPECS,
    (inputs) => mlpNetwork(inputs, 3, { layers: [6], inputDensity: 1, initialBias: 0.1 }, rng),
    rng,
  );
  const l0 = net.front!.convLayers()[0]!;
  for (let i = 0; i < l0.mask.length; i += 3) l0.mask[i] = 0;
  net.applyMask();
  const d = input.h * input.w * input.c;
  const scaler = { kind: 'zscore' as const, offset: new Float32Array(d).fill(0.5), scale: new Float32Array(d).fill(2) };
  const model = toModel(net, {
    featureNames: Array.from({ length: d }, (_, j) => `p${j}`),
    labelNames: ['a', 'b', 'c'],
    scaler,
  });
  const rows = 9;
  const x = new Float32Array(rows * d).map(() => rng.next());
  return { model: JSON.parse(JSON.stringify(model)) as ModelJson, x, rows, d };
}

test('model.json round trip of a conv network: same kernels, masks and predictions; version 2, MLPs stay 1', () => {
  const { model, x, rows, d } = convModel(1);
  assert.equal(model.version, 2);
  assert.deepEqual(model.front!.input, [8, 7, 2]);
  assert.deepEqual(
    model.front!.layers.map((l) => l.kind),
    ['conv', 'maxPool', 'conv', 'avgPool'],
  );
  const { net } = fromModel(model);
  const again = toModel(net, fromModel(model).ctx);
  assert.deepEqual(JSON.parse(JSON.stringify(again)), model);
  const mask = decodeBase64((model.front!.layers[0] as ModelConvLayer).mask);
  assert.equal(mask.length, 3 * 3 * 3 * 2);
  assert.equal(mask[0], 0);
  assert.equal(mask[1], 1);

  // predict applies the scaler, then the front end: the same as the network on scaled rows.
  const scaled = x.map((v) => (v - 0.5) * 2);
  const direct = predictProba(net, scaled, rows);
  const viaModel = predictRaw(model, x, rows);
  assert.deepEqual(viaModel, direct);
  assert.equal(decodeModel(model).rawFeatures, d);
  assert.equal(decodeModel(model).connections, networkMetrics(net, ENERGY_TABLES.horowitz45nm).connections);

  const rng = new Rng(2);
  const mlp = mlpNetwork(4, 2, { layers: [3], inputDensity: 1, initialBias: 0 }, rng);
  const scaler = { kind: 'none' as const, offset: new Float32Array(4), scale: new Float32Array(4).fill(1) };
  assert.equal(toModel(mlp, { featureNames: ['a', 'b', 'c', 'd'], labelNames: ['x', 'y'], scaler }).version, 1);
});

test('a broken conv front end in a model file is refused with a message naming the field', () => {
  const { model } = convModel(3);
  const broken = (edit: (m: ModelJson) => void): ModelJson => {
    const m = JSON.parse(JSON.stringify(model)) as ModelJson;
    edit(m);
    return m;
  };
  const conv0 = (m: ModelJson) => m.front!.layers[0] as ModelConvLayer;
  assert.throws(
    () => fromModel(broken((m) => (conv0(m).mask = encodeBase64(new Uint8Array(5))))),
    /front.layers\[0\]: expected 54 weights/,
  );
  assert.throws(
    () => fromModel(broken((m) => (conv0(m).mask = encodeBase64(new Uint8Array(54).fill(2))))),
    /front.layers\[0\].mask\[0\] is 2/,
  );
  assert.throws(() => fromModel(broken((m) => (conv0(m).kernel = 30))), /front: conv layer 1 .*does not fit/);
  assert.throws(() => fromModel(broken((m) => (m.front!.input = [8, 7] as never))), /front.input must be/);
  assert.throws(() => fromModel(broken((m) => (m.inputs = 5))), /front: its flatten gives/);
  assert.throws(
    () => decodeModel(broken((m) => ((m.front!.layers[1] as { kind: string }).kind = 'pool'))),
    /kind must be/,
  );
});

test('the json export carries the conv front end (the c and tfjs ones: export-conv-*.test.ts)', async () => {
  const { model } = convModel(4);
  const dir = mkdtempSync(path.join(tmpdir(), 'scann-conv-export-'));
  try {
    await exportModel(model, 'json', dir);
    const copy = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')) as ModelJson;
    assert.deepEqual(copy.front, model.front);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('baseline preset lenet5 is Caffe LeNet-5: 430,500 weights, and the conv weights cost one MAC per output position', () => {
  const cfg = configSchema.parse({ dataset: { source: 'builtin:mnist' }, baseline: { preset: 'lenet5' } });
  const arch = baselineArchitecture(cfg.baseline);
  assert.equal(arch, LENET5);
  const specs: FrontLayerSpec[] = arch.conv.map((l) =>
    l.layer === 'conv2d'
      ? {
          kind: 'conv',
          channels: l.channels,
          kernel: l.kernel,
          stride: l.stride,
          padding: l.padding,
          activation: l.activation,
        }
      : { kind: 'maxPool', size: 2, stride: 2 },
  );
  const rng = new Rng(1);
  const net = frontNetwork(
    { h: 28, w: 28, c: 1 },
    specs,
    (inputs) => mlpNetwork(inputs, 10, { layers: arch.hidden, inputDensity: 1, initialBias: 0 }, rng),
    rng,
  );
  assert.equal(net.inputs, 800);
  assert.equal(net.activeWeights(), 500 + 25000 + 400000 + 5000);
  const m = networkMetrics(net, ENERGY_TABLES.horowitz45nm);
  assert.equal(m.connections, 430500);
  assert.deepEqual(m.conv, { weights: 25500, macs: 500 * 24 * 24 + 25000 * 8 * 8, channels: [20, 50] });
  assert.equal(m.macs, 405000 + 500 * 24 * 24 + 25000 * 8 * 8);
  assert.equal(m.parameters, 430500 + 20 + 50 + 500 + 10);
  // Energy by hand: MACs (dense + one per kernel weight and output position), reads (weights and biases),
  // compares (hidden ReLUs; LeNet's convs are linear; 3 per 2x2 max-pooling output).
  const macs = 405000 + 500 * 24 * 24 + 25000 * 8 * 8;
  const reads = 430500 + 20 + 50 + 500 + 10;
  const compares = 500 + 12 * 12 * 20 * 3 + 4 * 4 * 50 * 3;
  assert.ok(Math.abs(m.energyPj - (macs * 4.6 + reads * 5 + compares * 0.9)) < 1e-6 * m.energyPj);
  // What the views recompute from a history step (connections with the kernels in, and the conv counts) agrees.
  const step = { connections: m.connections, hiddenNeurons: 500, outputs: 10, conv: net.front!.operations() };
  assert.equal(inferenceEnergy(step, ENERGY_TABLES.horowitz45nm), m.energyPj);
});

test('config rules: preset excludes conv and hidden, flatten only last, no reduction or tfjs with a conv front end', () => {
  const issues = (text: string) => parseConfigText(text).issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  const base = 'dataset: { source: builtin:mnist }\n';
  assert.deepEqual(issues(`${base}baseline: { preset: lenet5 }\n`), []);
  assert.ok(
    issues(`${base}baseline: { preset: lenet5, hidden: [10] }\n`).some((m) => /baseline.hidden: give either/.test(m)),
  );
  assert.ok(
    issues(`${base}baseline: { conv: [{ layer: flatten }, { layer: maxPool }] }\n`).some((m) =>
      /baseline.conv.0: `flatten` can only be the last layer/.test(m),
    ),
  );
  assert.ok(
    issues(`${base}baseline: { preset: lenet5 }\nreduce: { method: pca }\n`).some((m) =>
      /^reduce: a conv front end/.test(m),
    ),
  );
  assert.ok(
    issues(`${base}baseline: { preset: lenet5 }\nengine: tfjs\n`).some((m) =>
      /^engine: the tfjs engine has no conv/.test(m),
    ),
  );
  assert.ok(issues(`${base}baseline: { conv: [{ layer: conv2d, channels: 0, kernel: 3 }] }\n`).length > 0);
  const cfg = configSchema.parse({
    dataset: { source: 'x.csv', shape: [8, 8, 1] },
    baseline: { conv: [{ layer: 'conv2d', channels: 4, kernel: 3 }, { layer: 'maxPool' }, { layer: 'flatten' }] },
  });
  assert.deepEqual(baselineArchitecture(cfg.baseline), {
    conv: [
      { layer: 'conv2d', channels: 4, kernel: 3, stride: 1, padding: 0, activation: 'relu' },
      { layer: 'maxPool', size: 2 },
    ],
    hidden: [128, 64],
  });
});
