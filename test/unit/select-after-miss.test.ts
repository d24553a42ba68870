import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Network } from '../../src/engine/core/network';
import { Rng } from '../../src/engine/core/random';
import { finishSelection, type FinishContext } from '../../src/engine/synthesis/finish';
import type { ValidationPairs } from '../../src/engine/synthesis/pairedMargin';
import { Selector } from '../../src/engine/synthesis/selector';
import { configSchema } from '../../src/protocol/config';

/**
 * A synthesis history in which the smallest candidates near the target all fail their confirmation, as in a run
 * from the trained baseline whose score ties the baseline's for long stretches: A and B are near the target but
 * classify validation rows the baseline gets right wrongly; C scores the target but disagrees with the baseline on
 * six rows, evenly; D agrees with the baseline on every row; E, the largest, scores best.
 */
const HISTORY = [
  { name: 'A', connections: 10, score: 0.88, pairs: { onlyBaseline: 5, onlyCandidate: 1 } },
  { name: 'B', connections: 20, score: 0.89, pairs: { onlyBaseline: 4, onlyCandidate: 1 } },
  { name: 'C', connections: 30, score: 0.9, pairs: { onlyBaseline: 3, onlyCandidate: 3 } },
  { name: 'D', connections: 40, score: 0.9, pairs: { onlyBaseline: 0, onlyCandidate: 0 } },
  { name: 'E', connections: 100, score: 0.91, pairs: { onlyBaseline: 0, onlyCandidate: 1 } },
];
const ROWS = 100;

/** Each candidate's network is told apart by its input count (which clones keep); fine-tuning keeps its score. */
function setup(afterMiss: 'best' | 'next') {
  const select = configSchema.parse({
    dataset: { source: 'x.csv' },
    select: { finetune: 3, confirm: 2, confirmBy: 'paired', margin: 'auto', afterMiss },
  }).select;
  // 100 validation rows: margin auto asks for one standard error, on the pairs.
  const selector = new Selector(select, 0.9, ROWS);
  const of = (net: Network) => HISTORY[net.inputs - 1]!;
  HISTORY.forEach((h, i) =>
    selector.offer(new Network(i + 1, 3, 4, 'dag'), {
      step: i + 1,
      iteration: i + 1,
      op: 'prune',
      connections: h.connections,
      validationAccuracy: h.score,
      afterPrune: true,
    }),
  );
  const tuned: string[] = [];
  const logs: string[] = [];
  const ctx: FinishContext = {
    retrainer: (net) => ({
      net,
      epoch: async () => {
        if (!tuned.includes(of(net).name)) tuned.push(of(net).name);
        return { trainLoss: 0.1, trainAccuracy: 0.9, validationLoss: 0.3, validationAccuracy: of(net).score };
      },
    }),
    window: 1,
    rng: new Rng(1),
    log: (m) => logs.push(m),
    pairs: (net): ValidationPairs => ({ ...of(net).pairs, rows: ROWS }),
  };
  return { selector, select, ctx, tuned, logs, name: (net: Network) => of(net).name };
}

test('afterMiss: best falls back to the best-scored network once the smallest candidates fail', async () => {
  const { selector, select, ctx, tuned, name } = setup('best');
  const out = (await finishSelection(selector, select, ctx))!;
  assert.deepEqual(tuned, ['A', 'B', 'E'], 'the two smallest near the target, then the best-scored');
  assert.equal(name(out.candidate.net), 'E');
  assert.equal(out.candidate.connections, 100);
  assert.equal(out.met, true, 'E clears the paired rule');
});

test('afterMiss: next screens the larger candidates without training and takes the first that confirms', async () => {
  const { selector, select, ctx, tuned, logs, name } = setup('next');
  const out = (await finishSelection(selector, select, ctx))!;
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
  const { selector, select, ctx, tuned, name } = setup('next');
  // Every network passes the screen as it stands; once fine-tuned it has its real pairs (E agrees throughout). So B
  // passes the screen and fails after fine-tuning, and with confirm 1 the scan stops there, before D.
  const pairs = ctx.pairs!;
  ctx.pairs = (net) =>
    tuned.includes(name(net)) && name(net) !== 'E' ? pairs(net) : { onlyBaseline: 0, onlyCandidate: 0, rows: ROWS };
  const out = (await finishSelection(selector, { ...select, confirm: 1 }, ctx))!;
  // confirm 1: A alone near the target, then one more (B), then the best-scored (E).
  assert.deepEqual(tuned, ['A', 'B', 'E']);
  assert.equal(name(out.candidate.net), 'E');
});
