import { buildSync } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..', '..');

/**
 * Bundles TypeScript entry points (paths from the project root) into `outDir` as CommonJS for Node, with the engine's
 * kernels beside them, and returns the bundles' paths. Fault tests spawn many child processes: a bundle starts in
 * a fraction of the time (and CPU) that loading the sources through tsx takes, and it is always the current source.
 */
export function bundleEntries(outDir: string, entries: Record<string, string>): Record<string, string> {
  mkdirSync(outDir, { recursive: true });
  const out: Record<string, string> = {};
  for (const [name, entry] of Object.entries(entries)) {
    const outfile = path.join(outDir, `${name}.js`);
    buildSync({
      entryPoints: [path.join(root, entry)],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      logLevel: 'error',
      external: ['@tensorflow/tfjs-node', 'vscode'],
    });
    out[name] = outfile;
  }
  const kernels = path.join(root, 'src', 'engine', 'kernels', 'wasm');
  for (const f of readdirSync(kernels))
    if (f.endsWith('.wasm')) copyFileSync(path.join(kernels, f), path.join(outDir, f));
  return out;
}

export const dataDir = path.join(root, 'data');
