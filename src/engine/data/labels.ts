/**
 * From parsed tables with text labels to a RawDataset with class indices. Kept apart from the parsers so that a
 * separate test file is always encoded with the training file's mapping (a class index must mean the same class in
 * both), and so that every format shares one deterministic label order.
 */
import { isNumericText } from './numbers';
import { DatasetError, type RawDataset, type Table } from './types';

/** A parsed file before label encoding. */
export interface LabeledTable {
  file: string;
  features: number;
  featureNames: string[];
  /** Whether `featureNames` came from the file (a header or ARFF attributes) rather than being generated. */
  namedFeatures: boolean;
  /** Name of the label column or attribute, for messages. */
  labelColumn: string;
  /** 0-based position of the label among the file's columns (text formats). */
  labelIndex?: number;
  rows: number;
  x: Float32Array;
  /** Label text per row. */
  labels: string[];
  /** 1-based source line per row, for text formats. */
  lines?: Int32Array;
  /** A declared class order (ARFF nominal label); otherwise labels are sorted. */
  labelOrder?: string[];
  imageShape?: [number, number];
}

/** Builds the RawDataset: label mapping from `train`, applied to both splits, with consistency checks. */
export function toRawDataset(name: string, train: LabeledTable, test?: LabeledTable): RawDataset {
  checkDistinctNames(train);
  const mapping = LabelMapping.fromLabels(train);
  if (mapping.names.length < 2) {
    const only = mapping.names[0] ?? '';
    throw new DatasetError(
      `only one class ("${only}") in the label column "${train.labelColumn}"; classification needs at least 2 classes ` +
        '(is dataset.label the right column?)',
      train.file,
    );
  }
  const raw: RawDataset = {
    name,
    features: train.features,
    featureNames: train.featureNames,
    labelNames: mapping.names,
    train: mapping.encode(train),
  };
  if (train.imageShape) raw.imageShape = train.imageShape;
  if (test) {
    checkSameColumns(train, test);
    raw.test = mapping.encode(test);
  }
  return raw;
}

/** Row position for messages: the line for text formats, else the record number. */
function rowPlace(table: LabeledTable, row: number): { line?: number; where: string } {
  const line = table.lines?.[row];
  return line !== undefined ? { line, where: '' } : { where: ` (item ${row + 1})` };
}

class LabelMapping {
  private constructor(
    readonly names: string[],
    private readonly index: Map<string, number>,
    private readonly numeric: boolean,
  ) {}

  /**
   * Numeric labels are keyed by value ("1" and "1.0" are one class) and sorted numerically; text labels are sorted
   * by code point (not locale, so the order is the same on every machine); a declared order wins when given.
   */
  static fromLabels(table: LabeledTable): LabelMapping {
    const distinct = new Set(table.labels);
    const numeric = !table.labelOrder && [...distinct].every(isNumericText);
    const byKey = new Map<string, string>();
    for (const text of distinct) {
      const key = numeric ? canonicalNumber(text) : text;
      if (!byKey.has(key)) byKey.set(key, text);
    }
    let keys: string[];
    if (table.labelOrder) keys = table.labelOrder.filter((name) => byKey.has(name));
    else if (numeric) keys = [...byKey.keys()].sort((a, b) => Number(a) - Number(b));
    else keys = [...byKey.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const names = keys.map((k) => byKey.get(k)!);
    return new LabelMapping(names, new Map(keys.map((k, i) => [k, i])), numeric);
  }

  encode(table: LabeledTable): Table {
    const y = new Int32Array(table.rows);
    // Most tables repeat a handful of label strings, so cache the text -> index lookup.
    const cache = new Map<string, number>();
    for (let r = 0; r < table.rows; r++) {
      const text = table.labels[r]!;
      let cls = cache.get(text);
      if (cls === undefined) {
        cls = this.index.get(this.numeric && isNumericText(text) ? canonicalNumber(text) : text);
        if (cls === undefined) {
          const place = rowPlace(table, r);
          throw new DatasetError(
            `label "${text}"${place.where} is not a class of the training data (classes: ${this.names.join(', ')})`,
            table.file,
            place.line,
          );
        }
        cache.set(text, cls);
      }
      y[r] = cls;
    }
    return { x: table.x, y, rows: table.rows };
  }
}

function canonicalNumber(text: string): string {
  return String(Number(text.trim()));
}

/**
 * Feature names are how a model finds its columns in the files it predicts on: two columns of one name would both
 * be read from the first, silently wrong on every row.
 */
function checkDistinctNames(table: LabeledTable): void {
  const seen = new Map<string, number>();
  table.featureNames.forEach((n, j) => {
    const first = seen.get(n);
    if (first !== undefined) {
      throw new DatasetError(
        `features ${first + 1} and ${j + 1} are both named "${n}"; every feature column needs its own name`,
        table.file,
      );
    }
    seen.set(n, j);
  });
}

function checkSameColumns(train: LabeledTable, test: LabeledTable): void {
  if (test.features !== train.features) {
    throw new DatasetError(
      `the test file has ${test.features} features but the training file ${train.file} has ${train.features}`,
      test.file,
    );
  }
  if (train.namedFeatures && test.namedFeatures) {
    const j = train.featureNames.findIndex((name, k) => test.featureNames[k] !== name);
    if (j >= 0) {
      throw new DatasetError(
        `the test file's feature ${j + 1} is "${test.featureNames[j]}" but the training file's is "${train.featureNames[j]}"; ` +
          'both files need the same columns in the same order',
        test.file,
      );
    }
  }
  const a = train.imageShape;
  const b = test.imageShape;
  if ((a || b) && (a?.[0] !== b?.[0] || a?.[1] !== b?.[1])) {
    throw new DatasetError(
      `the test images are ${b ? b.join('x') : 'not images'} but the training images are ${a ? a.join('x') : 'not images'}`,
      test.file,
    );
  }
}
