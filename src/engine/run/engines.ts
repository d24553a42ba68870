import type { TrainConfig } from '../../protocol/config';
import type { Table } from '../data/types';
import type { Network } from '../core/network';
import type { Rng } from '../core/random';
import { Trainer, type Yielder } from '../training/trainer';

export type EngineName = 'builtin' | 'tfjs';

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

export async function chooseEngine(engine: EngineName | undefined): Promise<EngineChoice> {
  switch (engine ?? 'builtin') {
    case 'builtin':
      return { name: 'builtin', create: (...args) => new Trainer(...args) };
    case 'tfjs': {
      // Loaded on demand: TF.js and its wasm binaries cost ~50 ms and ~40 MB that builtin runs never pay.
      const { tfjsEngine } = await import('../tfjs/engine');
      return tfjsEngine();
    }
  }
}
