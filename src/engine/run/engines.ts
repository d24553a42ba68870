import type { EngineChoice } from '../training/engineChoice';
import { Trainer } from '../training/trainer';

export type EngineName = 'builtin' | 'tfjs';

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
