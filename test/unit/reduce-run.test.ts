import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { decodeFloat32 } from '../../src/protocol/base64';
import { configSchema, type ScannConfigInput } from '../../src/protocol/config';
import { parseConfigText } from '../../src/protocol/configText';
import type { RunEvent } from '../../src/protocol/events';
import type { RunResult } from '../../src/protocol/result';
import { loadDataset } from '../../src/engine/data/load';
import { prepareData } from '../../src/engine/data/prepare';
import type { Table } from '../../src/engine/data/types';
import { fromModel } from '../../src/engine/model/format';
import { predictRaw } from '../../src/engine/model/predict';
import { Rng } from '../../src/engine/core/random';
import { runSynthesis } from '../../src/engine/run/run';

const root = path.join(__dirname, '..', '..');
const ctx = { baseDir: root, dataDir: path.join(root, 'data') };

async function run(input: ScannConfigInput): Promise<{ result: RunResult; events: RunEvent[] }> {
  const events: RunEvent[] = [];
  const result = await runSynthesis(configSchema.parse(input), { ...ctx, emit: (e) => events.push(e) });
  return { result, events };
}

/** The run's test split with raw (unscaled) features: same rows, since splits do not depend on scaling. */
async function rawTest(input: ScannConfigInput): Promise<Table> {
  const cfg = configSchema.parse(input);
  const raw = await loadDataset(cfg.dataset, ctx);
  return prepareData(raw, { ...cfg.dataset, scaling: 'none' }, new Rng(cfg.seed).fork('split')).test;
}

function accuracy(p: Float32Array, t: Table, classes: number): number {
  let ok = 0;
  for (let r = 0; r < t.rows; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (p[r * classes + c]! > p[r * classes + best]!) best = c;
    if (best === t.y[r]) ok++;
  }
  return ok / t.rows;
}

describe('DR+SCANN runs', () => {
  it('optdigits with PCA to 16: the saved model predicts from raw features as the run measured', async () => {
    const cfg: ScannConfigInput = {
      dataset: { source: 'builtin:optdigits' },
      scheme: 'B',
      iterations: 1,
      train: { epochs: 2 },
      baseline: { epochs: 3 },
      reduce: { method: 'pca', dims: 16 },
    };
    const { result, events } = await run(cfg);
    const r = result.reduce!;
    assert.equal(r.method, 'pca');
    assert.equal(r.dims, 16);
    assert.equal(r.ratio, 4);
    assert.equal(r.selected, false);
    assert.equal(r.extension, 'linear');
    // k x d, less the rows of optdigits' constant pixels (exact zeros in the PCA matrix).
    assert.ok(r.transform.macs <= 16 * 64 && r.transform.macs > 14 * 64, `transform MACs ${r.transform.macs}`);
    assert.equal(r.withTransform.connections, result.final.connections + r.transform.macs);
    assert.ok(r.withTransform.compression < result.compression);
    // The headline figures count the transform: --json carries them at the top level, and energy includes it.
    assert.equal(result.compressionWithTransform, r.withTransform.compression);
    assert.equal(result.compressionWithTransform, result.baseline.connections / r.withTransform.connections);
    assert.ok(r.transform.energyPj > 0);
    assert.equal(result.energy.transform, r.transform.energyPj);
    assert.equal(result.energy.final, result.final.energyPj + r.transform.energyPj);
    assert.equal(result.energy.ratio, result.energy.baseline / result.energy.final);
    assert.equal(r.startHidden, 16, 'scheme B start 64 neurons / 4');
    assert.deepEqual(r.compressedMlp?.layers, [32, 16]);
    // The baseline stays on the raw features.
    assert.equal(result.baseline.connections, 64 * 128 + 128 * 64 + 64 * 10);
    assert.ok(events.some((e) => e.type === 'reduceChosen'));
    assert.equal(result.model.inputs, 16);
    assert.equal(result.model.reduce?.inputs, 64);
    assert.equal(result.model.featureNames.length, 64);

    const test = await rawTest(cfg);
    const model = JSON.parse(JSON.stringify(result.model)) as RunResult['model'];
    const p = predictRaw(model, test.x, test.rows);
    assert.equal(accuracy(p, test, 10), result.final.testAccuracy);
    assert.ok(result.final.testAccuracy > 0.8, `test accuracy ${result.final.testAccuracy}`);
  });

  it('wine with Isomap: a landmark model round-trips and predicts from raw features; the run names the extension', async () => {
    const cfg: ScannConfigInput = {
      dataset: { source: 'builtin:wine' },
      scheme: 'A',
      iterations: 1,
      train: { epochs: 3 },
      baseline: { epochs: 5 },
      reduce: { method: 'isomap', dims: 4, landmarks: 60, neighbors: 8, compressedMlp: false },
    };
    const { result, events } = await run(cfg);
    assert.equal(result.reduce?.extension, 'landmarkMds');
    assert.equal(result.reduce?.compressedMlp, undefined);
    assert.ok(events.some((e) => e.type === 'log' && /landmark MDS from 60 training landmarks/.test(e.message)));
    const model = JSON.parse(JSON.stringify(result.model)) as RunResult['model'];
    assert.equal(model.reduce?.kind, 'landmarks');
    assert.equal(fromModel(model).ctx.reduce?.kind, 'landmarks');
    const test = await rawTest(cfg);
    assert.equal(accuracy(predictRaw(model, test.x, test.rows), test, 3), result.final.testAccuracy);
  });

  it('auto selection on wine reports every grid cell and keeps the best', async () => {
    const { result, events } = await run({
      dataset: { source: 'builtin:wine' },
      scheme: 'C',
      iterations: 1,
      train: { epochs: 2 },
      baseline: { epochs: 4 },
      // Margin 0: on wine's 21 validation rows two standard errors are several points, and the default margin keeps
      // the raw features (reduce-select.test.ts covers that rule); here the grid's best cell is to be taken.
      reduce: {
        method: 'auto',
        methods: ['pca', 'spectral'],
        epochs: 3,
        landmarks: 60,
        compressedMlp: false,
        margin: 0,
      },
    });
    const cells = events.filter((e) => e.type === 'reduce');
    assert.equal(cells.length, 5, 'the raw features, then pca and spectral at dims 6 and 3');
    const r = result.reduce!;
    assert.equal(r.selected, true);
    assert.equal(r.grid.length, 5);
    assert.deepEqual(
      r.grid.map((c) => `${c.method}/${c.dims}`),
      ['none/13', 'pca/6', 'pca/3', 'spectral/6', 'spectral/3'],
    );
    const best = Math.max(...r.grid.map((c) => c.score));
    assert.equal(r.grid.find((c) => c.method === r.method && c.dims === r.dims)?.score, best);
  });

  it('the search fits and scores on a row sample; the chosen transform is refitted on the whole training split', async () => {
    const cfg: ScannConfigInput = {
      dataset: { source: 'builtin:optdigits' },
      scheme: 'C',
      iterations: 1,
      train: { epochs: 1 },
      baseline: { epochs: 1 },
      reduce: { method: 'pca', dims: [16, 8], epochs: 1, sampleRows: 300, compressedMlp: false },
    };
    const { result } = await run(cfg);
    const parsed = configSchema.parse(cfg);
    const data = prepareData(
      await loadDataset(parsed.dataset, ctx),
      parsed.dataset,
      new Rng(parsed.seed).fork('split'),
    );
    assert.ok(data.train.rows > 300);
    assert.equal(result.reduce?.grid.length, 2);
    // The transform's mean is the whole training split's, not the sample's.
    const mean = new Float64Array(64);
    for (let r = 0; r < data.train.rows; r++) for (let j = 0; j < 64; j++) mean[j]! += data.train.x[r * 64 + j]!;
    const stored = decodeFloat32(String((result.model.reduce as { mean: string }).mean));
    for (let j = 0; j < 64; j++) {
      assert.ok(Math.abs(stored[j]! - mean[j]! / data.train.rows) < 1e-5, `mean[${j}]`);
    }
  });

  it('rejects dims above the feature count at run time, naming the dataset', async () => {
    await assert.rejects(
      run({ dataset: { source: 'builtin:wine' }, reduce: { method: 'pca', dims: 20 } }),
      /reduce.dims 20 is larger than the 13 features of "wine"/,
    );
  });
});

describe('reduce config checks', () => {
  const issues = (text: string) => parseConfigText(text).issues.map((i) => `${i.severity}: ${i.message}`);
  it('names unknown methods and cross-field problems', () => {
    assert.match(issues('dataset: {source: builtin:wine}\nreduce: {method: pcaa}\n').join('\n'), /error: .*pca/);
    assert.match(
      issues('dataset: {source: builtin:wine}\nreduce: {method: pca, methods: [ica]}\n').join('\n'),
      /warning: ignored: candidate methods are searched only with method: auto/,
    );
    assert.match(
      issues('dataset: {source: builtin:wine}\nreduce: {method: isomap, neighbors: 20, landmarks: 15}\n').join('\n'),
      /error: Isomap \/ spectral embedding with 20 neighbours need at least 22 landmarks/,
    );
    assert.deepEqual(issues('dataset: {source: builtin:wine}\nreduce: {method: pca, dims: [4, 2]}\n'), []);
  });
});
