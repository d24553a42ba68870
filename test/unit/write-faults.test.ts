/**
 * A finished run is never lost when its results cannot be written where they belong: a read-only notebook, a
 * folder the user may not write, a full disk, an unwritable or full `--out`. The result goes to the first place
 * that takes it, the message says exactly where, later cells still run, and the exit code (3) says so.
 * Unwritable folders are made by running the CLI as `nobody` when root (root ignores permissions) or by chmod
 * otherwise; full disks are small tmpfs mounts, so those tests need root and are skipped with a message without it.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { parseNotebook, RUN_MIME, type NotebookDocumentData } from '../../src/protocol/notebook';
import type { RunResult } from '../../src/protocol/result';
import { bundleEntries, dataDir } from './helpers/bundle';
import { faultNotebook, runNode, writeNotebook } from './helpers/faultNotebook';

const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;
const work = mkdtempSync(path.join(tmpdir(), 'scann-faults-'));
chmodSync(work, 0o755); // `nobody` must reach the CLI bundle and the test folders
after(() => rmSync(work, { recursive: true, force: true }));
let cliBundle: string | undefined;
const cli = (): string => (cliBundle ??= bundleEntries(path.join(work, 'bin'), { cli: 'src/cli/main.ts' })['cli']!);

let n = 0;
/** A fresh folder with a writable (for everyone) state folder beside it, where rescues are looked for. */
function scene(): { dir: string; state: string } {
  const base = path.join(work, `case-${n++}`);
  const dir = path.join(base, 'project');
  const state = path.join(base, 'state');
  mkdirSync(dir, { recursive: true });
  mkdirSync(state);
  chmodSync(base, 0o755);
  chmodSync(state, 0o777);
  return { dir, state };
}

function runCli(args: string[], env: NodeJS.ProcessEnv, unprivileged = false) {
  return runNode(cli(), args, {
    env: { SCANN_DATA_DIR: dataDir, ...env },
    ...(unprivileged && isRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  });
}

/** The run names saved in a notebook's config cells, in order. */
function runNames(nb: NotebookDocumentData): (string | undefined)[] {
  return nb.cells
    .filter((c) => c.kind === 'config')
    .map((c) => {
      const item = c.outputs?.flatMap((o) => o.items).find((i) => i.mime === RUN_MIME);
      return item ? (item.data as unknown as RunResult).name : undefined;
    });
}

/** The rescue file a message names: `... saved to PATH` (the last one, which holds every result of the run). */
function savedTo(stderr: string): string {
  const all = [...stderr.matchAll(/saved to (\S+\.scann)\n/g)].map((m) => m[1]!);
  assert.ok(all.length > 0, `a message says where the results went:\n${stderr}`);
  return all[all.length - 1]!;
}

test('a read-only notebook is not replaced: both cells run, their results go to one sibling file, exit 3', async () => {
  const { dir, state } = scene();
  const file = path.join(dir, 'nb.scann');
  writeNotebook(file, faultNotebook(2));
  chmodSync(file, 0o444);
  const before = readFileSync(file, 'utf8');
  const r = await runCli(['run', file], { XDG_STATE_HOME: state });
  assert.equal(r.code, 3, r.stderr);
  assert.equal(readFileSync(file, 'utf8'), before, 'the read-only notebook is unchanged');
  assert.equal(statSync(file).mode & 0o777, 0o444);
  assert.match(r.stderr, /nb\.scann is read-only; it was not changed/);
  assert.doesNotMatch(r.stderr, /changed on disk|run failed/);
  assert.equal((r.stderr.match(/baseline MLP/g) ?? []).length, 2, 'the second cell ran too');
  const rescued = savedTo(r.stderr);
  assert.equal(path.dirname(rescued), dir, 'beside the notebook');
  assert.match(path.basename(rescued), /^nb\.outputs-\d+-[0-9a-f]{8}\.scann$/);
  assert.deepEqual(runNames(parseNotebook(readFileSync(rescued, 'utf8'))), ['c1', 'c2']);
  assert.deepEqual(readdirSync(dir).sort(), ['nb.scann', path.basename(rescued)].sort(), 'one rescue file, no temps');
});

test('a notebook in a folder the user may not write: results rescued to the state folder, exit 3', async () => {
  const { dir, state } = scene();
  const file = path.join(dir, 'nb.scann');
  writeNotebook(file, faultNotebook(2), 0o666);
  chmodSync(file, 0o666);
  if (!isRoot) chmodSync(dir, 0o555);
  const before = readFileSync(file, 'utf8');
  try {
    const r = await runCli(['run', file], { XDG_STATE_HOME: state }, true);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /could not write .*nb\.scann: permission denied \(EACCES\)/);
    assert.doesNotMatch(r.stderr, /changed on disk|run failed/);
    const rescued = savedTo(r.stderr);
    assert.equal(path.dirname(rescued), path.join(state, 'scann', 'rescued'));
    assert.deepEqual(runNames(parseNotebook(readFileSync(rescued, 'utf8'))), ['c1', 'c2']);
    assert.equal(readFileSync(file, 'utf8'), before);
  } finally {
    chmodSync(dir, 0o755);
  }
});

/** Mounts a 256 KiB tmpfs at `dir`, fills it, runs `fn`, and always unmounts. */
async function withFullDisk(dir: string, fn: () => Promise<void>): Promise<void> {
  mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k,mode=0777', 'tmpfs', dir]);
  try {
    await fn();
  } finally {
    execFileSync('umount', [dir]);
  }
}

function fill(dir: string): void {
  try {
    writeFileSync(path.join(dir, 'filler'), Buffer.alloc(1 << 20));
  } catch (err) {
    assert.equal((err as NodeJS.ErrnoException).code, 'ENOSPC');
  }
}

const fullDiskSkip = !isRoot && 'needs root to mount a small tmpfs (run the unit tests as root to include it)';

test(
  'a full disk: the notebook stays whole, results are rescued elsewhere, exit 3',
  { skip: fullDiskSkip },
  async () => {
    const { dir, state } = scene();
    await withFullDisk(dir, async () => {
      const file = path.join(dir, 'nb.scann');
      writeNotebook(file, faultNotebook(2));
      const before = readFileSync(file, 'utf8');
      fill(dir);
      const r = await runCli(['run', file], { XDG_STATE_HOME: state });
      assert.equal(r.code, 3, r.stderr);
      assert.match(r.stderr, /no space left on device \(ENOSPC\)/);
      assert.doesNotMatch(r.stderr, /changed on disk|run failed/);
      assert.equal(readFileSync(file, 'utf8'), before, 'not torn, not truncated');
      const rescued = savedTo(r.stderr);
      assert.equal(path.dirname(rescued), path.join(state, 'scann', 'rescued'));
      assert.deepEqual(runNames(parseNotebook(readFileSync(rescued, 'utf8'))), ['c1', 'c2']);
      assert.deepEqual(readdirSync(dir).sort(), ['filler', 'nb.scann'], 'no temp or lock files on the full disk');
    });
  },
);

test(
  'when no place can be written the notebook with the results is printed on stdout',
  { skip: fullDiskSkip },
  async () => {
    const { dir } = scene();
    await withFullDisk(dir, async () => {
      const file = path.join(dir, 'nb.scann');
      writeNotebook(file, faultNotebook(1));
      fill(dir);
      // Every fallback lies on the full disk too.
      const r = await runCli(['run', file], { XDG_STATE_HOME: dir, HOME: dir, TMPDIR: dir });
      assert.equal(r.code, 3, r.stderr);
      assert.match(r.stderr, /so the notebook with this run's results is printed on stdout/);
      assert.deepEqual(runNames(parseNotebook(r.stdout)), ['c1']);
    });
  },
);

const yaml = (faultNotebook(1).cells[1]!.source as string).replace('name: c1', 'name: solo');

test('run --config --out into a folder that cannot be written fails before the run, exit 2', async () => {
  const { dir } = scene();
  writeFileSync(path.join(dir, 'run.yaml'), yaml);
  const out = path.join(dir, 'locked', 'out');
  mkdirSync(path.dirname(out));
  if (!isRoot) chmodSync(path.dirname(out), 0o555);
  try {
    const r = await runCli(['run', '--config', path.join(dir, 'run.yaml'), '--json', '--out', out], {}, true);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--out .*locked\/out: cannot create .*permission denied \(EACCES\); nothing was run/);
    assert.doesNotMatch(r.stderr, /baseline/);
    assert.equal(r.stdout, '');
  } finally {
    chmodSync(path.dirname(out), 0o755);
  }
  // A read-only result.json from an earlier run would be refused too: also caught before the run.
  mkdirSync(out);
  writeFileSync(path.join(out, 'result.json'), '{}');
  chmodSync(path.join(out, 'result.json'), 0o444);
  const r = await runCli(['run', '--config', path.join(dir, 'run.yaml'), '--out', out], {});
  assert.equal(r.code, 2);
  assert.match(r.stderr, /result\.json is read-only; it was not changed; nothing was run/);
});

test(
  'run --config --json --out on a full disk: the JSON is printed, the files are rescued, exit 3',
  { skip: fullDiskSkip },
  async () => {
    const { dir, state } = scene();
    writeFileSync(path.join(dir, 'run.yaml'), yaml);
    const disk = path.join(dir, 'disk');
    await withFullDisk(disk, async () => {
      const out = path.join(disk, 'out');
      mkdirSync(out);
      fill(disk);
      const r = await runCli(['run', '--config', path.join(dir, 'run.yaml'), '--json', '--out', out], {
        XDG_STATE_HOME: state,
      });
      assert.equal(r.code, 3, r.stderr);
      assert.equal((JSON.parse(r.stdout) as RunResult).name, 'solo', 'the report is on stdout');
      const m = /model\.json and result\.json were saved to (\S+)\n/.exec(r.stderr);
      assert.ok(m, r.stderr);
      assert.equal(path.dirname(m[1]!), path.join(state, 'scann', 'rescued'));
      assert.equal((JSON.parse(readFileSync(path.join(m[1]!, 'result.json'), 'utf8')) as RunResult).name, 'solo');
      assert.ok(JSON.parse(readFileSync(path.join(m[1]!, 'model.json'), 'utf8')));
    });
  },
);

test("export --out through a symlink to the model's folder does not overwrite the model", async () => {
  const { dir } = scene();
  // A model written by a real run, so that export would otherwise succeed.
  writeFileSync(path.join(dir, 'run.yaml'), yaml);
  const made = await runCli(['run', '--config', path.join(dir, 'run.yaml'), '--out', path.join(dir, 'model')], {});
  assert.equal(made.code, 0, made.stderr);
  const model = path.join(dir, 'model', 'model.json');
  const before = readFileSync(model, 'utf8');
  symlinkSync('model', path.join(dir, 'alias'));
  for (const format of ['json', 'tfjs']) {
    const r = await runCli(['export', model, '--format', format, '--out', path.join(dir, 'alias')], {});
    assert.equal(r.code, 2, `${format}: ${r.stderr}`);
    assert.match(r.stderr, /would overwrite the input/);
    assert.equal(readFileSync(model, 'utf8'), before);
  }
  assert.deepEqual(readdirSync(path.join(dir, 'model')).sort(), ['model.json', 'result.json']);
});

test('a run through a symlinked private notebook writes the target, keeps the link and the 0600 mode', async () => {
  const { dir, state } = scene();
  mkdirSync(path.join(dir, 'real'));
  const target = path.join(dir, 'real', 'nb.scann');
  writeNotebook(target, faultNotebook(1));
  chmodSync(target, 0o600);
  symlinkSync('real/nb.scann', path.join(dir, 'nb.scann'));
  const r = await runCli(['run', path.join(dir, 'nb.scann')], { XDG_STATE_HOME: state });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(lstatSync(path.join(dir, 'nb.scann')).isSymbolicLink(), 'the link stays a link');
  assert.deepEqual(runNames(parseNotebook(readFileSync(target, 'utf8'))), ['c1']);
  assert.equal(statSync(target).mode & 0o777, 0o600);
  assert.deepEqual(readdirSync(path.join(dir, 'real')), ['nb.scann'], 'no temp or lock left beside the target');
  assert.deepEqual(readdirSync(dir).sort(), ['nb.scann', 'real']);
});
