import type { DrMethod } from '../../protocol/config';
import type { ReduceExtension, TransformCost } from '../../protocol/result';
import type { Rng } from '../core/random';
import { DatasetError } from '../data/types';
import type { TrainingStats } from './stats';
import type { ReduceTransform } from './transform';

/** What every DR method gets: the scaled training split (through its shared statistics) and the settings. */
export interface FitInput {
  stats: TrainingStats;
  /** Reduced dimension. */
  k: number;
  /** Graph neighbours for Isomap and spectral embedding. */
  neighbors: number;
  /** Training points the manifold methods are fitted on and extend from. */
  landmarks: number;
  rng: Rng;
}

/** A DR transform fitted on training data, and its cost. */
export interface FittedReduce {
  method: DrMethod;
  transform: ReduceTransform;
  extension: ReduceExtension;
  cost: TransformCost;
  /** Things a user should know about the fit, e.g. ICA stopping before convergence. */
  notes: string[];
  /** Manifold methods: the landmarks' coordinates as the fit computed them (for checking the extension). */
  landmarkEmbedding?: Float32Array;
}

/**
 * A DR problem the user can fix (dims above the feature count, too few rows for the neighbours...). A kind of
 * DatasetError: the config does not fit this dataset, and the CLI reports it as bad input, without a stack.
 */
export class ReduceError extends DatasetError {
  constructor(message: string) {
    super(message);
    this.name = 'ReduceError';
  }
}
