/**
 * writeFileAtomic keeps what the user set up (mode, owner, symlinks, read-only files) and never leaves a torn file
 * or temp files behind, even when its process is killed with -9 in the middle of a write.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { isAtomicTempName, writeFileAtomic, WriteRefusedError } from '../../src/node/atomicWrite';
import { versions } from './helpers/atomicWriterChild';
import { bundleEntries } from './helpers/bundle';

const work = mkdtempSync(path.join(tmpdir(), 'scann-atomic-'));
after(() => rmSync(work, { recursive: true, force: true }));
const isRoot = process.getuid?.() === 0;
let n = 0;
const fresh = (): string => {
  const dir = path.join(work, `case-${n++}`);
  mkdirSync(dir);
  return dir;
};
const temps = (dir: string): string[] => readdirSync(dir).filter(isAtomicTempName);

test('keeps the mode of the file it replaces (a private 0600 file stays private)', async () => {
  const dir = fresh();
  for (const mode of [0o600, 0o640, 0o755]) {
    const file = path.join(dir, `m${mode.toString(8)}.scann`);
    writeFileSync(file, 'old');
    chmodSync(file, mode);
    await writeFileAtomic(file, 'new');
    assert.equal(readFileSync(file, 'utf8'), 'new');
    assert.equal(statSync(file).mode & 0o777, mode);
  }
  const created = path.join(dir, 'created');
  await writeFileAtomic(created, 'x', { mode: 0o600 });
  assert.equal(statSync(created).mode & 0o777, 0o600, 'a new file gets the requested mode, not the umask');
});

test('keeps the owner of the file it replaces when it may (root)', { skip: !isRoot && 'needs root' }, async () => {
  const file = path.join(fresh(), 'owned.scann');
  writeFileSync(file, 'old');
  chownSync(file, 65534, 65534);
  await writeFileAtomic(file, 'new');
  const st = statSync(file);
  assert.deepEqual([st.uid, st.gid], [65534, 65534]);
});

test('refuses a read-only file (even as root) and leaves it untouched', async () => {
  const file = path.join(fresh(), 'ro.scann');
  writeFileSync(file, 'keep me');
  chmodSync(file, 0o444);
  await assert.rejects(writeFileAtomic(file, 'new'), (err: unknown) => {
    assert.ok(err instanceof WriteRefusedError);
    assert.equal(err.code, 'READ_ONLY');
    assert.match(err.message, /ro\.scann is read-only; it was not changed/);
    return true;
  });
  assert.equal(readFileSync(file, 'utf8'), 'keep me');
  assert.equal(statSync(file).mode & 0o777, 0o444);
  assert.deepEqual(temps(path.dirname(file)), []);
});

test('writes through a symlink: the link stays a link and its target gets the content', async () => {
  const dir = fresh();
  mkdirSync(path.join(dir, 'real'));
  const target = path.join(dir, 'real', 'nb.scann');
  writeFileSync(target, 'old');
  chmodSync(target, 0o600);
  symlinkSync('real/nb.scann', path.join(dir, 'hop.scann'));
  symlinkSync('hop.scann', path.join(dir, 'link.scann')); // a chain of two links
  await writeFileAtomic(path.join(dir, 'link.scann'), 'new');
  assert.ok(lstatSync(path.join(dir, 'link.scann')).isSymbolicLink());
  assert.equal(readlinkSync(path.join(dir, 'link.scann')), 'hop.scann');
  assert.equal(readFileSync(target, 'utf8'), 'new');
  assert.equal(statSync(target).mode & 0o777, 0o600);
  assert.deepEqual(temps(dir), []);
  assert.deepEqual(temps(path.join(dir, 'real')), []);
  // A dangling link creates its target.
  symlinkSync('real/later.scann', path.join(dir, 'dangling.scann'));
  await writeFileAtomic(path.join(dir, 'dangling.scann'), 'made');
  assert.ok(lstatSync(path.join(dir, 'dangling.scann')).isSymbolicLink());
  assert.equal(readFileSync(path.join(dir, 'real', 'later.scann'), 'utf8'), 'made');
});

test('refuses a symlink loop and a target that is a folder with clear errors', async () => {
  const dir = fresh();
  symlinkSync('b', path.join(dir, 'a'));
  symlinkSync('a', path.join(dir, 'b'));
  await assert.rejects(writeFileAtomic(path.join(dir, 'a'), 'x'), /too many levels of symbolic links/);
  mkdirSync(path.join(dir, 'folder.scann'));
  await assert.rejects(writeFileAtomic(path.join(dir, 'folder.scann'), 'x'), /folder\.scann is not a regular file/);
});

test("kill -9 in the middle of writes never leaves a torn file; the next write removes the dead writer's temps", async (t) => {
  const dir = fresh();
  const file = path.join(dir, 'big.json');
  writeFileSync(file, versions[1]!);
  const child = bundleEntries(path.join(work, 'bin'), { writer: 'test/unit/helpers/atomicWriterChild.ts' })['writer']!;
  const kills = Number(process.env['SCANN_FAULT_TRIALS'] ?? '2') * 6;
  let leftBehind = 0;
  let torn = 0;
  for (let k = 0; k < kills; k++) {
    const proc = spawn(process.execPath, [child, file]);
    await new Promise<void>((resolve) => proc.stdout.once('data', () => resolve()));
    await new Promise((r) => setTimeout(r, 20 + Math.floor(Math.random() * 200)));
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGKILL');
    await exited;
    const text = readFileSync(file, 'utf8');
    if (!versions.includes(text)) torn++;
    leftBehind += temps(dir).length;
  }
  assert.equal(torn, 0, 'the file was always one whole version');
  await writeFileAtomic(file, versions[0]!);
  assert.deepEqual(temps(dir), [], 'no temp file survives the next write');
  t.diagnostic(
    `kill -9: ${kills} kills, ${torn} torn files, ${leftBehind} temp files left at kill time, 0 after the next write`,
  );
});

test('a temp file of a writer that is still running is not removed', async () => {
  const dir = fresh();
  const file = path.join(dir, 'nb.scann');
  // The parent of this process is alive: its temp file is a write in progress.
  const live = path.join(dir, `.nb.scann.${process.ppid}-0123456789ab.tmp`);
  const dead = path.join(dir, `.nb.scann.${2 ** 22 + 12345}-0123456789ab.tmp`);
  writeFileSync(live, 'partial');
  writeFileSync(dead, 'partial');
  await writeFileAtomic(file, 'x');
  assert.deepEqual(readdirSync(dir).sort(), [path.basename(live), 'nb.scann'].sort());
});

test('a file rewritten by someone else after it was read is not overwritten (unchangedSince)', async () => {
  const file = path.join(fresh(), 'nb.scann');
  writeFileSync(file, 'read by us');
  const read = statSync(file);
  writeFileSync(file, 'written by an editor meanwhile');
  await assert.rejects(writeFileAtomic(file, 'ours', { unchangedSince: read }), (err: unknown) => {
    assert.ok(err instanceof WriteRefusedError && err.code === 'CHANGED');
    return true;
  });
  assert.equal(readFileSync(file, 'utf8'), 'written by an editor meanwhile');
  assert.deepEqual(temps(path.dirname(file)), []);
  await writeFileAtomic(file, 'ours', { unchangedSince: statSync(file) });
  assert.equal(readFileSync(file, 'utf8'), 'ours');
});
