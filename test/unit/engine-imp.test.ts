import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Network } from '../../src/engine/core/network';
import { Rng } from '../../src/engine/core/random';
import { loadDataset } from '../../src/engine/data/load';
import { prepareData } from '../../src/engine/data/prepare';
import { trainBaseline, type BaselineOutcome } from '../../src/engine/run/baseline';
import { chooseEngine } from '../../src/engine/run/engines';
import { runSynthesis } from '../../src/engine/run/run';
import { synthesize } from '../../src/engine/synthesis/driver';
import { resolvePlan } from '../../src/engine/synthesis/schemes';
import { Selector } from '../../src/engine/synthesis/selector';
import { noYield } from '../../src/engine/training/yielder';
import { configSchema, type ScannConfigInput } from '../../src/protocol/config';
import { energyTable } from '../../src/protocol/energy';
import type { RunEvent } from '../../src/protocol/events';
import type { EpochPoint, HistoryStep } from '../../src/protocol/result';
import { resolvedConfig } from './helpers/resolvedConfig';

const dataDir = path.join(__dirname, '..', '..', 'data');
const IMP: ScannConfigInput = { dataset: { source: 'builtin:optdigits' }, scheme: 'imp', seed: 1 };

/** Every connection of `net` is one of `of`'s, and every neuron it kept sits in the same slot and layer. */
function assertSubnetwork(net: Network, of: Network, what: string): void {
  assert.equal(net.capacity, of.capacity, `${what}: capacity`);
  assert.equal(net.space, 'mlp');
  for (const s of net.order) {
    assert.ok(of.order.includes(s), `${what}: slot ${s} is not a baseline neuron`);
    assert.equal(net.layer[s], of.layer[s], `${what}: slot ${s} changed layers`);
  }
  for (let i = 0; i < net.mask.length; i++) {
    if (net.mask[i] && !of.mask[i]) assert.fail(`${what}: connection ${i} is not one of the baseline's`);
  }
}

test('scheme imp prunes the trained baseline itself: a subnetwork of it, 20% fewer connections per round', async () => {
  // The run's building blocks wired as run.ts wires them, so that every round's network can be compared with the
  // baseline slot by slot (a result's model numbers neurons by position).
  const cfg = resolvedConfig(IMP);
  const rng = new Rng(cfg.seed);
  const raw = await loadDataset(cfg.dataset, { baseDir: dataDir, dataDir });
  const data = prepareData(raw, cfg.dataset, rng.fork('split'));
  const engine = await chooseEngine(undefined);
  const base = await trainBaseline(cfg, data, energyTable(cfg.energy), rng, () => undefined, noYield, engine);
  const plan = resolvePlan(cfg);
  assert.equal(plan.fromBaseline, true);
  assert.equal(plan.initialEpochs, 0, 'the baseline is trained already');
  const trainer = engine.create(base.net.clone(), data.train, data.validation, cfg.train, rng.fork('shuffle'), noYield);
  const selector = new Selector(cfg.select, base.score);
  const log: { history: HistoryStep[]; epochs: EpochPoint[] } = { history: [], epochs: [] };
  let checked = 0;
  await synthesize({
    trainer,
    plan,
    selector,
    rng: rng.fork('operations'),
    defaultEpochs: cfg.train.epochs,
    window: cfg.select.window,
    log,
    emit: (e: RunEvent) => {
      if (e.type !== 'step') return;
      assertSubnetwork(trainer.net, base.net, `step ${e.history.step}`);
      checked++;
    },
  });
  const h = log.history;
  assert.equal(checked, h.length);
  assert.equal(h[0]!.op, 'train');
  assert.equal(h[0]!.epochs, 0);
  assert.equal(h[0]!.connections, base.baseline.connections);
  assert.equal(h[0]!.validationAccuracy, base.baseline.validationAccuracy, 'the first candidate is the baseline');
  for (let i = 1; i < h.length; i++) {
    assert.equal(h[i]!.op, 'prune');
    assert.ok(h[i]!.connections < h[i - 1]!.connections, `round ${i} removes connections`);
    // 20% by magnitude, plus whatever hangs on neurons the round left dead.
    assert.ok(h[i]!.connectionsRemoved >= Math.floor(0.2 * h[i - 1]!.connections), `round ${i} prunes 20%`);
  }
  assert.equal(h.length, 1 + 21, 'the baseline, then 21 rounds');
  const chosen = selector.selected()!;
  assertSubnetwork(chosen.candidate.net, base.net, 'selected');
  assert.equal(chosen.rule, 'smallestWithin');
  // The shared baseline was not changed by the synthesis.
  assert.equal(base.net.activeConnections(), base.baseline.connections);
});

test('scheme imp end to end: from the memoised baseline, which it leaves as it was', async () => {
  const cfg = resolvedConfig(IMP);
  const baselines = new Map<string, BaselineOutcome>();
  const ctx = { baseDir: dataDir, dataDir, baselines };
  const b = await runSynthesis(configSchema.parse({ ...IMP, scheme: 'B', iterations: 0 }), ctx);
  const memo = [...baselines.values()][0]!;
  const weights = Float32Array.from(memo.net.weights);
  const events: RunEvent[] = [];
  const r = await runSynthesis(cfg, { ...ctx, emit: (e) => events.push(e) });
  assert.deepEqual(memo.net.weights, weights, 'the memoised baseline is cloned, not pruned');
  assert.equal(r.scheme, 'imp');
  assert.deepEqual(r.baseline, b.baseline, 'the same baseline as the other scheme');
  assert.equal(r.history[0]!.validationAccuracy, r.baseline.validationAccuracy);
  assert.equal(r.history[0]!.connections, r.baseline.connections);
  assert.equal(r.model.space, 'mlp');
  assert.equal(r.final.byGroup.inputOutput, 0, 'an MLP');
  assert.ok(r.final.depth <= r.baseline.depth);
  assert.ok(r.final.connections <= r.baseline.connections);
  assert.ok(r.final.validationScore >= r.final.baselineValidationScore - 1e-9, 'selected like SCANN');
  // A fresh run (baseline trained in it) is the same run.
  const alone = await runSynthesis(cfg, { baseDir: dataDir, dataDir });
  assert.deepEqual({ ...alone, durationMs: 0 }, { ...r, durationMs: 0 });
  assert.equal(r.history.length, 1 + 21, 'the baseline, then 21 rounds');
  assert.ok(r.history[21]!.connections < 0.01 * r.baseline.connections, 'down to less than 1% density');
  const epochs = events.filter((e) => e.type === 'epoch');
  assert.equal(epochs.length, 21 * 10, 'retrained train.epochs per round; no epoch before the first round');
});

test('scheme imp cannot follow a reduction', async () => {
  await assert.rejects(
    runSynthesis(configSchema.parse({ ...IMP, reduce: { method: 'pca', dims: 8 } }), { baseDir: dataDir, dataDir }),
    /scheme imp prunes the trained baseline/,
  );
});
