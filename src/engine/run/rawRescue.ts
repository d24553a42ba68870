/**
 * `reduce: { method: auto }` judged by the run's own result, not only by its search. The search scores every
 * candidate with the baseline MLP trained a few epochs, where a compact reduction learns faster than the raw
 * features and can win by luck or by speed; the synthesis then starts from a network shrunk by the reduction's ratio.
 * On the suite's seizure set (5 classes, 178 features) `auto` chose ICA to 44 features, 2.5 standard errors ahead
 * in the search, and the network synthesized on it missed the baseline by 4.5 points on validation and 6 on test,
 * where the same config without `reduce` lost 0.8. So when `auto` reduced and the network on the reduction misses
 * the target, the raw features get a synthesis pass too, and the run keeps whichever network the validation split
 * prefers: `auto` never ends worse than no `reduce` by the run's own evidence.
 */
import type { ResolvedConfig } from '../../protocol/schemeChoice';
import type { RunEvent } from '../../protocol/events';
import type { PreparedData } from '../data/types';
import type { Rng } from '../core/random';
import type { KeptFeatures, ReducedData } from '../reduce/pipeline';
import { resolvePlan } from '../synthesis/schemes';
import type { FinishOutcome } from '../synthesis/finish';
import { synthesizeWithFallback, type PassesOutcome } from './passes';
import type { PassContext } from './synthesisPass';

export interface RawRescue {
  /** The passes on the raw features. */
  outcome: PassesOutcome;
  /** Set when their network replaces the one on the reduction: the reduction reported as `auto`'s `none` choice. */
  none?: KeptFeatures;
}

/** Whether the run owes the raw features a pass: `auto` chose a reduction and its network missed the target. */
export function owesRawPass(config: ResolvedConfig, reduced: ReducedData | undefined, chosen: FinishOutcome): boolean {
  return !!reduced && config.reduce?.method === 'auto' && config.scheme !== 'imp' && !chosen.met;
}

/**
 * Synthesizes on the raw features (`data`) as a run without `reduce` would (its scheme, then its fallback scheme,
 * from the run's own random streams) and decides which network the run keeps.
 */
export async function rescueOnRawFeatures(
  config: ResolvedConfig,
  reduced: ReducedData,
  chosen: FinishOutcome,
  pass: Omit<PassContext, 'rng' | 'data' | 'layer'>,
  data: PreparedData,
  rng: Rng,
): Promise<RawRescue> {
  const s = reduced.summary;
  const onReduction = `${s.method} to ${s.dims} features`;
  pass.emit(log(`reduce: auto: the network on ${onReduction} missed the target; synthesizing on the raw features too`));
  const outcome = await synthesizeWithFallback(config, resolvePlan(config, 1), { ...pass, data, rng }, 1);
  const raw = outcome.chosen;
  if (!raw || !(raw.met || raw.candidate.validationAccuracy > chosen.candidate.validationAccuracy)) return { outcome };
  const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;
  const reason =
    `the search chose ${onReduction}${s.reason ? ` (${s.reason})` : ''}, but the network synthesized on it ` +
    `missed the target (validation ${pct(chosen.candidate.validationAccuracy)}); the one on the raw features ` +
    (raw.met ? 'reached it' : `did better (${pct(raw.candidate.validationAccuracy)})`) +
    ', so the raw features are kept';
  const none: KeptFeatures = {
    kind: 'none',
    grid: reduced.grid,
    summary: {
      ...s,
      method: 'none',
      dims: s.inputs,
      ratio: 1,
      reason,
      extension: 'none',
      transform: { macs: 0, parameters: 0, energyPj: 0 },
    },
  };
  pass.emit(log(`reduce: auto: ${reason}`));
  return { outcome, none };
}

function log(message: string): RunEvent {
  return { type: 'log', level: 'warn', message };
}
