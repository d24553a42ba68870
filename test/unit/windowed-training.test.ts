import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mlpNetwork } from '../../src/engine/core/init';
import { Rng } from '../../src/engine/core/random';
import type { EpochStats } from '../../src/engine/training/trainer';
import { lrSchedule } from '../../src/engine/training/lrSchedule';
import { trainWindowed, type EpochTrainer } from '../../src/engine/training/windowedTraining';

/** A trainer whose epochs report the given validation accuracies and write the epoch number into a weight. */
function scripted(accuracies: number[], losses: number[] = []): EpochTrainer {
  const net = mlpNetwork(2, 2, { layers: [2], inputDensity: 1, initialBias: 0 }, new Rng(1));
  net.weights.fill(0);
  let e = 0;
  return {
    net,
    epoch: async (): Promise<EpochStats> => {
      const v = accuracies[e]!;
      const trainLoss = losses[e] ?? 0.5;
      e++;
      net.weights[0] = e;
      return { trainLoss, trainAccuracy: v, validationLoss: 1 - v, validationAccuracy: v };
    },
  };
}

describe('windowed training', () => {
  const accs = [0.5, 0.9, 0.7, 0.8, 0.6];

  it('`every` scores each full window and the last; keeps the network at the end of the best one', async () => {
    const scores: [number, number][] = [];
    const epochs: number[] = [];
    const r = await trainWindowed(scripted(accs), {
      epochs: 5,
      window: 2,
      scored: 'every',
      keepBest: true,
      onEpoch: (e) => epochs.push(e),
      onScore: (s, e) => scores.push([e, s]),
    });
    assert.deepEqual(epochs, [1, 2, 3, 4, 5]);
    assert.deepEqual(
      scores.map(([e]) => e),
      [2, 3, 4, 5],
    );
    assert.ok(Math.abs(r.score - 0.8) < 1e-12, `score ${r.score}`);
    // Windows ending at epochs 2..5 average 0.7, 0.8, 0.75, 0.7: the network after epoch 3 is kept.
    assert.equal(r.best.weights[0], 3);
    assert.equal(r.bestEpoch, 0.9);
    assert.equal(r.lastTrainLoss, 0.5);
  });

  it('`last` scores only the final window; a window of 1 under `every` scores every epoch', async () => {
    const last: number[] = [];
    const r = await trainWindowed(scripted(accs), {
      epochs: 5,
      window: 3,
      scored: 'last',
      onScore: (_, e) => last.push(e),
    });
    assert.deepEqual(last, [5]);
    assert.ok(Math.abs(r.score - 0.7) < 1e-12);
    assert.equal(r.best, undefined, 'no copy unless asked for');
    const each: number[] = [];
    await trainWindowed(scripted(accs), { epochs: 5, window: 1, scored: 'every', onScore: (s) => each.push(s) });
    assert.deepEqual(each, accs);
  });

  it('a window longer than the training scores the mean of all epochs', async () => {
    const r = await trainWindowed(scripted(accs), { epochs: 5, window: 10, scored: 'every' });
    assert.ok(Math.abs(r.score - 0.7) < 1e-12);
  });

  it('stops at a diverged epoch when asked, keeping the network as it started when nothing was scored', async () => {
    const r = await trainWindowed(scripted(accs, [NaN]), {
      epochs: 5,
      window: 2,
      scored: 'every',
      keepBest: true,
      stopOnDivergence: true,
    });
    assert.equal(r.score, -1);
    assert.equal(r.bestEpoch, -1);
    assert.equal(r.best.weights[0], 0);
    const on = await trainWindowed(scripted(accs, [NaN]), { epochs: 2, window: 2, scored: 'every' });
    assert.equal(on.bestEpoch, 0.9, 'without the option, training goes on');
  });

  it('early stopping ends `patience` epochs after the best window and keeps that window', async () => {
    // Window 2: scores 0.65, 0.85 (best, epoch 4), then 0.8, 0.75, 0.75, 0.8 without improving.
    const seq = [0.5, 0.8, 0.9, 0.8, 0.8, 0.7, 0.8, 0.8, 1, 1];
    const since: number[] = [];
    const r = await trainWindowed(scripted(seq), {
      epochs: 10,
      window: 2,
      scored: 'every',
      keepBest: true,
      patience: 3,
      afterEpoch: (_, s) => since.push(s),
    });
    assert.equal(r.epochs, 6, 'three epochs after the best window (ended at epoch 3)');
    assert.deepEqual(since, [0, 0, 0, 1, 2, 3]);
    assert.equal(r.best.weights[0], 3);
    assert.ok(Math.abs(r.score - 0.85) < 1e-12);
    const all = await trainWindowed(scripted(seq), { epochs: 10, window: 2, scored: 'every', patience: 0 });
    assert.equal(all.epochs, 10, 'patience 0 trains every epoch');
    assert.ok(Math.abs(all.score - 1) < 1e-12);
  });

  it('the same accuracies in another order are no improvement', async () => {
    // The windows 0.3 + 0.2 + 0.1, 0.2 + 0.1 + 0.3 and 0.1 + 0.3 + 0.2 differ in the last bit of their means.
    const seq = [0.3, 0.2, 0.1, 0.3, 0.2];
    const since: number[] = [];
    const r = await trainWindowed(scripted(seq), {
      epochs: 5,
      window: 3,
      scored: 'every',
      keepBest: true,
      patience: 2,
      afterEpoch: (_, s) => since.push(s),
    });
    assert.deepEqual(since, [0, 0, 0, 1, 2]);
    assert.equal(r.epochs, 5);
    assert.equal(r.best.weights[0], 3, 'the first window with the best mean is kept');
  });
});

describe('learning-rate schedules', () => {
  it('plateau halves the rate every `wait` epochs without improvement; none keeps it', () => {
    const next = lrSchedule({ decay: 'plateau', lr: 0.01, maxEpochs: 100, wait: 2 });
    const since = [0, 1, 2, 3, 4, 0, 1, 2];
    assert.deepEqual(
      since.map((s, e) => next(e + 1, s)),
      [0.01, 0.01, 0.005, 0.005, 0.0025, 0.0025, 0.0025, 0.00125],
    );
    const keep = lrSchedule({ decay: 'none', lr: 0.01, maxEpochs: 100, wait: 2 });
    assert.deepEqual([keep(1, 0), keep(50, 7)], [0.01, 0.01]);
  });

  it('cosine anneals from the rate to 0 over the epoch cap', () => {
    const next = lrSchedule({ decay: 'cosine', lr: 0.01, maxEpochs: 10, wait: 5 });
    assert.ok(Math.abs(next(5, 0) - 0.005) < 1e-15);
    assert.ok(next(1, 0) < 0.01 && next(1, 0) > next(2, 0));
    assert.ok(Math.abs(next(10, 3)) < 1e-15);
  });
});
