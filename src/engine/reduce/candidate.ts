import type { DrMethod, TrainConfig } from '../../protocol/config';
import type { ReduceCandidate } from '../../protocol/result';
import { mlpNetwork } from '../core/init';
import { Rng } from '../core/random';
import type { Table } from '../data/types';
import { Trainer } from '../training/trainer';
import { trainWindowed } from '../training/windowedTraining';
import type { Yielder } from '../training/yielder';
import { fitReduce } from './fit';
import type { GridCell } from './grid';
import type { TrainingStats } from './stats';
import { applyTransform } from './transform';
import type { FitInput, FittedReduce } from './types';

/** Everything a grid evaluation needs; plain data, so it can be sent to worker threads. */
export interface GridShared {
  train: Table;
  validation: Table;
  d: number;
  classes: number;
  layers: number[];
  trainConfig: TrainConfig;
  epochs: number;
  window: number;
  seed: number;
  neighbors: number;
  landmarks: number;
}

/** The random stream of one candidate's fit: the same in any thread, and the same when the winner is refitted. */
export function fitRng(seed: number, method: DrMethod, k: number): Rng {
  return new Rng(seed).fork(`reduce-fit:${method}:${k}`);
}

export function fitInput(shared: GridShared, stats: TrainingStats, method: DrMethod, k: number): FitInput {
  return { stats, k, neighbors: shared.neighbors, landmarks: shared.landmarks, rng: fitRng(shared.seed, method, k) };
}

/** Applies a fitted transform to a table. */
export function reduceTable(fitted: FittedReduce, t: Table): Table {
  return { x: applyTransform(fitted.transform, t.x, t.rows), y: t.y, rows: t.rows };
}

/**
 * Fits one cell's transform and scores it by the baseline MLP trained briefly on the reduced data. The unreduced
 * cell (`none`) skips the fit and is trained and scored exactly like the others, on the raw features.
 */
export async function evaluateCell(
  cell: GridCell,
  shared: GridShared,
  stats: TrainingStats,
  yielder?: Yielder,
): Promise<ReduceCandidate> {
  const t0 = Date.now();
  const base = { method: cell.method, dims: cell.dims, epochs: shared.epochs };
  let train: Table = shared.train;
  let validation: Table = shared.validation;
  let macs = 0;
  const method = cell.method;
  if (method !== 'none') {
    try {
      const fitted: FittedReduce = fitReduce(method, fitInput(shared, stats, method, cell.dims));
      macs = fitted.cost.macs;
      train = reduceTable(fitted, shared.train);
      validation = reduceTable(fitted, shared.validation);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      return { ...base, score: 0, validationAccuracy: 0, fitMs: Date.now() - t0, trainMs: 0, error };
    }
  }
  const t1 = Date.now();
  const rng = new Rng(shared.seed).fork(`reduce-train:${cell.method}:${cell.dims}`);
  const net = mlpNetwork(
    cell.dims,
    shared.classes,
    { layers: shared.layers, inputDensity: 1, initialBias: 0 },
    rng.fork('init'),
  );
  const trainer = new Trainer(net, train, validation, shared.trainConfig, rng.fork('shuffle'), yielder);
  const r = await trainWindowed(trainer, {
    epochs: shared.epochs,
    window: shared.window,
    scored: 'every',
    stopOnDivergence: true,
  });
  // A candidate that diverged at once scores 0 rather than the loop's 'nothing scored'.
  const score = Math.max(r.score, 0);
  const validationAccuracy = Math.max(r.bestEpoch, 0);
  return { ...base, score, validationAccuracy, macs, fitMs: t1 - t0, trainMs: Date.now() - t1 };
}
