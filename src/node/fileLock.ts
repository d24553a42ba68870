import * as lockfile from 'proper-lockfile';
import { linkTarget } from './atomicWrite';

/** A lock older than this without a heartbeat belongs to a dead process (`kill -9`) and is taken over. */
const STALE_MS = 10_000;
/** How long to wait for a lock held by another process: long enough for a dead holder's lock to turn stale. */
const WAIT_MS = 3 * STALE_MS;

/**
 * Runs `fn` while holding an inter-process lock on `file`, so that read-merge-write sequences of several processes
 * (CLI runs of one notebook, the editor saving it) never interleave. The lock is `<target>.lock`, a directory beside
 * the real file (symlinks followed, so every path to one file shares one lock); its holder refreshes its mtime, and
 * a lock left by a killed process is taken over once stale. Waits long enough to outlast a stale lock.
 * `fn` gets `held()`: false once the lock was lost (its heartbeat failed), when writing must not go ahead.
 * The editor takes the same lock around its saves of a `.scann` file (src/extension/notebook/saveLock.ts).
 */
export async function withFileLock<T>(file: string, fn: (held: () => boolean) => Promise<T>): Promise<T> {
  const lock = await acquireFileLock(file);
  try {
    return await fn(lock.held);
  } finally {
    await lock.release();
  }
}

export interface FileLock {
  /** False once the lock was lost (its heartbeat failed): writing must not go ahead. */
  held: () => boolean;
  /** Gives the lock up; safe to call more than once. */
  release: () => Promise<void>;
}

/**
 * The lock of withFileLock, for holders whose critical section is not one function (the editor's save).
 * `waitMs` bounds the wait for another holder (default: long enough for a dead holder's lock to turn stale).
 */
export async function acquireFileLock(file: string, waitMs = WAIT_MS): Promise<FileLock> {
  const target = await linkTarget(file);
  let compromised: Error | undefined;
  let released = false;
  const release = await acquire(target, waitMs, (err) => (compromised = err));
  return {
    held: () => compromised === undefined && !released,
    release: async () => {
      if (released) return;
      released = true;
      if (!compromised) await release().catch(() => undefined);
    },
  };
}

/**
 * Retries only while another process holds the lock (the library's own retries would also retry a folder that is
 * not writable, for the whole wait, before the caller could fall back).
 */
async function acquire(
  target: string,
  waitMs: number,
  onCompromised: (err: Error) => void,
): Promise<() => Promise<void>> {
  const deadline = Date.now() + waitMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await lockfile.lock(target, {
        realpath: false,
        lockfilePath: lockPath(target),
        stale: STALE_MS,
        retries: 0,
        onCompromised,
      });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ELOCKED' || Date.now() > deadline) throw err;
      const backoff = Math.min(250, 10 * 1.3 ** attempt) * (0.5 + Math.random());
      await new Promise((r) => setTimeout(r, backoff));
    }
  }
}

/** Where the lock of a (link-resolved) file lives. */
export function lockPath(target: string): string {
  return `${target}.lock`;
}
