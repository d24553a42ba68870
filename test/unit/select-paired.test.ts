import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configSchema, type ScannConfigInput } from '../../src/protocol/config';
import type { RunEvent } from '../../src/protocol/events';
import { Network } from '../../src/engine/core/network';
import { keepBaselineReason } from '../../src/engine/run/keepBaseline';
import { distillsSynthesis } from '../../src/engine/run/synthesisPass';
import {
  pairedConfirms,
  pairedRequirement,
  validationPairs,
  type ValidationPairs,
} from '../../src/engine/synthesis/pairedMargin';
import { Selector } from '../../src/engine/synthesis/selector';
import { runConfig } from './helpers/run';

const select = (s: Record<string, unknown>) =>
  configSchema.parse({ dataset: { source: 'builtin:iris' }, select: s }).select;

const pairs = (onlyBaseline: number, onlyCandidate: number, rows: number): ValidationPairs => ({
  onlyBaseline,
  onlyCandidate,
  rows,
});

test('validation pairs count the rows only one of the two networks classifies right', () => {
  const baseline = [1, 1, 0, 0, 1, 0, 1];
  const candidate = [1, 0, 1, 0, 0, 1, 1];
  assert.deepEqual(validationPairs(baseline, candidate), { onlyBaseline: 2, onlyCandidate: 2, rows: 7 });
  assert.deepEqual(validationPairs(Uint8Array.of(1, 1), Uint8Array.of(1, 1)), {
    onlyBaseline: 0,
    onlyCandidate: 0,
    rows: 2,
  });
  assert.throws(() => validationPairs([1, 0], [1]), /2 and 1 rows/);
});

test("the paired confirmation is McNemar's statistic against the margin (a second implementation agrees)", () => {
  // Second implementation: z = (c - b) / sqrt(b + c) >= margin; identical predictions on every row are confirmed.
  const byZ = (b: number, c: number, m: number) => b + c === 0 || (c - b) / Math.sqrt(b + c) >= m - 1e-12;
  for (const margin of [0, 0.5, 1, 2]) {
    const cfg = select({ margin, tolerance: 0 });
    for (let b = 0; b <= 12; b++) {
      for (let c = 0; c <= 12; c++) {
        assert.equal(pairedConfirms(pairs(b, c, 150), cfg), byZ(b, c, margin), `b=${b} c=${c} margin=${margin}`);
      }
    }
  }
});

test('at equal accuracy, a network that agrees with the baseline is confirmed and one that disagrees is not', () => {
  const cfg = select({ margin: 1 });
  // Both score exactly the baseline's accuracy on 150 rows (c - b = 0).
  assert.equal(pairedConfirms(pairs(0, 0, 150), cfg), true);
  assert.equal(pairedConfirms(pairs(10, 10, 150), cfg), false);
  // A win of 4 rows is enough when 8 rows disagree (sqrt 8 = 2.8), not when 20 do (sqrt 20 = 4.5).
  assert.equal(pairedConfirms(pairs(2, 6, 150), cfg), true);
  assert.equal(pairedConfirms(pairs(8, 12, 150), cfg), false);
  assert.ok(Math.abs(pairedRequirement(pairs(8, 12, 150), 1, 0) - Math.sqrt(20)) < 1e-12);
});

test('the paired margin is one standard error below 200 validation rows under auto, and tolerance lowers it', () => {
  const auto = select({ margin: 'auto' });
  assert.equal(pairedConfirms(pairs(1, 1, 199), auto), false, 'margin 1: c - b = 0 < sqrt 2');
  assert.equal(pairedConfirms(pairs(1, 1, 200), auto), true, 'margin 0 from 200 rows: c - b = 0 is enough');
  assert.equal(pairedConfirms(pairs(3, 1, 200), auto), false);
  // A tolerance of 1% of 200 rows accepts 2 rows fewer.
  assert.equal(pairedConfirms(pairs(3, 1, 200), select({ margin: 'auto', tolerance: 0.01 })), true);
  assert.equal(pairedConfirms(pairs(4, 1, 200), select({ margin: 'auto', tolerance: 0.01 })), false);
});

test('with a paired confirmation the selection target carries no binomial margin', () => {
  const score = new Selector(select({ margin: 1, confirmBy: 'score' }), 0.9, 100);
  const paired = new Selector(select({ margin: 1, confirmBy: 'paired' }), 0.9, 100);
  assert.ok(Math.abs(score.target - 0.93) < 1e-12);
  assert.ok(Math.abs(paired.target - 0.9) < 1e-12);
  // Without fine-tuning nothing is confirmed, so the margin stays on the score.
  const untuned = new Selector(select({ margin: 1, confirmBy: 'paired', finetune: 0 }), 0.9, 100);
  assert.ok(Math.abs(untuned.target - 0.93) < 1e-12);
  const net = new Network(4, 3, 4, 'dag');
  paired.offer(net, { step: 0, iteration: 0, op: 'prune', connections: 10, validationAccuracy: 0.9, afterPrune: true });
  assert.equal(paired.selected()!.met, true);
});

test('keepBaseline: below returns the baseline only when the network gets fewer validation rows right', () => {
  const cfg = (keepBaseline: string, scheme = 'B', tolerance = 0) =>
    configSchema.parse({ dataset: { source: 'builtin:iris' }, scheme, select: { keepBaseline, tolerance } });
  assert.equal(keepBaselineReason(cfg('never'), false, pairs(9, 0, 100)), undefined);
  assert.match(keepBaselineReason(cfg('below'), true, pairs(5, 3, 100))!, /2 fewer of the 100 validation rows/);
  assert.equal(keepBaselineReason(cfg('below'), false, pairs(3, 3, 100)), undefined, 'a miss alone is not below');
  assert.match(keepBaselineReason(cfg('missed'), false, pairs(3, 3, 100))!, /missed the selection target/);
  assert.equal(keepBaselineReason(cfg('missed'), true, pairs(3, 3, 100)), undefined);
  assert.match(keepBaselineReason(cfg('missed'), true, pairs(4, 3, 100))!, /1 fewer/);
  // A tolerance of 2% of 100 rows accepts 2 rows fewer.
  assert.equal(keepBaselineReason(cfg('below', 'B', 0.02), true, pairs(5, 3, 100)), undefined);
  // auto: `below` on fewer than 200 validation rows, never from 200.
  assert.match(keepBaselineReason(cfg('auto'), true, pairs(5, 3, 199))!, /2 fewer of the 199 validation rows/);
  assert.equal(keepBaselineReason(cfg('auto'), false, pairs(5, 3, 200)), undefined);
  assert.equal(keepBaselineReason(cfg('auto'), false, pairs(3, 3, 100)), undefined, 'auto is not missed');
  // The pruning peer is reported as itself.
  assert.equal(keepBaselineReason(cfg('missed', 'imp'), false, pairs(9, 0, 100)), undefined);
});

// Scheme B from 2 neurons with one short iteration cannot reach a 128-64 baseline on optdigits.
const missing: ScannConfigInput = {
  dataset: { source: 'builtin:optdigits' },
  seed: 1,
  scheme: 'B',
  start: { hidden: 2 },
  iterations: 1,
  train: { epochs: 2 },
};

test('a run that misses its target returns the trained baseline under keepBaseline: missed, and says so', async () => {
  const kept = await runConfig({ ...missing, select: { fallback: 'none', keepBaseline: 'never' } });
  assert.equal(kept.target!.met, false);
  assert.ok(kept.compression > 5, 'the setup returns a small network when the baseline is not kept');
  const events: RunEvent[] = [];
  const r = await runConfig({ ...missing, select: { fallback: 'none', keepBaseline: 'missed' } }, events);
  assert.equal(r.status, 'done');
  assert.equal(r.compression, 1);
  assert.equal(r.final.connections, r.baseline.connections);
  assert.equal(r.final.testAccuracy, r.baseline.testAccuracy);
  assert.equal(r.comparison!.testAccuracyDelta, 0);
  assert.equal(r.comparison!.onlyBaselineRight + r.comparison!.onlySynthesizedRight, 0);
  assert.equal(r.target!.met, false);
  assert.equal(r.target!.returnedBaseline, true);
  // The rejected network's pairs with the baseline are reported, the same as when it is returned.
  assert.deepEqual(r.target!.validationPairs, kept.target!.validationPairs);
  assert.equal(r.target!.validationPairs!.rows, r.dataset.validationRows);
  assert.ok(r.target!.validationPairs!.onlyBaselineRight > r.target!.validationPairs!.onlySynthesizedRight);
  assert.match(r.target!.reason!, /trained baseline is returned \(1\.0x\) because the synthesized network/);
  assert.ok(r.target!.suggestions.some((s) => /select\.keepBaseline: never/.test(s)));
  assert.match(r.final.rule, /trained baseline returned/);
  assert.ok(events.some((e) => e.type === 'log' && /select\.keepBaseline: .*baseline is returned/.test(e.message)));
  // The returned model is the baseline: its 128 + 64 hidden neurons, not the synthesized network's.
  assert.equal(r.model.hidden.length, 128 + 64);
  assert.ok(kept.model.hidden.length < 128 + 64);
});

test('a paired confirmation logs the pairs it judged', async () => {
  const events: RunEvent[] = [];
  const r = await runConfig(
    { dataset: { source: 'builtin:wine' }, seed: 2, select: { finetune: 4, confirm: 2, confirmBy: 'paired' } },
    events,
  );
  assert.equal(r.status, 'done');
  const logs = events.flatMap((e) => (e.type === 'log' ? [e.message] : []));
  assert.ok(
    logs.some((m) =>
      /paired with the baseline: c - b = [+-]?\d+ of \d+ rows \(\d+ disagree; needs >= [+-][\d.]+\): (taken|not confirmed)/.test(
        m,
      ),
    ),
    `no paired log in ${logs.join(' | ')}`,
  );
});

test('distillDuring: synthesis distils every retraining, not only the fine-tuning', async () => {
  const base: ScannConfigInput = {
    dataset: { source: 'builtin:wine' },
    seed: 3,
    iterations: 2,
    select: { finetune: 0, distill: 0.9, fallback: 'none', distillDuring: 'finetune' },
  };
  const labels = await runConfig(base);
  const distilled = await runConfig({ ...base, select: { ...base.select, distillDuring: 'synthesis' } });
  // Without fine-tuning, `finetune` distillation has nothing to act on; `synthesis` changes the training itself.
  assert.notDeepEqual(
    distilled.history.map((h) => h.trainLoss),
    labels.history.map((h) => h.trainLoss),
  );
  const again = await runConfig({ ...base, select: { ...base.select, distillDuring: 'synthesis' } });
  assert.deepEqual(again.model, distilled.model);
  // wine's validation split has 21 rows: `auto` distils the synthesis there, as `synthesis` does.
  const auto = await runConfig({ ...base, select: { ...base.select, distillDuring: 'auto' } });
  assert.deepEqual(auto.model, distilled.model);
});

test('distillDuring: auto distils the synthesis below 200 validation rows only', () => {
  assert.equal(distillsSynthesis({ distillDuring: 'auto' }, 199), true);
  assert.equal(distillsSynthesis({ distillDuring: 'auto' }, 200), false);
  assert.equal(distillsSynthesis({ distillDuring: 'synthesis' }, 5000), true);
  assert.equal(distillsSynthesis({ distillDuring: 'finetune' }, 20), false);
});
