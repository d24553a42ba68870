import type { TrainConfig } from '../../protocol/config';
import type { Network } from '../core/network';
import type { Rng } from '../core/random';
import type { Table } from '../data/types';
import type { Trainer } from './trainer';
import type { Yielder } from './yielder';

/**
 * What an engine provides: how to build its trainer. Here, below both the engine chooser (run/engines.ts) and the
 * engines themselves (tfjs/engine.ts), so that the chooser can load an engine without the engine importing it back.
 */
export type TrainerFactory = (
  net: Network,
  train: Table,
  validation: Table,
  cfg: TrainConfig,
  rng: Rng,
  yielder: Yielder,
) => Trainer;

/** The trainer of an engine, and the name results report (e.g. which TF.js backend ran). */
export interface EngineChoice {
  name: string;
  create: TrainerFactory;
}
