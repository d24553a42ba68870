import type { ScannConfig } from '../../protocol/config';
import type { RunEvent } from '../../protocol/events';
import type { EnergyTable, EpochPoint, EvaluatedNetwork } from '../../protocol/result';
import { mlpNetwork } from '../core/init';
import type { Rng } from '../core/random';
import type { PreparedData } from '../data/types';
import type { EngineChoice } from '../training/engineChoice';
import { trainWindowed } from '../training/windowedTraining';
import type { Yielder } from '../training/yielder';
import { evaluateWithRows } from './evaluate';

export interface BaselineOutcome {
  baseline: EvaluatedNetwork & { layers: number[] };
  epochs: EpochPoint[];
  /** Its best mean validation accuracy over `select.window` epochs: what the synthesis is selected against. */
  score: number;
  /** Per test row, 1 when the baseline gets it right: the baseline's half of the paired comparison. */
  testCorrect: Uint8Array;
}

/**
 * A baseline already trained by an earlier run of `memo`, or a new one. The key holds everything a baseline depends
 * on (data, baseline, training recipe, selection window, energy table, seed, engine), so runs that differ only in
 * what follows it (scheme, DR) share one.
 */
export async function memoBaseline(
  memo: Map<string, BaselineOutcome> | undefined,
  config: ScannConfig,
  engine: string,
  train: () => Promise<BaselineOutcome>,
): Promise<BaselineOutcome> {
  if (!memo) return train();
  const key = JSON.stringify([
    config.dataset,
    config.baseline,
    config.train,
    config.select.window,
    config.energy,
    config.seed,
    engine,
  ]);
  const hit = memo.get(key);
  if (hit) return hit;
  const outcome = await train();
  memo.set(key, outcome);
  return outcome;
}

/** Trains the baseline MLP, reporting its epochs; it is scored like the synthesis, by its best window of epochs. */
export async function trainBaseline(
  config: ScannConfig,
  data: PreparedData,
  table: EnergyTable,
  rng: Rng,
  emit: (e: RunEvent) => void,
  yielder: Yielder,
  engine: EngineChoice,
): Promise<BaselineOutcome> {
  const layers = config.baseline.hidden;
  const net = mlpNetwork(
    data.features,
    data.classes,
    { layers, inputDensity: 1, initialBias: 0 },
    rng.fork('baseline-init'),
  );
  const trainer = engine.create(net, data.train, data.validation, config.train, rng.fork('baseline-shuffle'), yielder);
  const connections = net.activeConnections();
  const log: EpochPoint[] = [];
  const { best, score } = await trainWindowed(trainer, {
    epochs: config.baseline.epochs,
    window: config.select.window,
    scored: 'every',
    keepBest: true,
    onEpoch: (epoch, s) => {
      const point: EpochPoint = { phase: 'baseline', step: 0, epoch, ...s };
      log.push(point);
      emit({ type: 'epoch', ...point, connections });
    },
  });
  const { evaluated, testCorrect } = evaluateWithRows(best, data, table);
  return { baseline: { ...evaluated, layers }, epochs: log, score, testCorrect };
}
