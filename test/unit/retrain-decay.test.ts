import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mlpNetwork } from '../../src/engine/core/init';
import { Rng } from '../../src/engine/core/random';
import { chooseEngine } from '../../src/engine/run/engines';
import { synthesize } from '../../src/engine/synthesis/driver';
import { resolvePlan } from '../../src/engine/synthesis/schemes';
import { Selector } from '../../src/engine/synthesis/selector';
import { retrainLr } from '../../src/engine/training/lrSchedule';
import { noYield } from '../../src/engine/training/yielder';
import { configSchema, type RetrainDecay } from '../../src/protocol/config';
import type { EpochPoint, HistoryStep } from '../../src/protocol/result';
import { preparedBlobs } from './helpers/synthetic';
import { resolvedConfig } from './helpers/resolvedConfig';

test('retrainLr anneals from lr at the cosine of each epoch midpoint', () => {
  assert.ok(Math.abs(retrainLr(1, 2, 1) - (0.5 + 0.5 * Math.SQRT1_2)) < 1e-12, 'two epochs: 0.85 of lr');
  assert.ok(Math.abs(retrainLr(1, 2, 2) - (0.5 - 0.5 * Math.SQRT1_2)) < 1e-12, 'then 0.15');
  assert.ok(Math.abs(retrainLr(0.01, 1, 1) - 0.005) < 1e-15, 'one epoch: half of lr');
  const ten = Array.from({ length: 10 }, (_, i) => retrainLr(0.01, 10, i + 1));
  for (let i = 1; i < 10; i++) assert.ok(ten[i]! < ten[i - 1]!, 'decreasing');
  assert.ok(ten[9]! > 0 && ten[0]! < 0.01, 'never 0, never above lr');
});

/** The learning rate each epoch of a scheme C synthesis trains at, read as the epoch starts. */
async function epochRates(decay: RetrainDecay): Promise<{ rates: number[]; after: number; history: HistoryStep[] }> {
  const cfg = resolvedConfig({
    dataset: { source: 'x.csv' },
    scheme: 'C',
    iterations: 1,
    train: { lr: 0.01, epochs: 3, retrainDecay: decay },
  });
  const data = preparedBlobs(1);
  const rng = new Rng(1);
  const net = mlpNetwork(data.features, data.classes, { layers: [8, 4], inputDensity: 1, initialBias: 0 }, rng);
  const engine = await chooseEngine(undefined);
  const trainer = engine.create(net, data.train, data.validation, cfg.train, rng.fork('shuffle'), noYield);
  const rates: number[] = [];
  const epoch = trainer.epoch.bind(trainer);
  trainer.epoch = () => {
    rates.push(trainer.learningRate);
    return epoch();
  };
  const log: { history: HistoryStep[]; epochs: EpochPoint[] } = { history: [], epochs: [] };
  await synthesize({
    trainer,
    plan: resolvePlan(cfg),
    selector: new Selector(cfg.select, 0.5),
    rng: rng.fork('operations'),
    defaultEpochs: cfg.train.epochs,
    window: cfg.select.window,
    emit: () => undefined,
    log,
    retrainDecay: cfg.train.retrainDecay,
  });
  return { rates, after: trainer.learningRate, history: log.history };
}

test('retrainDecay cosine: every retraining anneals from train.lr and the next starts again at it', async () => {
  const { rates, after, history } = await epochRates('cosine');
  // Scheme C, one iteration: 6 epochs of initial training, then prune, grow, and the finale's prune, 3 epochs each.
  assert.deepEqual(
    history.map((h) => [h.op, h.epochs]),
    [
      ['train', 6],
      ['prune', 3],
      ['growConnections', 3],
      ['prune', 3],
    ],
  );
  const expected = [
    ...[1, 2, 3, 4, 5, 6].map((e) => retrainLr(0.01, 6, e)),
    ...[0, 1, 2].flatMap(() => [1, 2, 3].map((e) => retrainLr(0.01, 3, e))),
  ];
  assert.equal(rates.length, expected.length);
  rates.forEach((r, i) => assert.ok(Math.abs(r - expected[i]!) < 1e-12, `epoch ${i + 1}: ${r} vs ${expected[i]}`));
  assert.equal(after, 0.01, 'the trainer is left at train.lr');
});

test('retrainDecay none (the default) trains every epoch at train.lr', async () => {
  assert.equal(configSchema.parse({ dataset: { source: 'x.csv' } }).train.retrainDecay, 'none');
  const { rates, after } = await epochRates('none');
  assert.equal(rates.length, 15);
  assert.ok(rates.every((r) => r === 0.01));
  assert.equal(after, 0.01);
});
