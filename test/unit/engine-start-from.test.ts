import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import type { BaselineOutcome } from '../../src/engine/run/baseline';
import { runSynthesis } from '../../src/engine/run/run';
import { resolvePlan } from '../../src/engine/synthesis/schemes';
import { configSchema, type ScannConfigInput } from '../../src/protocol/config';
import type { RunEvent } from '../../src/protocol/events';
import { writeBarCsv } from './helpers/barImages';
import { dataDir } from './helpers/run';
import { resolvedConfig } from './helpers/resolvedConfig';

const work = mkdtempSync(path.join(tmpdir(), 'scann-start-from-'));
after(() => rmSync(work, { recursive: true, force: true }));

const WARM: ScannConfigInput = {
  dataset: { source: 'builtin:optdigits' },
  scheme: 'C',
  start: { from: 'baseline' },
  iterations: 2,
  select: { finetune: 0 },
  seed: 1,
};

test('scheme C with start.from baseline: the plan starts from the trained network, with no initial training', () => {
  const warm = resolvePlan(resolvedConfig(WARM));
  assert.equal(warm.fromBaseline, true);
  assert.equal(warm.initialEpochs, 0);
  const fresh = resolvePlan(resolvedConfig({ ...WARM, start: {} }));
  assert.equal(fresh.fromBaseline, false);
  assert.equal(fresh.initialEpochs, 20, 'scratch trains 2 x train.epochs first');
  // A and B grow networks of their own; the config check refuses `from: baseline` there (config.test.ts).
  assert.equal(resolvePlan(resolvedConfig({ ...WARM, scheme: 'B' })).fromBaseline, false);
});

test('scheme C from the baseline: its first candidate is the baseline, then C rounds prune and regrow it', async () => {
  const baselines = new Map<string, BaselineOutcome>();
  const ctx = { baseDir: dataDir, dataDir, baselines };
  const events: RunEvent[] = [];
  const r = await runSynthesis(configSchema.parse(WARM), { ...ctx, emit: (e) => events.push(e) });
  const memo = [...baselines.values()][0]!;
  assert.equal(memo.net.activeConnections(), r.baseline.connections, 'the memoised baseline is cloned, not pruned');
  const h = r.history;
  assert.equal(h[0]!.op, 'train');
  assert.equal(h[0]!.epochs, 0, 'no training before the first operation');
  assert.equal(h[0]!.connections, r.baseline.connections);
  assert.equal(h[0]!.validationAccuracy, r.baseline.validationAccuracy, 'the first candidate is the baseline');
  // C's loop: a global 40% prune, then 10% regrowth by gradient, twice; then the finale's 20% prune.
  assert.deepEqual(
    h.map((s) => s.op),
    ['train', 'prune', 'growConnections', 'prune', 'growConnections', 'prune'],
  );
  assert.ok(h[1]!.connectionsRemoved >= Math.floor(0.4 * r.baseline.connections), 'the first prune takes 40%');
  assert.ok(h[2]!.connections > h[1]!.connections, 'growth adds connections back');
  assert.equal(r.model.space, 'mlp');
  assert.ok(r.final.connections <= r.baseline.connections);
  const synthesisEpochs = events.filter((e) => e.type === 'epoch' && e.phase !== 'baseline').length;
  assert.equal(synthesisEpochs, 5 * 10, 'train.epochs after each of the five operations, none before them');

  // From scratch, the same scheme starts from new weights: its first candidate is not the baseline.
  const fresh = await runSynthesis(configSchema.parse({ ...WARM, start: {} }), ctx);
  assert.deepEqual(fresh.baseline, r.baseline, 'the same memoised baseline');
  assert.equal(fresh.history[0]!.epochs, 20);
  assert.notEqual(fresh.history[0]!.validationAccuracy, r.baseline.validationAccuracy);
});

test('scheme C from the baseline keeps a conv front end: it prunes the trained kernels', async () => {
  writeBarCsv(path.join(work, 'bars.csv'), 1, 450);
  const r = await runSynthesis(
    configSchema.parse({
      dataset: { source: 'bars.csv', shape: [8, 8, 1] },
      baseline: {
        conv: [{ layer: 'conv2d', channels: 4, kernel: 3 }, { layer: 'maxPool' }, { layer: 'flatten' }],
        hidden: [12],
        epochs: 8,
        patience: 0,
      },
      train: { epochs: 2, batch: 16 },
      scheme: 'C',
      start: { from: 'baseline' },
      iterations: 1,
      select: { finetune: 0 },
      seed: 3,
    }),
    { baseDir: work, dataDir },
  );
  assert.equal(r.history[0]!.connections, r.baseline.connections);
  assert.equal(r.history[0]!.validationAccuracy, r.baseline.validationAccuracy);
  assert.equal(r.history[0]!.conv?.weights, r.baseline.conv?.weights, 'the trained kernels, all of them');
  assert.ok(r.history[1]!.connections < r.baseline.connections, 'the prune reaches the network');
  assert.ok(r.final.conv, 'a conv front end');
});

test('scheme C from the baseline cannot follow a reduction', async () => {
  await assert.rejects(
    runSynthesis(configSchema.parse({ ...WARM, reduce: { method: 'pca', dims: 8 } }), { baseDir: dataDir, dataDir }),
    /scheme C with `start.from: baseline` prunes the trained baseline/,
  );
});
