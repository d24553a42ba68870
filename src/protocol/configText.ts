/**
 * Config cell text -> validated config, with every problem located in the text. The CLI prints these issues and
 * the editor shows them as diagnostics, so both say the same thing from the same code.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { z } from 'zod';
import {
  baselineArchitecture,
  baselineStartName,
  startsFromBaseline,
  startFieldsSet,
  configSchema,
  LINEAR_DR_METHODS,
  type ReduceConfig,
  type ScannConfig,
} from './config';
import { BUILTIN_DATASET_NAMES } from './datasets';
import { fieldInfo, objectKeys, schemaAt, valueAt } from './schemaWalk';
import { checkSweep } from './sweepCheck';
import { cloneJson, groupKey, parseConfigPath, setPath, sweepPoints } from './sweepExpand';

export type ConfigPath = (string | number)[];

export interface ConfigIssue {
  path: ConfigPath;
  message: string;
  severity: 'error' | 'warning';
  /** Offsets into the text, [start, end). */
  start: number;
  end: number;
  /** 1-based. */
  line: number;
  column: number;
}

export interface ConfigParseResult {
  config?: ScannConfig;
  issues: ConfigIssue[];
}

export function formatPath(path: ConfigPath): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '');
}

/** One line per issue: `LINE:COL path: message`. */
export function formatIssue(i: ConfigIssue): string {
  const where = formatPath(i.path);
  return `${i.line}:${i.column} ${i.severity}: ${where ? `${where}: ` : ''}${i.message}`;
}

/** The text range of the value at `path` (nearest existing parent when it is absent). */
export function locatePath(text: string, path: ConfigPath): { start: number; end: number } {
  const [start, end] = rangeOf(parseDocument(text), path, false);
  return { start, end };
}

/** Alias expansions a config may use (the yaml library's default); a config needs none, anchors are for reuse. */
const MAX_ALIAS_COUNT = 100;

export function parseConfigText(text: string): ConfigParseResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const locate = (start: number, end: number) => {
    const p = lines.linePos(start);
    return { start, end: Math.max(end, start), line: p.line, column: p.col };
  };
  const issues: ConfigIssue[] = [];
  for (const e of doc.errors) {
    issues.push({ path: [], message: e.message.split('\n')[0]!, severity: 'error', ...locate(e.pos[0], e.pos[1]) });
  }
  if (issues.length) return { issues };
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (err) {
    // The yaml library refuses to expand aliases past maxAliasCount (a "billion laughs" document would take
    // gigabytes) by throwing; that is a config error like any other, with where the aliases are.
    const alias = text.search(/\*[^\s,\]}]/);
    return {
      issues: [
        {
          path: [],
          message: `the YAML expands too many aliases (*name): ${err instanceof Error ? err.message : String(err)}`,
          severity: 'error',
          ...locate(Math.max(0, alias), Math.max(0, alias) + 1),
        },
      ],
    };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      issues: [
        {
          path: [],
          message: 'a config is a YAML mapping (key: value lines)',
          severity: 'error',
          ...locate(0, text.length),
        },
      ],
    };
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    for (const zi of parsed.error.issues) issues.push(...toIssues(zi, doc, raw, locate));
    return { issues: issues.sort((a, b) => a.start - b.start) };
  }
  for (const w of semanticChecks(parsed.data)) {
    const [s, e] = rangeOf(doc, w.path, false);
    issues.push({ ...w, ...locate(s, e) });
  }
  if (parsed.data.sweep) issues.push(...sweepIssues(parsed.data, raw as Record<string, unknown>, doc, locate));
  return issues.some((i) => i.severity === 'error') ? { issues } : { config: parsed.data, issues };
}

type Locate = (start: number, end: number) => { start: number; end: number; line: number; column: number };

function toIssues(zi: z.core.$ZodIssue, doc: Document, raw: unknown, locate: Locate): ConfigIssue[] {
  const path = zi.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (zi.code === 'unrecognized_keys') {
    const known = objectKeys(path, raw);
    return zi.keys.map((key) => {
      const [s, e] = rangeOf(doc, [...path, key], true);
      const hint = suggest(key, known);
      const message = `unknown key '${key}'${hint ? `; did you mean '${hint}'?` : known.length ? `; expected one of: ${known.join(', ')}` : ''}`;
      return { path: [...path, key], message, severity: 'error' as const, ...locate(s, e) };
    });
  }
  const [s, e] = rangeOf(doc, path, false);
  return [{ path, message: describe(zi, path, raw), severity: 'error', ...locate(s, e) }];
}

function describe(zi: z.core.$ZodIssue, path: ConfigPath, raw: unknown): string {
  const value = valueAt(raw, path);
  switch (zi.code) {
    case 'invalid_type': {
      if (value === undefined) return `missing required key '${String(path[path.length - 1] ?? '')}'`;
      // A string where an integer belongs fails as "expected number": the field's own type is the better word.
      const int = zi.expected === 'int' || (zi.expected === 'number' && isIntegerField(path, raw));
      return `expected ${int ? 'integer' : zi.expected}, got ${show(value)}`;
    }
    case 'invalid_value':
      return `expected one of ${zi.values.map((v) => JSON.stringify(v)).join(', ')}, got ${show(value)}`;
    case 'too_small':
      return `${show(value)} is too small: must be ${zi.inclusive ? '>=' : '>'} ${String(zi.minimum)}${zi.origin === 'array' ? ' items' : ''}`;
    case 'too_big':
      return `${show(value)} is too large: must be ${zi.inclusive ? '<=' : '<'} ${String(zi.maximum)}${zi.origin === 'array' ? ' items' : ''}`;
    case 'invalid_union':
      return `${show(value)} is not valid here (${unionHint(path)})`;
    default:
      return zi.message;
  }
}

function isIntegerField(path: ConfigPath, raw: unknown): boolean {
  const s = schemaAt(path, raw);
  return !!s && fieldInfo(s).type.startsWith('integer');
}

/**
 * The dataset file keys as written (`dataset.source`, `labels`, `test`, `testLabels`), with their text ranges,
 * read from the YAML alone: a missing file is worth reporting while other keys are still wrong.
 */
export function datasetFileRefs(text: string): { key: string; value: string; start: number; end: number }[] {
  const doc = parseDocument(text);
  if (doc.errors.length) return [];
  const out: { key: string; value: string; start: number; end: number }[] = [];
  for (const key of ['source', 'labels', 'test', 'testLabels']) {
    const node = doc.getIn(['dataset', key], true) as YamlNode | undefined;
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range) continue;
    out.push({ key, value: node.value, start: node.range[0], end: node.range[1] });
  }
  return out;
}

function unionHint(path: ConfigPath): string {
  const last = path[path.length - 1];
  if (last === 'hidden') return 'a neuron count or a list of layer sizes';
  if (last === 'energy') return 'horowitz45nm, scann130nm, or { mac, memory, compare }';
  if (last === 'label') return 'a column name or a 0-based index';
  if (last === 'op') return 'expected one of growConnections, growNeurons, growChannels, prune';
  if (last === 'layer') return 'expected one of conv2d, maxPool, avgPool, flatten';
  if (typeof last === 'number' && path[path.length - 2] === 'conv')
    return 'a conv layer: { layer: conv2d | maxPool | avgPool | flatten, ... }';
  if (typeof last === 'number')
    return `an operation: { op: growConnections | growNeurons | growChannels | prune, ... }`;
  return 'see the documentation of this key';
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return 'a list';
  if (v !== null && typeof v === 'object') return 'a mapping';
  return String(v);
}

/** The text range of the value at `path` (or of its key, for unknown keys); falls back to the nearest parent. */
function rangeOf(doc: Document, path: ConfigPath, keyOnly: boolean): [number, number] {
  for (let n = path.length; n >= 0; n--) {
    const parent = n === 0 ? doc.contents : doc.getIn(path.slice(0, n - 1), true);
    if (n === 0) {
      const r = (parent as YamlNode | null)?.range;
      return r ? [r[0], r[0]] : [0, 0];
    }
    if (!isMap(parent)) {
      const node = doc.getIn(path.slice(0, n), true) as YamlNode | undefined;
      if (node?.range) return [node.range[0], node.range[1]];
      continue;
    }
    const key = path[n - 1];
    const pair = parent.items.find((it) => isScalar(it.key) && it.key.value === key);
    if (!pair) continue;
    const k = pair.key as YamlNode;
    const v = pair.value as YamlNode | null;
    if (n === path.length && !keyOnly && v?.range) return [v.range[0], v.range[1]];
    if (k.range) return [k.range[0], k.range[1]];
  }
  return [0, 0];
}

/** The closest known key by edit distance, when it is close enough to be a likely typo. */
export function suggest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const dist = editDistance(word.toLowerCase(), c.toLowerCase());
    if (dist < bestD) {
      bestD = dist;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/**
 * A synthesis that starts from the trained baseline (scheme imp, or C with `start.from: baseline`) reads the raw
 * features, as the baseline does, and takes its layers and weights: the other `start` fields do not apply.
 */
function startFromChecks(c: ScannConfig): Omit<ConfigIssue, 'start' | 'end' | 'line' | 'column'>[] {
  const out: Omit<ConfigIssue, 'start' | 'end' | 'line' | 'column'>[] = [];
  if ((c.scheme === 'A' || c.scheme === 'B') && c.start.from === 'baseline') {
    out.push({
      path: ['start', 'from'],
      severity: 'error',
      message: `scheme ${c.scheme} grows a network of its own; only scheme C (or imp) can start from the baseline`,
    });
  }
  if (!startsFromBaseline(c)) return out;
  const who = baselineStartName(c);
  if (c.reduce && c.reduce.method !== 'none') {
    out.push({
      path: ['reduce'],
      severity: 'error',
      message: `${who} prunes the trained baseline, which reads the raw features: it cannot follow a reduction`,
    });
  }
  const ignored = startFieldsSet(c.start);
  if (c.scheme === 'imp' && c.start.from === 'scratch') ignored.push('from');
  for (const k of ignored) {
    out.push({
      path: ['start', k],
      severity: 'warning',
      message: `ignored: ${who} starts from the trained baseline (its layers are \`baseline.hidden\`)`,
    });
  }
  return out;
}

/** Rules that span fields, which the schema's per-field types cannot express. */
function semanticChecks(c: ScannConfig): Omit<ConfigIssue, 'start' | 'end' | 'line' | 'column'>[] {
  const out: Omit<ConfigIssue, 'start' | 'end' | 'line' | 'column'>[] = [];
  const src = c.dataset.source;
  if (src.startsWith('builtin:')) {
    const name = src.slice('builtin:'.length);
    if (!BUILTIN_DATASET_NAMES.includes(name)) {
      const hint = suggest(name, [...BUILTIN_DATASET_NAMES]);
      out.push({
        path: ['dataset', 'source'],
        severity: 'error',
        message: `unknown built-in dataset '${name}'${hint ? `; did you mean 'builtin:${hint}'?` : ''} (built-in: ${BUILTIN_DATASET_NAMES.join(', ')})`,
      });
    }
  }
  if (c.dataset.labels === undefined && c.dataset.testLabels !== undefined) {
    out.push({
      path: ['dataset', 'testLabels'],
      severity: 'error',
      message: '`testLabels` goes with IDX files and `labels`',
    });
  }
  if (c.scheme === 'C' && typeof c.start.hidden === 'number') {
    out.push({
      path: ['start', 'hidden'],
      severity: 'warning',
      message: 'scheme C works on an MLP: give layer sizes, e.g. [128, 64]',
    });
  }
  out.push(...startFromChecks(c));
  const ops = (['prelude', 'loop', 'finale'] as const).flatMap((k) =>
    (c[k] ?? []).map((o, i) => ({ o, path: [k, i] as ConfigPath })),
  );
  for (const { o, path } of ops) {
    if (o.op === 'growConnections' && o.percentile !== undefined && o.fraction !== undefined) {
      out.push({
        path: [...path, 'fraction'],
        severity: 'error',
        message: 'give either `percentile` or `fraction`, not both',
      });
    }
    if (o.op === 'prune' && o.keep !== undefined && o.ratio !== undefined) {
      out.push({ path: [...path, 'keep'], severity: 'error', message: 'give either `ratio` or `keep`, not both' });
    }
    if (o.op === 'prune' && o.keep !== undefined && o.scope === 'group') {
      out.push({
        path: [...path, 'scope'],
        severity: 'error',
        message: '`keep` counts connections globally: use scope: global',
      });
    }
  }
  out.push(...reduceChecks(c));
  out.push(...convChecks(c));
  if (c.start.maxHidden !== undefined && typeof c.start.hidden === 'number' && c.start.maxHidden < c.start.hidden) {
    out.push({
      path: ['start', 'maxHidden'],
      severity: 'error',
      message: `must be at least start.hidden (${c.start.hidden})`,
    });
  }
  return out;
}

/** Conv front end rules; whether the data are images of a fitting shape needs the data and is checked by the engine. */
function convChecks(c: ScannConfig): Omit<ConfigIssue, 'start' | 'end' | 'line' | 'column'>[] {
  const out: Omit<ConfigIssue, 'start' | 'end' | 'line' | 'column'>[] = [];
  const b = c.baseline;
  if (b.preset !== undefined) {
    for (const k of ['conv', 'hidden'] as const) {
      if (b[k] !== undefined)
        out.push({ path: ['baseline', k], severity: 'error', message: `give either \`preset\` or \`${k}\`, not both` });
    }
  }
  (b.conv ?? []).forEach((l, i, all) => {
    if (l.layer === 'flatten' && i !== all.length - 1)
      out.push({ path: ['baseline', 'conv', i], severity: 'error', message: '`flatten` can only be the last layer' });
  });
  if (baselineArchitecture(b).conv.length === 0) return out;
  if (c.reduce && c.reduce.method !== 'none') {
    out.push({
      path: ['reduce'],
      severity: 'error',
      message: 'a conv front end reads the image itself: it cannot follow a reduction (remove `reduce`)',
    });
  }
  if (c.engine === 'tfjs') {
    out.push({ path: ['engine'], severity: 'error', message: 'the tfjs engine has no conv layers: use `builtin`' });
  }
  return out;
}

/** `reduce.as: layer` needs a linear transform and an engine with linear hidden units. */
function layerChecks(c: ScannConfig, r: ReduceConfig): Omit<ConfigIssue, 'start' | 'end' | 'line' | 'column'>[] {
  const out: Omit<ConfigIssue, 'start' | 'end' | 'line' | 'column'>[] = [];
  const linear = `a DR layer needs a linear method (${LINEAR_DR_METHODS.join(', ')})`;
  if (r.method === 'isomap' || r.method === 'spectral') {
    out.push({
      path: ['reduce', 'as'],
      severity: 'error',
      message: `${r.method} is not a linear transform: ${linear}`,
    });
  }
  const manifolds = r.method === 'auto' ? (r.methods ?? []).filter((m) => !LINEAR_DR_METHODS.includes(m)) : [];
  if (manifolds.length) {
    out.push({
      path: ['reduce', 'methods'],
      severity: 'error',
      message: `${manifolds.join(' and ')} ${manifolds.length > 1 ? 'are' : 'is'} not linear: ${linear}`,
    });
  }
  if (r.method === 'none')
    out.push({ path: ['reduce', 'as'], severity: 'warning', message: 'ignored with method: none' });
  if (c.engine === 'tfjs') {
    out.push({
      path: ['engine'],
      severity: 'error',
      message: 'the tfjs engine has no linear hidden units, which reduce.as: layer needs: use engine: builtin',
    });
  }
  return out;
}

/** DR+SCANN rules that need more than one field; the dims-vs-features check needs the data and runs in the engine. */
function reduceChecks(c: ScannConfig): Omit<ConfigIssue, 'start' | 'end' | 'line' | 'column'>[] {
  const r = c.reduce;
  if (!r) return [];
  const out: Omit<ConfigIssue, 'start' | 'end' | 'line' | 'column'>[] = [];
  if (r.methods && r.method !== 'auto') {
    out.push({
      path: ['reduce', 'methods'],
      severity: 'warning',
      message: `ignored: candidate methods are searched only with method: auto (method is ${r.method})`,
    });
  }
  if (r.method === 'none' && r.dims !== undefined) {
    out.push({ path: ['reduce', 'dims'], severity: 'warning', message: 'ignored with method: none' });
  }
  if (Array.isArray(r.dims) && new Set(r.dims).size !== r.dims.length) {
    out.push({ path: ['reduce', 'dims'], severity: 'warning', message: 'repeated values are evaluated once' });
  }
  if (r.as === 'layer') out.push(...layerChecks(c, r));
  const manifold =
    r.method === 'isomap' ||
    r.method === 'spectral' ||
    (r.method === 'auto' &&
      (r.methods ?? (r.as === 'layer' ? [] : ['isomap'])).some((m) => m === 'isomap' || m === 'spectral'));
  if (manifold && r.landmarks < r.neighbors + 2) {
    out.push({
      path: ['reduce', 'landmarks'],
      severity: 'error',
      message: `Isomap / spectral embedding with ${r.neighbors} neighbours need at least ${r.neighbors + 2} landmarks`,
    });
  }
  return out;
}

/** Points whose combined config is checked for cross-field problems; a larger sweep checks its first ones only. */
const MAX_CHECKED_POINTS = 1000;

/**
 * The sweep's own problems (paths, values: errors at their ranges), then the cross-field rules of `semanticChecks`
 * on each swept point: a combination such as `scheme: imp` with a reduction is a warning on the `sweep` key (its
 * runs will fail and the rest of the sweep goes on), since the grid that produces it is otherwise fine.
 */
function sweepIssues(config: ScannConfig, raw: Record<string, unknown>, doc: Document, locate: Locate): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const p of checkSweep(
    raw,
    config.sweep!,
    (zi, applied) => describe(zi, zi.path as ConfigPath, applied),
    suggest,
  )) {
    const [s, e] = rangeOf(doc, p.at, p.keyOnly);
    out.push({ path: p.at, message: p.message, severity: 'error', ...locate(s, e) });
  }
  if (out.length) return out;
  const { sweep: _sweep, ...base } = raw;
  const baseMessages = new Set(semanticChecks(config).map((i) => i.message));
  const failing = new Map<string, string[]>();
  for (const values of sweepPoints(config.sweep!, config.seed).slice(0, MAX_CHECKED_POINTS)) {
    const applied = cloneJson(base);
    for (const [path, v] of Object.entries(values)) setPath(applied, parseConfigPath(path), cloneJson(v));
    const parsed = configSchema.safeParse(applied);
    if (!parsed.success) continue;
    for (const i of semanticChecks(parsed.data)) {
      if (i.severity !== 'error' || baseMessages.has(i.message)) continue;
      const message = `${formatPath(i.path)}: ${i.message}`;
      failing.set(message, [...(failing.get(message) ?? []), groupKey(values)]);
    }
  }
  const [s, e] = rangeOf(doc, ['sweep'], true);
  for (const [message, groups] of failing) {
    const which =
      groups.length > 3 ? `${groups.slice(0, 3).join('; ')} and ${groups.length - 3} more` : groups.join('; ');
    out.push({
      path: ['sweep'],
      severity: 'warning',
      message: `these runs will fail (${which}): ${message}`,
      ...locate(s, e),
    });
  }
  return out;
}
