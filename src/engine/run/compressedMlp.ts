import { baselineArchitecture, type ScannConfig } from '../../protocol/config';
import type { EnergyTable, EvaluatedNetwork } from '../../protocol/result';
import { mlpNetwork } from '../core/init';
import type { Rng } from '../core/random';
import type { PreparedData } from '../data/types';
import { shrinkLayers } from '../reduce/compress';
import { Trainer } from '../training/trainer';
import type { Yielder } from '../training/yielder';
import { trainToConvergence } from './baseline';
import { evaluateNetwork } from './evaluate';

/**
 * The DR-only point of the paper's flow: the baseline MLP shrunk by the compression ratio, trained like the baseline
 * on the reduced data, without epoch events (a side figure, not the run's progress).
 */
export async function trainCompressedMlp(
  config: ScannConfig,
  data: PreparedData,
  ratio: number,
  table: EnergyTable,
  rng: Rng,
  yielder: Yielder,
): Promise<EvaluatedNetwork & { layers: number[] }> {
  const layers = shrinkLayers(baselineArchitecture(config.baseline).hidden, ratio);
  const r = rng.fork('compressed-mlp');
  const net = mlpNetwork(data.features, data.classes, { layers, inputDensity: 1, initialBias: 0 }, r.fork('init'));
  const trainer = new Trainer(net, data.train, data.validation, config.train, r.fork('shuffle'), yielder);
  const { best } = await trainToConvergence(trainer, config);
  return { ...evaluateNetwork(best, data, table), layers };
}
