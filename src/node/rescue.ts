import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from './atomicWrite';

/** A folder a result may be rescued to, and how to name it in a message. */
export interface RescuePlace {
  dir: string;
  label: string;
}

/**
 * Where a finished result goes when its own file cannot be written, best first: beside it (the user looks there),
 * the project's `.scann/rescued` folder, the user's state folder, then the temp folder. Each later place is less
 * likely to share the failure (an unwritable folder, a full disk) of the earlier ones.
 */
export function rescuePlaces(besideDir: string, env: NodeJS.ProcessEnv = process.env): RescuePlace[] {
  const home = env.HOME || os.homedir();
  const state = env.XDG_STATE_HOME || path.join(home, '.local', 'state');
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  return [
    { dir: besideDir, label: 'beside it' },
    { dir: path.join(besideDir, '.scann', 'rescued'), label: "in the project's .scann/rescued folder" },
    { dir: path.join(state, 'scann', 'rescued'), label: 'in your state folder' },
    { dir: path.join(os.tmpdir(), `scann-rescued-${uid}`), label: 'in the temp folder' },
  ];
}

/** A name no other process can pick at the same moment: pid plus randomness (milliseconds collide). */
export function uniqueSuffix(): string {
  return `${process.pid}-${randomBytes(4).toString('hex')}`;
}

export interface RescueAttempt {
  /** Where the content went, when some place took it. */
  path?: string;
  /** One line per place that failed, with its reason. */
  failures: string[];
}

/**
 * Writes `content` as `name` into the first place that takes it. `mode` is the original file's, so a private
 * (0600) file's result does not become world-readable; the folders made here are private too.
 */
export async function writeRescue(
  places: readonly RescuePlace[],
  name: string,
  content: string,
  mode?: number,
): Promise<RescueAttempt> {
  const failures: string[] = [];
  for (const place of places) {
    const file = path.join(place.dir, name);
    let made: string | undefined;
    try {
      made = await fs.mkdir(place.dir, { recursive: true, mode: 0o700 });
      await writeFileAtomic(file, content, mode === undefined ? {} : { mode });
      return { path: file, failures };
    } catch (err) {
      failures.push(`${file}: ${errorText(err)}`);
      if (made) await fs.rm(made, { recursive: true, force: true }).catch(() => undefined); // nothing left behind
    }
  }
  return { failures };
}

export function errorText(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    const known: Record<string, string> = {
      EACCES: 'permission denied',
      EPERM: 'operation not permitted',
      EROFS: 'read-only file system',
      ENOSPC: 'no space left on device',
      EDQUOT: 'disk quota exceeded',
    };
    if (code && known[code]) return `${known[code]} (${code})`;
    return err.message;
  }
  return String(err);
}

/**
 * Writes several files together into a new folder `name` inside the first place that takes them all (a run's
 * `model.json` and `result.json` belong together). A place that fails part-way is left for the next one.
 */
export async function writeRescueFolder(
  places: readonly RescuePlace[],
  name: string,
  files: Readonly<Record<string, string>>,
): Promise<RescueAttempt> {
  const failures: string[] = [];
  for (const place of places) {
    const dir = path.join(place.dir, name);
    let made: string | undefined;
    try {
      made = await fs.mkdir(dir, { recursive: true, mode: 0o700 });
      for (const [file, content] of Object.entries(files)) await writeFileAtomic(path.join(dir, file), content);
      return { path: dir, failures };
    } catch (err) {
      failures.push(`${dir}: ${errorText(err)}`);
      if (made) await fs.rm(made, { recursive: true, force: true }).catch(() => undefined);
    }
  }
  return { failures };
}
