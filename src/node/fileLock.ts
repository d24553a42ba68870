import * as lockfile from 'proper-lockfile';
import { linkTarget } from './atomicWrite';

/** A lock older than this without a heartbeat belongs to a dead process (`kill -9`) and is taken over. */
const STALE_MS = 10_000;

/**
 * Runs `fn` while holding an inter-process lock on `file`, so that read-merge-write sequences of several processes
 * (CLI runs of one notebook, the editor saving it) never interleave. The lock is `<target>.lock`, a directory beside
 * the real file (symlinks followed, so every path to one file shares one lock); its holder refreshes its mtime, and
 * a lock left by a killed process is taken over once stale. Waits long enough to outlast a stale lock.
 * `fn` gets `held()`: false once the lock was lost (its heartbeat failed), when writing must not go ahead.
 */
export async function withFileLock<T>(file: string, fn: (held: () => boolean) => Promise<T>): Promise<T> {
  const target = await linkTarget(file);
  let compromised: Error | undefined;
  const release = await lockfile.lock(target, {
    realpath: false,
    lockfilePath: lockPath(target),
    stale: STALE_MS,
    retries: { retries: 200, factor: 1.3, minTimeout: 10, maxTimeout: 250, randomize: true },
    onCompromised: (err) => {
      compromised = err;
    },
  });
  try {
    return await fn(() => compromised === undefined);
  } finally {
    if (!compromised) await release().catch(() => undefined);
  }
}

/** Where the lock of a (link-resolved) file lives. */
export function lockPath(target: string): string {
  return `${target}.lock`;
}
