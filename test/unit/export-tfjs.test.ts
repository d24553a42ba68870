import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { exportModel } from '../../src/engine/export';
import { ModelError } from '../../src/engine/model/error';
import { predictRaw } from '../../src/engine/model/predict';
import { loadTf, type Tf } from '../../src/engine/tfjs/backend';
import type { ModelJson } from '../../src/protocol/model';
import { compareProbs, exportFixtures, type Fixture } from './export-fixtures';
import { predictLayers as predictRows } from './helpers/tfjsFiles';

const work = mkdtempSync(path.join(tmpdir(), 'scann-export-tfjs-'));
after(() => rmSync(work, { recursive: true, force: true }));

let fixtures: Fixture[] = [];
let tf: Tf;
before(async () => {
  tf = (await loadTf()).tf;
  fixtures = await exportFixtures();
});

function predictLayers(dir: string, f: Fixture): Promise<Float32Array> {
  return predictRows(tf, dir, f.raw, f.rows);
}

test('TF.js layers export loads with loadLayersModel and predicts what the engine predicts', async () => {
  assert.equal(tf.getBackend(), 'wasm');
  for (const [i, f] of fixtures.entries()) {
    const dir = path.join(work, `m${i}`);
    const { files, summary } = await exportModel(f.model, 'tfjs', dir);
    assert.deepEqual(
      files.map((x) => path.basename(x)),
      ['model.json', 'weights.bin'],
    );
    const probs = await predictLayers(dir, f);
    const engine = predictRaw(f.model, f.raw, f.rows);
    const cmp = compareProbs(probs, engine, f.rows, f.model.outputs);
    assert.deepEqual(cmp.argmaxDiffers, [], `${f.name}: argmax differs on rows ${cmp.argmaxDiffers.join(', ')}`);
    assert.ok(cmp.maxDiff < 1e-5, `${f.name}: max |dp| ${cmp.maxDiff}`);
    const meta = JSON.parse(readFileSync(files[0]!, 'utf8')) as {
      userDefinedMetadata: { scann: { labelNames: string[] } };
    };
    assert.deepEqual(meta.userDefinedMetadata.scann.labelNames, f.model.labelNames);
    process.stdout.write(
      `# ${f.name}: tfjs max |dp| vs engine ${cmp.maxDiff.toExponential(2)}; ${summary.split('\n')[1]}\n`,
    );
  }
});

test('a network with no hidden neurons and a neuron without inputs still exports', async () => {
  const f = fixtures[2]!;
  // Outputs read the inputs only (skip connections), plus one hidden neuron that is a constant ReLU(bias).
  const model: ModelJson = {
    ...f.model,
    hidden: [{ bias: 0.7, sources: [], weights: '' }],
    output: f.model.output.map((n) => ({
      ...n,
      sources: [0, 1, 2, 3, 4],
      weights: Buffer.from(Float32Array.from([0.5, -1, 0.25, 2, 1.5]).buffer).toString('base64'),
    })),
    space: 'dag',
  };
  delete model.layers;
  const dir = path.join(work, 'tiny');
  await exportModel(model, 'tfjs', dir);
  const probs = await predictLayers(dir, { ...f, model });
  const cmp = compareProbs(probs, predictRaw(model, f.raw, f.rows), f.rows, model.outputs);
  assert.ok(cmp.maxDiff < 1e-5, `max |dp| ${cmp.maxDiff}`);
});

test('the tfjs export rejects non-linear DR transforms and int8 weights', async () => {
  const f = fixtures[0]!;
  const landmarks = { ...f.model, reduce: { kind: 'landmarks', method: 'spectral', inputs: 13, outputs: 13 } };
  await assert.rejects(exportModel(landmarks as unknown as ModelJson, 'tfjs', work), /linear DR transforms only/);
  await assert.rejects(exportModel(f.model, 'tfjs', work, { weights: 'int8' }), (e: Error) => e instanceof ModelError);
});
