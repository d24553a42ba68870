import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { datasetSchema, type DatasetConfig } from '../../src/protocol/config';
import { loadArff } from '../../src/engine/data/arff';
import { loadCsv, parseCsv } from '../../src/engine/data/csv';
import { loadIdx } from '../../src/engine/data/idx';
import { detectFormat, loadDataset } from '../../src/engine/data/load';
import { DatasetError, type RawDataset } from '../../src/engine/data/types';

const FIXTURES = resolve(__dirname, '..', 'fixtures', 'data');
const fixture = (name: string): string => join(FIXTURES, name);
const ctx = { baseDir: FIXTURES, dataDir: resolve(__dirname, '..', '..', 'data') };
const config = (fields: Partial<DatasetConfig> & { source: string }): DatasetConfig => datasetSchema.parse(fields);

/** Asserts a DatasetError whose message matches every pattern (file name, line, problem). */
async function rejectsWith(promise: Promise<unknown>, ...patterns: RegExp[]): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof DatasetError, `expected a DatasetError, got ${String(err)}`);
    for (const p of patterns) assert.match(err.message, p);
    return true;
  });
}

function row(raw: RawDataset, r: number): number[] {
  return Array.from(raw.train.x.subarray(r * raw.features, (r + 1) * raw.features));
}

// ---- CSV ----

test('csv: header, string labels sorted alphabetically, default label column', async () => {
  const raw = await loadCsv(fixture('good.csv'));
  assert.equal(raw.name, 'good');
  assert.equal(raw.features, 4);
  assert.deepEqual(raw.featureNames, ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
  assert.deepEqual(raw.labelNames, ['setosa', 'versicolor', 'virginica']);
  assert.equal(raw.train.rows, 9);
  assert.deepEqual(Array.from(raw.train.y), [0, 0, 0, 1, 1, 1, 2, 2, 2]);
  assert.deepEqual(row(raw, 0), [5.1, 3.5, 1.4, 0.2].map(Math.fround));
  assert.equal(raw.test, undefined);
});

test('csv: gzip detected by magic bytes, with or without the .gz extension', async () => {
  const gz = await loadCsv(fixture('good.csv.gz'));
  const plain = await loadCsv(fixture('good.csv'));
  assert.equal(gz.name, 'good');
  assert.deepEqual(gz.train, plain.train);
  const disguised = await loadCsv(fixture('gzipped-plain-name.csv'));
  assert.equal(disguised.train.rows, 4);
});

test('csv: no header, numeric labels sorted numerically, trailing blank lines', async () => {
  const raw = await loadCsv(fixture('noheader.csv'));
  assert.deepEqual(raw.featureNames, ['f0', 'f1']);
  assert.deepEqual(raw.labelNames, ['2', '10']);
  assert.deepEqual(Array.from(raw.train.y), [1, 0, 1, 0]);
  assert.deepEqual(row(raw, 1), [3, -40]);
  assert.deepEqual(row(raw, 2), [0.5, 0.25]);
});

test('csv: header-less file with text labels is not mistaken for a header', async () => {
  const raw = await loadCsv(fixture('noheader-strings.csv'));
  assert.equal(raw.train.rows, 4);
  assert.deepEqual(raw.labelNames, ['setosa', 'versicolor']);
  assert.deepEqual(row(raw, 0), [5.1, 3.5].map(Math.fround));
});

test('csv: semicolon delimiter detected, label column chosen by name', async () => {
  const raw = await loadCsv(fixture('semicolon.csv'), { label: 'klass' });
  assert.deepEqual(raw.featureNames, ['x1', 'x2']);
  assert.deepEqual(raw.labelNames, ['a', 'b']);
  assert.deepEqual(Array.from(raw.train.y), [1, 0, 1, 0]);
  assert.deepEqual(row(raw, 3), [4.5, 5]);
});

test('csv: label column by 0-based index, explicit delimiter and header flag', async () => {
  const byIndex = await loadCsv(fixture('semicolon.csv'), { label: 0, delimiter: ';' });
  assert.deepEqual(byIndex.labelNames, ['a', 'b']);
  const noHeader = await loadCsv(fixture('noheader.csv'), { header: false, label: 0 });
  assert.deepEqual(noHeader.featureNames, ['f0', 'f1']);
  assert.deepEqual(noHeader.labelNames, ['0.5', '1', '3', '7']);
});

test('csv: quoted fields, "" escapes, CRLF, newlines inside quotes', async () => {
  const raw = await loadCsv(fixture('quoted.csv'));
  assert.deepEqual(raw.featureNames, ['width, cm', 'height']);
  assert.deepEqual(raw.labelNames, ['class "A", big', 'multi\r\nline', 'plain']);
  assert.deepEqual(Array.from(raw.train.y), [0, 2, 0, 1]);
  assert.deepEqual(row(raw, 1), [3, 4]);
});

test('csv: tab-separated .tsv', async () => {
  const raw = await loadDataset(config({ source: 'tabs.tsv' }), ctx);
  assert.deepEqual(raw.featureNames, ['a', 'b']);
  assert.deepEqual(raw.labelNames, ['x', 'y']);
});

test('csv: line numbers count quoted newlines and blank lines', () => {
  const text = 'a,b,label\n1,2,"x\ny"\n\n3,4,z\n5,oops,z\n';
  assert.throws(
    () => parseCsv(Buffer.from(text), 'inline.csv'),
    /^DatasetError: inline\.csv:6: non-numeric value "oops" in column "b" \(field 2 of 3\)$/,
  );
});

test('csv: long and exponent numbers parse exactly like Number()', () => {
  const values = ['0.011764705882352941', '-1.5e-7', '123456789012345678', '3.4e38', '1e-30', '+2.5', '7.'];
  const raw = parseCsv(Buffer.from(`x,label\n${values.map((v, i) => `${v},${i % 2}`).join('\n')}\n`), 'n.csv');
  assert.deepEqual(
    Array.from(raw.x),
    values.map((v) => Math.fround(Number(v))),
  );
});

test('csv: bad files give the file, the line and the problem', async () => {
  await rejectsWith(loadCsv(fixture('bad-ragged.csv')), /bad-ragged\.csv:4: row has 3 fields but the header has 4/);
  await rejectsWith(
    loadCsv(fixture('bad-nonnumeric.csv')),
    /bad-nonnumeric\.csv:3: non-numeric value "abc" in column "f1" \(field 2 of 3\)/,
  );
  await rejectsWith(loadCsv(fixture('bad-nan.csv')), /bad-nan\.csv:4: NaN value "NaN" .*only finite numbers/);
  await rejectsWith(loadCsv(fixture('bad-inf.csv')), /bad-inf\.csv:3: infinite value "Infinity"/);
  await rejectsWith(loadCsv(fixture('bad-empty-cell.csv')), /bad-empty-cell\.csv:3: empty value/);
  await rejectsWith(loadCsv(fixture('bad-oneclass.csv')), /bad-oneclass\.csv: only one class \("only"\)/, /at least 2/);
  await rejectsWith(loadCsv(fixture('empty.csv')), /empty\.csv: file is empty/);
  await rejectsWith(loadCsv(fixture('header-only.csv')), /header-only\.csv: no data rows/);
  await rejectsWith(loadCsv(fixture('no-such-file.csv')), /no-such-file\.csv: file not found/);
  await rejectsWith(
    loadCsv(fixture('good.csv'), { label: 'species' }),
    /good\.csv:1: label column "species" not found; the columns are: sepal_length, sepal_width/,
  );
  await rejectsWith(loadCsv(fixture('good.csv'), { label: 9 }), /good\.csv: label column index 9 is out of range/);
  await rejectsWith(loadCsv(fixture('noheader.csv'), { label: 'y' }), /no header row/);
  assert.throws(
    () => parseCsv(Buffer.from('a,b,label\n1,1e999,x\n'), 'big.csv'),
    /big\.csv:2: value 1e999 is out of the float32 range/,
  );
  assert.throws(
    () => parseCsv(Buffer.from('a;b\n1,5;x\n2,5;y\n'), 'eu.csv', { delimiter: ';' }),
    /eu\.csv:2: .*decimal comma/,
  );
  assert.throws(() => parseCsv(Buffer.from('a,b\n1,"x\n'), 'q.csv'), /q\.csv:2: unterminated quoted field/);
});

// ---- ARFF ----

test('arff: numeric attributes, quoted names, comments, nominal label in declared order', async () => {
  const raw = await loadArff(fixture('small.arff'));
  assert.equal(raw.name, 'small');
  assert.deepEqual(raw.featureNames, ['sepallength', 'sepal width', 'petal_count']);
  assert.deepEqual(raw.labelNames, ['Iris-setosa', 'Iris-versicolor', 'Iris virginica']);
  assert.deepEqual(Array.from(raw.train.y), [0, 1, 2, 0]);
  assert.deepEqual(row(raw, 2), [6.3, 3.3, 3].map(Math.fround));
});

test('arff: label by name or index; nominal features, "?" and undeclared labels are errors', async () => {
  const byIndex = await loadArff(fixture('small.arff'), { label: 3 });
  assert.deepEqual(byIndex.labelNames, ['Iris-setosa', 'Iris-versicolor', 'Iris virginica']);
  await rejectsWith(
    loadArff(fixture('small.arff'), { label: 2 }),
    /small\.arff:8: attribute "class" is nominal; only numeric features are supported .*make it the label with dataset\.label/,
  );
  await rejectsWith(
    loadArff(fixture('bad-nominal.arff')),
    /bad-nominal\.arff:3: attribute "color" is nominal; only numeric features are supported/,
  );
  await rejectsWith(loadArff(fixture('bad-missing.arff')), /bad-missing\.arff:7: missing value "\?" in attribute "b"/);
  await rejectsWith(
    loadArff(fixture('bad-undeclared.arff')),
    /bad-undeclared\.arff:6: label "z" is not one of the declared values/,
  );
  await rejectsWith(
    loadArff(fixture('small.arff'), { label: 'kind' }),
    /small\.arff: label attribute "kind" not found/,
  );
});

// ---- IDX ----

/** Writes an IDX file: magic 0x0000TTDD, big-endian dims, then the values as unsigned bytes. */
function idx(dims: number[], values: number[], type = 0x08): Buffer {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head[2] = type;
  head[3] = dims.length;
  dims.forEach((d, k) => head.writeUInt32BE(d, 4 + 4 * k));
  return Buffer.concat([head, Buffer.from(values)]);
}

function idxFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'scann-idx-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const pixels = Array.from({ length: 4 * 2 * 3 }, (_, i) => i * 10);
  writeFileSync(join(dir, 'train-images-idx3-ubyte'), idx([4, 2, 3], pixels));
  writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(idx([4], [3, 1, 3, 1])));
  writeFileSync(join(dir, 't10k-images-idx3-ubyte.gz'), gzipSync(idx([2, 2, 3], pixels.slice(0, 12))));
  writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), idx([2], [1, 3]));
  writeFileSync(join(dir, 'unseen-labels-idx1-ubyte'), idx([2], [1, 7]));
  writeFileSync(
    join(dir, 'bad-magic-idx3-ubyte'),
    Buffer.concat([Buffer.from([0x12, 0x34, 0x08, 0x03]), idx([4, 2, 3], pixels).subarray(4)]),
  );
  writeFileSync(join(dir, 'short-images-idx3-ubyte'), idx([4, 2, 3], pixels.slice(0, 20)));
  writeFileSync(join(dir, 'three-labels-idx1-ubyte'), idx([3], [1, 2, 3]));
  return dir;
}

test('idx: images + labels (gzip or not) with an official test split', async () => {
  const dir = idxFolder();
  const raw = await loadDataset(
    config({
      source: 'train-images-idx3-ubyte',
      labels: 'train-labels-idx1-ubyte.gz',
      test: 't10k-images-idx3-ubyte.gz',
      testLabels: 't10k-labels-idx1-ubyte',
    }),
    { baseDir: dir, dataDir: ctx.dataDir },
  );
  assert.equal(raw.features, 6);
  assert.deepEqual(raw.imageShape, [2, 3]);
  assert.deepEqual(raw.labelNames, ['1', '3']);
  assert.deepEqual(Array.from(raw.train.y), [1, 0, 1, 0]);
  assert.deepEqual(row(raw, 1), [60, 70, 80, 90, 100, 110]);
  assert.equal(raw.featureNames[4], 'pixel_1_1');
  assert.equal(raw.test?.rows, 2);
  assert.deepEqual(Array.from(raw.test!.y), [0, 1]);
});

test('idx: bad magic, size mismatch, count mismatch and unseen test labels', async () => {
  const dir = idxFolder();
  const at = (f: string) => join(dir, f);
  await rejectsWith(
    loadIdx(at('bad-magic-idx3-ubyte'), at('train-labels-idx1-ubyte.gz')),
    /bad-magic-idx3-ubyte: bad IDX magic number 0x12340803/,
  );
  await rejectsWith(
    loadIdx(at('short-images-idx3-ubyte'), at('train-labels-idx1-ubyte.gz')),
    /short-images-idx3-ubyte: IDX size mismatch: .*4 x 2 x 3 ubyte values, 40 bytes with the header, but the file has 36 bytes/,
  );
  await rejectsWith(
    loadIdx(at('train-images-idx3-ubyte'), at('three-labels-idx1-ubyte')),
    /train-images-idx3-ubyte: the images file has 4 items but the labels file .*three-labels-idx1-ubyte has 3/,
  );
  await rejectsWith(
    loadIdx(at('train-labels-idx1-ubyte.gz'), at('train-images-idx3-ubyte')),
    /train-labels-idx1-ubyte\.gz: an IDX images file needs at least 2 dimensions/,
  );
  await rejectsWith(
    loadIdx(at('train-images-idx3-ubyte'), at('train-labels-idx1-ubyte.gz'), {
      images: at('t10k-images-idx3-ubyte.gz'),
      labels: at('unseen-labels-idx1-ubyte'),
    }),
    /t10k-images-idx3-ubyte\.gz: label "7" \(item 2\) is not a class of the training data \(classes: 1, 3\)/,
  );
});

// ---- loadDataset dispatch ----

test('loadDataset: format by extension, relative paths, test split shares the label mapping', async () => {
  assert.equal(detectFormat('a/b.CSV.gz'), 'csv');
  assert.equal(detectFormat('x.tsv'), 'csv');
  assert.equal(detectFormat('x.arff'), 'arff');
  assert.equal(detectFormat('train-images-idx3-ubyte.gz'), 'idx');
  assert.equal(detectFormat('digits.ubyte'), 'idx');
  assert.equal(detectFormat('notes.txt'), undefined);

  const raw = await loadDataset(config({ source: 'split-train.csv', test: 'split-test.csv' }), ctx);
  assert.deepEqual(raw.labelNames, ['x', 'y']);
  assert.deepEqual(Array.from(raw.test!.y), [1, 0]);
  assert.equal(raw.name, 'split-train');

  // A header-less test file follows the training file's label column, even when it was chosen by name.
  const semi = await loadDataset(
    config({ source: 'semicolon.csv', test: 'semicolon-test-noheader.csv', label: 'klass' }),
    ctx,
  );
  assert.deepEqual(Array.from(semi.test!.y), [0, 1]);
  assert.deepEqual(Array.from(semi.test!.x), [9, 9, 1, 1]);

  const arff = await loadDataset(config({ source: 'small.arff', test: 'small.arff' }), ctx);
  assert.equal(arff.test?.rows, 4);
});

test('loadDataset: clear errors for missing files, unknown formats and misplaced options', async () => {
  await rejectsWith(
    loadDataset(config({ source: 'split-train.csv', test: 'split-test-unseen.csv' }), ctx),
    /split-test-unseen\.csv:3: label "z" is not a class of the training data \(classes: x, y\)/,
  );
  await rejectsWith(
    loadDataset(config({ source: 'split-train.csv', test: 'split-test-renamed.csv' }), ctx),
    /split-test-renamed\.csv: the test file's feature 1 is "f1" but the training file's is "f0"/,
  );
  await rejectsWith(
    loadDataset(config({ source: 'split-train.csv', test: 'good.csv' }), ctx),
    /good\.csv: the test file has 4 features but the training file .*split-train\.csv has 2/,
  );
  await rejectsWith(
    loadDataset(config({ source: 'missing/train.csv' }), ctx),
    /missing\/train\.csv: file not found \(dataset\.source is "missing\/train\.csv"; relative paths are resolved against /,
  );
  await rejectsWith(loadDataset(config({ source: 'notes.txt' }), ctx), /unknown dataset file type for "notes\.txt"/);
  await rejectsWith(
    loadDataset(config({ source: 'good.csv', labels: 'x' }), ctx),
    /dataset\.labels cannot be used with CSV/,
  );
  await rejectsWith(
    loadDataset(config({ source: 'small.arff', delimiter: ';' }), ctx),
    /dataset\.delimiter cannot be used with ARFF/,
  );
  await rejectsWith(
    loadDataset(config({ source: 'builtin:iris', label: 'x' }), ctx),
    /dataset\.label cannot be used with a builtin/,
  );
  await rejectsWith(
    loadDataset(config({ source: 'builtin:nope' }), ctx),
    /unknown builtin dataset "builtin:nope"; available: builtin:iris/,
  );
  const dir = idxFolder();
  await rejectsWith(
    loadDataset(config({ source: 'train-images-idx3-ubyte' }), { baseDir: dir, dataDir: ctx.dataDir }),
    /train-images-idx3-ubyte: IDX images need their labels file: set dataset\.labels/,
  );
  await rejectsWith(
    loadDataset(
      config({
        source: 'train-images-idx3-ubyte',
        labels: 'train-labels-idx1-ubyte.gz',
        test: 't10k-images-idx3-ubyte.gz',
      }),
      { baseDir: dir, dataDir: ctx.dataDir },
    ),
    /set dataset\.testLabels/,
  );
});
