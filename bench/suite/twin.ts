/**
 * The noise floor of the suite's accuracy figures: a second baseline ("twin"), the same architecture and training
 * recipe on the same rows, differing from the run's baseline only in its random streams (initial weights, order of
 * the rows). It is exactly as good a network as the baseline, so how far its test accuracy lands from the
 * baseline's is what the test split's noise alone does to a run that returns any network other than the baseline
 * itself. A method's "within 1 point" share is read against the twin's: no method can be expected to beat it by
 * more than luck, except by returning the baseline.
 */
import type { ScannConfig } from '../../src/protocol/config';
import { energyTable } from '../../src/protocol/energy';
import { Rng } from '../../src/engine/core/random';
import { memoBaseline, trainBaseline, type BaselineOutcome } from '../../src/engine/run/baseline';
import { chooseEngine } from '../../src/engine/run/engines';
import { validationPairs } from '../../src/engine/synthesis/pairedMargin';
import { noYield } from '../../src/engine/training/yielder';
import { prepareLikeTheEngine } from './references';

export interface TwinOutcome {
  /** The run's own baseline (reproduced from the run's seed when no run of this invocation trained it). */
  baselineTestAccuracy: number;
  twinTestAccuracy: number;
  testRows: number;
  /** Test rows only the baseline classifies right, and only the twin. */
  onlyBaselineRight: number;
  onlyTwinRight: number;
  twinEpochs: number;
  seconds: number;
}

/** The random stream of the twin: a fork of the run's seed that no part of a run uses. */
export const TWIN_STREAM = 'suite-twin-baseline';

/**
 * Trains the twin of `config`'s baseline. `baselines` is the memo the runs of this dataset and seed shared (the
 * engine's own baseline, untouched); when it is empty, the baseline is trained again from the run's seed, which
 * gives the same network (training is deterministic per seed and engine).
 */
export async function twinBaseline(
  config: ScannConfig,
  repoRoot: string,
  baselines: Map<string, BaselineOutcome>,
): Promise<TwinOutcome> {
  const t0 = Date.now();
  const data = await prepareLikeTheEngine(config, repoRoot);
  const table = energyTable(config.energy);
  const engine = await chooseEngine(config.engine);
  const quiet = () => undefined;
  const base = await memoBaseline(baselines, config, engine.name, () =>
    trainBaseline(config, data, table, new Rng(config.seed), quiet, noYield, engine),
  );
  const twin = await trainBaseline(config, data, table, new Rng(config.seed).fork(TWIN_STREAM), quiet, noYield, engine);
  const pairs = validationPairs(base.testCorrect, twin.testCorrect);
  return {
    baselineTestAccuracy: base.baseline.testAccuracy,
    twinTestAccuracy: twin.baseline.testAccuracy,
    testRows: pairs.rows,
    onlyBaselineRight: pairs.onlyBaseline,
    onlyTwinRight: pairs.onlyCandidate,
    twinEpochs: twin.baseline.epochsUsed,
    seconds: (Date.now() - t0) / 1000,
  };
}
