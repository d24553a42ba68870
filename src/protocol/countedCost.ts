/**
 * What a run's network costs with its DR transform counted, and the one way every output (CLI table, markdown
 * summary, renderer, dashboard, Compare Runs) words it. A DR+SCANN model is the transform and the network: an
 * inference runs both, so the transform's multiply-accumulates are part of the headline figure, and the
 * network-only figure is shown beside it, never instead of it.
 */
import { costChange } from './claims';
import { formatInt, formatRatio } from './numbers';
import type { RunResult } from './result';

export interface CountedCost {
  /** Network connections plus the transform's multiply-accumulates. */
  connections: number;
  /** Baseline connections / `connections`: the headline compression. */
  compression: number;
  /** pJ per inference, network and transform. */
  energyPj: number;
  /** Baseline energy / `energyPj`. */
  energyRatio: number;
  /** The transform's multiply-accumulates (non-zeros for sparse projections; 0 without a transform). */
  transformMacs: number;
  transformEnergyPj: number;
  /** The figures of the network alone. */
  network: { connections: number; compression: number; energyPj: number; energyRatio: number };
}

const divide = (a: number, b: number): number => (b > 0 ? a / b : Infinity);

/**
 * The counted figures of a result. Results saved before `compressionWithTransform` existed carry the transform's
 * cost only under `reduce`; those are read from there, so an old DR+SCANN result is not shown as transform-free.
 */
export function countedCost(r: Omit<RunResult, 'model'>): CountedCost {
  const base = r.baseline;
  const networkEnergy = r.final.energyPj;
  const transform = r.reduce && r.reduce.method !== 'none' ? r.reduce.transform : undefined;
  const transformMacs = transform?.macs ?? 0;
  const transformEnergyPj = transform?.energyPj ?? 0;
  const connections = r.final.connections + transformMacs;
  const energyPj = networkEnergy + transformEnergyPj;
  // Without a transform the result's own ratios are the figures (they are what `--json` carries).
  return {
    connections,
    compression: transform ? (r.compressionWithTransform ?? divide(base.connections, connections)) : r.compression,
    energyPj,
    energyRatio: transform ? divide(r.energy.baseline, energyPj) : r.energy.ratio,
    transformMacs,
    transformEnergyPj,
    network: {
      connections: r.final.connections,
      compression: r.compression,
      energyPj: networkEnergy,
      energyRatio: transform ? divide(r.energy.baseline, networkEnergy) : r.energy.ratio,
    },
  };
}

const int = formatInt;

/**
 * The network's connections cell: the counted figure first, the network alone beside it when a transform is in
 * front, e.g. `8,180 (9.6x fewer, DR transform counted; network alone 348, 226x)`.
 */
export function connectionsCell(r: RunResult): string {
  const c = countedCost(r);
  if (c.transformMacs === 0) return `${int(c.connections)} (${costChange(c.compression, 'fewer')})`;
  return (
    `${int(c.connections)} (${costChange(c.compression, 'fewer')}, DR transform counted; ` +
    `network alone ${int(c.network.connections)}, ${formatRatio(c.network.compression)})`
  );
}

/** The energy cell, worded like `connectionsCell`; `format` prints pJ in a readable unit. */
export function energyCell(r: RunResult, format: (pj: number) => string): string {
  const c = countedCost(r);
  if (c.transformMacs === 0) return `${format(c.energyPj)} (${costChange(c.energyRatio, 'less')})`;
  return (
    `${format(c.energyPj)} (${costChange(c.energyRatio, 'less')}, DR transform counted; ` +
    `network alone ${format(c.network.energyPj)}, ${formatRatio(c.network.energyRatio)})`
  );
}
