import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { exportModel } from '../../src/engine/export';
import { cExport } from '../../src/engine/export/c';
import { buildTables, simulateC } from '../../src/engine/export/cTables';
import { decodeModel } from '../../src/engine/model/decode';
import { ModelError } from '../../src/engine/model/error';
import { predictRaw } from '../../src/engine/model/predict';
import { decodeBase64 } from '../../src/protocol/base64';
import type { ModelConvLayer, ModelJson } from '../../src/protocol/model';
import { convFixture, lenetFixture, RANDOM_CASES, trainedConvFixture, type ConvFixture } from './export-conv-fixtures';
import { argmax, compareProbs } from './export-fixtures';
import { checkFloat32C, exportAndRunC } from './helpers/cProgram';

const work = mkdtempSync(path.join(tmpdir(), 'scann-export-conv-c-'));
after(() => rmSync(work, { recursive: true, force: true }));

let fixtures: ConvFixture[] = [];
before(async () => {
  fixtures = [...RANDOM_CASES.map(convFixture), lenetFixture(), await trainedConvFixture()];
});

const exportAndRun = (f: ConvFixture, weights: 'float32' | 'int8', prefix: string) =>
  exportAndRunC(work, f, weights, prefix);

function accuracy(p: Float32Array, f: ConvFixture, c: number): number {
  let ok = 0;
  for (let r = 0; r < f.rows; r++) if (argmax(p, r, c) === f.labels![r]) ok++;
  return ok / f.rows;
}

/** Rows where the engine's two most probable classes are further apart than `margin` (a decision, not a tie). */
function decided(p: Float32Array, rows: number, c: number, margin: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    const row = Array.from(p.subarray(r * c, r * c + c)).sort((a, b) => b - a);
    if (row[0]! - row[1]! > margin) out.push(r);
  }
  return out;
}

test('float32 C export of conv networks: same argmax as the engine on every row, probabilities within 1e-5', async () => {
  for (const [i, f] of fixtures.entries()) {
    const run = await exportAndRun(f, 'float32', `conv${i}`);
    // The float32 simulation of the C arithmetic, its padded buffers included, is checked too.
    const maxDiff = checkFloat32C(f, run);
    const { summary } = run;
    process.stdout.write(`# ${f.name}: C float32 max |dp| vs engine ${maxDiff.toExponential(2)}\n`);
    process.stdout.write(`# ${summary.split('\n').slice(1, 3).join(' | ')}\n`);
  }
});

test('int8 C export of conv networks: probabilities within 0.05 of the engine, no clearly decided row flipped', async () => {
  for (const [i, f] of fixtures.entries()) {
    const { probs, returned, c } = await exportAndRun(f, 'int8', `q${i}`);
    const engine = predictRaw(f.model, f.raw, f.rows);
    const cmp = compareProbs(probs, engine, f.rows, c);
    const sim = simulateC(buildTables(decodeModel(f.model, 'c'), 'int8'), f.raw, f.rows);
    assert.ok(compareProbs(sim, probs, f.rows, c).maxDiff < 1e-5, `${f.name}: the int8 simulation`);
    for (let r = 0; r < f.rows; r++) assert.equal(returned[r], argmax(probs, r, c));
    assert.ok(cmp.maxDiff < 0.05, `${f.name}: int8 max |dp| ${cmp.maxDiff}`);
    // Rounding to int8 may tip a row whose top two classes are close (a network whose output does not depend on
    // the image sits on a near tie everywhere), so a flip is allowed only there, and only on a few rows: a row the
    // engine decides by a clear margin (0.1, twice the probability bound) must keep its class.
    const clear = new Set(decided(engine, f.rows, c, 0.1));
    const flips = cmp.argmaxDiffers.filter((r) => clear.has(r));
    assert.deepEqual(flips, [], `${f.name}: clearly decided rows flipped`);
    const close = cmp.argmaxDiffers.filter((r) => decided(engine, f.rows, c, 1e-3).includes(r));
    assert.ok(close.length <= Math.max(1, 0.01 * f.rows), `${f.name}: ${close.length} decided rows flipped`);
    let report = `# ${f.name}: int8 max |dp| ${cmp.maxDiff.toExponential(2)}, argmax flips ${cmp.argmaxDiffers.length}/${f.rows}`;
    if (f.labels) {
      const before = accuracy(engine, f, c);
      const after = accuracy(probs, f, c);
      assert.ok(before - after <= 0.05, `${f.name}: accuracy drop ${before - after}`);
      report += `, test accuracy ${(before * 100).toFixed(2)}% -> ${(after * 100).toFixed(2)}%`;
    }
    process.stdout.write(`${report}\n`);
  }
});

test('each conv layer is stored sparse or dense, whichever takes fewer bytes; sizes count the conv part', async () => {
  const f = fixtures[1]!; // conv at 10% density, then a dense conv
  const d = decodeModel(f.model, 'c');
  const float = cExport(d, { weights: 'float32', prefix: 'm' });
  const int8 = cExport(d, { weights: 'int8', prefix: 'm' });
  const front = float.tables.front!;
  const convs = front.layers.filter((l) => l.kind === 'conv');
  assert.deepEqual(
    convs.map((l) => l.storage),
    ['sparse', 'dense'],
  );
  assert.match(float.source, /m_conv0_offset\[/);
  assert.doesNotMatch(float.source, /m_conv1_offset\[/);
  // By hand: layer 1 is 6 channels of 5x5x1 giving 6x6 outputs, only its active weights stored; layer 2 keeps all
  // 5x3x3x6 weights and gives 6x6 outputs.
  const mask0 = decodeBase64((f.model.front!.layers[0] as ModelConvLayer).mask);
  const active0 = mask0.reduce((n, m) => n + m, 0);
  assert.ok(active0 > 0 && active0 < 0.2 * mask0.length);
  const denseConnections = [...f.model.hidden, ...f.model.output].reduce((n, x) => n + x.sources.length, 0);
  assert.deepEqual(float.macs, {
    network: denseConnections,
    conv: active0 * 36 + 270 * 36,
    reduce: 0,
    total: denseConnections + active0 * 36 + 270 * 36,
  });
  assert.match(float.header, new RegExp(`MACs per inference: ${float.macs.total} \\(${float.macs.conv} conv`));
  assert.match(float.header, new RegExp(`Flash \\(const tables and strings\\): ${float.flashBytes} bytes`));
  // int8 saves 3 bytes per stored weight and adds one float32 scale per tensor (neuron or output channel).
  const stored = denseConnections + active0 + 270;
  const tensors = f.model.hidden.length + f.model.outputs + 6 + 5;
  assert.equal(int8.flashBytes, float.flashBytes - 3 * stored + 4 * tensors);
  // The stack holds the unit values (a 2x2x5 flatten, 13 hidden, 4 outputs) and two feature map buffers: one for
  // the image padded to 16x16x1 (then the 6x6x5 map), one for the 6x6x6 map padded to 8x8x6.
  assert.equal(float.ramBytes, 4 * (2 * 2 * 5 + 13 + 4 + 16 * 16 + 8 * 8 * 6));

  const { summary } = await exportModel(f.model, 'c', path.join(work, 'summary'));
  assert.match(summary, /12x12x1 image through 2 conv layers with \d+ active kernel weights/);
  assert.match(summary, new RegExp(`MACs per inference: ${float.macs.total} \\(${float.macs.conv} conv \\+`));
});

test('scann export writes a conv model as C and TF.js and prints the conv part of its size', () => {
  const f = fixtures[1]!;
  const dir = mkdtempSync(path.join(work, 'cli-'));
  writeFileSync(path.join(dir, 'conv.json'), JSON.stringify(f.model));
  const scann = (...args: string[]) =>
    spawnSync(
      process.execPath,
      ['--import', pathToFileURL(require.resolve('tsx')).href, path.join(__dirname, '../../src/cli/main.ts'), ...args],
      { cwd: dir, encoding: 'utf8' },
    );
  const c = scann('export', 'conv.json', '--format', 'c', '--out', 'c', '--weights', 'int8');
  assert.equal(c.status, 0, c.stderr);
  const q = cExport(decodeModel(f.model, 'c'), { weights: 'int8', prefix: 'scann' });
  assert.match(c.stdout, /144 features \(a 12x12x1 image through 2 conv layers with \d+ active kernel weights\)/);
  assert.ok(c.stdout.includes(`flash ${q.flashBytes} bytes (const tables and strings), stack ${q.ramBytes}`));
  assert.ok(c.stdout.includes(`MACs per inference: ${q.macs.total} (${q.macs.conv} conv + `), c.stdout);
  const t = scann('export', 'conv.json', '--format', 'tfjs', '--out', 'tfjs');
  assert.equal(t.status, 0, t.stderr);
  // conv 6@5x5 over 1 channel on 6x6 outputs, then 5@3x3 over 6 channels on 6x6: every kernel entry counted.
  assert.match(t.stdout, /2 conv layers with 420 kernel entries/);
  assert.match(t.stdout, /MACs per inference: \d+ \(15120 conv \+ \d+ dense\)/);
  assert.ok(existsSync(path.join(dir, 'tfjs', 'weights.bin')));
});

test('free channel slots are left out of the C code: no weights, no buffer space, no pooling work', () => {
  const f = fixtures[0]!; // 3 of 4 channels in use in the first layer
  const t = buildTables(decodeModel(f.model, 'c'), 'float32');
  const [first] = t.front!.layers;
  assert.equal(first!.kind === 'conv' && first.layer.out.c, 3);
  assert.equal(t.front!.plan.channelsDropped, 1);
  const source = cExport(decodeModel(f.model, 'c'), { weights: 'float32', prefix: 'm' }).source;
  assert.match(source, /static const float m_conv0_bias\[3\]/);
  assert.match(source, /1 free channel slots left out/);
});

test('a conv model the C and TF.js exports cannot read is refused with a clear error, and nothing is written', async () => {
  const f = fixtures[0]!;
  const broken = (edit: (m: ModelJson) => void): ModelJson => {
    const m = JSON.parse(JSON.stringify(f.model)) as ModelJson;
    edit(m);
    return m;
  };
  const cases: [ModelJson, RegExp][] = [
    [
      broken((m) => ((m.front!.layers[1] as { kind: string }).kind = 'dropout')),
      /front.layers\[1\].kind must be conv, maxPool or avgPool/,
    ],
    [
      broken((m) => ((m.front!.layers[0] as { activation: string }).activation = 'tanh')),
      /front.layers\[0\].activation must be relu or linear/,
    ],
    [
      broken((m) => ((m.front!.layers[0] as ModelConvLayer).bias = 'AAAAAA==')),
      /front.layers\[0\]: expected 4 biases, got 1/,
    ],
    [broken((m) => (m.inputs = 7)), /front: its flatten gives \d+ values but the network has 7 inputs/],
    [broken((m) => (m.featureNames = m.featureNames.slice(1))), /featureNames has 111 names but the model reads 112/],
  ];
  for (const [model, message] of cases) {
    for (const format of ['c', 'tfjs'] as const) {
      const dir = path.join(work, `refused-${format}`);
      await assert.rejects(exportModel(model, format, dir), (e: Error) => {
        assert.ok(e instanceof ModelError, `${format}: ${e.message}`);
        assert.match(e.message, message);
        return true;
      });
      assert.equal(existsSync(dir), false, `${format}: nothing written`);
    }
  }
  // A conv front end after a DR transform is not a model the engine writes; the exports refuse it too.
  const withReduce = broken(
    (m) => (m.reduce = { kind: 'linear', method: 'pca', inputs: 112, outputs: 112, mean: '', matrix: '' } as never),
  );
  await assert.rejects(exportModel(withReduce, 'c', path.join(work, 'r')), /conv front end cannot have a DR/);
});
