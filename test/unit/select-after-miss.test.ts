import assert from 'node:assert/strict';
import { test } from 'node:test';
import { finishOver, NEAR_MISS_HISTORY } from './helpers/finishStub';

/**
 * A synthesis history in which the smallest candidates near the target all fail their confirmation, as in a run
 * from the trained baseline whose score ties the baseline's for long stretches: A and B are near the target but
 * classify validation rows the baseline gets right wrongly; C scores the target but disagrees with the baseline on
 * six rows, evenly; D agrees with the baseline on every row; E, the largest, scores best.
 */
const HISTORY = NEAR_MISS_HISTORY;
// 100 validation rows: margin auto asks for one standard error, on the pairs.
const ROWS = 100;
const select = (afterMiss: 'best' | 'next', confirm = 2) => ({
  finetune: 3,
  confirm,
  confirmBy: 'paired',
  margin: 'auto',
  afterMiss,
});

test('afterMiss: best falls back to the best-scored network once the smallest candidates fail', async () => {
  const { out, tuned, name } = await finishOver(HISTORY, select('best'), ROWS);
  assert.deepEqual(tuned, ['A', 'B', 'E'], 'the two smallest near the target, then the best-scored');
  assert.equal(name(out.candidate.net), 'E');
  assert.equal(out.candidate.connections, 100);
  assert.equal(out.met, true, 'E clears the paired rule');
});

test('afterMiss: next screens the larger candidates without training and takes the first that confirms', async () => {
  const { out, tuned, logs, name } = await finishOver(HISTORY, select('next'), ROWS);
  // C scores the target but fails the screen (c - b = 0 of 6 disagreeing rows, needs sqrt 6): it is not fine-tuned.
  assert.deepEqual(tuned, ['A', 'B', 'D']);
  assert.equal(name(out.candidate.net), 'D');
  assert.deepEqual([out.candidate.connections, out.met, out.rule], [40, true, 'smallestWithin + fine-tune']);
  assert.ok(
    logs.some((m) =>
      /^select: next, step 4 \(40 connections\) passed the screen; 90\.00% after fine-tuning; .*: taken$/.test(m),
    ),
    logs.join('\n'),
  );
});

test('afterMiss: next fine-tunes at most `confirm` more candidates before falling back to the best', async () => {
  // Every network passes the screen as it stands; once fine-tuned it has its real pairs (E agrees throughout). So B
  // passes the screen and fails after fine-tuning, and with confirm 1 the scan stops there, before D.
  const { out, tuned, name } = await finishOver(HISTORY, select('next', 1), ROWS, (step, _copy, tunedNames) =>
    tunedNames.includes(step.name) && step.name !== 'E' ? step.pairs : { onlyBaseline: 0, onlyCandidate: 0 },
  );
  // confirm 1: A alone near the target, then one more (B), then the best-scored (E).
  assert.deepEqual(tuned, ['A', 'B', 'E']);
  assert.equal(name(out.candidate.net), 'E');
});
