/**
 * CSV loader. Rows are parsed straight from the byte buffer into a preallocated Float32Array, without splitting
 * lines or cells into strings (60,000 x 784 integers, 110 MB, load in about a second); only labels, the header and
 * odd cells (quoted or invalid) are decoded as text.
 */
import {
  blankLineEnd,
  delimiterName,
  looksLikeHeader,
  quoteStart,
  readQuoted,
  readRecord,
  sniffDelimiter,
} from './csv-syntax';
import { datasetNameFromPath, readDataFile } from './files';
import { toRawDataset, type LabeledTable } from './labels';
import { parseDecimalBytes, parseNumberText } from './numbers';
import { DatasetError, type RawDataset } from './types';

// Module-local copies for the row loop: under a CommonJS transform (tsx, tests) every use of an imported binding is a
// getter call, which made the loop about twice as slow.
const LF = 10;
const QUOTE = 34;
const SPACE = 32;
const parseFast = parseDecimalBytes;
const isBlankLine = blankLineEnd;

export interface CsvOptions {
  /** Label column by name or 0-based index. Default: a column named `label`, else the last. */
  label?: string | number;
  /** Whether the first row is a header. Default: detected. */
  header?: boolean;
  /** One-character field separator. Default: detected among tab, `;` and `,`. */
  delimiter?: string;
  /** Label column for a header-less file when `label` is a name: lets a test file follow its training file. */
  fallbackLabelIndex?: number;
}

/** Parses a CSV file (plain or gzip) into features and text labels. */
export async function readCsvTable(file: string, options: CsvOptions = {}): Promise<LabeledTable> {
  return parseCsv(await readDataFile(file), file, options);
}

/** Loads one CSV file as a dataset without an official test split. */
export async function loadCsv(file: string, options: CsvOptions = {}, name = datasetNameFromPath(file)): Promise<RawDataset> {
  return toRawDataset(name, await readCsvTable(file, options));
}

/** Where the label is and what the columns are called, worked out from the first rows. */
interface Layout {
  file: string;
  delim: number;
  columns: number;
  labelCol: number;
  columnNames: string[];
  header: boolean;
}

export function parseCsv(buf: Buffer, file: string, options: CsvOptions = {}): LabeledTable {
  const start = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  const delim = options.delimiter !== undefined ? delimiterCode(options.delimiter, file) : sniffDelimiter(buf, start);
  const first = readRecord(buf, start, 1, delim, file);
  if (!first) throw new DatasetError('file is empty', file);
  const second = readRecord(buf, first.next, first.nextLine, delim, file);
  const labelName = typeof options.label === 'string' ? options.label : undefined;
  const header = options.header ?? looksLikeHeader(first.fields, second?.fields, labelName);
  const columns = first.fields.length;
  if (columns < 2) {
    throw new DatasetError(
      `only one column when split at ${delimiterName(delim)}; a dataset needs feature columns and a label column ` +
        '(set dataset.delimiter if the file uses another separator)',
      file,
      first.line,
    );
  }
  const labelCol = resolveLabelColumn(header ? first.fields : undefined, columns, options, file, first.line);
  const columnNames = header
    ? first.fields.map((f, i) => f || `column${i + 1}`)
    : Array.from({ length: columns }, (_, i) => (i === labelCol ? 'label' : `f${i < labelCol ? i : i - 1}`));
  const layout: Layout = { file, delim, columns, labelCol, columnNames, header };
  const table = readRows(buf, header ? first.next : start, header ? first.nextLine : 1, layout);
  if (table.rows === 0) throw new DatasetError('no data rows (the file has only a header)', file);
  return table;
}

function delimiterCode(delimiter: string, file: string): number {
  const code = delimiter.charCodeAt(0);
  if (delimiter.length !== 1 || code > 127 || code === 34 || code === 10 || code === 13) {
    throw new DatasetError(`unusable delimiter ${JSON.stringify(delimiter)}: use one ASCII character other than a quote or newline`, file);
  }
  return code;
}

function resolveLabelColumn(
  names: string[] | undefined,
  columns: number,
  options: CsvOptions,
  file: string,
  headerLine: number,
): number {
  const { label } = options;
  const index = typeof label === 'number' ? label : names ? undefined : options.fallbackLabelIndex;
  if (index !== undefined) {
    if (index >= columns) {
      throw new DatasetError(
        `label column index ${index} is out of range: the file has ${columns} columns (0-based indices 0..${columns - 1})`,
        file,
      );
    }
    return index;
  }
  if (!names) {
    if (label !== undefined) {
      throw new DatasetError(
        `label column "${label}" is given by name but the file has no header row (use a 0-based column index, or add a header)`,
        file,
      );
    }
    return columns - 1;
  }
  const wanted = typeof label === 'string' ? label : 'label';
  let i = names.indexOf(wanted);
  if (i < 0) i = names.findIndex((n) => n.toLowerCase() === wanted.toLowerCase());
  if (i >= 0) return i;
  if (label === undefined) return columns - 1;
  const shown = names.length > 12 ? `${names.slice(0, 12).join(', ')}, ... (${names.length} in all)` : names.join(', ');
  throw new DatasetError(
    `label column "${label}" not found; the columns are: ${shown} (set dataset.label to a column name or 0-based index)`,
    file,
    headerLine,
  );
}

/** The row loop. Lines are counted so that every error can name where it happened. */
function readRows(buf: Buffer, start: number, startLine: number, layout: Layout): LabeledTable {
  const { file, delim, columns, labelCol } = layout;
  const features = columns - 1;
  const n = buf.length;
  // Every record ends at a LF or at the end, so counting non-blank lines (plus an unterminated last line) bounds the
  // row count: the arrays never grow, and for a file without quoted newlines the bound is exact (no final copy).
  // Blank lines are not counted: a file of millions of them would otherwise allocate a table of millions of rows.
  let capacity = 0;
  let lineStart = start;
  for (let i = buf.indexOf(LF, start); i >= 0; i = buf.indexOf(LF, i + 1)) {
    if (isBlankLine(buf, lineStart, delim) < 0) capacity++;
    lineStart = i + 1;
  }
  if (lineStart < n && isBlankLine(buf, lineStart, delim) < 0) capacity++;
  let x = new Float32Array(capacity * features);
  let lines = new Int32Array(capacity);
  const labels: string[] = [];
  let rows = 0;
  let p = start;
  let line = startLine;

  let rowStart = p;
  const raggedError = (fields: number, atLine: number): DatasetError =>
    new DatasetError(
      `row has ${fields} field${fields === 1 ? '' : 's'} but the ${layout.header ? 'header' : 'first row'} has ${columns} ` +
        `(fields separated by ${delimiterName(delim)})`,
      file,
      atLine,
    );
  const fail = (problem: string, col: number, atLine: number): never => {
    // A short or long row shifts its cells into the wrong columns: report that cause, not the symptom.
    const fields = readRecord(buf, rowStart, atLine, delim, file)?.fields.length ?? columns;
    if (fields !== columns) throw raggedError(fields, atLine);
    throw new DatasetError(
      `${problem} in column "${layout.columnNames[col]}" (field ${col + 1} of ${columns})`,
      file,
      atLine,
    );
  };

  while (p < n) {
    const blank = isBlankLine(buf, p, delim);
    if (blank >= 0) {
      p = blank + 1;
      line++;
      continue;
    }
    const rowLine = line;
    rowStart = p;
    const base = rows * features;
    let col = 0;
    for (;;) {
      let text: string | null = null;
      const s = p;
      const quote = buf[p] === QUOTE || buf[p] === SPACE ? quoteStart(buf, p) : -1;
      if (quote >= 0) {
        const q = readQuoted(buf, quote, delim, file, line);
        text = q.text;
        line += q.newlines;
        p = q.end;
      } else {
        while (p < n) {
          const c = buf[p];
          if (c === delim || c === LF) break;
          p++;
        }
      }
      if (col === labelCol) {
        const label = (text ?? buf.toString('utf8', s, p)).trim();
        if (label === '') fail('empty label', col, rowLine);
        labels.push(label);
      } else if (col < columns) {
        let v = text === null ? parseFast(buf, s, p) : NaN;
        if (v !== v) {
          const parsed = parseNumberText(text ?? buf.toString('utf8', s, p));
          if (!parsed.ok) fail(parsed.problem, col, rowLine);
          else v = parsed.value;
        }
        x[base + (col < labelCol ? col : col - 1)] = v;
      }
      col++;
      if (p < n && buf[p] === delim) {
        p++;
        continue;
      }
      break;
    }
    if (p < n) {
      p++;
      line++;
    }
    if (col !== columns) throw raggedError(col, rowLine);
    lines[rows++] = rowLine;
  }
  if (rows < capacity) {
    x = x.slice(0, rows * features);
    lines = lines.slice(0, rows);
  }
  return {
    file,
    features,
    featureNames: layout.columnNames.filter((_, i) => i !== labelCol),
    namedFeatures: layout.header,
    labelColumn: layout.columnNames[labelCol]!,
    labelIndex: labelCol,
    rows,
    x,
    labels,
    lines,
  };
}
