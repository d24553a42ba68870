/**
 * Several processes writing one notebook at once (CLI runs of different cells, as a user starts them in several
 * terminals) must never drop a finished cell's outputs, and their exit codes must say what happened.
 * `SCANN_FAULT_TRIALS` scales the number of trials (the figures in docs/reliability.md were measured with 40).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { NotebookWriteBack } from '../../src/node/notebookWriteBack';
import {
  MARKDOWN_MIME,
  parseNotebook,
  RUN_MIME,
  serializeNotebook,
  type NotebookDocumentData,
} from '../../src/protocol/notebook';
import type { RunResult } from '../../src/protocol/result';
import { bundleEntries, dataDir } from './helpers/bundle';
import { faultNotebook, leftovers, runNode, writeNotebook } from './helpers/faultNotebook';

const TRIALS = Number(process.env['SCANN_FAULT_TRIALS'] ?? '2');
const work = mkdtempSync(path.join(tmpdir(), 'scann-writers-'));
const entries = {
  cli: 'src/cli/main.ts',
  writeBack: 'test/unit/helpers/writeBackChild.ts',
  lockHolder: 'test/unit/helpers/lockHolderChild.ts',
};
const bundled: Partial<Record<keyof typeof entries, string>> = {};
/** Bundled when first used, so each test needs only the sources it runs. */
const bin = (name: keyof typeof entries): string =>
  (bundled[name] ??= bundleEntries(path.join(work, 'bin'), { [name]: entries[name] })[name]!);
after(() => rmSync(work, { recursive: true, force: true }));

/** The run name saved in each config cell's outputs (undefined for a cell without a run output). */
function savedRunNames(nb: NotebookDocumentData): (string | undefined)[] {
  return nb.cells
    .filter((c) => c.kind === 'config')
    .map((c) => {
      const item = c.outputs?.flatMap((o) => o.items).find((i) => i.mime === RUN_MIME);
      return item ? (item.data as unknown as RunResult).name : undefined;
    });
}

test("concurrent `scann run --cell` processes on one notebook keep every cell's outputs, exit 0, leave no stray files", async (t) => {
  let lost = 0;
  let runs = 0;
  for (let trial = 0; trial < TRIALS; trial++) {
    const writers = trial % 2 === 0 ? 4 : 5;
    const dir = path.join(work, `cli-${trial}`);
    mkdirSync(dir);
    const file = path.join(dir, 'nb.scann');
    writeNotebook(file, faultNotebook(writers));
    const results = await Promise.all(
      Array.from({ length: writers }, (_, i) =>
        runNode(bin('cli'), ['run', file, '--cell', `c${i + 1}`], { env: { SCANN_DATA_DIR: dataDir } }),
      ),
    );
    runs += writers;
    results.forEach((r, i) => assert.equal(r.code, 0, `trial ${trial}, writer c${i + 1}: ${r.stderr}`));
    const names = savedRunNames(parseNotebook(readFileSync(file, 'utf8')));
    lost += names.filter((n) => n === undefined).length;
    assert.deepEqual(
      names,
      Array.from({ length: writers }, (_, i) => `c${i + 1}`),
      `trial ${trial}: every cell has its own run's outputs`,
    );
    assert.deepEqual(readdirSync(dir), ['nb.scann'], `trial ${trial}: no sibling, temp or lock files`);
  }
  t.diagnostic(`CLI writers: ${TRIALS} trials, ${runs} concurrent runs, ${lost} results lost`);
});

test('many concurrent write-backs of different cells: none lost, none diverted', async (t) => {
  const trials = TRIALS * 3;
  const writers = 6;
  let lost = 0;
  for (let trial = 0; trial < trials; trial++) {
    const dir = path.join(work, `wb-${trial}`);
    mkdirSync(dir);
    const file = path.join(dir, 'nb.scann');
    writeNotebook(file, faultNotebook(writers));
    const startAt = String(Date.now() + 300);
    const results = await Promise.all(
      Array.from({ length: writers }, (_, i) => runNode(bin('writeBack'), [file, String(i + 1), `w${i + 1}`, startAt])),
    );
    results.forEach((r, i) => assert.equal(r.code, 0, `trial ${trial}, writer ${i + 1}: ${r.stdout}${r.stderr}`));
    const nb = parseNotebook(readFileSync(file, 'utf8'));
    const got = nb.cells.slice(1).map((c) => c.outputs?.[0]?.items[0]?.data);
    lost += got.filter((g) => g === undefined).length;
    assert.deepEqual(
      got,
      Array.from({ length: writers }, (_, i) => `written by w${i + 1}`),
      `trial ${trial}`,
    );
    assert.deepEqual(leftovers(dir), []);
  }
  t.diagnostic(`write-back writers: ${trials} trials x ${writers} processes, ${lost} results lost`);
});

test('a writer killed with -9 while holding the lock does not block the next one for good', async () => {
  const dir = path.join(work, 'stale');
  mkdirSync(dir);
  const file = path.join(dir, 'nb.scann');
  writeNotebook(file, faultNotebook(1));
  const holder = spawn(process.execPath, [bin('lockHolder'), file]);
  await new Promise<void>((resolve, reject) => {
    holder.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
    holder.on('exit', () => reject(new Error('the lock holder exited early')));
  });
  assert.ok(existsSync(`${file}.lock`), 'the lock is taken');
  const exited = new Promise((r) => holder.once('exit', r));
  holder.kill('SIGKILL');
  await exited;
  const r = await runNode(bin('writeBack'), [file, '1', 'after-kill', '0']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(
    parseNotebook(readFileSync(file, 'utf8')).cells[1]!.outputs?.[0]?.items[0]?.data,
    'written by after-kill',
  );
  assert.deepEqual(leftovers(dir), [], 'the stale lock was taken over and released');
});

test('a write-back merges by cell: edits to other cells survive, a moved cell is found by its text', async () => {
  const dir = path.join(work, 'merge');
  mkdirSync(dir);
  const file = path.join(dir, 'nb.scann');
  const nb = faultNotebook(2);
  writeNotebook(file, nb);
  const wb = new NotebookWriteBack(file, serializeNotebook(nb), { print: () => assert.fail('nothing is printed') });
  // Meanwhile the user inserts a cell at the top and edits c1: the run of c2 still lands on c2, now at index 3.
  const edited: NotebookDocumentData = {
    metadata: {},
    cells: [
      { kind: 'markdown', source: 'inserted' },
      nb.cells[0]!,
      { ...nb.cells[1]!, source: `${nb.cells[1]!.source}# edited\n` },
      nb.cells[2]!,
    ],
  };
  writeNotebook(file, edited);
  const outputs = [{ items: [{ mime: MARKDOWN_MIME, data: 'result of c2' }] }];
  const r = await wb.save({ index: 2, source: nb.cells[2]!.source, name: 'c2', outputs, execution: { order: 1 } });
  assert.equal(r.kind, 'saved');
  const disk = parseNotebook(readFileSync(file, 'utf8'));
  assert.equal(disk.cells[0]!.source, 'inserted');
  assert.match(disk.cells[2]!.source, /# edited/);
  assert.deepEqual(disk.cells[3]!.outputs, outputs);
  assert.deepEqual(readdirSync(dir), ['nb.scann']);
});

test('a write-back whose own cell was edited meanwhile goes to a uniquely named sibling, the notebook untouched', async () => {
  const dir = path.join(work, 'conflict');
  mkdirSync(dir);
  const file = path.join(dir, 'nb.scann');
  const nb = faultNotebook(1);
  writeNotebook(file, nb);
  const wb = new NotebookWriteBack(file, serializeNotebook(nb), { print: () => assert.fail('nothing is printed') });
  const edited = serializeNotebook({
    metadata: {},
    cells: [nb.cells[0]!, { ...nb.cells[1]!, source: 'name: other\n' }],
  });
  writeFileSync(file, edited);
  const outputs = [{ items: [{ mime: MARKDOWN_MIME, data: 'result' }] }];
  const r = await wb.save({ index: 1, source: nb.cells[1]!.source, name: 'c1', outputs, execution: {} });
  assert.equal(r.kind, 'rescued');
  assert.ok(r.kind === 'rescued');
  assert.match(r.reason, /changed on disk during the run \(cell c1 was edited, moved or removed\)/);
  assert.match(path.basename(r.file), new RegExp(`^nb\\.outputs-${process.pid}-[0-9a-f]{8}\\.scann$`));
  assert.equal(path.dirname(r.file), dir);
  assert.equal(readFileSync(file, 'utf8'), edited, 'the edited notebook is not overwritten');
  assert.deepEqual(parseNotebook(readFileSync(r.file, 'utf8')).cells[1]!.outputs, outputs);
  // A later result of the same run goes into the same rescue file, not a new one.
  const again = await wb.save({ index: 1, source: nb.cells[1]!.source, name: 'c1', outputs, execution: { order: 2 } });
  assert.ok(again.kind === 'rescued' && again.file === r.file);
  assert.equal(readdirSync(dir).length, 2);
});
