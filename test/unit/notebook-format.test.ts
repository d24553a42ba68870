import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  Base64Error,
  Utf8Error,
  decodeBase64,
  decodeFloat32,
  decodeUtf8,
  encodeBase64,
  encodeFloat32,
  encodeUtf8,
} from '../../src/protocol/base64';
import {
  NOTEBOOK_FORMAT_VERSION,
  NotebookFormatError,
  RUN_MIME,
  cellName,
  configCells,
  isJsonMime,
  parseNotebook,
  serializeNotebook,
  setCellOutputs,
  type CellOutputData,
  type JsonValue,
  type NotebookCellData,
  type NotebookDocumentData,
} from '../../src/protocol/notebook';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'notebooks');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

// ---------------------------------------------------------------------------------------------------------------
// A small seeded PRNG (mulberry32) so the property tests are reproducible.
// ---------------------------------------------------------------------------------------------------------------

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Gen {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  bool(p = 0.5): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }
  /** Text with the awkward bits: unicode, CR, LF, quotes, backslashes, control characters, lone surrogates. */
  text(maxLen: number): string {
    const atoms = [
      'a',
      'b',
      'Z',
      ' ',
      '  ',
      '\t',
      '\n',
      '\n',
      '\r\n',
      '\r',
      '"',
      '\\',
      '/',
      'é',
      '日本',
      '🌍',
      '∑',
      '\u0000',
      '\u001f',
      '\u2028',
      '\ud800',
      '\udfff',
      'name: x',
      '- 1',
      '#',
      '{',
      '}',
      '[',
      ']',
      ':',
      ',',
    ];
    let s = '';
    const n = this.int(maxLen + 1);
    for (let i = 0; i < n; i++) s += this.pick(atoms);
    return s;
  }
  key(): string {
    return this.pick([
      'a',
      'b',
      'c',
      'z',
      'A',
      'é',
      '',
      '__proto__',
      'constructor',
      'key with space',
      '10',
      '2',
      'ü',
      '🌍',
    ]);
  }
  number(): number {
    switch (this.int(6)) {
      case 0:
        return this.int(1000);
      case 1:
        return -this.int(1e9);
      case 2:
        return (this.next() - 0.5) * 1e6;
      case 3:
        return this.pick([0, 1e21, 1e-7, 5e-324, Number.MAX_VALUE, -1.5, 0.1 + 0.2]);
      case 4:
        return Math.fround(this.next());
      default:
        return this.next();
    }
  }
  /** Plain JSON (normalised already). */
  json(depth: number): JsonValue {
    const r = this.int(depth <= 0 ? 4 : 7);
    switch (r) {
      case 0:
        return null;
      case 1:
        return this.bool();
      case 2:
        return this.number();
      case 3:
        return this.text(8);
      case 4:
      case 5: {
        const o: Record<string, JsonValue> = {};
        const n = this.int(5);
        for (let i = 0; i < n; i++) setOwn(o, this.key(), this.json(depth - 1));
        return o;
      }
      default:
        return Array.from({ length: this.int(6) }, () => this.json(depth - 1));
    }
  }
  /** JSON-ish value with things that normalise (undefined, -0, NaN, ±Infinity). */
  looseJson(depth: number): unknown {
    const r = this.int(depth <= 0 ? 6 : 9);
    switch (r) {
      case 0:
        return this.pick([undefined, -0, NaN, Infinity, -Infinity]);
      case 1:
        return null;
      case 2:
        return this.bool();
      case 3:
        return this.number();
      case 4:
      case 5:
        return this.text(6);
      case 6:
      case 7: {
        const o: Record<string, unknown> = {};
        const n = this.int(5);
        for (let i = 0; i < n; i++) setOwn(o, this.key(), this.looseJson(depth - 1));
        return o;
      }
      default:
        return Array.from({ length: this.int(5) }, () => this.looseJson(depth - 1));
    }
  }
}

/** Sets an own property even for "__proto__" (plain assignment would change the prototype). */
function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
}

/** The same value with every object's keys re-inserted in a random order (arrays keep their order). */
function shuffleKeys<T>(value: T, g: Gen): T {
  if (Array.isArray(value)) return value.map((v: unknown) => shuffleKeys(v, g)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const keys = Object.keys(value);
  for (let i = keys.length - 1; i > 0; i--) {
    const j = g.int(i + 1);
    [keys[i], keys[j]] = [keys[j]!, keys[i]!];
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) setOwn(out, k, shuffleKeys((value as Record<string, unknown>)[k], g));
  return out as T;
}

/** What the format keeps of a JSON-ish value (JSON.stringify semantics, -0 -> 0). */
function normJson(value: unknown): JsonValue | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? (Object.is(value, -0) ? 0 : value) : null;
  if (Array.isArray(value)) return value.map((v: unknown) => normJson(v) ?? null);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) {
      const n = normJson(v);
      if (n !== undefined) setOwn(out, k, n);
    }
    return out;
  }
  return value as JsonValue;
}

function normMetadata(m: Record<string, unknown> | undefined): Record<string, JsonValue> | undefined {
  if (m === undefined) return undefined;
  const n = normJson(m) as Record<string, JsonValue>;
  return Object.keys(n).length === 0 ? undefined : n;
}

/** The normalised notebook the spec promises `parseNotebook(serializeNotebook(nb))` equals. */
function normalise(nb: NotebookDocumentData): NotebookDocumentData {
  return {
    cells: nb.cells.map((cell) => {
      const out: NotebookCellData = { kind: cell.kind, source: cell.source };
      const metadata = normMetadata(cell.metadata);
      if (metadata) out.metadata = metadata;
      if (cell.execution) {
        const e = Object.fromEntries(Object.entries(cell.execution).filter(([, v]) => v !== undefined));
        if (Object.keys(e).length > 0) out.execution = normJson(e) as NotebookCellData['execution'] & object;
      }
      if (cell.outputs && cell.outputs.length > 0) {
        out.outputs = cell.outputs.map((o) => {
          const r: CellOutputData = { items: o.items.map((it) => ({ mime: it.mime, data: normJson(it.data)! })) };
          if (o.id !== undefined) r.id = o.id;
          const om = normMetadata(o.metadata);
          if (om) r.metadata = om;
          return r;
        });
      }
      return out;
    }),
    metadata: normMetadata(nb.metadata) ?? {},
  };
}

function randomNotebook(g: Gen): NotebookDocumentData {
  const cells: NotebookCellData[] = [];
  const nCells = g.int(6);
  for (let c = 0; c < nCells; c++) {
    const kind = g.bool() ? 'config' : 'markdown';
    const cell: NotebookCellData = { kind, source: g.bool(0.2) ? g.pick(['', '\n', '\n\n', 'a\n', 'a']) : g.text(30) };
    if (g.bool(0.3)) cell.metadata = g.looseJson(2) as Record<string, JsonValue>;
    if (
      cell.metadata !== undefined &&
      (typeof cell.metadata !== 'object' || cell.metadata === null || Array.isArray(cell.metadata))
    ) {
      cell.metadata = { v: cell.metadata as JsonValue };
    }
    if (g.bool(0.4)) {
      cell.execution = {};
      if (g.bool()) cell.execution.order = g.int(100);
      if (g.bool()) cell.execution.success = g.bool();
      if (g.bool()) cell.execution.startTime = 1.7e12 + g.int(1e6);
      if (g.bool()) cell.execution.endTime = 1.7e12 + g.int(1e6) + 0.5;
    }
    if (g.bool(0.5)) {
      cell.outputs = Array.from({ length: g.int(3) }, (): CellOutputData => {
        const o: CellOutputData = {
          items: Array.from({ length: g.int(3) }, () => {
            const mime = g.pick([
              RUN_MIME,
              'application/json',
              'text/markdown',
              'text/plain',
              'application/vnd.x+JSON',
            ]);
            if (!isJsonMime(mime)) return { mime, data: g.text(40) };
            const data = g.bool(0.2)
              ? encodeFloat32(new Float32Array(g.int(20)).map(() => g.number()))
              : (g.looseJson(3) ?? null);
            return { mime, data: data as JsonValue };
          }),
        };
        if (g.bool(0.5)) o.id = g.text(5);
        if (g.bool(0.3)) o.metadata = { a: g.json(2), [g.key()]: g.looseJson(2) as JsonValue };
        return o;
      });
    }
    cells.push(cell);
  }
  const metadata = g.bool(0.5) ? { [g.key()]: g.json(3), [g.key()]: g.json(2) } : {};
  return { cells, metadata };
}

function assertFormatError(
  text: string,
  pattern: RegExp,
  extra: { line?: number; column?: number; path?: string } = {},
): NotebookFormatError {
  let caught: unknown;
  try {
    parseNotebook(text);
  } catch (error) {
    caught = error;
  }
  assert.ok(
    caught instanceof NotebookFormatError,
    `expected a NotebookFormatError for ${JSON.stringify(text.slice(0, 80))}, got ${String(caught)}`,
  );
  assert.match(caught.message, pattern);
  if ('line' in extra) assert.equal(caught.line, extra.line, `line of: ${caught.message}`);
  if ('column' in extra) assert.equal(caught.column, extra.column, `column of: ${caught.message}`);
  if ('path' in extra) assert.equal(caught.path, extra.path, `path of: ${caught.message}`);
  return caught;
}

const nbText = (body: string): string => `{"format":"scann-notebook","version":1,${body}}`;
const oneCell = (cell: string): string => nbText(`"cells":[${cell}]`);

// ---------------------------------------------------------------------------------------------------------------
// base64
// ---------------------------------------------------------------------------------------------------------------

test('base64: RFC 4648 test vectors', () => {
  const vectors: [string, string][] = [
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg=='],
    ['fooba', 'Zm9vYmE='],
    ['foobar', 'Zm9vYmFy'],
  ];
  for (const [plain, encoded] of vectors) {
    const bytes = new Uint8Array([...plain].map((c) => c.charCodeAt(0)));
    assert.equal(encodeBase64(bytes), encoded);
    assert.deepEqual(decodeBase64(encoded), bytes);
  }
  assert.equal(encodeBase64(new Uint8Array([0xfb, 0xff, 0xbf])), '+/+/');
  assert.deepEqual(decodeBase64('Zg'), new Uint8Array([0x66]), 'unpadded input is accepted');
  assert.deepEqual(decodeBase64('Zm8'), new Uint8Array([0x66, 0x6f]));
});

test('base64: random round trips agree with Buffer (all tail lengths, multi-chunk sizes)', () => {
  const g = new Gen(42);
  const sizes = [...Array.from({ length: 64 }, (_, i) => i), 1000, 6143, 6144, 6145, 100_001];
  for (const n of sizes) {
    const bytes = g.bytes(n);
    const encoded = encodeBase64(bytes);
    assert.equal(encoded, Buffer.from(bytes).toString('base64'), `length ${n}`);
    const decoded = decodeBase64(encoded);
    assert.deepEqual(decoded, bytes);
    assert.equal(decoded.byteOffset, 0);
    assert.equal(decoded.buffer.byteLength, n);
  }
  // A view into a larger buffer encodes only the view.
  const big = g.bytes(32);
  assert.equal(encodeBase64(big.subarray(5, 17)), Buffer.from(big.subarray(5, 17)).toString('base64'));
});

test('base64: decode rejects malformed input', () => {
  for (const bad of [
    'Z',
    'Zg=',
    'Zm9v Yg==',
    'Zm9v\nYg==',
    'Zg==Zg==',
    '=Zg=',
    'Zm9vYg-_',
    'Zh==',
    'Zm9=',
    'Zm9vé===',
    'Z===',
  ]) {
    assert.throws(() => decodeBase64(bad), Base64Error, JSON.stringify(bad));
  }
  assert.throws(() => decodeBase64('Zh=='), /non-zero padding bits/);
  assert.throws(() => decodeBase64('Zm9v*g=='), /unexpected character "\*" at offset 4/);
});

test('float32: known vector, exact round trip including -0, infinities, subnormals', () => {
  assert.equal(encodeFloat32(new Float32Array([1])), 'AACAPw=='); // 0x3f800000, little-endian
  assert.equal(encodeFloat32(new Float32Array([-0])), 'AAAAgA==');
  assert.equal(encodeFloat32(new Float32Array([])), '');
  const g = new Gen(7);
  const specials = [
    0,
    -0,
    1,
    -1,
    Infinity,
    -Infinity,
    1.401298464324817e-45,
    -1.1754942106924411e-38,
    3.4028234663852886e38,
  ];
  const values = new Float32Array([...specials, ...Array.from({ length: 1000 }, () => g.number())]);
  const back = decodeFloat32(encodeFloat32(values));
  assert.equal(back.length, values.length);
  for (let i = 0; i < values.length; i++)
    assert.ok(Object.is(back[i], values[i]), `index ${i}: ${values[i]} -> ${back[i]}`);
  assert.ok(Number.isNaN(decodeFloat32(encodeFloat32(new Float32Array([NaN])))[0]));
  // Bytes are little-endian whatever the host: compare with Buffer.writeFloatLE.
  const expected = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => expected.writeFloatLE(v, i * 4));
  assert.equal(encodeFloat32(values), expected.toString('base64'));
  // A subarray with a byte offset encodes only its own elements.
  assert.deepEqual(decodeFloat32(encodeFloat32(values.subarray(3, 6))), values.slice(3, 6));
  assert.throws(() => decodeFloat32('AAA='), /not a multiple of 4/);
});

test('utf8: agrees with TextEncoder/TextDecoder (random text, random bytes, BOM, fatal)', () => {
  const g = new Gen(3);
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  for (let k = 0; k < 500; k++) {
    const s = g.text(40);
    const bytes = encodeUtf8(s);
    assert.deepEqual(bytes, encoder.encode(s));
    assert.equal(decodeUtf8(bytes), decoder.decode(bytes));
    const random = g.bytes(g.int(40));
    // Bias towards multi-byte lead and continuation bytes to hit the edge cases.
    for (let i = 0; i < random.length; i++)
      if (g.bool(0.5))
        random[i] = g.pick([0x80, 0xbf, 0xc0, 0xc2, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0x9f, 0xa0, 0x8f, 0x90]);
    assert.equal(decodeUtf8(random), decoder.decode(random), `bytes ${Buffer.from(random).toString('hex')}`);
  }
  const long = 'ab€😀'.repeat(10_000);
  assert.equal(decodeUtf8(encodeUtf8(long)), long);
  const bom = new Uint8Array([0xef, 0xbb, 0xbf, 0x41]);
  assert.equal(decodeUtf8(bom), 'A');
  assert.equal(decodeUtf8(bom, { ignoreBOM: true }), '\ufeffA');
  assert.throws(() => decodeUtf8(new Uint8Array([0x41, 0xc3]), { fatal: true }), Utf8Error);
  assert.equal(decodeUtf8(new Uint8Array([0x41, 0xc3])), 'A\ufffd');
});

// ---------------------------------------------------------------------------------------------------------------
// Notebook: fixtures
// ---------------------------------------------------------------------------------------------------------------

test('fixture small.scann parses and re-serializes byte-identically', () => {
  const text = fixture('small.scann');
  const nb = parseNotebook(text);
  assert.equal(serializeNotebook(nb), text);
  assert.deepEqual(nb.metadata, { createdWith: 'scann-studio 0.1.0' });
  assert.deepEqual(
    nb.cells.map((c) => c.kind),
    ['markdown', 'config', 'config'],
  );
  assert.equal(nb.cells[0]!.source, '# Iris, scheme B\n\nA small destructive synthesis on the Iris data set.\n');
  const run = nb.cells[1]!;
  assert.deepEqual(run.execution, { order: 1, success: true, startTime: 1735689600000, endTime: 1735689604250 });
  assert.equal(run.outputs?.length, 1);
  const [json, markdown] = run.outputs![0]!.items;
  assert.equal(json!.mime, RUN_MIME);
  const data = json!.data as Record<string, JsonValue>;
  assert.equal(data.testAccuracy, 0.9667);
  const weights = decodeFloat32(data.weights as string);
  assert.deepEqual([...weights], [0.5, -1.25, 0, -0, Math.fround(3.1415927), Math.fround(1e-8)]);
  assert.ok(Object.is(weights[3], -0));
  assert.equal(markdown!.mime, 'text/markdown');
  assert.match(markdown!.data as string, /^### iris-b\n\n\| metric \| value \|/);
  assert.equal(nb.cells[2]!.outputs, undefined);
  assert.deepEqual(
    configCells(nb).map(({ index, name }) => [index, name]),
    [
      [1, 'iris-b'],
      [2, 'cell-3'],
    ],
  );
});

test('fixture malformed.scann (merge conflict) reports line and column', () => {
  const error = assertFormatError(
    fixture('malformed.scann'),
    /malformed JSON at line 9, column 1: expected a value, found '<'/,
    {
      line: 9,
      column: 1,
    },
  );
  assert.equal(error.path, undefined);
});

test('fixture future-version.scann is rejected with the supported version (before looking at cells)', () => {
  assertFormatError(
    fixture('future-version.scann'),
    /format version 2, but this version of SCANN Studio supports only version 1\b/,
    {
      path: 'version',
    },
  );
});

test('fixture unknown-kind.scann names the cell and the kind', () => {
  assertFormatError(
    fixture('unknown-kind.scann'),
    /cells\[1\]\.kind: unknown cell kind "python" \(expected "markdown" or "config"\)/,
    {
      path: 'cells[1].kind',
    },
  );
});

test('empty and whitespace-only text is an empty notebook; a BOM is ignored', () => {
  for (const text of [fixture('empty.scann'), '', ' ', '\n', '\r\n\t \n', '\ufeff', '\ufeff\n']) {
    assert.deepEqual(parseNotebook(text), { cells: [], metadata: {} });
  }
  const empty = serializeNotebook({ cells: [], metadata: {} });
  assert.equal(empty, '{\n "format": "scann-notebook",\n "version": 1,\n "metadata": {},\n "cells": []\n}\n');
  assert.deepEqual(parseNotebook(empty), { cells: [], metadata: {} });
  const small = fixture('small.scann');
  assert.deepEqual(parseNotebook(`\ufeff${small}`), parseNotebook(small));
});

test('a CRLF copy of a file reads the same (JSON whitespace)', () => {
  const text = fixture('small.scann');
  assert.deepEqual(parseNotebook(text.replace(/\n/g, '\r\n')), parseNotebook(text));
});

// ---------------------------------------------------------------------------------------------------------------
// Notebook: layout, round trips, determinism
// ---------------------------------------------------------------------------------------------------------------

test('layout: fixed key order, one-space indent, source as lines, one line per JSON output item, final newline', () => {
  const numbers = Array.from({ length: 1000 }, (_, i) => i / 7);
  const nb: NotebookDocumentData = {
    metadata: { b: 1, a: { y: 2, x: [1, 2] } },
    cells: [
      {
        outputs: [
          {
            items: [
              { data: { z: numbers, a: 'x' }, mime: RUN_MIME },
              { mime: 'text/markdown', data: '# R\n' },
            ],
            metadata: { k: 1 },
            id: 'o',
          },
        ],
        execution: { endTime: 2, startTime: 1, success: false, order: 3 },
        metadata: { z: null },
        source: 'a\nb\n',
        kind: 'config',
      },
    ],
  };
  const text = serializeNotebook(nb);
  assert.equal(
    text,
    [
      '{',
      ' "format": "scann-notebook",',
      ' "version": 1,',
      ' "metadata": {',
      '  "a": {"x":[1,2],"y":2},',
      '  "b": 1',
      ' },',
      ' "cells": [',
      '  {',
      '   "kind": "config",',
      '   "source": [',
      '    "a",',
      '    "b",',
      '    ""',
      '   ],',
      '   "metadata": {',
      '    "z": null',
      '   },',
      '   "execution": {"order":3,"success":false,"startTime":1,"endTime":2},',
      '   "outputs": [',
      '    {',
      '     "id": "o",',
      '     "items": [',
      '      {',
      '       "mime": "application/vnd.scann.run+json",',
      `       "data": {"a":"x","z":${JSON.stringify(numbers)}}`,
      '      },',
      '      {',
      '       "mime": "text/markdown",',
      '       "data": [',
      '        "# R",',
      '        ""',
      '       ]',
      '      }',
      '     ],',
      '     "metadata": {',
      '      "k": 1',
      '     }',
      '    }',
      '   ]',
      '  }',
      ' ]',
      '}',
      '',
    ].join('\n'),
  );
  assert.ok(text.endsWith('}\n') && !text.endsWith('\n\n'));
  assert.equal(serializeNotebook(parseNotebook(text)), text);
});

test('line arrays: trailing newline, empty text and CR are kept exactly', () => {
  const cases: [string, string[]][] = [
    ['', []],
    ['a', ['a']],
    ['a\n', ['a', '']],
    ['a\nb', ['a', 'b']],
    ['a\nb\n', ['a', 'b', '']],
    ['\n', ['', '']],
    ['\n\n\n', ['', '', '', '']],
    ['a\r\nb\r\n', ['a\r', 'b\r', '']],
    ['\r', ['\r']],
    ['x\ry', ['x\ry']],
  ];
  for (const [source, lines] of cases) {
    const nb: NotebookDocumentData = {
      metadata: {},
      cells: [{ kind: 'config', source, outputs: [{ items: [{ mime: 'text/plain', data: source }] }] }],
    };
    const text = serializeNotebook(nb);
    const raw = JSON.parse(text) as { cells: { source: string[]; outputs: { items: { data: string[] }[] }[] }[] };
    assert.deepEqual(raw.cells[0]!.source, lines, JSON.stringify(source));
    assert.deepEqual(raw.cells[0]!.outputs[0]!.items[0]!.data, lines);
    const back = parseNotebook(text);
    assert.equal(back.cells[0]!.source, source);
    assert.equal(back.cells[0]!.outputs![0]!.items[0]!.data, source);
    assert.equal(serializeNotebook(back), text);
  }
  // Hand-written files may use [""] for the empty text or a plain string for text output data.
  const hand = oneCell(
    '{"kind":"markdown","source":[""]},{"kind":"config","source":[],"outputs":[{"items":[{"mime":"text/plain","data":"x\\ny"}]}]}',
  );
  const nb = parseNotebook(hand);
  assert.equal(nb.cells[0]!.source, '');
  assert.equal(nb.cells[1]!.outputs![0]!.items[0]!.data, 'x\ny');
});

test('round trips of awkward sources are byte-identical (unicode, CRLF, escapes, lone surrogates)', () => {
  const sources = [
    '',
    '\n',
    '\n\n',
    '\r\n',
    '\r\n\r\n',
    'name: héllo 🌍 ∑ 日本語\n',
    'a: "quoted \\" backslash \\\\"\n',
    'tab\there\n',
    '\u0000\u0001\u001f\u007f',
    '\u2028\u2029',
    'lone \ud800 high and \udc00 low',
    '# only markdown\n\n- [ ] list\n',
    ' leading and trailing spaces   \n   ',
  ];
  for (const source of sources) {
    const nb: NotebookDocumentData = {
      metadata: { [source]: source },
      cells: [
        { kind: 'markdown', source },
        {
          kind: 'config',
          source,
          outputs: [
            {
              id: source,
              items: [
                { mime: 'text/markdown', data: source },
                { mime: RUN_MIME, data: { [source]: [source] } },
              ],
            },
          ],
        },
      ],
    };
    const text = serializeNotebook(nb);
    const back = parseNotebook(text);
    assert.deepEqual(back, nb, JSON.stringify(source));
    assert.equal(serializeNotebook(back), text);
  }
});

test('determinism: key insertion order anywhere does not change the bytes', () => {
  const g = new Gen(11);
  for (let k = 0; k < 100; k++) {
    const nb = randomNotebook(g);
    const text = serializeNotebook(nb);
    for (let p = 0; p < 3; p++) assert.equal(serializeNotebook(shuffleKeys(nb, g)), text);
  }
});

test('normalisation: empty optional fields are omitted; -0, NaN, undefined follow JSON', () => {
  const nb: NotebookDocumentData = {
    metadata: { gone: undefined as unknown as JsonValue },
    cells: [
      { kind: 'config', source: 'x', metadata: {}, outputs: [], execution: {} },
      {
        kind: 'config',
        source: 'y',
        execution: { order: undefined, success: true },
        outputs: [
          {
            id: undefined,
            metadata: {},
            items: [
              {
                mime: 'application/json',
                data: { a: -0, b: NaN, c: Infinity, d: undefined, e: [undefined, -0] } as unknown as JsonValue,
              },
            ],
          },
        ],
      },
    ],
  };
  const text = serializeNotebook(nb);
  assert.match(text, /"cells": \[\n  \{\n   "kind": "config",\n   "source": \[\n    "x"\n   \]\n  \},/);
  assert.match(text, /"data": \{"a":0,"b":null,"c":null,"e":\[null,0\]\}/);
  assert.doesNotMatch(text, /"id"|"order"|"gone"/);
  const back = parseNotebook(text);
  assert.deepEqual(back, {
    metadata: {},
    cells: [
      { kind: 'config', source: 'x' },
      {
        kind: 'config',
        source: 'y',
        execution: { success: true },
        outputs: [{ items: [{ mime: 'application/json', data: { a: 0, b: null, c: null, e: [null, 0] } }] }],
      },
    ],
  });
  assert.deepEqual(back, normalise(nb));
});

test('property: random notebooks round-trip (bytes and data) and are deterministic', () => {
  const g = new Gen(20240601);
  for (let k = 0; k < 400; k++) {
    const nb = randomNotebook(g);
    const text = serializeNotebook(nb);
    const back = parseNotebook(text);
    assert.deepEqual(back, normalise(nb), `notebook #${k}`);
    assert.equal(serializeNotebook(back), text, `notebook #${k}`);
    assert.equal(serializeNotebook(shuffleKeys(nb, g)), text);
    assert.ok(text.endsWith('\n') && !text.endsWith('\n\n'));
  }
});

test('property: corrupted files: text that is not JSON never parses, and every JSON error has a valid line and column', () => {
  const g = new Gen(99);
  for (let k = 0; k < 300; k++) {
    const text = serializeNotebook(randomNotebook(g));
    const at = g.int(text.length);
    const corrupted = g.bool()
      ? text.slice(0, at) + text.slice(at + 1 + g.int(3))
      : text.slice(0, at) + g.pick(['{', '}', '"', ',', ':', 'x', '\n', '\\', '[', '0']) + text.slice(at);
    let jsonOk = true;
    try {
      JSON.parse(corrupted);
    } catch {
      jsonOk = false;
    }
    try {
      const nb = parseNotebook(corrupted);
      assert.ok(jsonOk || corrupted.trim() === '', 'parsed text that is not JSON');
      assert.equal(typeof serializeNotebook(nb), 'string');
    } catch (error) {
      assert.ok(error instanceof NotebookFormatError, String(error));
      if (!jsonOk) {
        assert.ok(error.line !== undefined && error.column !== undefined, `no position in: ${error.message}`);
        const lines = corrupted.split(/\r\n|\r|\n/);
        assert.ok(error.line >= 1 && error.line <= lines.length, error.message);
        assert.ok(error.column >= 1 && error.column <= lines[error.line - 1]!.length + 1, error.message);
      }
    }
  }
});

test('large outputs stay on one line and round-trip', () => {
  const weights = new Float32Array(250_000).map((_, i) => Math.sin(i));
  const history = Array.from({ length: 5000 }, (_, i) => [i, i / 5000]);
  const nb = setCellOutputs({ metadata: {}, cells: [{ kind: 'config', source: 'name: big\n' }] }, 0, [
    { items: [{ mime: RUN_MIME, data: { weights: encodeFloat32(weights), history } }] },
  ]);
  const text = serializeNotebook(nb);
  const back = parseNotebook(text);
  assert.ok(text.split('\n').length < 40, 'output data must not be pretty-printed');
  const data = back.cells[0]!.outputs![0]!.items[0]!.data as { weights: string };
  assert.deepEqual(decodeFloat32(data.weights), weights);
});

// ---------------------------------------------------------------------------------------------------------------
// Notebook: malformed input
// ---------------------------------------------------------------------------------------------------------------

test('malformed JSON: message with line and column', () => {
  assertFormatError('not json', /malformed JSON at line 1, column 1: expected a value, found 'n'/, {
    line: 1,
    column: 1,
  });
  assertFormatError(
    '{\n "format": "scann-notebook"\n "version": 1\n}',
    /line 3, column 2: expected ',' or '}' after a property value, found '"'/,
    {
      line: 3,
      column: 2,
    },
  );
  assertFormatError('{\r\n "a": [1, 2,]\r\n}', /line 2, column 13: unexpected '\]' after a comma \(trailing comma\)/, {
    line: 2,
    column: 13,
  });
  assertFormatError('{"a": 1,\n}', /line 2, column 1: unexpected '}' after a comma/, { line: 2, column: 1 });
  assertFormatError(
    '{\n "cells": [\n  {"kind": "config"',
    /line 3, column 20: expected ',' or '}' after a property value, found the end of the file/,
    {
      line: 3,
      column: 20,
    },
  );
  assertFormatError('{"a": "abc', /line 1, column 7: unterminated string/, { line: 1, column: 7 });
  assertFormatError('{"a": "ab\nc"}', /line 1, column 10: a line break inside a string/, { line: 1, column: 10 });
  assertFormatError('{"a": "\\x"}', /line 1, column 8: invalid escape sequence '\\x'/);
  assertFormatError('{"a": "\\u12g4"}', /invalid \\u escape/);
  assertFormatError('{"a": 01}', /line 1, column 8: invalid number: leading zeros/);
  assertFormatError('{"a": 1.}', /invalid number: expected a digit after '.'/);
  assertFormatError('{"a": -}', /invalid number: expected a digit, found '}'/);
  assertFormatError('{"a": 1e}', /invalid number: expected a digit in the exponent/);
  assertFormatError('{a: 1}', /line 1, column 2: expected a property name in double quotes, found 'a'/);
  assertFormatError('{"a" 1}', /expected ':' after a property name, found '1'/);
  assertFormatError('{} {}', /line 1, column 4: unexpected '{' after the end of the JSON value/);
  assertFormatError("{'a': 1}", /expected a property name in double quotes, found '''/);
  assertFormatError('{"a": tru}', /line 1, column 7: expected a value, found 't'/);
  assertFormatError('{"a": "\u0001"}', /control character U\+0001 inside a string/);
  assertFormatError('\ufeff\n  x', /line 2, column 3/, { line: 2, column: 3 });
});

test('wrong top-level shape, format tag, version', () => {
  for (const [text, what] of [
    ['[]', 'an array'],
    ['42', '42'],
    ['"scann"', '"scann"'],
    ['null', 'null'],
    ['true', 'true'],
  ] as const) {
    assertFormatError(
      text,
      new RegExp(`expected a JSON object at the top level, found ${what.replace(/[[\]]/g, '\\$&')}$`),
    );
  }
  assertFormatError('{}', /missing "format": "scann-notebook" \(is this a \.scann notebook\?\)/);
  assertFormatError('{"cells": []}', /missing "format"/);
  assertFormatError(
    '{"format": "jupyter", "version": 1, "cells": []}',
    /format: unknown format tag "jupyter" \(expected "scann-notebook"/,
    { path: 'format' },
  );
  assertFormatError('{"format": 1}', /unknown format tag 1/);
  assertFormatError('{"format": "scann-notebook", "cells": []}', /version: is missing/);
  for (const v of ['"1"', '0', '-1', '1.5', 'null']) {
    assertFormatError(
      `{"format": "scann-notebook", "version": ${v}, "cells": []}`,
      /version: must be a positive integer/,
    );
  }
  const e = assertFormatError(
    '{"format": "scann-notebook", "version": 7, "cells": "whatever", "future": true}',
    /format version 7/,
  );
  assert.match(e.message, new RegExp(`supports only version ${NOTEBOOK_FORMAT_VERSION}\\. Update SCANN Studio`));
});

test('missing and invalid fields are reported with their path', () => {
  const cases: [string, RegExp, string | undefined][] = [
    [nbText('"metadata": {}'), /cells: is missing \(expected an array of cells\)/, 'cells'],
    [nbText('"cells": {}'), /cells: must be an array, found an object/, 'cells'],
    [nbText('"cells": [], "extra": 1'), /unknown field "extra" at the top level/, undefined],
    [nbText('"metadata": [], "cells": []'), /metadata: must be an object, found an array/, 'metadata'],
    [nbText('"metadata": null, "cells": []'), /metadata: must be an object, found null/, 'metadata'],
    [oneCell('"config"'), /cells\[0\]: a cell must be an object, found "config"/, 'cells[0]'],
    [oneCell('{"source": []}'), /cells\[0\]\.kind: is missing/, 'cells[0].kind'],
    [oneCell('{"kind": "code", "source": []}'), /cells\[0\]\.kind: unknown cell kind "code"/, 'cells[0].kind'],
    [oneCell('{"kind": 3, "source": []}'), /unknown cell kind 3/, 'cells[0].kind'],
    [oneCell('{"kind": "config"}'), /cells\[0\]\.source: is missing/, 'cells[0].source'],
    [
      oneCell('{"kind": "config", "source": "a: 1"}'),
      /cells\[0\]\.source: must be an array of lines \(strings\), found "a: 1"/,
      'cells[0].source',
    ],
    [
      oneCell('{"kind": "config", "source": ["a", 1]}'),
      /cells\[0\]\.source\[1\]: a line must be a string, found 1/,
      'cells[0].source[1]',
    ],
    [
      oneCell('{"kind": "config", "source": ["a\\nb"]}'),
      /cells\[0\]\.source\[0\]: a line cannot contain a line feed/,
      'cells[0].source[0]',
    ],
    [
      oneCell('{"kind": "config", "source": [], "language": "yaml"}'),
      /cells\[0\]: unknown field "language"/,
      'cells[0]',
    ],
    [
      oneCell('{"kind": "config", "source": [], "metadata": 1}'),
      /cells\[0\]\.metadata: must be an object, found 1/,
      'cells[0].metadata',
    ],
    [
      oneCell('{"kind": "config", "source": [], "execution": []}'),
      /cells\[0\]\.execution: must be an object/,
      'cells[0].execution',
    ],
    [
      oneCell('{"kind": "config", "source": [], "execution": {"order": -1}}'),
      /execution\.order: must be a non-negative integer, found -1/,
      'cells[0].execution.order',
    ],
    [
      oneCell('{"kind": "config", "source": [], "execution": {"order": 1.5}}'),
      /must be a non-negative integer, found 1\.5/,
      'cells[0].execution.order',
    ],
    [
      oneCell('{"kind": "config", "source": [], "execution": {"success": "yes"}}'),
      /execution\.success: must be true or false, found "yes"/,
      'cells[0].execution.success',
    ],
    [
      oneCell('{"kind": "config", "source": [], "execution": {"startTime": "now"}}'),
      /execution\.startTime: must be a finite number/,
      'cells[0].execution.startTime',
    ],
    [
      oneCell('{"kind": "config", "source": [], "execution": {"duration": 1}}'),
      /cells\[0\]\.execution: unknown field "duration"/,
      'cells[0].execution',
    ],
    [
      oneCell('{"kind": "config", "source": [], "outputs": {}}'),
      /cells\[0\]\.outputs: must be an array/,
      'cells[0].outputs',
    ],
    [
      oneCell('{"kind": "config", "source": [], "outputs": [[]]}'),
      /cells\[0\]\.outputs\[0\]: an output must be an object, found an array/,
      'cells[0].outputs[0]',
    ],
    [
      oneCell('{"kind": "config", "source": [], "outputs": [{}]}'),
      /cells\[0\]\.outputs\[0\]\.items: is missing/,
      'cells[0].outputs[0].items',
    ],
    [
      oneCell('{"kind": "config", "source": [], "outputs": [{"items": [], "id": 3}]}'),
      /outputs\[0\]\.id: must be a string, found 3/,
      'cells[0].outputs[0].id',
    ],
    [
      oneCell('{"kind": "config", "source": [], "outputs": [{"items": [], "metadata": "x"}]}'),
      /outputs\[0\]\.metadata: must be an object/,
      'cells[0].outputs[0].metadata',
    ],
    [
      oneCell('{"kind": "config", "source": [], "outputs": [{"items": [], "kind": 1}]}'),
      /outputs\[0\]: unknown field "kind"/,
      'cells[0].outputs[0]',
    ],
    [
      oneCell('{"kind": "config", "source": [], "outputs": [{"items": [1]}]}'),
      /items\[0\]: an output item must be an object, found 1/,
      'cells[0].outputs[0].items[0]',
    ],
    [
      oneCell('{"kind": "config", "source": [], "outputs": [{"items": [{"data": 1}]}]}'),
      /items\[0\]\.mime: is missing/,
      'cells[0].outputs[0].items[0].mime',
    ],
    [
      oneCell('{"kind": "config", "source": [], "outputs": [{"items": [{"mime": "", "data": 1}]}]}'),
      /items\[0\]\.mime: must be a non-empty string/,
      'cells[0].outputs[0].items[0].mime',
    ],
    [
      oneCell('{"kind": "config", "source": [], "outputs": [{"items": [{"mime": "application/json"}]}]}'),
      /items\[0\]\.data: is missing/,
      'cells[0].outputs[0].items[0].data',
    ],
    [
      oneCell('{"kind": "config", "source": [], "outputs": [{"items": [{"mime": "text/plain", "data": {}}]}]}'),
      /items\[0\]\.data: text\/plain data must be text \(a string or an array of lines\), found an object/,
      'cells[0].outputs[0].items[0].data',
    ],
    [
      oneCell(
        '{"kind": "config", "source": [], "outputs": [{"items": [{"mime": "text/plain", "data": ["a", null]}]}]}',
      ),
      /items\[0\]\.data\[1\]: a line must be a string, found null/,
      'cells[0].outputs[0].items[0].data[1]',
    ],
    [
      oneCell(
        '{"kind": "config", "source": [], "outputs": [{"items": [{"mime": "text/plain", "data": "x", "text": "x"}]}]}',
      ),
      /items\[0\]: unknown field "text"/,
      'cells[0].outputs[0].items[0]',
    ],
  ];
  for (const [text, pattern, path] of cases) {
    const error = assertFormatError(text, /^Invalid \.scann notebook: /);
    assert.match(error.message, pattern);
    assert.equal(error.path, path, error.message);
    assert.equal(error.line, undefined);
  }
  // Markdown cells with outputs and metadata-free cells are fine; JSON data of any type is kept as is.
  const ok = parseNotebook(
    oneCell(
      '{"kind": "config", "source": [], "outputs": [{"items": [{"mime": "application/json", "data": ["a", 1]}, {"mime": "TEXT/Plain; charset=utf-8", "data": ["a", "b"]}]}]}',
    ),
  );
  assert.deepEqual(ok.cells[0]!.outputs![0]!.items, [
    { mime: 'application/json', data: ['a', 1] },
    { mime: 'TEXT/Plain; charset=utf-8', data: 'a\nb' },
  ]);
});

test('isJsonMime', () => {
  for (const m of [
    RUN_MIME,
    'application/json',
    'text/json',
    'application/geo+json',
    'Application/JSON; charset=utf-8',
    'application/vnd.x+JSON',
  ]) {
    assert.equal(isJsonMime(m), true, m);
  }
  for (const m of ['text/plain', 'text/markdown', 'application/x-ndjson', 'image/png', 'json', 'text/jsonl'])
    assert.equal(isJsonMime(m), false, m);
});

test('serializeNotebook rejects data the format cannot hold, naming the path', () => {
  const withData = (data: unknown, mime = RUN_MIME): NotebookDocumentData => ({
    metadata: {},
    cells: [{ kind: 'config', source: '', outputs: [{ items: [{ mime, data: data as JsonValue }] }] }],
  });
  assert.throws(
    () => serializeNotebook(withData({ w: new Float32Array(2) })),
    (e: unknown) => {
      assert.ok(e instanceof NotebookFormatError);
      assert.match(
        e.message,
        /^Cannot serialize notebook: cells\[0\]\.outputs\[0\]\.items\[0\]\.data\.w: cannot store a Float32Array .*base64/,
      );
      assert.equal(e.path, 'cells[0].outputs[0].items[0].data.w');
      return true;
    },
  );
  const cyclic: Record<string, unknown> = {};
  cyclic.self = [cyclic];
  assert.throws(() => serializeNotebook(withData(cyclic)), /data\.self\[0\]: circular reference/);
  assert.throws(() => serializeNotebook(withData({ n: 1n })), /data\.n: cannot store a bigint/);
  assert.throws(() => serializeNotebook(withData({ d: new Date(0) })), /data\.d: cannot store a Date/);
  assert.throws(() => serializeNotebook(withData({ f: () => 1 })), /cannot store a function/);
  assert.throws(() => serializeNotebook(withData(undefined)), /data: is missing/);
  assert.throws(() => serializeNotebook(withData({ a: 1 }, 'text/markdown')), /text\/markdown data must be a string/);
  // Shared (non-cyclic) references are fine.
  const shared = { x: 1 };
  assert.match(
    serializeNotebook(withData({ a: shared, b: [shared, shared] })),
    /"data": \{"a":\{"x":1\},"b":\[\{"x":1\},\{"x":1\}\]\}/,
  );
  const bad = (cell: unknown): NotebookDocumentData => ({ metadata: {}, cells: [cell as NotebookCellData] });
  assert.throws(
    () => serializeNotebook(bad({ kind: 'code', source: '' })),
    /cells\[0\]\.kind: unknown cell kind "code"/,
  );
  assert.throws(
    () => serializeNotebook(bad({ kind: 'config', source: ['a'] })),
    /cells\[0\]\.source: must be a string/,
  );
  assert.throws(
    () => serializeNotebook(bad({ kind: 'config', source: '', execution: { order: -2 } })),
    /execution\.order: must be a non-negative integer/,
  );
  assert.throws(
    () => serializeNotebook(bad({ kind: 'config', source: '', execution: { endTime: NaN } })),
    /execution\.endTime: must be a finite number/,
  );
  assert.throws(
    () => serializeNotebook(bad({ kind: 'config', source: '', metadata: [1] })),
    /cells\[0\]\.metadata: metadata must be a plain JSON object/,
  );
  assert.throws(
    () =>
      serializeNotebook({
        metadata: {},
        cells: [{ kind: 'config', source: '', outputs: [{ items: [{ mime: '', data: 1 }] }] }],
      }),
    /mime: must be a non-empty string/,
  );
});

test('special keys (__proto__, constructor) survive a round trip as plain data', () => {
  const metadata = JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1}') as Record<string, JsonValue>;
  const nb: NotebookDocumentData = { metadata, cells: [] };
  const back = parseNotebook(serializeNotebook(nb));
  assert.deepEqual(Object.keys(back.metadata), ['__proto__', 'constructor']);
  assert.equal(Object.getPrototypeOf(back.metadata), Object.prototype);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(serializeNotebook(back), serializeNotebook(nb));
});

// ---------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------

test('cellName: top-level YAML name, else cell-<index+1>', () => {
  const config = (source: string): NotebookCellData => ({ kind: 'config', source });
  assert.equal(cellName(config('name: iris\ndataset:\n  source: builtin:iris\n'), 0), 'iris');
  assert.equal(cellName(config('dataset:\n  source: builtin:iris\nname: "wine run" # comment\n'), 4), 'wine run');
  assert.equal(cellName(config('{name: flow, seed: 1}'), 0), 'flow');
  assert.equal(cellName(config("'name': quoted-key"), 0), 'quoted-key');
  assert.equal(cellName(config('  name: indented-doc\n  seed: 1\n'), 0), 'indented-doc');
  assert.equal(cellName(config('dataset:\n  name: nested\n'), 2), 'cell-3', 'only a top-level name counts');
  assert.equal(cellName(config('seed: 1\n'), 0), 'cell-1');
  assert.equal(cellName(config(''), 9), 'cell-10');
  assert.equal(cellName(config('name: 42\n'), 1), 'cell-2', 'a non-string name is ignored');
  assert.equal(cellName(config('name: ""\n'), 1), 'cell-2');
  assert.equal(cellName(config('name:\n'), 1), 'cell-2');
  assert.equal(cellName(config('name: [a, b]\n'), 1), 'cell-2');
  assert.equal(cellName(config('name: broken\ndataset: [unclosed\n'), 0), 'cell-1', 'YAML errors fall back');
  assert.equal(cellName(config('name: a\nname: b\n'), 0), 'cell-1', 'duplicate keys are a YAML error');
  assert.equal(cellName(config('name: a\n---\nname: b\n'), 0), 'cell-1', 'several documents are an error');
  assert.equal(cellName(config('- name: x\n'), 0), 'cell-1');
  assert.equal(cellName(config('just text'), 0), 'cell-1');
  assert.equal(cellName({ kind: 'markdown', source: 'name: md\n' }, 0), 'cell-1', 'markdown cells are not configs');
});

test('configCells lists config cells with their notebook index and name', () => {
  const nb: NotebookDocumentData = {
    metadata: {},
    cells: [
      { kind: 'markdown', source: '# t' },
      { kind: 'config', source: 'name: a\n' },
      { kind: 'markdown', source: 'x' },
      { kind: 'config', source: 'seed: 2\n' },
    ],
  };
  assert.deepEqual(configCells(nb), [
    { index: 1, source: 'name: a\n', name: 'a' },
    { index: 3, source: 'seed: 2\n', name: 'cell-4' },
  ]);
  assert.deepEqual(configCells({ metadata: {}, cells: [] }), []);
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

test('setCellOutputs is an immutable update', () => {
  const original: NotebookDocumentData = deepFreeze({
    metadata: { m: 1 },
    cells: [
      { kind: 'markdown', source: '# t' },
      {
        kind: 'config',
        source: 'name: a\n',
        metadata: { keep: true },
        execution: { order: 1, success: true },
        outputs: [{ items: [{ mime: 'text/plain', data: 'old' }] }],
      },
    ],
  });
  const snapshot = structuredClone(original);
  const outputs: CellOutputData[] = [{ id: 'r', items: [{ mime: RUN_MIME, data: { accuracy: 0.9 } }] }];

  const updated = setCellOutputs(original, 1, outputs, { order: 2, success: false, startTime: 10, endTime: 20 });
  assert.deepEqual(original, snapshot, 'input untouched');
  assert.notEqual(updated, original);
  assert.notEqual(updated.cells, original.cells);
  assert.equal(updated.cells[0], original.cells[0], 'other cells are shared');
  assert.equal(updated.metadata, original.metadata);
  assert.deepEqual(updated.cells[1], {
    kind: 'config',
    source: 'name: a\n',
    metadata: { keep: true },
    execution: { order: 2, success: false, startTime: 10, endTime: 20 },
    outputs,
  });
  assert.notEqual(updated.cells[1]!.outputs, outputs, 'the outputs array is copied');

  const keepsExecution = setCellOutputs(original, 1, outputs);
  assert.deepEqual(keepsExecution.cells[1]!.execution, { order: 1, success: true });

  const cleared = setCellOutputs(original, 1, [], {});
  assert.deepEqual(cleared.cells[1], { kind: 'config', source: 'name: a\n', metadata: { keep: true } });
  assert.ok(!('outputs' in cleared.cells[1]!) && !('execution' in cleared.cells[1]!));

  const partial = setCellOutputs(original, 1, outputs, { order: undefined, success: true });
  assert.deepEqual(partial.cells[1]!.execution, { success: true });
  assert.equal(serializeNotebook(parseNotebook(serializeNotebook(updated))), serializeNotebook(updated));

  assert.throws(() => setCellOutputs(original, 2, outputs), RangeError);
  assert.throws(() => setCellOutputs(original, -1, outputs), RangeError);
  assert.throws(() => setCellOutputs(original, 0.5, outputs), RangeError);
  assert.throws(
    () => setCellOutputs(original, 0, outputs),
    /Cell 1 is a markdown cell; only config cells have outputs/,
  );
  assert.deepEqual(original, snapshot);
});
