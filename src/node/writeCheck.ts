import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { checkWritable } from './atomicWrite';
import { errorText } from './rescue';

/**
 * Throws an Error naming the problem when `dir` cannot take new files or would refuse to replace one of `names`:
 * checked before a long run, so an unwritable `--out` is reported at the start instead of costing the run.
 * A full disk cannot be foreseen this way (the check writes a few bytes); the write after the run handles it.
 */
export async function assertWritableDir(dir: string, names: readonly string[]): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (err) {
    throw new Error(`cannot create ${dir}: ${errorText(err)}`);
  }
  const probe = path.join(dir, `.scann-write-check-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await fs.writeFile(probe, '');
  } catch (err) {
    throw new Error(`cannot write into ${dir}: ${errorText(err)}`);
  } finally {
    await fs.rm(probe, { force: true }).catch(() => undefined);
  }
  for (const name of names) {
    const file = path.join(dir, name);
    const st = await fs.stat(file).catch(() => undefined);
    if (st) await checkWritable(file, file, st);
  }
}
