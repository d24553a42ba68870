import type { Network } from '../core/network';
import type { EpochStats, Trainer } from './trainer';
import { ValidationWindow } from './validationWindow';

/** What the loop needs of a trainer: its network and an epoch. */
export type EpochTrainer = Pick<Trainer, 'net' | 'epoch'>;

export interface WindowedTraining {
  epochs: number;
  /** Epochs whose mean validation accuracy is a score (`select.window`). */
  window: number;
  /**
   * `every`: every full window is scored, and the last one however short, so the best stretch of the run counts
   * (the baseline, DR candidates). `last`: only the last window (a synthesis step is one candidate: its final
   * network, scored by its last epochs).
   */
  scored: 'every' | 'last';
  /** Keep a copy of the network at the end of its best-scored window (else `best` is undefined). */
  keepBest?: boolean;
  /** Stop at the first epoch whose training loss is not finite (a diverged DR candidate scores what it had). */
  stopOnDivergence?: boolean;
  /**
   * Early stopping (with `scored: 'every'`): end once this many epochs have passed without a better score; `epochs`
   * is then only a cap. 0 or absent trains every epoch.
   */
  patience?: number;
  onEpoch?: (epoch: number, stats: EpochStats) => void;
  /**
   * After every epoch (and its score): how many epochs the score has gone without improving, 0 right after an
   * improvement and before the first full window. Where a learning-rate schedule reacts.
   */
  afterEpoch?: (epoch: number, sinceImproved: number) => void;
  onScore?: (score: number, epoch: number) => void;
}

export interface WindowedOutcome {
  /** The best window score, -1 when no window was scored. */
  score: number;
  /** With `keepBest`: the network at the end of the best-scored window, or as it started if none was. */
  best: Network | undefined;
  /** The best single-epoch validation accuracy, -1 without epochs. */
  bestEpoch: number;
  /** Training loss of the last epoch, NaN without epochs. */
  lastTrainLoss: number;
  /** Epochs trained: `epochs`, or fewer after early stopping or divergence. */
  epochs: number;
}

/**
 * Trains for a number of epochs and scores the network by the mean of its last `window` validation accuracies,
 * a less noisy figure than a single epoch's. The one training loop of the baseline, of every synthesis step and of
 * the DR side trainings; what differs between them is which windows count and what happens around each epoch.
 */
export async function trainWindowed(
  trainer: EpochTrainer,
  o: WindowedTraining & { keepBest: true },
): Promise<WindowedOutcome & { best: Network }>;
export async function trainWindowed(trainer: EpochTrainer, o: WindowedTraining): Promise<WindowedOutcome>;
export async function trainWindowed(trainer: EpochTrainer, o: WindowedTraining): Promise<WindowedOutcome> {
  const net = trainer.net;
  const window = new ValidationWindow(o.window);
  const out: WindowedOutcome = {
    score: -1,
    best: o.keepBest ? net.clone() : undefined,
    bestEpoch: -1,
    lastTrainLoss: NaN,
    epochs: 0,
  };
  let sinceImproved = 0;
  for (let e = 1; e <= o.epochs; e++) {
    const s = await trainer.epoch();
    if (o.stopOnDivergence && !Number.isFinite(s.trainLoss)) break;
    out.epochs = e;
    o.onEpoch?.(e, s);
    out.bestEpoch = Math.max(out.bestEpoch, s.validationAccuracy);
    out.lastTrainLoss = s.trainLoss;
    window.push(s.validationAccuracy);
    const scored = o.scored === 'every' ? window.full || e === o.epochs : e === o.epochs;
    if (scored) {
      const score = window.mean();
      // The same accuracies in another order can differ in the last bit of their mean: that is no improvement.
      if (score > out.score + 1e-12) {
        out.score = score;
        sinceImproved = 0;
        if (o.keepBest) out.best = net.clone();
      } else {
        sinceImproved++;
      }
      o.onScore?.(score, e);
    }
    o.afterEpoch?.(e, sinceImproved);
    if (o.patience && sinceImproved >= o.patience) break;
  }
  return out;
}
