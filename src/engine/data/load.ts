/** The one entry point from a dataset config to a RawDataset: builtin names and files by format. */
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { DatasetConfig } from '../../protocol/config';
import { readArffTable } from './arff';
import { BUILTIN_PREFIX, isBuiltinSource, loadBuiltin } from './builtin';
import { readCsvTable } from './csv';
import { datasetNameFromPath } from './files';
import { loadIdx } from './idx';
import { toRawDataset } from './labels';
import { DatasetError, type RawDataset } from './types';

export interface LoadContext {
  /** Folder that relative paths are resolved against (the notebook's folder). */
  baseDir: string;
  /** The repo's data/ folder with the builtin CSV files. */
  dataDir: string;
}

export type DataFormat = 'csv' | 'arff' | 'idx';

/** The format from the file name: .csv/.tsv/.arff (optionally .gz), or IDX (.idx/.ubyte or "idx" in the name). */
export function detectFormat(file: string): DataFormat | undefined {
  const name = basename(file).toLowerCase().replace(/\.gz$/, '');
  if (/\.(csv|tsv)$/.test(name)) return 'csv';
  if (name.endsWith('.arff')) return 'arff';
  if (/\.(idx|ubyte)$/.test(name) || name.includes('idx')) return 'idx';
  return undefined;
}

type PathField = 'source' | 'labels' | 'test' | 'testLabels';

export async function loadDataset(spec: DatasetConfig, ctx: LoadContext): Promise<RawDataset> {
  if (isBuiltinSource(spec.source)) {
    rejectOptions(spec, ['labels', 'test', 'testLabels', 'label', 'header', 'delimiter'], 'a builtin dataset');
    return loadBuiltin(spec.source.slice(BUILTIN_PREFIX.length), ctx.dataDir);
  }
  const path = (field: PathField): string | undefined => {
    const given = spec[field];
    if (given === undefined) return undefined;
    const full = resolve(ctx.baseDir, given);
    if (!existsSync(full)) {
      throw new DatasetError(
        `file not found (dataset.${field} is "${given}"; relative paths are resolved against ${ctx.baseDir})`,
        full,
      );
    }
    return full;
  };
  const format = detectFormat(spec.source);
  if (!format) {
    throw new DatasetError(
      `unknown dataset file type for "${spec.source}": use .csv, .tsv, .csv.gz, .arff or IDX files ` +
        '(.idx/.ubyte, or "idx" in the name, e.g. train-images-idx3-ubyte.gz), or a builtin:NAME',
    );
  }
  if (spec.test !== undefined && detectFormat(spec.test) !== format) {
    throw new DatasetError(`dataset.test "${spec.test}" must be in the same format as dataset.source (${format})`);
  }
  if (spec.testLabels !== undefined && spec.test === undefined) {
    throw new DatasetError('dataset.testLabels is set but dataset.test is not');
  }
  const source = path('source')!;
  const name = datasetNameFromPath(source);

  if (format === 'idx') {
    rejectOptions(spec, ['label', 'header', 'delimiter'], 'IDX files');
    if (spec.labels === undefined) {
      throw new DatasetError('IDX images need their labels file: set dataset.labels (e.g. train-labels-idx1-ubyte.gz)', source);
    }
    if (spec.test !== undefined && spec.testLabels === undefined) {
      throw new DatasetError('an IDX test file needs its labels file: set dataset.testLabels', path('test'));
    }
    const test = spec.test !== undefined ? { images: path('test')!, labels: path('testLabels')! } : undefined;
    return loadIdx(source, path('labels')!, test, name);
  }

  rejectOptions(spec, ['labels', 'testLabels'], `${format.toUpperCase()} files (they are for IDX images)`);
  const testFile = path('test');
  if (format === 'arff') {
    rejectOptions(spec, ['header', 'delimiter'], 'ARFF files');
    const options = spec.label !== undefined ? { label: spec.label } : {};
    const train = await readArffTable(source, options);
    return toRawDataset(name, train, testFile ? await readArffTable(testFile, options) : undefined);
  }
  const options = {
    ...(spec.label !== undefined && { label: spec.label }),
    ...(spec.header !== undefined && { header: spec.header }),
    ...(spec.delimiter !== undefined && { delimiter: spec.delimiter }),
  };
  const train = await readCsvTable(source, options);
  if (!testFile) return toRawDataset(name, train);
  // A header-less test file follows the training file's label column even when the label was chosen by name.
  const test = await readCsvTable(testFile, { ...options, fallbackLabelIndex: train.labelIndex! });
  return toRawDataset(name, train, test);
}

function rejectOptions(spec: DatasetConfig, fields: (keyof DatasetConfig)[], what: string): void {
  const set = fields.filter((f) => spec[f] !== undefined);
  if (set.length > 0) {
    throw new DatasetError(`${set.map((f) => `dataset.${f}`).join(', ')} cannot be used with ${what}`);
  }
}
