/**
 * Takes a notebook's lock, says `locked` on stdout and holds it until killed: the stand-in for a writer that
 * dies (`kill -9`) in the middle of its read-merge-write. argv: FILE
 */
import { withFileLock } from '../../../src/node/fileLock';

void withFileLock(process.argv[2]!, async () => {
  process.stdout.write('locked\n');
  await new Promise<void>(() => setInterval(() => undefined, 1000));
});
