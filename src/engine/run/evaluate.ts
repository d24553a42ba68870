import type { EnergyTable, EvaluatedNetwork } from '../../protocol/result';
import { networkMetrics } from '../core/metrics';
import type { Network } from '../core/network';
import type { PreparedData } from '../data/types';
import { scoreTables } from '../training/inference';

/** A network's figures for results: its structure and energy, and its accuracy on every split. */
export function evaluateNetwork(net: Network, data: PreparedData, table: EnergyTable): EvaluatedNetwork {
  return evaluateWithRows(net, data, table).evaluated;
}

/**
 * The figures of `evaluateNetwork` plus which test rows the network gets right (1/0 per row, the test split's
 * order), from the same forward pass: what the paired comparison of two networks on the test split needs.
 */
export function evaluateWithRows(
  net: Network,
  data: PreparedData,
  table: EnergyTable,
): { evaluated: EvaluatedNetwork; testCorrect: Uint8Array } {
  const [train, validation, test] = scoreTables(net, [data.train, data.validation, data.test], {}, [
    false,
    false,
    true,
  ]);
  return {
    evaluated: {
      ...networkMetrics(net, table),
      trainAccuracy: train!.accuracy,
      validationAccuracy: validation!.accuracy,
      testAccuracy: test!.accuracy,
      testLoss: test!.loss,
    },
    testCorrect: test!.correct!,
  };
}
