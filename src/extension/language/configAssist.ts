/**
 * Completion and hover for config text, independent of any editor API: the extension maps these to VS Code
 * types, and tests call them directly. Completion works on text being typed (usually not valid YAML at that
 * moment), so it reads the block structure from indentation; hover reads the parsed YAML document.
 */
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import { BUILTIN_DATASET_NAMES } from '../../protocol/datasets';
import { fieldInfo, objectKeys, schemaAt, type SchemaPath } from '../../protocol/schemaWalk';

export interface CompletionEntry {
  label: string;
  kind: 'key' | 'value' | 'file';
  insertText: string;
  detail: string;
  documentation: string;
}

/** What completion knows of the machine: data files near the config, and which built-in datasets load here. */
export interface AssistContext {
  /** Data files (CSV, ARFF, IDX; gzipped or not) as a config would name them: relative to its base folder. */
  files?: string[];
  /** Built-in dataset names that cannot be loaded here, with why. */
  unavailable?: Map<string, string>;
}

/** File names a dataset loader reads (`src/engine/data/files.ts`), for the workspace search behind completion. */
export const DATA_FILE_GLOB = '**/*.{csv,tsv,arff,idx,ubyte,csv.gz,tsv.gz,arff.gz,idx.gz,ubyte.gz}';

/** The replacement a "did you mean 'x'?" message proposes, for its quick fix. */
export function didYouMean(message: string): string | undefined {
  return /did you mean '([^']+)'\?/.exec(message)?.[1];
}

export interface CompletionResult {
  path: SchemaPath;
  items: CompletionEntry[];
  /** Offsets of the word being completed (replaced by the chosen item). */
  start: number;
  end: number;
}

export interface HoverResult {
  path: SchemaPath;
  markdown: string;
  start: number;
  end: number;
}

interface LineInfo {
  blank: boolean;
  indent: number;
  dash: boolean;
  /** Column where the line's key (or, on a dash line, the item's content) starts. */
  keyCol: number;
  key?: string;
  hasValue: boolean;
  value?: string;
}

const LINE = /^(\s*)(-\s+)?(?:([A-Za-z_][\w.-]*)\s*:(?:\s+(.*))?)?/;

function lineInfo(text: string): LineInfo {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.startsWith('#'))
    return { blank: true, indent: 0, dash: false, keyCol: 0, hasValue: false };
  const m = LINE.exec(text)!;
  const indent = m[1]!.length;
  const dash = m[2] !== undefined;
  const keyCol = indent + (m[2]?.length ?? 0);
  const value = m[4]?.replace(/\s+#.*$/, '').trim();
  const info: LineInfo = { blank: false, indent, dash, keyCol, hasValue: !!value };
  if (m[3] !== undefined) info.key = m[3];
  if (value) info.value = value;
  return info;
}

/** Index of the item that line `j` starts (dashes at `dashIndent`) and the line of the sequence's key. */
function itemIndex(lines: LineInfo[], j: number, dashIndent: number): { index: number; parent: number } {
  let index = 0;
  let k = j - 1;
  for (; k >= 0; k--) {
    const l = lines[k]!;
    if (l.blank) continue;
    if (l.indent < dashIndent || (l.indent === dashIndent && !l.dash)) break;
    if (l.dash && l.indent === dashIndent) index++;
  }
  return { index, parent: k };
}

/** The path of the mapping that holds a key starting at column `col` on line `j`. */
function containerPath(lines: LineInfo[], j: number, col: number): SchemaPath {
  const path: SchemaPath = [];
  for (let guard = 0; guard < 1000; guard++) {
    const cur = lines[j];
    if (cur && !cur.blank && cur.dash && cur.keyCol === col) {
      const { index, parent } = itemIndex(lines, j, cur.indent);
      path.unshift(index);
      const p = lines[parent];
      if (!p?.key) return path;
      path.unshift(p.key);
      j = parent;
      col = p.keyCol;
      continue;
    }
    let k = j - 1;
    while (k >= 0) {
      const l = lines[k]!;
      const outer = !l.blank && (l.keyCol < col || (l.dash && l.indent < col));
      if (outer) break;
      k--;
    }
    if (k < 0) return path;
    const l = lines[k]!;
    if (l.dash && l.keyCol === col) {
      j = k;
      continue;
    }
    if (l.key !== undefined && !l.hasValue && l.keyCol < col) {
      path.unshift(l.key);
      j = k;
      col = l.keyCol;
      continue;
    }
    return path;
  }
  return path;
}

/** Keys already used in the mapping that holds line `j` (same column, same parent). */
function siblingKeys(lines: LineInfo[], j: number, col: number): Set<string> {
  const keys = new Set<string>();
  for (const dir of [-1, 1]) {
    for (let k = j + dir; k >= 0 && k < lines.length; k += dir) {
      const l = lines[k]!;
      if (l.blank) continue;
      if (l.keyCol < col || (l.dash && l.indent < col)) {
        if (l.dash && l.keyCol === col && l.key) keys.add(l.key);
        break;
      }
      if (l.keyCol === col && l.key) keys.add(l.key);
    }
  }
  return keys;
}

function doc(path: SchemaPath, raw: unknown): { detail: string; documentation: string; values: string[] } {
  const s = schemaAt(path, raw);
  if (!s) return { detail: '', documentation: '', values: [] };
  const f = fieldInfo(s);
  const documentation = [
    f.description ?? '',
    f.default !== undefined ? `Default: \`${JSON.stringify(f.default)}\`` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
  return { detail: f.type, documentation, values: f.values };
}

/** The parsed data of the text without the line being typed (which usually breaks the YAML). */
function rawWithout(lines: string[], j: number): unknown {
  try {
    const d = parseDocument(lines.filter((_, i) => i !== j).join('\n'));
    return d.toJS();
  } catch {
    return undefined;
  }
}

export function completeAt(text: string, offset: number, ctx: AssistContext = {}): CompletionResult | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEndIdx = text.indexOf('\n', offset);
  const lineEnd = lineEndIdx < 0 ? text.length : lineEndIdx;
  const before = text.slice(lineStart, offset);
  const textLines = text.split('\n');
  const j = text.slice(0, lineStart).split('\n').length - 1;
  const lines = textLines.map((l, i) => (i === j ? lineInfo(before) : lineInfo(l)));
  const raw = rawWithout(textLines, j);
  const wordMatch = /[\w.:-]*$/.exec(before)!;
  const wordStart = offset - wordMatch[0].length;
  const wordEndMatch = /^[\w.-]*/.exec(text.slice(offset, lineEnd))!;
  const end = offset + wordEndMatch[0].length;

  // Inside a flow mapping on this line: `key: { a: 1, |`
  const open = before.lastIndexOf('{');
  if (open >= 0 && before.indexOf('}', open) < 0) {
    const outer = lineInfo(before.slice(0, open));
    if (!outer.key) return undefined;
    const base = [...containerPath(lines, j, outer.keyCol), outer.key];
    const inner = before
      .slice(open + 1)
      .split(',')
      .pop()!;
    const kv = /^\s*([A-Za-z_][\w.-]*)\s*:\s*([\w:-]*)$/.exec(inner);
    if (kv) return values([...base, kv[1]!], raw, offset - kv[2]!.length, end, ctx);
    const used = new Set(Array.from(before.slice(open + 1).matchAll(/([A-Za-z_][\w.-]*)\s*:/g), (m) => m[1]!));
    return keys(base, raw, used, offset - /[\w-]*$/.exec(before)![0].length, end);
  }

  const here = lines[j]!;
  if (here.key !== undefined && /:\s/.test(before.slice(here.keyCol))) {
    const valueStart = lineStart + before.indexOf(':', here.keyCol) + 1;
    const typed = before.slice(valueStart - lineStart).trimStart();
    return values([...containerPath(lines, j, here.keyCol), here.key], raw, offset - typed.length, end, ctx);
  }
  const col = here.blank ? before.length : here.keyCol;
  if (here.blank && before.trim() !== '') return undefined;
  const probe = lines.slice();
  probe[j] = { ...here, blank: false, keyCol: col, indent: here.dash ? here.indent : col };
  const path = containerPath(probe, j, col);
  return keys(path, raw, siblingKeys(probe, j, col), wordStart, end);
}

function keys(
  path: SchemaPath,
  raw: unknown,
  used: Set<string>,
  start: number,
  end: number,
): CompletionResult | undefined {
  const names = objectKeys(path, raw);
  if (names.length === 0) return undefined;
  const items = names
    .filter((k) => !used.has(k))
    .map((k): CompletionEntry => {
      const d = doc([...path, k], raw);
      return { label: k, kind: 'key', insertText: `${k}: `, detail: d.detail, documentation: d.documentation };
    });
  return { path, items, start, end };
}

function values(
  path: SchemaPath,
  raw: unknown,
  start: number,
  end: number,
  ctx: AssistContext,
): CompletionResult | undefined {
  const d = doc(path, raw);
  const dataKey = path.length === 2 && path[0] === 'dataset' && typeof path[1] === 'string' ? path[1] : undefined;
  if (dataKey === 'source' || dataKey === 'labels' || dataKey === 'test' || dataKey === 'testLabels') {
    const items = dataValues(dataKey === 'source', d, ctx);
    return items.length ? { path, items, start, end } : undefined;
  }
  if (d.values.length === 0) return undefined;
  const items = d.values.map((v): CompletionEntry => ({
    label: v,
    kind: 'value',
    insertText: v,
    detail: d.detail,
    documentation: d.documentation,
  }));
  return { path, items, start, end };
}

/** Built-in datasets (for `source`; one that cannot load here says why) and the data files of the workspace. */
function dataValues(builtins: boolean, d: { documentation: string }, ctx: AssistContext): CompletionEntry[] {
  const items: CompletionEntry[] = [];
  if (builtins) {
    for (const n of BUILTIN_DATASET_NAMES) {
      const why = ctx.unavailable?.get(n);
      items.push({
        label: `builtin:${n}`,
        kind: 'value',
        insertText: `builtin:${n}`,
        detail: why ? 'built-in dataset (unavailable here)' : 'built-in dataset',
        documentation: why ? `**Unavailable here:** ${why}\n\n${d.documentation}` : d.documentation,
      });
    }
  }
  for (const f of ctx.files ?? []) {
    items.push({ label: f, kind: 'file', insertText: f, detail: 'data file in the workspace', documentation: '' });
  }
  return items;
}

export function hoverAt(text: string, offset: number): HoverResult | undefined {
  let parsed;
  let raw: unknown;
  try {
    parsed = parseDocument(text);
    // toJS throws on an alias bomb (too many alias expansions): no hover then, the diagnostics say why.
    raw = parsed.toJS();
  } catch {
    return undefined;
  }
  const found = findNode(parsed.contents as YamlNode | null, offset, []);
  if (!found) return undefined;
  const s = schemaAt(found.path, raw);
  if (!s) return undefined;
  const f = fieldInfo(s);
  const name = found.path.filter((p) => typeof p === 'string').join('.');
  const parts = [`**${name}** \`${f.type}\``];
  if (f.description) parts.push(f.description);
  if (f.default !== undefined) parts.push(`Default: \`${JSON.stringify(f.default)}\``);
  return { path: found.path, markdown: parts.join('\n\n'), start: found.start, end: found.end };
}

function findNode(
  node: YamlNode | null,
  offset: number,
  path: SchemaPath,
): { path: SchemaPath; start: number; end: number } | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      const k = pair.key as YamlNode | null;
      const v = pair.value as YamlNode | null;
      if (!isScalar(k) || !k.range) continue;
      const key = String(k.value);
      if (offset >= k.range[0] && offset <= k.range[1])
        return { path: [...path, key], start: k.range[0], end: k.range[1] };
      if (v?.range && offset >= v.range[0] && offset <= v.range[1]) {
        if (isScalar(v)) return { path: [...path, key], start: k.range[0], end: v.range[1] };
        return findNode(v, offset, [...path, key]);
      }
    }
  }
  if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) {
      const item = node.items[i] as YamlNode | null;
      if (item?.range && offset >= item.range[0] && offset <= item.range[1])
        return findNode(item, offset, [...path, i]);
    }
  }
  return undefined;
}
