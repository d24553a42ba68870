/**
 * ARFF loader (Weka's format): `@relation`, `@attribute NAME TYPE`, `@data`, `%` comment lines, dense rows.
 * Features must be numeric; the label may be nominal (its declared order is kept), numeric or string.
 */
import { datasetNameFromPath, readDataFile } from './files';
import { toRawDataset, type LabeledTable } from './labels';
import { parseNumberText } from './numbers';
import { DatasetError, type RawDataset } from './types';

export interface ArffOptions {
  /** Label attribute by name or 0-based index. Default: an attribute named `label`, else the last. */
  label?: string | number;
}

interface Attribute {
  name: string;
  /** Lower-case type keyword: numeric, real, integer, nominal, string, date, relational... */
  type: string;
  /** Declared values of a nominal attribute. */
  values?: string[];
  line: number;
}

const NUMERIC_TYPES = new Set(['numeric', 'real', 'integer']);

export async function readArffTable(file: string, options: ArffOptions = {}): Promise<LabeledTable> {
  return parseArff((await readDataFile(file)).toString('utf8'), file, options);
}

/** Loads one ARFF file as a dataset without an official test split. */
export async function loadArff(file: string, options: ArffOptions = {}, name = datasetNameFromPath(file)): Promise<RawDataset> {
  return toRawDataset(name, await readArffTable(file, options));
}

export function parseArff(text: string, file: string, options: ArffOptions = {}): LabeledTable {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  const attributes: Attribute[] = [];
  let i = 0;
  let sawData = false;
  for (; i < lines.length && !sawData; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('%')) continue;
    const keyword = /^@(\w+)/.exec(line)?.[1]?.toLowerCase();
    if (keyword === 'relation') continue;
    if (keyword === 'attribute') attributes.push(parseAttribute(line.slice('@attribute'.length), file, i + 1));
    else if (keyword === 'data') sawData = true;
    else {
      throw new DatasetError(
        `expected @relation, @attribute or @data in the ARFF header, found "${line.slice(0, 40)}"`,
        file,
        i + 1,
      );
    }
  }
  if (attributes.length === 0 && !sawData) throw new DatasetError('file is empty (no ARFF header)', file);
  if (!sawData) throw new DatasetError('no @data section', file);
  if (attributes.length < 2) {
    throw new DatasetError(`${attributes.length} attribute(s) declared; a dataset needs features and a label`, file);
  }
  const labelIndex = resolveLabel(attributes, options, file);
  const labelAttr = attributes[labelIndex]!;
  attributes.forEach((a, k) => {
    if (k !== labelIndex && !NUMERIC_TYPES.has(a.type)) {
      throw new DatasetError(
        `attribute "${a.name}" is ${a.type}; only numeric features are supported (convert it to numbers, ` +
          'or make it the label with dataset.label)',
        file,
        a.line,
      );
    }
  });
  if (labelAttr.type !== 'nominal' && labelAttr.type !== 'string' && !NUMERIC_TYPES.has(labelAttr.type)) {
    throw new DatasetError(`label attribute "${labelAttr.name}" is ${labelAttr.type}; use a nominal, numeric or string label`, file, labelAttr.line);
  }
  return readData(lines, i, attributes, labelIndex, file);
}

function parseAttribute(rest: string, file: string, line: number): Attribute {
  const s = rest.trim();
  let name: string;
  let after: string;
  const quote = s[0];
  if (quote === "'" || quote === '"') {
    const end = s.indexOf(quote, 1);
    if (end < 0) throw new DatasetError('unterminated quoted attribute name', file, line);
    name = s.slice(1, end);
    after = s.slice(end + 1).trim();
  } else {
    const m = /^(\S+)\s*(.*)$/.exec(s);
    if (!m) throw new DatasetError('@attribute without a name', file, line);
    name = m[1]!;
    after = m[2]!.trim();
  }
  if (after.startsWith('{')) {
    const close = after.lastIndexOf('}');
    if (close < 0) throw new DatasetError(`nominal attribute "${name}" has no closing "}"`, file, line);
    const values = splitValues(after.slice(1, close), file, line).map((v) => v.text);
    return { name, type: 'nominal', values, line };
  }
  const type = /^\S*/.exec(after)![0].toLowerCase();
  if (type === '') throw new DatasetError(`attribute "${name}" has no type`, file, line);
  return { name, type, line };
}

function resolveLabel(attributes: Attribute[], options: ArffOptions, file: string): number {
  const { label } = options;
  if (typeof label === 'number') {
    if (label >= attributes.length) {
      throw new DatasetError(
        `label attribute index ${label} is out of range: the file has ${attributes.length} attributes (0..${attributes.length - 1})`,
        file,
      );
    }
    return label;
  }
  const wanted = label ?? 'label';
  const names = attributes.map((a) => a.name);
  let k = names.indexOf(wanted);
  if (k < 0) k = names.findIndex((n) => n.toLowerCase() === wanted.toLowerCase());
  if (k >= 0) return k;
  if (label === undefined) return attributes.length - 1;
  throw new DatasetError(`label attribute "${label}" not found; the attributes are: ${names.join(', ')}`, file);
}

function readData(lines: string[], from: number, attributes: Attribute[], labelIndex: number, file: string): LabeledTable {
  const features = attributes.length - 1;
  const labelAttr = attributes[labelIndex]!;
  const allowed = labelAttr.values ? new Set(labelAttr.values) : undefined;
  const xs: number[] = [];
  const labels: string[] = [];
  const rowLines: number[] = [];
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('%')) continue;
    const lineNo = i + 1;
    if (line.startsWith('{')) throw new DatasetError('sparse ARFF rows ({index value, ...}) are not supported', file, lineNo);
    const values = splitValues(line, file, lineNo);
    if (values.length !== attributes.length) {
      throw new DatasetError(`row has ${values.length} values but ${attributes.length} attributes are declared`, file, lineNo);
    }
    values.forEach((v, k) => {
      const attr = attributes[k]!;
      const where = `attribute "${attr.name}" (value ${k + 1} of ${attributes.length})`;
      if (v.text === '?' && !v.quoted) {
        throw new DatasetError(`missing value "?" in ${where}; missing values are not supported (remove or impute them)`, file, lineNo);
      }
      if (k === labelIndex) {
        if (allowed && !allowed.has(v.text)) {
          throw new DatasetError(`label "${v.text}" is not one of the declared values {${labelAttr.values!.join(',')}}`, file, lineNo);
        }
        labels.push(v.text);
      } else {
        const parsed = parseNumberText(v.text);
        if (!parsed.ok) throw new DatasetError(`${parsed.problem} in ${where}`, file, lineNo);
        xs.push(parsed.value);
      }
    });
    rowLines.push(lineNo);
  }
  if (labels.length === 0) throw new DatasetError('no data rows after @data', file);
  const table: LabeledTable = {
    file,
    features,
    featureNames: attributes.filter((_, k) => k !== labelIndex).map((a) => a.name),
    namedFeatures: true,
    labelColumn: labelAttr.name,
    rows: labels.length,
    x: Float32Array.from(xs),
    labels,
    lines: Int32Array.from(rowLines),
  };
  if (labelAttr.values) table.labelOrder = labelAttr.values;
  return table;
}

interface Value {
  text: string;
  quoted: boolean;
}

/** Splits a comma-separated ARFF list; values may be quoted with ' or " and use backslash escapes inside quotes. */
function splitValues(s: string, file: string, line: number): Value[] {
  const out: Value[] = [];
  let i = 0;
  for (;;) {
    while (s[i] === ' ' || s[i] === '\t') i++;
    const q = s[i];
    if (q === "'" || q === '"') {
      let text = '';
      i++;
      while (i < s.length && s[i] !== q) {
        if (s[i] === '\\' && i + 1 < s.length) i++;
        text += s[i++];
      }
      if (i >= s.length) throw new DatasetError(`unterminated quoted value (missing closing ${q})`, file, line);
      i++;
      while (s[i] === ' ' || s[i] === '\t') i++;
      if (i < s.length && s[i] !== ',') throw new DatasetError(`unexpected "${s[i]}" after a quoted value`, file, line);
      out.push({ text, quoted: true });
    } else {
      const end = s.indexOf(',', i);
      const stop = end < 0 ? s.length : end;
      out.push({ text: s.slice(i, stop).trim(), quoted: false });
      i = stop;
    }
    if (i >= s.length) return out;
    i++;
  }
}
