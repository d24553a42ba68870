import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { exportModel } from '../../src/engine/export';
import { predictRaw } from '../../src/engine/model/predict';
import { loadTf, type Tf } from '../../src/engine/tfjs/backend';
import { decodeBase64, decodeFloat32 } from '../../src/protocol/base64';
import type { ModelConvLayer } from '../../src/protocol/model';
import { convFixture, lenetFixture, RANDOM_CASES, trainedConvFixture, type ConvFixture } from './export-conv-fixtures';
import { compareProbs } from './export-fixtures';
import { predictLayers } from './helpers/tfjsFiles';

const work = mkdtempSync(path.join(tmpdir(), 'scann-export-conv-tfjs-'));
after(() => rmSync(work, { recursive: true, force: true }));

let fixtures: ConvFixture[] = [];
let tf: Tf;
before(async () => {
  tf = (await loadTf()).tf;
  fixtures = [...RANDOM_CASES.map(convFixture), lenetFixture(), await trainedConvFixture()];
});

interface Manifest {
  modelTopology: { config: { layers: { class_name: string; name: string; config: Record<string, unknown> }[] } };
  weightsManifest: { weights: { name: string; shape: number[] }[] }[];
}

/** The named tensors of an exported weights.bin, in manifest order. */
function readWeights(dir: string): { manifest: Manifest; tensors: Map<string, Float32Array> } {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')) as Manifest;
  const bin = readFileSync(path.join(dir, 'weights.bin'));
  const all = new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength));
  const tensors = new Map<string, Float32Array>();
  let at = 0;
  for (const w of manifest.weightsManifest[0]!.weights) {
    const n = w.shape.reduce((a, b) => a * b, 1);
    tensors.set(w.name, all.subarray(at, at + n));
    at += n;
  }
  return { manifest, tensors };
}

test('TF.js export of conv networks: loadLayersModel predicts what the engine predicts', async () => {
  assert.equal(tf.getBackend(), 'wasm');
  for (const [i, f] of fixtures.entries()) {
    const dir = path.join(work, `m${i}`);
    const { summary } = await exportModel(f.model, 'tfjs', dir);
    const probs = await predictLayers(tf, dir, f.raw, f.rows);
    const engine = predictRaw(f.model, f.raw, f.rows);
    const cmp = compareProbs(probs, engine, f.rows, f.model.outputs);
    assert.deepEqual(cmp.argmaxDiffers, [], `${f.name}: argmax differs on rows ${cmp.argmaxDiffers.join(', ')}`);
    assert.ok(cmp.maxDiff < 1e-5, `${f.name}: max |dp| ${cmp.maxDiff}`);
    process.stdout.write(`# ${f.name}: tfjs max |dp| vs engine ${cmp.maxDiff.toExponential(2)}\n`);
    process.stdout.write(`# ${summary.split('\n').slice(1, 3).join(' | ')}\n`);
  }
});

test('the TF.js conv model is stock layers in the engine order, with pruned kernel weights stored as zeros', async () => {
  const f = fixtures[0]!; // pad 1 conv (3 of 4 channels in use), max pool, linear conv, avg pool 2/1
  const dir = path.join(work, 'layers');
  await exportModel(f.model, 'tfjs', dir);
  const { manifest, tensors } = readWeights(dir);
  assert.deepEqual(
    manifest.modelTopology.config.layers.map((l) => l.class_name),
    [
      'InputLayer',
      'BatchNormalization',
      'Reshape',
      'ZeroPadding2D',
      'Conv2D',
      'MaxPooling2D',
      'Conv2D',
      'AveragePooling2D',
      'Flatten',
      'Dense',
      'Dense',
    ],
  );
  const layers = manifest.modelTopology.config.layers;
  assert.deepEqual(layers.find((l) => l.class_name === 'Reshape')!.config['target_shape'], [8, 7, 2]);
  assert.deepEqual(layers.find((l) => l.class_name === 'ZeroPadding2D')!.config['padding'], [
    [1, 1],
    [1, 1],
  ]);
  // The first conv layer keeps its 3 channels in use: kernel [3][3][2][3]; its non-zeros are the active weights,
  // at the place Conv2D's [ky][kx][in][out] layout puts the engine's [out][ky][kx][in] weight.
  const src = f.model.front!.layers[0] as ModelConvLayer;
  const mask = decodeBase64(src.mask);
  const weights = decodeFloat32(src.weights);
  const kernel = tensors.get('front_1_conv/kernel')!;
  assert.equal(kernel.length, 3 * 3 * 2 * 3);
  for (let o = 0; o < 3; o++)
    for (let t = 0; t < 18; t++) {
      const expected = mask[o * 18 + t] ? weights[o * 18 + t]! : 0;
      assert.equal(kernel[t * 3 + o], expected, `kernel[${t}][${o}]`);
    }
  const nonZeros = kernel.reduce((n, v) => n + (v !== 0 ? 1 : 0), 0);
  assert.equal(
    nonZeros,
    mask.subarray(0, 54).reduce((n, m) => n + m, 0),
  );
  assert.ok(nonZeros < kernel.length, 'the fixture prunes some kernel weights');
});
