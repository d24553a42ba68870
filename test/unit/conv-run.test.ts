import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { predictRaw } from '../../src/engine/model/predict';
import { runSynthesis } from '../../src/engine/run/run';
import { configSchema } from '../../src/protocol/config';
import type { ModelJson } from '../../src/protocol/model';
import type { RunResult } from '../../src/protocol/result';
import { barImages, writeBarCsv } from './helpers/barImages';

const root = path.join(__dirname, '..', '..');
const work = mkdtempSync(path.join(tmpdir(), 'scann-conv-run-'));
after(() => rmSync(work, { recursive: true, force: true }));
const tsx = pathToFileURL(require.resolve('tsx')).href;

function scann(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', tsx, path.join(root, 'src/cli/main.ts'), ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, SCANN_DATA_DIR: path.join(root, 'data') },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const CONV = '[{ layer: conv2d, channels: 4, kernel: 3 }, { layer: maxPool }, { layer: flatten }]';

test('a CSV of images with dataset.shape runs a conv baseline and scheme C; predict reads the conv model', () => {
  writeBarCsv(path.join(work, 'bars.csv'), 1, 450);
  writeFileSync(
    path.join(work, 'conv.yaml'),
    'dataset: { source: bars.csv, shape: [8, 8, 1] }\n' +
      `baseline: { conv: ${CONV}, hidden: [12], epochs: 8, patience: 0 }\n` +
      'train: { epochs: 2, batch: 16 }\nscheme: C\niterations: 1\nselect: { finetune: 0 }\nseed: 3\n',
  );
  const r = scann('run', '--config', 'conv.yaml', '--json', '--out', 'out');
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as RunResult;
  // conv 4@3x3 on 8x8x1 -> 6x6x4, max-pool 2 -> 3x3x4 = 36 values, fc 12, fc 3.
  assert.equal(report.baseline.connections, 4 * 9 + 36 * 12 + 12 * 3);
  assert.deepEqual(report.baseline.conv, { weights: 36, macs: 36 * 36, channels: [4] });
  assert.ok(report.baseline.testAccuracy > 0.8, `baseline test accuracy ${report.baseline.testAccuracy}`);
  assert.ok(report.final.conv, 'the synthesized network keeps its conv front end');
  assert.ok(report.final.connections < report.baseline.connections, 'scheme C pruned');

  const model = JSON.parse(readFileSync(path.join(work, 'out', 'model.json'), 'utf8')) as ModelJson;
  assert.equal(model.version, 2);
  assert.deepEqual(model.front!.input, [8, 8, 1]);
  writeBarCsv(path.join(work, 'fresh.csv'), 2, 60, false);
  const p = scann('predict', 'out/model.json', '--data', 'fresh.csv');
  assert.equal(p.code, 0, p.stderr);
  const labels = p.stdout.trim().split('\n');
  const fresh = barImages(2, 60);
  const x = Float32Array.from(fresh.x, (v) => Number(v.toFixed(3)));
  const probs = predictRaw(model, x, 60);
  let right = 0;
  labels.forEach((l, i) => {
    const row = Array.from(probs.subarray(i * 3, i * 3 + 3));
    assert.equal(l, model.labelNames[row.indexOf(Math.max(...row))]);
    if (l === ['h', 'v', 'd'][fresh.y[i]!]) right++;
  });
  assert.ok(right / 60 > 0.7, `predict accuracy ${right / 60}`);
});

test('a conv front end on data without an image shape, or with a shape that does not match, is refused', async () => {
  writeBarCsv(path.join(work, 'bars2.csv'), 4, 90);
  const ctx = { baseDir: work, dataDir: path.join(root, 'data') };
  const cfg = (dataset: object) =>
    configSchema.parse({ dataset, baseline: { conv: [{ layer: 'conv2d', channels: 2, kernel: 3 }] } });
  await assert.rejects(runSynthesis(cfg({ source: 'bars2.csv' }), ctx), /needs images.*set dataset.shape/);
  await assert.rejects(
    runSynthesis(cfg({ source: 'bars2.csv', shape: [8, 4, 1] }), ctx),
    /has 32 values but .* 64 features/,
  );
  await assert.rejects(
    runSynthesis(
      configSchema.parse({
        dataset: { source: 'bars2.csv', shape: [8, 8, 1] },
        baseline: { conv: [{ layer: 'conv2d', channels: 2, kernel: 9 }] },
      }),
      ctx,
    ),
    /conv layer 1 \(conv\): a 9x9 kernel .* does not fit a 8x8 input/,
  );
});

test('fine-tuning a conv network distils from its baseline: the image rows are what the baseline reads', async () => {
  writeBarCsv(path.join(work, 'bars3.csv'), 5, 240);
  const messages: string[] = [];
  const config = configSchema.parse({
    dataset: { source: 'bars3.csv', shape: [8, 8, 1] },
    baseline: { conv: [{ layer: 'conv2d', channels: 3, kernel: 3 }, { layer: 'maxPool' }], hidden: [8], epochs: 3 },
    train: { epochs: 1, batch: 16 },
    scheme: 'C',
    iterations: 1,
    select: { finetune: 1, distill: 0.9 },
    seed: 2,
  });
  const result = await runSynthesis(config, {
    baseDir: work,
    dataDir: path.join(root, 'data'),
    emit: (e) => {
      if (e.type === 'log') messages.push(e.message);
    },
  });
  assert.ok(result.final.conv, 'the run kept its conv front end');
  // The conv front end's flatten (36 values) is not the row's 64 pixels; that is no reduction of the features.
  assert.deepEqual(
    messages.filter((m) => m.startsWith('select.distill')),
    [],
  );
});
