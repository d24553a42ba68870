import type { ConnectionGroup, PruneConfig } from '../../../protocol/config';
import type { ConvLayer } from '../../core/convFront';
import type { Network } from '../../core/network';
import type { Trainer } from '../../training/trainer';
import { removeDeadChannels } from './channels';
import { noChange, type OpOutcome } from './outcome';
import { removeDeadNeurons } from './removeDead';
import { bottomK } from './selection';

/**
 * Magnitude pruning. `group` scope removes the smallest `ratio` of each connection group (and of each conv layer's
 * kernel weights); `global` scope removes the smallest `ratio` of all chosen weights together, or keeps exactly
 * `keep` of them. Exact counts (sorted, ties by position) rather than a quantile threshold, so repeated runs remove
 * the same weights.
 */
export function prune(trainer: Trainer, cfg: PruneConfig, defaultScope: 'group' | 'global'): OpOutcome {
  const net = trainer.net;
  const scope = cfg.keep !== undefined ? 'global' : (cfg.scope ?? defaultScope);
  const groups = cfg.groups ?? (['inputHidden', 'hiddenHidden', 'hiddenOutput', 'inputOutput'] as ConnectionGroup[]);
  const kernels = cfg.kernels && net.front ? net.front.convLayers().map(kernelPool) : [];
  const removed =
    scope === 'global'
      ? prunePools([densePool(net, new Set(groups)), ...kernels], cfg)
      : [...groups.map((g) => densePool(net, new Set([g]))), ...kernels].reduce(
          (sum, pool) => sum + prunePools([pool], cfg),
          0,
        );
  let outcome: OpOutcome = { ...noChange(), connectionsRemoved: removed };
  if (cfg.removeDead) {
    const dead = removeDeadNeurons(net);
    outcome = {
      ...outcome,
      connectionsRemoved: removed + dead.connectionsRemoved,
      neuronsRemoved: dead.neuronsRemoved,
    };
    if (net.front) {
      const channels = removeDeadChannels(net);
      outcome.connectionsRemoved += channels.weightsRemoved;
      outcome.channelsRemoved = channels.channelsRemoved;
    }
  }
  trainer.structureChanged();
  return outcome;
}

/** Active weights of one table (the dense part's, or a conv layer's kernels) that a prune may remove. */
interface Pool {
  weights: Float32Array;
  mask: Uint8Array;
  idx: number[];
}

function densePool(net: Network, groups: Set<ConnectionGroup>): Pool {
  const idx: number[] = [];
  net.forEachActive((src, t, i) => {
    if (groups.has(net.groupOf(src, t))) idx.push(i);
  });
  return { weights: net.weights, mask: net.mask, idx };
}

function kernelPool(l: ConvLayer): Pool {
  const idx: number[] = [];
  for (let i = 0; i < l.mask.length; i++) if (l.mask[i]) idx.push(i);
  return { weights: l.weights, mask: l.mask, idx };
}

/** Removes the smallest |w| of the pools taken together: `ratio` of them, or all but `keep`. */
function prunePools(pools: Pool[], cfg: PruneConfig): number {
  const total = pools.reduce((s, p) => s + p.idx.length, 0);
  if (total === 0) return 0;
  const count = cfg.keep !== undefined ? total - cfg.keep : Math.floor((cfg.ratio ?? 0.2) * total);
  if (count <= 0) return 0;
  const mags = new Float64Array(total);
  const owner = new Int32Array(total);
  let k = 0;
  pools.forEach((p, j) => {
    for (const i of p.idx) {
      mags[k] = Math.abs(p.weights[i]!);
      owner[k++] = j;
    }
  });
  const offsets = pools.reduce<number[]>((o, p) => [...o, o[o.length - 1]! + p.idx.length], [0]);
  for (const c of bottomK(mags, count)) {
    const p = pools[owner[c]!]!;
    const i = p.idx[c - offsets[owner[c]!]!]!;
    p.mask[i] = 0;
    p.weights[i] = 0;
  }
  return count;
}
