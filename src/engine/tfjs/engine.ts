import type { EngineChoice } from '../training/engineChoice';
import { loadTf } from './backend';
import { TfjsTrainer } from './trainer';

/** The TF.js engine on whichever backend loads (see `loadTf`); its name says which one ran. */
export async function tfjsEngine(): Promise<EngineChoice> {
  const { tf, name } = await loadTf();
  return {
    name,
    create: (net, train, validation, cfg, rng, yielder) =>
      new TfjsTrainer(tf, net, train, validation, cfg, rng, yielder),
  };
}
