/**
 * Property-based fuzzing of everything that reads a file a user (or anyone) can hand us: the CSV, ARFF and IDX
 * loaders, config text, the `.scann` notebook format and model files. Arbitrary input may be refused, but only
 * with the project's own clear error types (which the CLI reports as exit 2 with a message); valid generated input
 * reads back exactly. Fixed seeds keep failures reproducible; the run counts are in docs/reliability.md.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { parseArff } from '../../src/engine/data/arff';
import { parseCsv } from '../../src/engine/data/csv';
import { readIdxTable } from '../../src/engine/data/idx';
import { toRawDataset } from '../../src/engine/data/labels';
import { DatasetError } from '../../src/engine/data/types';
import { NetworkSizeError } from '../../src/engine/core/limits';
import { decodeModel } from '../../src/engine/model/decode';
import { ModelError } from '../../src/engine/model/error';
import { predictRaw } from '../../src/engine/model/predict';
import { encodeFloat32 } from '../../src/protocol/base64';
import { parseConfigText } from '../../src/protocol/configText';
import {
  NotebookFormatError,
  parseNotebook,
  serializeNotebook,
  type NotebookCellData,
} from '../../src/protocol/notebook';
import { smallModel } from './helpers/hostileModel';

const work = mkdtempSync(path.join(tmpdir(), 'scann-fuzz-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** Runs per property: enough to find the bugs this suite was written for within a second or two each. */
const RUNS = 300;
const opts = (seed: number, numRuns = RUNS) => ({ seed, numRuns });

/** Calls `fn`; any exception must be one of `allowed`. */
function onlyClear(fn: () => unknown, ...allowed: (new (...a: never[]) => Error)[]): void {
  try {
    fn();
  } catch (err) {
    if (allowed.some((c) => err instanceof c)) return;
    throw err;
  }
}

async function onlyClearAsync(fn: () => Promise<unknown>, ...allowed: (new (...a: never[]) => Error)[]): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (allowed.some((c) => err instanceof c)) return;
    throw err;
  }
}

// ---- CSV ----------------------------------------------------------------------------------------------------------

const csvPieces = [
  'a',
  'label',
  '1',
  '-2.5',
  '1e3',
  '1e999',
  'NaN',
  ' ',
  ',',
  ';',
  '\t',
  '"',
  '""',
  '\n',
  '\r\n',
  '\n\n',
  'x',
  'é',
  '\uFEFF',
];
const csvText = fc.array(fc.constantFrom(...csvPieces), { maxLength: 60 }).map((p) => p.join(''));

test('CSV: arbitrary bytes and CSV-like text are read or refused with a DatasetError', () => {
  const load = (buf: Buffer): void => onlyClear(() => toRawDataset('fuzz', parseCsv(buf, 'fuzz.csv')), DatasetError);
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => load(Buffer.from(bytes))),
    opts(1),
  );
  fc.assert(
    fc.property(csvText, (text) => load(Buffer.from(text))),
    opts(2),
  );
});

const names = fc.uniqueArray(fc.stringMatching(/^c_[a-z0-9]{0,6}$/), { minLength: 1, maxLength: 5 });
const label = fc.stringMatching(/^k[A-Za-z]{0,4}$/);

test('CSV: a generated table reads back exactly (values, labels, names)', () => {
  const table = names.chain((cols) =>
    fc.record({
      cols: fc.constant(cols),
      rows: fc.array(
        fc.record({
          x: fc.array(fc.float({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), {
            minLength: cols.length,
            maxLength: cols.length,
          }),
          y: label,
        }),
        { minLength: 1, maxLength: 15 },
      ),
    }),
  );
  fc.assert(
    fc.property(table, ({ cols, rows }) => {
      const text = [[...cols, 'label'].join(','), ...rows.map((r) => [...r.x.map(String), r.y].join(','))].join('\n');
      const t = parseCsv(Buffer.from(`${text}\n`), 'gen.csv');
      assert.deepEqual(t.featureNames, cols);
      assert.deepEqual(
        t.labels,
        rows.map((r) => r.y),
      );
      assert.deepEqual(
        Array.from(t.x),
        rows.flatMap((r) => r.x.map((v) => v + 0)),
      );
    }),
    opts(3),
  );
});

test('CSV: repeated feature names are refused (a model would read the first column for both)', () => {
  const dup = names.chain((cols) => fc.constantFrom(...cols).map((again) => [...cols, again]));
  fc.assert(
    fc.property(dup, (cols) => {
      const text = `${[...cols, 'label'].join(',')}\n${cols.map(() => '1').join(',')},ka\n${cols.map(() => '2').join(',')},kb\n`;
      assert.throws(() => toRawDataset('dup', parseCsv(Buffer.from(text), 'dup.csv')), /both named/);
    }),
    opts(4, 100),
  );
});

// ---- ARFF ---------------------------------------------------------------------------------------------------------

const arffPieces = [
  '@relation r\n',
  '@attribute a numeric\n',
  '@attribute b real\n',
  '@attribute class {x,y}\n',
  '@attribute s string\n',
  '@data\n',
  '1',
  '2.5',
  '?',
  ',',
  'x',
  'y',
  '{',
  '}',
  "'",
  '%',
  ' ',
  '\n',
  '\r\n',
];
const arffText = fc.array(fc.constantFrom(...arffPieces), { maxLength: 50 }).map((p) => p.join(''));

test('ARFF: arbitrary text is read or refused with a DatasetError', () => {
  const load = (text: string): void =>
    onlyClear(() => toRawDataset('fuzz', parseArff(text, 'fuzz.arff')), DatasetError);
  fc.assert(fc.property(fc.string({ maxLength: 300 }), load), opts(5));
  fc.assert(fc.property(arffText, load), opts(6));
});

test('ARFF: a generated dataset reads back exactly', () => {
  const data = names.chain((cols) =>
    fc.record({
      cols: fc.constant(cols),
      rows: fc.array(
        fc.record({
          x: fc.array(fc.float({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), {
            minLength: cols.length,
            maxLength: cols.length,
          }),
          y: fc.constantFrom('ka', 'kb', 'kc'),
        }),
        { minLength: 1, maxLength: 15 },
      ),
    }),
  );
  fc.assert(
    fc.property(data, ({ cols, rows }) => {
      const text = [
        '@relation gen',
        ...cols.map((c) => `@attribute ${c} numeric`),
        '@attribute class {ka,kb,kc}',
        '@data',
        ...rows.map((r) => [...r.x.map(String), r.y].join(',')),
      ].join('\n');
      const t = parseArff(text, 'gen.arff');
      assert.deepEqual(t.featureNames, cols);
      assert.deepEqual(
        t.labels,
        rows.map((r) => r.y),
      );
      assert.deepEqual(
        Array.from(t.x),
        rows.flatMap((r) => r.x.map((v) => v + 0)),
      );
    }),
    opts(7),
  );
});

// ---- IDX ----------------------------------------------------------------------------------------------------------

function idx(type: number, dims: number[], body: Buffer): Buffer {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head[2] = type;
  head[3] = dims.length;
  dims.forEach((d, k) => head.writeUInt32BE(d, 4 + 4 * k));
  return Buffer.concat([head, body]);
}

let files = 0;
function tmp(data: Uint8Array): string {
  const file = path.join(work, `f${files++}.idx`);
  writeFileSync(file, data);
  return file;
}

test('IDX: arbitrary bytes (with and without a plausible header) are read or refused with a DatasetError', async () => {
  const anyBytes = fc.uint8Array({ maxLength: 200 });
  const headed = fc
    .record({
      type: fc.constantFrom(0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e, 0x07),
      dims: fc.array(fc.nat(6), { minLength: 1, maxLength: 3 }),
      body: anyBytes,
    })
    .map(({ type, dims, body }) => idx(type, dims, Buffer.from(body)));
  const file = fc.oneof(anyBytes, headed);
  await fc.assert(
    fc.asyncProperty(file, file, (images, labels) =>
      onlyClearAsync(() => readIdxTable(tmp(images), tmp(labels)).then((t) => toRawDataset('fuzz', t)), DatasetError),
    ),
    opts(8, 150),
  );
});

test('IDX: images and int32 labels read back exactly, labels above 2^24 included', async () => {
  const set = fc.record({
    rows: fc.integer({ min: 1, max: 8 }),
    side: fc.integer({ min: 1, max: 4 }),
    labels: fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { minLength: 8, maxLength: 8 }),
    seed: fc.nat(255),
  });
  await fc.assert(
    fc.asyncProperty(set, async ({ rows, side, labels, seed }) => {
      const pixels = Buffer.from(Array.from({ length: rows * side * side }, (_, i) => (i * 37 + seed) % 256));
      const ys = labels.slice(0, rows);
      const body = Buffer.alloc(4 * rows);
      ys.forEach((v, i) => body.writeInt32BE(v, 4 * i));
      const t = await readIdxTable(tmp(idx(0x08, [rows, side, side], pixels)), tmp(idx(0x0c, [rows], body)));
      assert.deepEqual(Array.from(t.x), Array.from(pixels));
      assert.deepEqual(t.labels, ys.map(String));
    }),
    opts(9, 150),
  );
});

// ---- Config text ----------------------------------------------------------------------------------------------------

/** `a0: &a0 [x, x, ...]`, then each level a list of aliases of the one before: width^depth nodes when expanded. */
const aliasBomb = fc
  .record({ width: fc.integer({ min: 2, max: 12 }), depth: fc.integer({ min: 1, max: 8 }) })
  .map(({ width, depth }) => {
    const lines = [`a0: &a0 [${Array(width).fill('x').join(', ')}]`];
    for (let k = 1; k <= depth; k++)
      lines.push(
        `a${k}: &a${k} [${Array(width)
          .fill(`*a${k - 1}`)
          .join(', ')}]`,
      );
    return `${lines.join('\n')}\ndataset:\n  source: builtin:iris\n`;
  });
const yamlPieces = [
  'dataset:',
  '\n',
  '  ',
  'source: ',
  'builtin:iris',
  '&a ',
  '*a',
  '[',
  ']',
  '{',
  '}',
  ',',
  '- ',
  'seed: ',
  '1',
  '"',
  "'",
  '#',
  ':',
  '!!str ',
  '<<: *a',
  'x',
];
const yamlText = fc.array(fc.constantFrom(...yamlPieces), { maxLength: 60 }).map((p) => p.join(''));

test('config text: arbitrary text, YAML-like text and alias bombs give issues, never an exception', () => {
  const check = (text: string): void => {
    const r = parseConfigText(text);
    assert.ok(r.config || r.issues.some((i) => i.severity === 'error'), 'neither a config nor an error');
    for (const i of r.issues)
      assert.ok(i.line >= 1 && i.start >= 0 && i.start <= text.length, 'issue outside the text');
  };
  fc.assert(fc.property(fc.string({ maxLength: 200 }), check), opts(10));
  fc.assert(fc.property(yamlText, check), opts(11));
  fc.assert(fc.property(aliasBomb, check), opts(12, 100));
});

test('config text: a generated config reads back with the same values', () => {
  const config = fc.record({
    name: fc.string({ minLength: 1, maxLength: 20 }),
    scheme: fc.constantFrom('A', 'B', 'C', 'imp'),
    seed: fc.nat(2 ** 32 - 1),
    iterations: fc.integer({ min: 0, max: 1000 }),
    dataset: fc.record({
      source: fc.constantFrom('builtin:iris', 'builtin:wine', 'data/my file.csv'),
      validation: fc.double({ min: 0.01, max: 0.9, noNaN: true }),
      scaling: fc.constantFrom('minmax', 'zscore', 'none'),
    }),
  });
  fc.assert(
    fc.property(config, (c) => {
      const r = parseConfigText(stringify(c));
      assert.ok(r.config, JSON.stringify(r.issues));
      assert.equal(r.config.name, c.name);
      assert.equal(r.config.scheme, c.scheme);
      assert.equal(r.config.seed, c.seed);
      assert.equal(r.config.iterations, c.iterations);
      assert.deepEqual({ ...r.config.dataset }, { ...r.config.dataset, ...c.dataset });
    }),
    opts(13),
  );
});

// ---- .scann notebooks ---------------------------------------------------------------------------------------------

test('.scann: arbitrary text and JSON are read or refused with a NotebookFormatError', () => {
  const read = (text: string): void => onlyClear(() => parseNotebook(text), NotebookFormatError);
  fc.assert(fc.property(fc.string({ maxLength: 300 }), read), opts(14));
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => read(JSON.stringify(v))),
    opts(15),
  );
  const cellish = fc.record(
    {
      version: fc.constantFrom(1, 2, '1', null),
      cells: fc.array(
        fc.record(
          {
            kind: fc.constantFrom('markdown', 'config', 'code', 1),
            source: fc.oneof(fc.string(), fc.jsonValue()),
            outputs: fc.jsonValue({ maxDepth: 3 }),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 4 },
      ),
      metadata: fc.jsonValue({ maxDepth: 2 }),
    },
    { requiredKeys: [] },
  );
  fc.assert(
    fc.property(cellish, (v) => read(JSON.stringify(v))),
    opts(16),
  );
});

test('.scann: generated notebooks round-trip through serialize and parse', () => {
  const cell: fc.Arbitrary<NotebookCellData> = fc.record({
    kind: fc.constantFrom('markdown' as const, 'config' as const),
    source: fc.string({ unit: 'grapheme', maxLength: 80 }),
  });
  fc.assert(
    fc.property(fc.array(cell, { maxLength: 6 }), (cells) => {
      const back = parseNotebook(serializeNotebook({ cells, metadata: {} }));
      assert.deepEqual(
        back.cells.map((c) => [c.kind, c.source]),
        cells.map((c) => [c.kind, c.source]),
      );
    }),
    opts(17),
  );
});

// ---- Model files --------------------------------------------------------------------------------------------------

const f32 = (...v: number[]): string => encodeFloat32(Float32Array.from(v));
const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, [], {}, '!!!', 'AAA', f32(NaN), f32(Infinity, 1), -1, 1e9, 2 ** 40),
  fc.array(fc.constantFrom('a', 'b'), { minLength: 2, maxLength: 2 }),
  fc.array(fc.constantFrom('s', 'm'), { minLength: 1, maxLength: 4 }),
);
const keys = [
  'format',
  'version',
  'inputs',
  'outputs',
  'space',
  'hidden',
  'output',
  'featureNames',
  'labelNames',
  'scaler',
  'reduce',
  'layers',
];

test('models: hostile fields are refused with a ModelError; an accepted model predicts finite probabilities', () => {
  const mutated = fc
    .array(fc.record({ key: fc.constantFrom(...keys), value: hostileValue }), { minLength: 1, maxLength: 3 })
    .map((changes) => {
      const m = smallModel() as unknown as Record<string, unknown>;
      for (const c of changes) m[c.key] = c.value;
      return m;
    });
  const top = fc.oneof(mutated, fc.jsonValue({ maxDepth: 3 }));
  fc.assert(
    fc.property(top, (value) => {
      let decoded;
      try {
        decoded = decodeModel(JSON.parse(JSON.stringify(value)));
      } catch (err) {
        if (err instanceof ModelError || err instanceof NetworkSizeError) return;
        throw err;
      }
      assert.equal(new Set(decoded.featureNames).size, decoded.featureNames.length, 'repeated feature names accepted');
      assert.equal(decoded.labelNames.length, decoded.outputs);
      const rows = 3;
      const x = Float32Array.from({ length: rows * decoded.rawFeatures }, (_, i) => (i % 5) - 2);
      const p = predictRaw(decoded.model, x, rows);
      assert.ok(p.every(Number.isFinite), 'non-finite probabilities from an accepted model');
    }),
    opts(18, 500),
  );
});
