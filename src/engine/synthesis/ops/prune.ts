import type { ConnectionGroup, PruneConfig } from '../../../protocol/config';
import type { Network } from '../../core/network';
import type { Trainer } from '../../training/trainer';
import { noChange, type OpOutcome } from './outcome';
import { removeDeadNeurons } from './removeDead';
import { bottomK } from './selection';

/**
 * Magnitude pruning. `group` scope removes the smallest `ratio` of each connection group; `global` scope removes
 * the smallest `ratio` of all chosen connections together, or keeps exactly `keep` of them. Exact counts (sorted,
 * ties by position) rather than a quantile threshold, so repeated runs remove the same connections.
 */
export function prune(trainer: Trainer, cfg: PruneConfig, defaultScope: 'group' | 'global'): OpOutcome {
  const net = trainer.net;
  const scope = cfg.keep !== undefined ? 'global' : (cfg.scope ?? defaultScope);
  const groups = cfg.groups ?? (['inputHidden', 'hiddenHidden', 'hiddenOutput', 'inputOutput'] as ConnectionGroup[]);
  const removed =
    scope === 'global'
      ? pruneSet(net, activeIn(net, new Set(groups)), cfg)
      : groups.reduce((sum, g) => sum + pruneSet(net, activeIn(net, new Set([g])), cfg), 0);
  let outcome: OpOutcome = { ...noChange(), connectionsRemoved: removed };
  if (cfg.removeDead) {
    const dead = removeDeadNeurons(net);
    outcome = {
      ...outcome,
      connectionsRemoved: removed + dead.connectionsRemoved,
      neuronsRemoved: dead.neuronsRemoved,
    };
  }
  trainer.structureChanged();
  return outcome;
}

function activeIn(net: Network, groups: Set<ConnectionGroup>): number[] {
  const idx: number[] = [];
  net.forEachActive((src, t, i) => {
    if (groups.has(net.groupOf(src, t))) idx.push(i);
  });
  return idx;
}

function pruneSet(net: Network, idx: number[], cfg: PruneConfig): number {
  if (idx.length === 0) return 0;
  const count = cfg.keep !== undefined ? idx.length - cfg.keep : Math.floor((cfg.ratio ?? 0.2) * idx.length);
  if (count <= 0) return 0;
  const mags = Float64Array.from(idx, (i) => Math.abs(net.weights[i]!));
  for (const k of bottomK(mags, count)) {
    const i = idx[k]!;
    net.mask[i] = 0;
    net.weights[i] = 0;
  }
  return count;
}
