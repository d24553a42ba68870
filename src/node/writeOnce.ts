import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** One file of a group written by `writeOnce`: its name in the folder and its content. */
export interface OnceFile {
  readonly name: string;
  readonly text: string;
}

/** The claim: whoever links it first owns the folder's files; it names the writer's staged copies. */
const CLAIM = '.claimed';
/**
 * Staged copies are `.staged.<token>.<name>`. Not `….tmp`: `writeFileAtomic` removes another process's `.tmp`
 * leftovers, and a staged copy of a killed writer must survive until someone completes its claim.
 */
const STAGED_PREFIX = '.staged.';

interface Claim {
  token: string;
  files: string[];
}

/**
 * Writes a group of files into `dir` at most once, whoever races: the first writer to claim the folder wins and
 * every later call leaves its files as they are. The files appear together: each is staged whole (flushed) before
 * the claim, so a claim can always be completed, by its writer or, when that writer was killed between the claim
 * and the last rename, by the next call for the folder. Files are renamed into place in the given order, so the
 * last one existing means all of them do. Returns whether this call's files are the ones kept.
 */
export async function writeOnce(dir: string, files: readonly OnceFile[]): Promise<boolean> {
  const last = files.at(-1);
  if (!last) throw new Error('writeOnce: no files');
  // Complete already (or written by an earlier version, without a claim): nothing to decide, at most to tidy.
  if (await exists(path.join(dir, last.name))) {
    await completeClaim(dir);
    return false;
  }
  const token = `${process.pid}-${randomBytes(6).toString('hex')}`;
  const staged = (name: string): string => path.join(dir, `${STAGED_PREFIX}${token}.${name}`);
  const claimFile = staged('claim');
  const mine = [...files.map((f) => staged(f.name)), claimFile];
  let won = false;
  try {
    for (const f of files) await writeFlushed(staged(f.name), f.text);
    const claim: Claim = { token, files: files.map((f) => f.name) };
    await writeFlushed(claimFile, `${JSON.stringify(claim)}\n`);
    try {
      await fs.link(claimFile, path.join(dir, CLAIM));
      won = true;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // ENOENT: the winner swept this call's staged copies away between staging and linking.
      if (code !== 'EEXIST' && !(code === 'ENOENT' && (await exists(path.join(dir, CLAIM))))) throw err;
    }
  } finally {
    if (!won) await Promise.all(mine.map((f) => fs.rm(f, { force: true })));
  }
  await completeClaim(dir);
  return won;
}

/**
 * Finishes the folder's claim if its writer stopped part-way: renames the claimed staged copies still there into
 * place and removes staged copies nobody will use. Safe beside a writer that is still finishing (a copy renamed by
 * the other is found in place). Does nothing for a folder without a claim.
 */
export async function completeClaim(dir: string): Promise<void> {
  const claim = await readClaim(dir);
  if (!claim) return;
  for (const name of claim.files) {
    const target = path.join(dir, name);
    try {
      await fs.rename(path.join(dir, `${STAGED_PREFIX}${claim.token}.${name}`), target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || !(await exists(target)))
        throw new Error(`${dir}: the claimed ${name} is neither staged nor in place (${String(err)})`);
    }
  }
  // Every claimed file is in place, so what is still staged is unused: the claim's own second name, and copies of
  // writers that lost or were killed before claiming (one still running finds its copies gone and gives up).
  const names = await fs.readdir(dir);
  const stale = names.filter((n) => n.startsWith(STAGED_PREFIX));
  await Promise.all(stale.map((n) => fs.rm(path.join(dir, n), { force: true })));
}

async function readClaim(dir: string): Promise<Claim | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dir, CLAIM), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const value = JSON.parse(text) as Partial<Claim>;
  if (
    typeof value.token !== 'string' ||
    !Array.isArray(value.files) ||
    !value.files.every((f) => typeof f === 'string')
  )
    throw new Error(`${path.join(dir, CLAIM)}: not a claim`);
  return { token: value.token, files: value.files };
}

async function writeFlushed(file: string, text: string): Promise<void> {
  const fh = await fs.open(file, 'wx');
  try {
    await fh.writeFile(text);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

const exists = (p: string): Promise<boolean> =>
  fs.access(p).then(
    () => true,
    () => false,
  );
