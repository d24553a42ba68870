import { looksLikeHeader, readRecord, sniffDelimiter } from '../engine/data/csv-syntax';
import { readDataFile } from '../engine/data/files';
import { parseNumberText } from '../engine/data/numbers';
import { DatasetError } from '../engine/data/types';

/**
 * Reads the features a model needs from a CSV (plain or gzip) that may or may not carry a label column. With a
 * header, columns are matched to the model's feature names when they are all present (any order), else taken in
 * order without the `label` column; without a header, a file one column wider than the model has its last
 * column (the training default for the label) ignored.
 */
export async function readFeatures(file: string, featureNames: string[]): Promise<{ x: Float32Array; rows: number }> {
  const buf = await readDataFile(file);
  const d = featureNames.length;
  const delim = sniffDelimiter(buf, 0);
  const first = readRecord(buf, 0, 1, delim, file);
  if (!first) throw new DatasetError('file is empty', file);
  const second = readRecord(buf, first.next, first.nextLine, delim, file);
  const header = looksLikeHeader(first.fields, second?.fields, 'label');
  let columns: number[];
  if (header) {
    const names = first.fields;
    const byName = featureNames.map((f) => names.indexOf(f));
    if (byName.every((i) => i >= 0)) columns = byName;
    else columns = names.map((_, i) => i).filter((i) => names[i] !== 'label');
  } else {
    columns = first.fields.map((_, i) => i);
    if (columns.length === d + 1) columns.pop();
  }
  if (columns.length !== d) {
    throw new DatasetError(
      `the model takes ${d} features but the file has ${columns.length} feature columns`,
      file,
      first.line,
    );
  }
  const rows: number[][] = [];
  let rec = header ? second : first;
  while (rec) {
    const r = rec;
    if (r.fields.length !== first.fields.length) {
      throw new DatasetError(`expected ${first.fields.length} fields, found ${r.fields.length}`, file, r.line);
    }
    rows.push(
      columns.map((c) => {
        const v = parseNumberText(r.fields[c]!);
        if (!v.ok) throw new DatasetError(`column ${c + 1}: ${v.problem}`, file, r.line);
        return v.value;
      }),
    );
    rec = readRecord(buf, r.next, r.nextLine, delim, file);
  }
  const x = new Float32Array(rows.length * d);
  rows.forEach((row, i) => x.set(row, i * d));
  return { x, rows: rows.length };
}
