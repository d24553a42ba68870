/**
 * A sweep job's result lands once, whole: racing writers keep one result with its own model, and a writer killed at
 * any point of saving leaves a folder that the next writer (a re-attached submitter) completes, never a result
 * without its model or a finished job recorded as running.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, promises as fsp, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { after, afterEach, mock, test } from 'node:test';
import type { RunMeta } from '../../src/node/runMeta';
import { RunRecord, RunStore } from '../../src/node/runStore';
import type { RunResult } from '../../src/protocol/result';
import { fixtureResult } from '../webview/support/fixtures';

const root = mkdtempSync(path.join(tmpdir(), 'scann-once-'));
after(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => mock.restoreAll());

const problems: string[] = [];
const store = new RunStore(root, (m) => problems.push(m));
const running = (runId: string): RunMeta => ({ runId, name: runId, status: 'running', createdAt: 1 });
// Two different runs of a job: different results and different models, so a mixed pair would show.
const first = fixtureResult('optdigits-a');
const second = fixtureResult('optdigits-b');

/** The file operations a save goes through; a writer "killed" at one of them makes no further step. */
const OPS = ['open', 'link', 'rename', 'rm', 'unlink', 'readdir', 'readFile', 'access', 'stat', 'lstat'] as const;

/**
 * Lets `steps` file operations through and freezes the one after it for ever, as `kill -9` would: no rejection,
 * no `finally` cleanup. Returns how many operations were attempted so far.
 */
function freezeAfter(steps: number): () => number {
  let calls = 0;
  for (const op of OPS) {
    const real = fsp[op].bind(fsp) as (...args: unknown[]) => Promise<unknown>;
    mock.method(fsp, op, (...args: unknown[]) => (++calls > steps ? new Promise(() => undefined) : real(...args)));
  }
  return () => calls;
}

async function settled(p: Promise<unknown>, done: () => boolean): Promise<boolean> {
  let finished = false;
  void p.then(() => (finished = true));
  while (!finished && !done()) await new Promise((r) => setImmediate(r));
  return finished;
}

const staged = (dir: string): string[] => readdirSync(dir).filter((n) => n.startsWith('.staged.'));

// Key order differs (the model is read back from its own file), so not JSON text.
const sameRun = (a: RunResult | undefined, b: RunResult): boolean => isDeepStrictEqual(a, b);

test('a writer killed at any step of saving: the next writer finds or completes one whole result', async () => {
  // How many steps a whole save takes (it must finish when nothing is frozen).
  const probe = await store.create(running('probe'), '');
  const count = freezeAfter(Infinity);
  assert.equal(await probe.saveOutcome({ status: 'done', result: first }, { once: true }), true);
  const total = count();
  mock.restoreAll();
  assert.ok(total > 5, `a save takes ${total} file operations`);

  let keptFirst = 0;
  for (let k = 0; k <= total; k++) {
    const runId = `killed-at-${k}`;
    const killed = await store.create(running(runId), '');
    const calls = freezeAfter(k);
    const finished = await settled(
      killed.saveOutcome({ status: 'done', result: first }, { once: true }),
      () => calls() > k,
    );
    mock.restoreAll();
    assert.equal(finished, k === total, `step ${k}`);

    // The re-attached submitter settles the job again, with the result the queue reports now.
    const again = new RunRecord(store.dir(runId), (await store.readMeta(runId))!);
    const mine = await again.saveOutcome({ status: 'done', result: second }, { once: true });
    const stored = await store.readResult(runId);
    assert.ok(stored, `step ${k}: no whole result`);
    assert.ok(sameRun(stored, mine ? second : first), `step ${k}: the kept result is not the one its writer said`);
    const meta = await store.readMeta(runId);
    assert.equal(meta?.status, 'done', `step ${k}`);
    assert.equal(meta?.testAccuracy, stored.final.testAccuracy, `step ${k}`);
    assert.deepEqual(staged(store.dir(runId)), [], `step ${k}: staged copies left`);
    if (!mine) keptFirst++;
  }
  // Killed before its claim, the first writer loses the job; killed after it, its result is the one kept.
  assert.ok(keptFirst > 0 && keptFirst <= total, `the killed writer's result kept in ${keptFirst} of ${total + 1}`);
  assert.deepEqual(problems, []);
});

test('writers racing for one job: exactly one result is kept, with its own model', async () => {
  const results = [first, second, fixtureResult('optdigits-c')];
  for (let round = 0; round < 10; round++) {
    const runId = `race-${round}`;
    await store.create(running(runId), '');
    const meta = (await store.readMeta(runId))!;
    const writers = Array.from({ length: 6 }, (_, i) => results[(i + round) % results.length]!);
    const won = await Promise.all(
      writers.map((r) =>
        new RunRecord(store.dir(runId), meta).saveOutcome({ status: 'done', result: r }, { once: true }),
      ),
    );
    assert.equal(won.filter(Boolean).length, 1, `round ${round}: ${won.join(' ')}`);
    assert.ok(sameRun(await store.readResult(runId), writers[won.indexOf(true)]!), `round ${round}`);
    assert.deepEqual(staged(store.dir(runId)), [], `round ${round}`);
  }
});

test('a folder saved by an earlier version (no claim) keeps its result', async () => {
  const rec = await store.create(running('legacy'), '');
  await rec.saveResult(first);
  assert.equal(await rec.saveOutcome({ status: 'done', result: second }, { once: true }), false);
  assert.ok(sameRun(await store.readResult('legacy'), first));
});
