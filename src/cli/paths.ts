import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The bundled `data/` folder: `SCANN_DATA_DIR` if set, else the nearest `data/NOTICE.md` above this module (which
 * is `dist/` when bundled and `src/cli/` under the test runner).
 */
export function bundledDataDir(): string {
  const fromEnv = process.env['SCANN_DATA_DIR'];
  if (fromEnv) return path.resolve(fromEnv);
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'data');
    if (existsSync(path.join(candidate, 'NOTICE.md'))) return candidate;
    const up = path.dirname(dir);
    if (up === dir) return path.resolve(__dirname, '..', 'data');
    dir = up;
  }
}

/**
 * The engine process entry (`dist/engine.js`) the sweep pool forks: `SCANN_ENGINE` if set, else `engine.js` beside
 * this module when bundled (`dist/cli.js`), else the repository's built `dist/engine.js` (under the test runner).
 */
export function bundledEnginePath(): string {
  const fromEnv = process.env['SCANN_ENGINE'];
  if (fromEnv) return path.resolve(fromEnv);
  const beside = path.join(__dirname, 'engine.js');
  if (existsSync(beside)) return beside;
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'dist', 'engine.js');
    if (existsSync(candidate)) return candidate;
    const up = path.dirname(dir);
    if (up === dir) return beside;
    dir = up;
  }
}
