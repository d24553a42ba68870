import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configSchema, type ScannConfigInput } from '../../src/protocol/config';
import type { RunEvent } from '../../src/protocol/events';
import { runConfig } from './helpers/run';
import { Network } from '../../src/engine/core/network';
import { Selector } from '../../src/engine/synthesis/selector';

const run = runConfig;

const select = (s: Record<string, unknown>) =>
  configSchema.parse({ dataset: { source: 'builtin:iris' }, select: s }).select;

test('the margin raises the selection target by standard errors of the validation accuracy', () => {
  const net = new Network(4, 3, 4, 'dag');
  // 100 validation rows at 90%: one standard error is 3 points.
  const s = new Selector(select({ margin: 1, confirmBy: 'score' }), 0.9, 100);
  assert.ok(Math.abs(s.standardError - 0.03) < 1e-12);
  assert.ok(Math.abs(s.target - 0.93) < 1e-12);
  const offer = (step: number, connections: number, validationAccuracy: number) =>
    s.offer(net, { step, iteration: 0, op: 'prune', connections, validationAccuracy, afterPrune: true });
  offer(0, 100, 0.95);
  offer(1, 50, 0.92); // reaches the baseline but not the margin
  assert.equal(s.selected()!.candidate.connections, 100);
  offer(2, 40, 0.935);
  assert.equal(s.selected()!.candidate.connections, 40);
});

test('fine-tuning confirms a candidate before returning it, reproducibly, and says what it did', async () => {
  const cfg = {
    dataset: { source: 'builtin:wine' },
    seed: 2,
    select: { finetune: 6, confirm: 3, confirmBy: 'score' as const },
  };
  const events: RunEvent[] = [];
  const a = await run(cfg, events);
  const b = await run(cfg);
  assert.equal(a.status, 'done');
  assert.match(a.final.rule, /fine-tune/);
  const logs = events.filter((e) => e.type === 'log').map((e) => (e.type === 'log' ? e.message : ''));
  assert.ok(
    logs.some((m) => /after fine-tuning; target .*: (taken|not confirmed)/.test(m)),
    `no fine-tuning log in ${logs.join(' | ')}`,
  );
  // Fine-tuning keeps the architecture: the mask is fixed.
  assert.equal(a.final.connections, a.history.find((h) => h.step === a.final.selectedAt.step)!.connections);
  assert.equal(a.final.testAccuracy, b.final.testAccuracy);
  assert.deepEqual(a.model, b.model);
});

test('a scheme that misses its target falls back to the configured scheme and says so', async () => {
  // Scheme B from 2 neurons with one short iteration cannot reach a 128-64 baseline on optdigits.
  const cfg: ScannConfigInput = {
    dataset: { source: 'builtin:optdigits' },
    seed: 1,
    scheme: 'B',
    start: { hidden: 2 },
    iterations: 1,
    train: { epochs: 2 },
  };
  const events: RunEvent[] = [];
  const missed = await run({ ...cfg, select: { fallback: 'none' } });
  assert.ok(missed.final.validationScore < missed.final.baselineValidationScore, 'the setup misses the target');
  const r = await run({ ...cfg, select: { fallback: 'C' } }, events);
  assert.equal(r.scheme, 'C');
  assert.match(r.final.rule, /fallback scheme C/);
  assert.ok(r.final.validationScore > missed.final.validationScore);
  assert.ok(events.some((e) => e.type === 'log' && /did not reach the target; trying scheme C/.test(e.message)));
  // The second pass continues the step numbering, so every step of the history is told apart.
  const steps = r.history.map((h) => h.step);
  assert.deepEqual(
    steps,
    steps.map((_, i) => i),
  );
});
