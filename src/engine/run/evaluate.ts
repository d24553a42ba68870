import type { EnergyTable, EvaluatedNetwork } from '../../protocol/result';
import { networkMetrics } from '../core/metrics';
import type { Network } from '../core/network';
import type { PreparedData } from '../data/types';
import { scoreTables } from '../training/inference';

/** A network's figures for results: its structure and energy, and its accuracy on every split. */
export function evaluateNetwork(net: Network, data: PreparedData, table: EnergyTable): EvaluatedNetwork {
  const [train, validation, test] = scoreTables(net, [data.train, data.validation, data.test]);
  return {
    ...networkMetrics(net, table),
    trainAccuracy: train!.accuracy,
    validationAccuracy: validation!.accuracy,
    testAccuracy: test!.accuracy,
    testLoss: test!.loss,
  };
}
