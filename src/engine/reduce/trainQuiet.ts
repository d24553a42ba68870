import type { TrainConfig } from '../../protocol/config';
import type { Table } from '../data/types';
import type { Network } from '../core/network';
import type { Rng } from '../core/random';
import { noYield, Trainer, type Yielder } from '../training/trainer';
import { ValidationWindow } from '../training/validationWindow';

export interface QuietTraining {
  /** The network at the end of its best validation window. */
  best: Network;
  /** Mean validation accuracy over that window (the selection score, as the baseline's). */
  score: number;
  /** Best single-epoch validation accuracy. */
  bestEpoch: number;
}

/**
 * Trains a network for a fixed number of epochs without emitting epoch events (grid candidates and the DR-only
 * MLP are side figures, not the run's progress), keeping the best `window`-epoch stretch like the baseline.
 */
export async function trainQuietly(
  net: Network,
  train: Table,
  validation: Table,
  cfg: TrainConfig,
  epochs: number,
  window: number,
  rng: Rng,
  yielder: Yielder = noYield,
): Promise<QuietTraining> {
  const trainer = new Trainer(net, train, validation, cfg, rng, yielder);
  const w = new ValidationWindow(window);
  let best = net.clone();
  let score = -1;
  let bestEpoch = 0;
  for (let e = 1; e <= epochs; e++) {
    const s = await trainer.epoch();
    if (!Number.isFinite(s.trainLoss)) break;
    bestEpoch = Math.max(bestEpoch, s.validationAccuracy);
    w.push(s.validationAccuracy);
    if ((w.full || e === epochs) && w.mean() > score) {
      score = w.mean();
      best = net.clone();
    }
  }
  return { best, score: Math.max(score, 0), bestEpoch };
}
