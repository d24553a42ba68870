/**
 * `npm run demo`: runs the quickstart notebook on a copy in `.scann/demo/` (ignored by git), so the tracked
 * `examples/quickstart.scann` stays as it was cloned; the copy, with this run's outputs, is what to open.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
const copy = path.join(root, '.scann', 'demo', 'quickstart.scann');
mkdirSync(path.dirname(copy), { recursive: true });
copyFileSync(path.join(root, 'examples', 'quickstart.scann'), copy);
const r = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'run', copy], { stdio: 'inherit' });
if (r.status === 0) process.stderr.write(`The notebook with these outputs is ${path.relative(process.cwd(), copy)}\n`);
process.exitCode = r.status ?? 1;
