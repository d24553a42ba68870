import { randomBytes } from 'node:crypto';
import { constants, promises as fs, type Stats } from 'node:fs';
import * as path from 'node:path';

/** Why a write was refused before anything was written; `code` says which (the message names the file). */
export class WriteRefusedError extends Error {
  constructor(
    message: string,
    readonly code: 'READ_ONLY' | 'NOT_A_FILE' | 'SYMLINK_LOOP' | 'CHANGED',
  ) {
    super(message);
    this.name = 'WriteRefusedError';
  }
}

/** Temp files are `.NAME.<pid>-<random>.tmp` beside their target, so a later write can tell whose they are. */
const TEMP_RE = /^\.(.+)\.(\d+)-[0-9a-f]{12}\.tmp$/;
/** A write never takes this long: a temp file this old is left over even if its pid was reused. */
const STALE_TEMP_MS = 60 * 60 * 1000;
const MAX_LINKS = 40;

/**
 * Writes a file so that readers see either the old or the new content, never a torn one: a temp file beside the
 * real target, flushed, then renamed over it. Unlike a bare write-and-rename it keeps what the user set up:
 * - a symlink stays a link and its target gets the content (the temp goes beside the target, so the rename is
 *   within one folder);
 * - the mode (0600 stays 0600) and, where the process may, the owner;
 * - a read-only file (no write bit, or not writable by this process) is refused with WriteRefusedError rather
 *   than replaced, even for root, who could otherwise rename over it.
 * Temp files left by a killed writer (`kill -9` runs no cleanup) are removed by the next write to the same
 * folder once their process is gone. Hand-written because `write-file-atomic`, the usual library, neither
 * refuses read-only targets nor recognises another process's leftovers.
 */
export async function writeFileAtomic(
  file: string,
  content: string | Uint8Array,
  opts: {
    /** The mode of a file that does not exist yet (an existing one keeps its own). */
    mode?: number;
    /**
     * The target as it was read: checked again just before the rename, so that a write by someone who does not take
     * the lock (an editor, git) between the read and the rename is not overwritten (WriteRefusedError 'CHANGED').
     */
    unchangedSince?: Stats;
  } = {},
): Promise<void> {
  const target = await linkTarget(file);
  const old = await statOrUndefined(target);
  if (old) await checkWritable(file, target, old);
  const dir = path.dirname(target);
  await removeStaleTemps(dir, path.basename(target));
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fh = await fs.open(tmp, 'wx', old ? old.mode & 0o7777 : (opts.mode ?? 0o666));
    try {
      await fh.writeFile(content);
      if (!old && opts.mode !== undefined) await fh.chmod(opts.mode);
      if (old) {
        // The create mode went through the umask; the old file's exact bits are what the user chose.
        await fh.chmod(old.mode & 0o7777);
        await fh.chown(old.uid, old.gid).catch(() => undefined); // only root (or the same owner) may; best effort
      }
      await fh.sync();
    } finally {
      await fh.close();
    }
    if (opts.unchangedSince) {
      const now = await statOrUndefined(target);
      if (!now || !sameVersion(now, opts.unchangedSince))
        throw new WriteRefusedError(`${file} changed while it was being written`, 'CHANGED');
    }
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
}

function sameVersion(a: Stats, b: Stats): boolean {
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}

/** The file a path finally names, following symlinks on its last component (a dangling link names its target). */
export async function linkTarget(file: string): Promise<string> {
  let p = path.resolve(file);
  for (let i = 0; i < MAX_LINKS; i++) {
    const st = await fs.lstat(p).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (!st?.isSymbolicLink()) return p;
    p = path.resolve(path.dirname(p), await fs.readlink(p));
  }
  throw new WriteRefusedError(`${file}: too many levels of symbolic links`, 'SYMLINK_LOOP');
}

async function statOrUndefined(p: string): Promise<Stats | undefined> {
  return fs.stat(p).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
}

/** Refuses (WriteRefusedError) a target that is not a regular file or is read-only. */
export async function checkWritable(file: string, target: string, st: Stats): Promise<void> {
  const shown = target === path.resolve(file) ? file : `${file} (-> ${target})`;
  if (!st.isFile()) throw new WriteRefusedError(`${shown} is not a regular file`, 'NOT_A_FILE');
  const noWriteBit = (st.mode & 0o222) === 0;
  const denied = await fs.access(target, constants.W_OK).then(
    () => false,
    () => true,
  );
  if (noWriteBit || denied) throw new WriteRefusedError(`${shown} is read-only; it was not changed`, 'READ_ONLY');
}

/** Removes this target's temp files whose writer is gone (or that are older than any write could take). */
async function removeStaleTemps(dir: string, base: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  const now = Date.now();
  await Promise.all(
    names.map(async (name) => {
      const m = TEMP_RE.exec(name);
      if (!m || m[1] !== base) return;
      const pid = Number(m[2]);
      const st = await fs.stat(path.join(dir, name)).catch(() => undefined);
      if (!st) return;
      if (pid !== process.pid && isAlive(pid) && now - st.mtimeMs < STALE_TEMP_MS) return;
      if (pid === process.pid && now - st.mtimeMs < STALE_TEMP_MS) return; // a write of ours still under way
      await fs.rm(path.join(dir, name), { force: true }).catch(() => undefined);
    }),
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, but another user's
  }
}

/** Whether a name is one of writeFileAtomic's temp files (for tests and for listings that should skip them). */
export function isAtomicTempName(name: string): boolean {
  return TEMP_RE.test(name);
}
