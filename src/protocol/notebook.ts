/**
 * The `.scann` notebook file format: a pure module shared by the CLI and the VS Code NotebookSerializer.
 *
 * The file is a JSON document laid out to be read and diffed line by line (see docs/formats.md):
 *
 *   {
 *    "format": "scann-notebook",
 *    "version": 1,
 *    "metadata": {},
 *    "cells": [
 *     {
 *      "kind": "config",
 *      "source": [
 *       "name: iris",
 *       ""
 *      ],
 *      "execution": {"order":1,"success":true},
 *      "outputs": [ ... ]
 *     }
 *    ]
 *   }
 *
 * - Sources (and text output data) are stored as an array of lines: `text.split('\n')`, read back with
 *   `lines.join('\n')`. A trailing newline therefore shows as a last element `""`; `\r` of CRLF text stays in
 *   its line (as the escape `\r`). The empty text is written as `[]`.
 * - Serialization is deterministic: object keys inside metadata, execution and output data are sorted
 *   (recursively, by UTF-16 code units); the order of the top-level, cell, output and item keys is fixed.
 * - Bulky values are kept on one line: each metadata entry is one line (`"key": <compact JSON>`), the
 *   execution summary is one line, and the `data` of a JSON output item is one line of compact JSON.
 * - Indentation is one space; the file ends with a single `\n`. Empty optional fields are omitted.
 */
import { isMap, isScalar, parseDocument } from 'yaml';
import { findJsonSyntaxError } from './jsonSyntax';

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };

/** The value of the `format` field of every `.scann` file. */
const NOTEBOOK_FORMAT = 'scann-notebook';
/** The newest format version this module reads, and the version it writes. */
export const NOTEBOOK_FORMAT_VERSION = 1;
/** VS Code language id of config cells (their source is YAML). */
export const CONFIG_LANGUAGE_ID = 'scann';
/** Output MIME type holding the compact run result as JSON. */
export const RUN_MIME = 'application/vnd.scann.run+json';
/** Output MIME type holding a readable summary of a run. */
export const MARKDOWN_MIME = 'text/markdown';

const CELL_KINDS = ['markdown', 'config'] as const;
export type CellKind = (typeof CELL_KINDS)[number];

export interface CellExecution {
  /** Execution counter shown next to the cell (a non-negative integer). */
  order?: number;
  success?: boolean;
  /** Milliseconds since the Unix epoch. */
  startTime?: number;
  /** Milliseconds since the Unix epoch. */
  endTime?: number;
}

export interface CellOutputItemData {
  mime: string;
  /**
   * For JSON MIME types (`…/json`, `…+json`, see `isJsonMime`): any JSON value. For every other MIME type: a
   * string (text; binary payloads must be base64-encoded by the caller).
   */
  data: JsonValue | string;
}

export interface CellOutputData {
  id?: string;
  items: CellOutputItemData[];
  metadata?: Record<string, JsonValue>;
}

export interface NotebookCellData {
  kind: CellKind;
  /** Markdown text, or the YAML text of a config (language id `scann`). */
  source: string;
  metadata?: Record<string, JsonValue>;
  outputs?: CellOutputData[];
  execution?: CellExecution;
}

export interface NotebookDocumentData {
  cells: NotebookCellData[];
  metadata: Record<string, JsonValue>;
}

/**
 * A notebook file that cannot be read (or in-memory data that cannot be written). `line` and `column` (1-based,
 * the column in UTF-16 code units like editors count) are set when the file is not well-formed JSON; `path`
 * (e.g. `cells[2].kind`) when a field is missing or invalid.
 */
export class NotebookFormatError extends Error {
  override readonly name = 'NotebookFormatError';
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly path: string | undefined;

  constructor(message: string, details: { line?: number; column?: number; path?: string } = {}) {
    super(message);
    this.line = details.line;
    this.column = details.column;
    this.path = details.path;
  }
}

/** A new notebook with no cells and no metadata (what an empty file parses to). */
function emptyNotebook(): NotebookDocumentData {
  return { cells: [], metadata: {} };
}

/**
 * Whether output data of this MIME type is a JSON value (stored as is) rather than text: `…/json` or `…+json`,
 * ignoring case and parameters.
 */
export function isJsonMime(mime: string): boolean {
  const semi = mime.indexOf(';');
  const base = (semi < 0 ? mime : mime.slice(0, semi)).trim().toLowerCase();
  return base.endsWith('/json') || base.endsWith('+json');
}

// ---------------------------------------------------------------------------------------------------------------
// Serialization
// ---------------------------------------------------------------------------------------------------------------

const PAD = [''];
function pad(level: number): string {
  while (PAD.length <= level) PAD.push(' '.repeat(PAD.length));
  return PAD[level]!;
}

type PathPart = string | number;

function formatPath(parts: readonly PathPart[]): string {
  let out = '';
  for (const p of parts) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(p)) out += out === '' ? p : `.${p}`;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out === '' ? 'notebook' : out;
}

function writeError(path: readonly PathPart[], problem: string): NotebookFormatError {
  const where = formatPath(path);
  return new NotebookFormatError(`Cannot serialize notebook: ${where}: ${problem}`, { path: where });
}

function describeNonJson(value: unknown): string {
  if (typeof value === 'bigint') return 'a bigint';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  if (typeof value === 'object' && value !== null) {
    const ctor = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
    return typeof ctor === 'string' && ctor !== '' ? `a ${ctor}` : 'a non-plain object';
  }
  return typeof value;
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Compact JSON (no spaces) with object keys sorted recursively. Follows JSON.stringify for what JSON cannot
 * hold: non-finite numbers become null, undefined object members are dropped, undefined array elements become
 * null. Anything that is not plain JSON data (class instances, typed arrays, bigint, functions, cycles) throws.
 * Returns undefined for undefined.
 */
function compactJson(value: unknown, path: PathPart[], active: Set<object>): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return undefined;
    case 'object':
      break;
    default:
      throw writeError(path, `cannot store ${describeNonJson(value)} (only plain JSON data)`);
  }
  if (value === null) return 'null';
  if (active.has(value)) throw writeError(path, 'circular reference');
  if (Array.isArray(value)) {
    active.add(value);
    const parts: string[] = [];
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      parts.push(compactJson(value[i], path, active) ?? 'null');
      path.pop();
    }
    active.delete(value);
    return `[${parts.join(',')}]`;
  }
  if (!isPlainObject(value)) {
    const hint = ArrayBuffer.isView(value) ? '; encode binary data as base64 (see base64.ts)' : '';
    throw writeError(path, `cannot store ${describeNonJson(value)} (only plain JSON data)${hint}`);
  }
  active.add(value);
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    path.push(key);
    const v = compactJson(record[key], path, active);
    path.pop();
    if (v !== undefined) parts.push(`${JSON.stringify(key)}:${v}`);
  }
  active.delete(value);
  return `{${parts.join(',')}}`;
}

/** A metadata object, one sorted key per line with a compact value; undefined if it has no (defined) entries. */
function metadataBlock(value: unknown, level: number, path: PathPart[]): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !isPlainObject(value)) {
    throw writeError(path, `metadata must be a plain JSON object, found ${describeJson(value)}`);
  }
  const record = value as Record<string, unknown>;
  const active = new Set<object>([value]);
  const lines: string[] = [];
  for (const key of Object.keys(record).sort()) {
    path.push(key);
    const v = compactJson(record[key], path, active);
    path.pop();
    if (v !== undefined) lines.push(`${pad(level + 1)}${JSON.stringify(key)}: ${v}`);
  }
  if (lines.length === 0) return undefined;
  return `{\n${lines.join(',\n')}\n${pad(level)}}`;
}

/** Text as an array of lines (`text.split('\n')`), one element per line; `[]` for the empty text. */
function linesBlock(text: string, level: number): string {
  if (text === '') return '[]';
  const inner = pad(level + 1);
  return `[\n${text
    .split('\n')
    .map((line) => inner + JSON.stringify(line))
    .join(',\n')}\n${pad(level)}]`;
}

/** An object with a fixed key order; entries with an undefined value are left out. */
function objectBlock(entries: [string, string | undefined][], level: number): string {
  const inner = pad(level + 1);
  const lines: string[] = [];
  for (const [key, value] of entries) if (value !== undefined) lines.push(`${inner}"${key}": ${value}`);
  return lines.length === 0 ? '{}' : `{\n${lines.join(',\n')}\n${pad(level)}}`;
}

function arrayBlock(items: string[], level: number): string {
  if (items.length === 0) return '[]';
  return `[\n${items.map((item) => pad(level + 1) + item).join(',\n')}\n${pad(level)}]`;
}

const EXECUTION_KEYS = ['order', 'success', 'startTime', 'endTime'] as const;

function checkExecutionField(key: (typeof EXECUTION_KEYS)[number], value: unknown): string | undefined {
  if (key === 'success')
    return typeof value === 'boolean' ? undefined : `must be true or false, found ${describeJson(value)}`;
  if (typeof value !== 'number' || !Number.isFinite(value))
    return `must be a finite number, found ${describeJson(value)}`;
  if (key === 'order' && !(Number.isInteger(value) && value >= 0)) {
    return `must be a non-negative integer, found ${JSON.stringify(value)}`;
  }
  return undefined;
}

function executionLine(execution: unknown, path: PathPart[]): string | undefined {
  if (execution === undefined) return undefined;
  if (typeof execution !== 'object' || execution === null || Array.isArray(execution)) {
    throw writeError(path, `must be an object, found ${describeJson(execution)}`);
  }
  const record = execution as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of EXECUTION_KEYS) {
    const value = record[key];
    if (value === undefined) continue;
    const problem = checkExecutionField(key, value);
    if (problem !== undefined) throw writeError([...path, key], problem);
    parts.push(`"${key}":${JSON.stringify(value)}`);
  }
  return parts.length === 0 ? undefined : `{${parts.join(',')}}`;
}

function outputBlock(output: CellOutputData, level: number, path: PathPart[]): string {
  if (typeof output !== 'object' || output === null || !Array.isArray(output.items)) {
    throw writeError(path, 'an output must be an object with an "items" array');
  }
  if (output.id !== undefined && typeof output.id !== 'string') {
    throw writeError([...path, 'id'], `must be a string, found ${describeJson(output.id)}`);
  }
  const items = output.items.map((item, i) => {
    const itemPath = [...path, 'items', i];
    if (typeof item !== 'object' || item === null) throw writeError(itemPath, 'an output item must be an object');
    if (typeof item.mime !== 'string' || item.mime === '') {
      throw writeError([...itemPath, 'mime'], `must be a non-empty string, found ${describeJson(item.mime)}`);
    }
    let data: string | undefined;
    if (isJsonMime(item.mime)) {
      data = compactJson(item.data, [...itemPath, 'data'], new Set());
      if (data === undefined) throw writeError([...itemPath, 'data'], 'is missing');
    } else if (typeof item.data === 'string') {
      data = linesBlock(item.data, level + 3);
    } else {
      throw writeError(
        [...itemPath, 'data'],
        `${item.mime} data must be a string (only JSON MIME types hold JSON values), found ${describeJson(item.data)}`,
      );
    }
    return objectBlock(
      [
        ['mime', JSON.stringify(item.mime)],
        ['data', data],
      ],
      level + 2,
    );
  });
  return objectBlock(
    [
      ['id', output.id === undefined ? undefined : JSON.stringify(output.id)],
      ['items', arrayBlock(items, level + 1)],
      ['metadata', metadataBlock(output.metadata, level + 1, [...path, 'metadata'])],
    ],
    level,
  );
}

function cellBlock(cell: NotebookCellData, level: number, path: PathPart[]): string {
  if (typeof cell !== 'object' || cell === null) throw writeError(path, 'a cell must be an object');
  if (!(CELL_KINDS as readonly unknown[]).includes(cell.kind)) {
    throw writeError(
      [...path, 'kind'],
      `unknown cell kind ${describeJson(cell.kind)} (expected "markdown" or "config")`,
    );
  }
  if (typeof cell.source !== 'string') {
    throw writeError([...path, 'source'], `must be a string, found ${describeJson(cell.source)}`);
  }
  let outputs: string | undefined;
  if (cell.outputs !== undefined) {
    if (!Array.isArray(cell.outputs)) throw writeError([...path, 'outputs'], 'must be an array');
    if (cell.outputs.length > 0) {
      outputs = arrayBlock(
        cell.outputs.map((output, i) => outputBlock(output, level + 2, [...path, 'outputs', i])),
        level + 1,
      );
    }
  }
  return objectBlock(
    [
      ['kind', JSON.stringify(cell.kind)],
      ['source', linesBlock(cell.source, level + 1)],
      ['metadata', metadataBlock(cell.metadata, level + 1, [...path, 'metadata'])],
      ['execution', executionLine(cell.execution, [...path, 'execution'])],
      ['outputs', outputs],
    ],
    level,
  );
}

/**
 * Writes a notebook in the `.scann` format (current version). Deterministic: equal data gives identical text,
 * whatever the key order of objects. Throws `NotebookFormatError` for data the format cannot hold (unknown cell
 * kind, non-string text output, class instances or typed arrays inside metadata or output data, …).
 */
export function serializeNotebook(nb: NotebookDocumentData): string {
  if (typeof nb !== 'object' || nb === null || !Array.isArray(nb.cells)) {
    throw writeError([], 'expected an object with a "cells" array');
  }
  const cells = nb.cells.map((cell, i) => cellBlock(cell, 2, ['cells', i]));
  const body = objectBlock(
    [
      ['format', JSON.stringify(NOTEBOOK_FORMAT)],
      ['version', String(NOTEBOOK_FORMAT_VERSION)],
      ['metadata', metadataBlock(nb.metadata, 1, ['metadata']) ?? '{}'],
      ['cells', arrayBlock(cells, 1)],
    ],
    0,
  );
  return `${body}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------------------------

function describeJson(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    case 'number':
      return String(value);
    case 'boolean':
      return String(value);
    case 'object':
      return isPlainObject(value) ? 'an object' : describeNonJson(value);
    default:
      return describeNonJson(value);
  }
}

function readError(path: readonly PathPart[], problem: string): NotebookFormatError {
  const where = path.length === 0 ? '' : `${formatPath(path)}: `;
  return new NotebookFormatError(`Invalid .scann notebook: ${where}${problem}`, {
    ...(path.length === 0 ? {} : { path: formatPath(path) }),
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rejectUnknownKeys(record: Record<string, unknown>, allowed: readonly string[], path: PathPart[]): void {
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) {
      const where = path.length === 0 ? ' at the top level' : '';
      throw readError(
        path,
        `unknown field ${JSON.stringify(key)}${where} (expected only ${allowed.map((k) => `"${k}"`).join(', ')})`,
      );
    }
  }
}

function readLines(value: unknown, path: PathPart[]): string {
  if (!Array.isArray(value)) {
    throw readError(path, `must be an array of lines (strings), found ${describeJson(value)}`);
  }
  for (let i = 0; i < value.length; i++) {
    const line: unknown = value[i];
    if (typeof line !== 'string') throw readError([...path, i], `a line must be a string, found ${describeJson(line)}`);
    if (line.includes('\n'))
      throw readError([...path, i], 'a line cannot contain a line feed ("\\n"); use one element per line');
  }
  return (value as string[]).join('\n');
}

function readMetadata(value: unknown, path: PathPart[]): Record<string, JsonValue> {
  if (!isObject(value)) throw readError(path, `must be an object, found ${describeJson(value)}`);
  return value as Record<string, JsonValue>;
}

function readExecution(value: unknown, path: PathPart[]): CellExecution {
  if (!isObject(value)) throw readError(path, `must be an object, found ${describeJson(value)}`);
  rejectUnknownKeys(value, EXECUTION_KEYS, path);
  const out: CellExecution = {};
  for (const key of EXECUTION_KEYS) {
    const v = value[key];
    if (v === undefined) continue;
    const problem = checkExecutionField(key, v);
    if (problem !== undefined) throw readError([...path, key], problem);
    if (key === 'success') out.success = v as boolean;
    else out[key] = v as number;
  }
  return out;
}

function readOutput(value: unknown, path: PathPart[]): CellOutputData {
  if (!isObject(value)) throw readError(path, `an output must be an object, found ${describeJson(value)}`);
  rejectUnknownKeys(value, ['id', 'items', 'metadata'], path);
  const out: CellOutputData = { items: [] };
  if (value.id !== undefined) {
    if (typeof value.id !== 'string')
      throw readError([...path, 'id'], `must be a string, found ${describeJson(value.id)}`);
    out.id = value.id;
  }
  if (!Array.isArray(value.items)) {
    throw readError(
      [...path, 'items'],
      value.items === undefined ? 'is missing' : `must be an array, found ${describeJson(value.items)}`,
    );
  }
  out.items = value.items.map((item: unknown, i: number) => {
    const itemPath = [...path, 'items', i];
    if (!isObject(item)) throw readError(itemPath, `an output item must be an object, found ${describeJson(item)}`);
    rejectUnknownKeys(item, ['mime', 'data'], itemPath);
    if (typeof item.mime !== 'string' || item.mime === '') {
      throw readError(
        [...itemPath, 'mime'],
        item.mime === undefined ? 'is missing' : `must be a non-empty string, found ${describeJson(item.mime)}`,
      );
    }
    if (item.data === undefined) throw readError([...itemPath, 'data'], 'is missing');
    if (isJsonMime(item.mime)) return { mime: item.mime, data: item.data as JsonValue };
    if (typeof item.data !== 'string' && !Array.isArray(item.data)) {
      throw readError(
        [...itemPath, 'data'],
        `${item.mime} data must be text (a string or an array of lines), found ${describeJson(item.data)}`,
      );
    }
    const data = typeof item.data === 'string' ? item.data : readLines(item.data, [...itemPath, 'data']);
    return { mime: item.mime, data };
  });
  if (value.metadata !== undefined) {
    const metadata = readMetadata(value.metadata, [...path, 'metadata']);
    if (Object.keys(metadata).length > 0) out.metadata = metadata;
  }
  return out;
}

function readCell(value: unknown, path: PathPart[]): NotebookCellData {
  if (!isObject(value)) throw readError(path, `a cell must be an object, found ${describeJson(value)}`);
  const kind = value.kind;
  if (kind === undefined) throw readError([...path, 'kind'], 'is missing (expected "markdown" or "config")');
  if (!(CELL_KINDS as readonly unknown[]).includes(kind)) {
    throw readError([...path, 'kind'], `unknown cell kind ${describeJson(kind)} (expected "markdown" or "config")`);
  }
  rejectUnknownKeys(value, ['kind', 'source', 'metadata', 'execution', 'outputs'], path);
  if (value.source === undefined) throw readError([...path, 'source'], 'is missing');
  const cell: NotebookCellData = { kind: kind as CellKind, source: readLines(value.source, [...path, 'source']) };
  if (value.metadata !== undefined) {
    const metadata = readMetadata(value.metadata, [...path, 'metadata']);
    if (Object.keys(metadata).length > 0) cell.metadata = metadata;
  }
  if (value.execution !== undefined) {
    const execution = readExecution(value.execution, [...path, 'execution']);
    if (Object.keys(execution).length > 0) cell.execution = execution;
  }
  if (value.outputs !== undefined) {
    if (!Array.isArray(value.outputs)) {
      throw readError([...path, 'outputs'], `must be an array, found ${describeJson(value.outputs)}`);
    }
    const outputs = value.outputs.map((o: unknown, i: number) => readOutput(o, [...path, 'outputs', i]));
    if (outputs.length > 0) cell.outputs = outputs;
  }
  return cell;
}

/**
 * Reads a `.scann` file. Empty or whitespace-only text is a new, empty notebook; a leading byte order mark is
 * ignored. Throws `NotebookFormatError` when the text is not JSON (with line and column), is not a notebook,
 * has a version newer than `NOTEBOOK_FORMAT_VERSION`, or has a missing, unknown or invalid field.
 *
 * Callers must never overwrite a file that failed to parse: the error may come from a newer format version or
 * a merge conflict, and saving would lose the user's data.
 */
export function parseNotebook(text: string): NotebookDocumentData {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return emptyNotebook();

  let root: unknown;
  try {
    root = JSON.parse(text) as unknown;
  } catch (error) {
    const found = findJsonSyntaxError(text);
    if (found === undefined) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new NotebookFormatError(`Invalid .scann notebook: malformed JSON (${detail})`);
    }
    const { line, column } = found;
    throw new NotebookFormatError(
      `Invalid .scann notebook: malformed JSON at line ${line}, column ${column}: ${found.message}`,
      {
        line,
        column,
      },
    );
  }

  if (!isObject(root)) {
    throw readError([], `expected a JSON object at the top level, found ${describeJson(root)}`);
  }
  if (root.format === undefined) {
    throw readError([], `missing "format": ${JSON.stringify(NOTEBOOK_FORMAT)} (is this a .scann notebook?)`);
  }
  if (root.format !== NOTEBOOK_FORMAT) {
    throw readError(
      ['format'],
      `unknown format tag ${describeJson(root.format)} (expected ${JSON.stringify(NOTEBOOK_FORMAT)}; is this a .scann notebook?)`,
    );
  }
  const version = root.version;
  if (version === undefined) throw readError(['version'], 'is missing');
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw readError(['version'], `must be a positive integer, found ${describeJson(version)}`);
  }
  if (version > NOTEBOOK_FORMAT_VERSION) {
    throw new NotebookFormatError(
      `This .scann notebook uses format version ${version}, but this version of SCANN Studio supports only ` +
        `version ${NOTEBOOK_FORMAT_VERSION}. Update SCANN Studio to open it.`,
      { path: 'version' },
    );
  }
  rejectUnknownKeys(root, ['format', 'version', 'metadata', 'cells'], []);
  const metadata = root.metadata === undefined ? {} : readMetadata(root.metadata, ['metadata']);
  if (root.cells === undefined) throw readError(['cells'], 'is missing (expected an array of cells)');
  if (!Array.isArray(root.cells)) throw readError(['cells'], `must be an array, found ${describeJson(root.cells)}`);
  const cells = root.cells.map((cell: unknown, i: number) => readCell(cell, ['cells', i]));
  return { cells, metadata };
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers for the CLI and the extension
// ---------------------------------------------------------------------------------------------------------------

export interface ConfigCellRef {
  /** Index of the cell in `nb.cells` (0-based). */
  index: number;
  source: string;
  /** `cellName(cell, index)`. */
  name: string;
}

/** The config cells of a notebook, in order, with their index in `nb.cells` and their name. */
export function configCells(nb: NotebookDocumentData): ConfigCellRef[] {
  const out: ConfigCellRef[] = [];
  nb.cells.forEach((cell, index) => {
    if (cell.kind === 'config') out.push({ index, source: cell.source, name: cellName(cell, index) });
  });
  return out;
}

/** The top-level `name:` of a YAML config, if it is a non-empty string and the YAML parses without errors. */
function yamlName(source: string): string | undefined {
  let contents: unknown;
  try {
    const doc = parseDocument(source);
    if (doc.errors.length > 0) return undefined;
    contents = doc.contents;
  } catch {
    return undefined;
  }
  if (!isMap(contents)) return undefined;
  const node: unknown = contents.get('name', true);
  if (!isScalar(node) || typeof node.value !== 'string') return undefined;
  const name = node.value.trim();
  return name === '' ? undefined : name;
}

/**
 * A human name for a cell: for a config cell, its YAML top-level `name:` (a non-empty string; YAML errors are
 * ignored), else `cell-<index+1>`. Pass the index of the cell in `nb.cells`. Names are not guaranteed unique.
 */
export function cellName(cell: NotebookCellData, index: number): string {
  if (cell.kind === 'config') {
    const name = yamlName(cell.source);
    if (name !== undefined) return name;
  }
  return `cell-${index + 1}`;
}

/**
 * Returns a new notebook in which cell `cellIndex` has `outputs` (replacing the old ones) and, when given,
 * `execution` (replacing the old summary; pass `{}` to clear it). Nothing is mutated: the notebook, its cells
 * array and the changed cell are copies; other cells are shared. Empty outputs/execution are removed.
 * Throws RangeError for an index out of range, and Error for a markdown cell (only config cells run).
 */
export function setCellOutputs(
  nb: NotebookDocumentData,
  cellIndex: number,
  outputs: readonly CellOutputData[],
  execution?: CellExecution,
): NotebookDocumentData {
  if (!Number.isInteger(cellIndex) || cellIndex < 0 || cellIndex >= nb.cells.length) {
    throw new RangeError(`Cell index ${cellIndex} is out of range (the notebook has ${nb.cells.length} cells)`);
  }
  const old = nb.cells[cellIndex]!;
  if (old.kind !== 'config')
    throw new Error(`Cell ${cellIndex + 1} is a ${old.kind} cell; only config cells have outputs`);
  const cell: NotebookCellData = { ...old };
  if (outputs.length > 0) cell.outputs = [...outputs];
  else delete cell.outputs;
  if (execution !== undefined) {
    const summary: CellExecution = {};
    for (const key of EXECUTION_KEYS) {
      const value = execution[key];
      if (value === undefined) continue;
      if (key === 'success') summary.success = value as boolean;
      else summary[key] = value as number;
    }
    if (Object.keys(summary).length > 0) cell.execution = summary;
    else delete cell.execution;
  }
  const cells = nb.cells.slice();
  cells[cellIndex] = cell;
  return { ...nb, cells };
}
