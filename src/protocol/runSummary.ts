/** One finished run as the compare view lists it: derived from its `RunResult` by the host, checked by the view. */
import { countedCost } from './countedCost';
import { isRunId } from './runId';
import { isNum, isObj, isStr } from './guard';
import type { PairedComparison, RunResult, RunStatus } from './result';
import { isPairedComparison } from './resultGuards';

export interface RunSummary {
  runId: string;
  name: string;
  status: RunStatus;
  dataset: string;
  scheme: string;
  /** `none`, `none (auto)` when `reduce: auto` kept the raw features, or the DR method and dimension, e.g. `pca:12`. */
  dr: string;
  testAccuracy: number;
  /** Network connections plus the DR transform's multiply-accumulates (see countedCost.ts): the headline figure. */
  connections: number;
  /** The network alone (equal to `connections` without a transform). */
  networkConnections: number;
  hiddenNeurons: number;
  /**
   * A conv front end's active kernel weights (already counted in `connections`) and each conv layer's channels in
   * use; absent for networks without one.
   */
  conv?: { weights: number; channels: number[] };
  /** Baseline connections / `connections` (the transform counted). */
  compression: number;
  /** Baseline connections / `networkConnections`. */
  networkCompression: number;
  /** pJ per inference, the transform counted. */
  energyPj: number;
  energyTable: string;
  durationMs: number;
  baseline: {
    testAccuracy: number;
    connections: number;
    energyPj: number;
    layers: number[];
    /** The baseline's conv kernel weights, when it has a front end. */
    convWeights?: number;
  };
  /** Whether the selection target was met, and why not (absent for results saved before targets existed). */
  target?: { met: boolean; reason?: string };
  /** The paired test comparison with the baseline (absent for older results). */
  comparison?: PairedComparison;
  /** When the run was started (ms since the epoch), to tell runs of one name apart; absent when unknown. */
  createdAt?: number;
}

export function runSummary(result: RunResult, runId: string, createdAt?: number): RunSummary {
  const reduce = result.model.reduce;
  const t = result.target;
  const cost = countedCost(result);
  return {
    ...(t ? { target: { met: t.met, ...(t.reason ? { reason: t.reason } : {}) } } : {}),
    ...(result.comparison ? { comparison: result.comparison } : {}),
    ...(createdAt !== undefined ? { createdAt } : {}),
    ...(result.final.conv
      ? { conv: { weights: result.final.conv.weights, channels: result.final.conv.channels } }
      : {}),
    runId,
    name: result.name,
    status: result.status,
    dataset: result.dataset.name,
    scheme: result.scheme,
    dr: reduce
      ? `${reduce.method}:${reduce.outputs}`
      : result.reduce?.as === 'layer'
        ? `${result.reduce.method}:${result.reduce.dims} layer`
        : result.reduce?.method === 'none'
          ? 'none (auto)'
          : 'none',
    testAccuracy: result.final.testAccuracy,
    connections: cost.connections,
    networkConnections: cost.network.connections,
    hiddenNeurons: result.final.hiddenNeurons,
    compression: cost.compression,
    networkCompression: cost.network.compression,
    energyPj: cost.energyPj,
    energyTable: result.energy.table.name,
    durationMs: result.durationMs,
    baseline: {
      testAccuracy: result.baseline.testAccuracy,
      connections: result.baseline.connections,
      energyPj: result.energy.baseline,
      layers: result.baseline.layers,
      ...(result.baseline.conv ? { convWeights: result.baseline.conv.weights } : {}),
    },
  };
}

export function isRunSummary(x: unknown): x is RunSummary {
  if (!isObj(x) || !isObj(x.baseline)) return false;
  const b = x.baseline;
  return (
    isRunId(x.runId) &&
    isStr(x.name) &&
    isStr(x.dataset) &&
    isStr(x.scheme) &&
    isStr(x.dr) &&
    (x.status === 'done' || x.status === 'cancelled') &&
    [
      x.testAccuracy,
      x.connections,
      x.networkConnections,
      x.hiddenNeurons,
      x.compression,
      x.networkCompression,
      x.energyPj,
      x.durationMs,
    ].every(isNum) &&
    isStr(x.energyTable) &&
    [b.testAccuracy, b.connections, b.energyPj].every(isNum) &&
    Array.isArray(b.layers) &&
    b.layers.every(isNum) &&
    (x.target === undefined ||
      (isObj(x.target) &&
        typeof x.target.met === 'boolean' &&
        (x.target.reason === undefined || isStr(x.target.reason)))) &&
    (x.comparison === undefined || isPairedComparison(x.comparison)) &&
    (x.createdAt === undefined || isNum(x.createdAt)) &&
    (x.conv === undefined ||
      (isObj(x.conv) && isNum(x.conv.weights) && Array.isArray(x.conv.channels) && x.conv.channels.every(isNum))) &&
    (b.convWeights === undefined || isNum(b.convWeights))
  );
}
