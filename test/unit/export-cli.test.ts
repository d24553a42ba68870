import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { exportModel } from '../../src/engine/export';
import { fromModel } from '../../src/engine/model/format';
import { predictRaw } from '../../src/engine/model/predict';
import { decodeFloat32, encodeFloat32 } from '../../src/protocol/base64';
import type { ModelJson } from '../../src/protocol/model';
import { exportFixtures, type Fixture } from './export-fixtures';

const root = path.join(__dirname, '..', '..');
const work = mkdtempSync(path.join(tmpdir(), 'scann-export-cli-'));
after(() => rmSync(work, { recursive: true, force: true }));
const tsx = pathToFileURL(require.resolve('tsx')).href;

/** The CLI from source, asynchronously so independent invocations overlap. */
function scann(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', tsx, path.join(root, 'src/cli/main.ts'), ...args],
      { cwd: work, encoding: 'utf8' },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let fixtures: Fixture[] = [];
before(async () => {
  fixtures = await exportFixtures();
  writeFileSync(path.join(work, 'model.json'), JSON.stringify({ ...fixtures[0]!.model, extra: 'dropped' }));
  writeFileSync(path.join(work, 'reduced.json'), JSON.stringify(fixtures[3]!.model));
});

test('json export: a clean copy (unknown keys dropped) that predicts bit for bit like the original', async () => {
  for (const [i, f] of fixtures.entries()) {
    const dir = path.join(work, `json${i}`);
    const { files } = await exportModel({ ...f.model, extra: 1 } as ModelJson, 'json', dir);
    const copy = JSON.parse(readFileSync(files[0]!, 'utf8')) as ModelJson & { extra?: number };
    assert.equal(copy.extra, undefined);
    fromModel(copy);
    assert.deepEqual(predictRaw(copy, f.raw, f.rows), predictRaw(f.model, f.raw, f.rows), f.name);
    assert.equal(copy.reduce?.kind, f.model.reduce?.kind);
    assert.deepEqual(copy.labelNames, f.model.labelNames);
    assert.equal(copy.space, f.model.space);
  }
});

test('scann export writes each format and prints files, bytes and MACs', async () => {
  const [json, c, tfjs, int8] = await Promise.all([
    scann('export', 'model.json', '--format', 'json', '--out', 'out-json'),
    scann('export', 'model.json', '--format', 'c', '--out', 'out-c', '--prefix', 'wine'),
    scann('export', 'reduced.json', '--format', 'tfjs', '--out', 'out-tfjs'),
    scann('export', 'reduced.json', '--format', 'c', '--weights', 'int8', '--out', 'out-int8'),
  ]);
  for (const r of [json, c, tfjs, int8]) assert.equal(r.code, 0, r.stderr);
  const connections = fixtures[0]!.model.hidden
    .concat(fixtures[0]!.model.output)
    .reduce((s, n) => s + n.sources.length, 0);
  assert.match(c.stdout, new RegExp(`MACs per inference: ${connections}\\n`));
  assert.match(c.stdout, /flash \d+ bytes/);
  for (const name of ['wine.c', 'wine.h']) {
    const size = statSync(path.join(work, 'out-c', name)).size;
    assert.ok(c.stdout.includes(`wrote ${path.join('out-c', name)} (${size} bytes)`), c.stdout);
  }
  assert.match(int8.stdout, /int8 weights/);
  assert.match(int8.stdout, /MACs per inference: \d+ \(\d+ network \+ 260 DR\)/);
  assert.ok(existsSync(path.join(work, 'out-tfjs', 'weights.bin')));
  assert.match(tfjs.stdout, /TF\.js layers model/);
  assert.match(json.stdout, /scann-model v1/);
});

test('scann export: bad input exits 2 with a clear message and writes nothing', async () => {
  writeFileSync(path.join(work, 'broken.json'), '{"format": "scann-model", ');
  writeFileSync(path.join(work, 'notamodel.json'), JSON.stringify({ format: 'scann-model', inputs: 3 }));
  const cases = await Promise.all([
    scann('export', 'model.json', '--format', 'onnx', '--out', 'x1'),
    scann('export', 'broken.json', '--format', 'c', '--out', 'x2'),
    scann('export', 'notamodel.json', '--format', 'c', '--out', 'x3'),
    scann('export', 'model.json', '--format', 'tfjs', '--out', '.'),
    scann('export', 'model.json', '--format', 'c'),
    scann('export', 'missing.json', '--format', 'json', '--out', 'x4'),
    scann('export', 'model.json', '--format', 'json', '--weights', 'int8', '--out', 'x5'),
  ]);
  const expected = [
    /unknown export format 'onnx' \(expected c, json, tfjs\)/,
    /broken\.json: not valid JSON/,
    /notamodel\.json: 'outputs' must be a non-negative integer/,
    /would overwrite the input model\.json/,
    /usage: scann export/,
    /missing\.json/,
    /--weights and --prefix go with --format c/,
  ];
  cases.forEach((r, i) => {
    assert.equal(r.code, 2, `case ${i}: ${r.stderr}`);
    assert.match(r.stderr, expected[i]!);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace for bad input');
    assert.equal(r.stdout, '');
  });
  for (const d of ['x1', 'x2', 'x3', 'x4', 'x5']) assert.equal(existsSync(path.join(work, d)), false);
});

test('scann predict reads models as export does: the same broken files refused with the same messages', async () => {
  const m = fixtures[0]!.model;
  const weights = decodeFloat32(m.hidden[0]!.weights);
  weights[1] = NaN;
  const nan = { ...m, hidden: m.hidden.map((n, k) => (k === 0 ? { ...n, weights: encodeFloat32(weights) } : n)) };
  writeFileSync(path.join(work, 'nan-weights.json'), JSON.stringify(nan));
  writeFileSync(path.join(work, 'broken-p.json'), '{"format": "scann-model", ');
  writeFileSync(path.join(work, 'short-names.json'), JSON.stringify({ ...m, labelNames: ['a'] }));
  writeFileSync(
    path.join(work, 'rows.csv'),
    `${m.featureNames.join(',')}\n${m.featureNames.map(() => '0').join(',')}\n`,
  );
  const expected: [string, RegExp][] = [
    ['nan-weights.json', /nan-weights\.json: hidden neuron 0 weights\[1\] is NaN/],
    ['broken-p.json', /broken-p\.json: not valid JSON/],
    ['short-names.json', /short-names\.json: labelNames has 1 names/],
  ];
  const runs = await Promise.all(
    expected.flatMap(([file]) => [
      scann('predict', file, '--data', 'rows.csv'),
      scann('export', file, '--format', 'json', '--out', `refused-${file}`),
    ]),
  );
  expected.forEach(([file, message], i) => {
    for (const r of [runs[2 * i]!, runs[2 * i + 1]!]) {
      assert.equal(r.code, 2, `${file}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace for bad input');
      assert.equal(r.stdout, '');
    }
    assert.equal(runs[2 * i]!.stderr, runs[2 * i + 1]!.stderr, `${file}: predict and export say the same`);
  });
});
