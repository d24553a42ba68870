import type { LrDecay } from '../../protocol/config';

/**
 * Learning-rate schedules for training to convergence (the baseline): `plateau` halves the rate whenever the score
 * has gone `wait` epochs without improving (ReduceLROnPlateau with factor 0.5 and no cooldown), `cosine` anneals it
 * from the start value to 0 over the epoch cap, `none` keeps it.
 */
export interface LrScheduleOptions {
  decay: LrDecay;
  /** The starting learning rate. */
  lr: number;
  /** Epoch cap (cosine's period). */
  maxEpochs: number;
  /** Epochs without improvement before a plateau halving. */
  wait: number;
}

export const PLATEAU_FACTOR = 0.5;

/** The learning rate for the epoch after `epoch`, given how long the score has gone without improving. */
export function lrSchedule(o: LrScheduleOptions): (epoch: number, sinceImproved: number) => number {
  let lr = o.lr;
  switch (o.decay) {
    case 'none':
      return () => lr;
    case 'cosine':
      return (epoch) => 0.5 * o.lr * (1 + Math.cos((Math.PI * Math.min(epoch, o.maxEpochs)) / o.maxEpochs));
    case 'plateau':
      return (_, sinceImproved) => {
        if (sinceImproved > 0 && sinceImproved % Math.max(1, o.wait) === 0) lr *= PLATEAU_FACTOR;
        return lr;
      };
  }
}

/**
 * `train.retrainDecay: cosine`: the learning rate of epoch `epoch` (1-based) of a retraining of `epochs` epochs,
 * annealed from `lr` at the cosine of the epoch's midpoint, so that even two epochs differ (0.85 and 0.15 of `lr`)
 * and the last one ends near 0 without training at 0.
 */
export function retrainLr(lr: number, epochs: number, epoch: number): number {
  return 0.5 * lr * (1 + Math.cos((Math.PI * (epoch - 0.5)) / epochs));
}
