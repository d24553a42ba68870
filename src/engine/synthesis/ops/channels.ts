import type { GrowChannelsConfig } from '../../../protocol/config';
import type { ConvFront, ConvLayer } from '../../core/convFront';
import type { Network } from '../../core/network';
import type { Rng } from '../../core/random';
import type { Trainer } from '../../training/trainer';
import { noChange, type OpOutcome } from './outcome';
import { topK } from './selection';

/**
 * Where a channel's output goes: the weights that read it, as parallel lists of positions into one table (the next
 * conv layer's kernels, or the dense part's rows over the channel's flatten units). Lists of two channels of the
 * same layer pair up position by position.
 */
interface Outgoing {
  weights: Float32Array;
  mask: Uint8Array;
  idx: number[];
  /** The bias each position adds into (next conv layer's filter bias, or the dense target's bias). */
  biasOf: (k: number) => { bias: Float32Array; at: number };
  /** The next conv layer pads: a constant input is not seen as constant at its borders, so it cannot be folded. */
  padded: boolean;
}

function outgoing(net: Network, front: ConvFront, i: number, c: number): Outgoing {
  const j = front.consumerOf(i);
  if (j !== undefined) {
    const next = front.layers[j] as ConvLayer;
    const per = next.weights.length / next.spec.outC;
    return {
      weights: next.weights,
      mask: next.mask,
      idx: front.inputChannelPositions(j, c),
      biasOf: (k) => ({ bias: next.bias, at: Math.floor(k / per) }),
      padded: next.spec.pad > 0,
    };
  }
  const S = net.sources;
  const idx: number[] = [];
  const targets = [...net.order, ...Array.from({ length: net.outputs }, (_, o) => net.outputTarget(o))];
  for (const t of targets) for (const u of front.channelUnits(c)) idx.push(t * S + u);
  return {
    weights: net.weights,
    mask: net.mask,
    idx,
    biasOf: (k) => ({ bias: net.bias, at: Math.floor(k / S) }),
    padded: false,
  };
}

/**
 * Removes conv channels that cannot matter, until none is left, keeping the function exactly:
 * - a channel whose output nothing reads: it and its kernel weights go;
 * - a channel without kernel weights: it outputs the constant activation(bias), which pooling keeps constant, so
 *   that constant times each outgoing weight is folded into the consumer's bias before the channel goes (not when
 *   the next conv layer pads and the constant is not 0: its border outputs would see zeros instead).
 */
export function removeDeadChannels(net: Network): { channelsRemoved: number; weightsRemoved: number } {
  const front = net.front;
  let channelsRemoved = 0;
  let weightsRemoved = 0;
  if (!front) return { channelsRemoved, weightsRemoved };
  let changed = true;
  while (changed) {
    changed = false;
    front.layers.forEach((l, i) => {
      if (l.kind !== 'conv') return;
      const per = l.weights.length / l.spec.outC;
      for (let c = 0; c < l.spec.outC; c++) {
        if (!l.active[c]) continue;
        const out = outgoing(net, front, i, c);
        const used = out.idx.some((k) => out.mask[k]);
        const kernels = l.mask.subarray(c * per, (c + 1) * per).some((m) => m === 1);
        if (used && kernels) continue;
        if (used) {
          const value = l.activation === 'relu' ? Math.max(0, l.bias[c]!) : l.bias[c]!;
          if (value !== 0 && out.padded) continue;
          for (const k of out.idx) {
            if (!out.mask[k]) continue;
            const { bias, at } = out.biasOf(k);
            bias[at] = bias[at]! + value * out.weights[k]!;
            out.mask[k] = 0;
            out.weights[k] = 0;
            weightsRemoved++;
          }
        }
        for (let k = c * per; k < (c + 1) * per; k++) {
          if (l.mask[k]) weightsRemoved++;
          l.mask[k] = 0;
          l.weights[k] = 0;
        }
        l.bias[c] = 0;
        l.active[c] = 0;
        channelsRemoved++;
        changed = true;
      }
    });
  }
  return { channelsRemoved, weightsRemoved };
}

/**
 * Channel (feature-map) growth by splitting, as neuron growth splits neurons: in every conv layer with free channel
 * slots, the most active channels (sum of |output| over the probe batches) or random ones are cloned into free
 * slots. The clone copies the parent's kernel weights (active ones perturbed by N(0, noise^2)), mask and bias, and
 * the parent's outgoing weights; with `halveOutgoing` both halve theirs, so with no noise the function is unchanged.
 */
export function growChannels(trainer: Trainer, cfg: GrowChannelsConfig, rng: Rng): OpOutcome {
  const net = trainer.net;
  const front = net.front;
  if (!front) return noChange();
  const convIdx = front.layers.flatMap((l, i) => (l.kind === 'conv' ? [i] : []));
  const activity = convIdx.map((i) => new Float64Array((front.layers[i] as ConvLayer).spec.outC));
  if (cfg.select === 'activation') {
    trainer.probe(cfg.batches, false, false, (B) => {
      const outs = trainer.ws.front!.outs;
      convIdx.forEach((i, n) => {
        const l = front.layers[i] as ConvLayer;
        const C = l.spec.outC;
        const o = outs[i]!;
        const size = B * l.out.h * l.out.w * C;
        const a = activity[n]!;
        for (let k = 0; k < size; k++) a[k % C] = a[k % C]! + Math.abs(o[k]!);
      });
    });
  }
  let added = 0;
  let weightsAdded = 0;
  convIdx.forEach((i, n) => {
    const l = front.layers[i] as ConvLayer;
    const C = l.spec.outC;
    const activeList: number[] = [];
    const free: number[] = [];
    for (let c = 0; c < C; c++) (l.active[c] ? activeList : free).push(c);
    const count = Math.min(cfg.count, free.length, activeList.length);
    if (count <= 0) return;
    const score = Float64Array.from(activeList, (c) => (cfg.select === 'random' ? rng.next() : activity[n]![c]!));
    const parents = Array.from(topK(score, count), (k) => activeList[k]!);
    const per = l.weights.length / C;
    parents.forEach((p, k) => {
      const s = free[k]!;
      for (let q = 0; q < per; q++) {
        const from = p * per + q;
        const to = s * per + q;
        l.mask[to] = l.mask[from]!;
        l.weights[to] = l.mask[from] ? l.weights[from]! + (cfg.noise > 0 ? cfg.noise * rng.normal() : 0) : 0;
        weightsAdded += l.mask[from]!;
      }
      l.bias[s] = l.bias[p]!;
      l.active[s] = 1;
      const po = outgoing(net, front, i, p);
      const so = outgoing(net, front, i, s);
      po.idx.forEach((from, q) => {
        const to = so.idx[q]!;
        so.mask[to] = po.mask[from]!;
        so.weights[to] = po.weights[from]!;
        weightsAdded += po.mask[from]!;
        if (cfg.halveOutgoing) {
          po.weights[from] = po.weights[from]! / 2;
          so.weights[to] = so.weights[to]! / 2;
        }
      });
      added++;
    });
  });
  trainer.structureChanged();
  return { ...noChange(), connectionsAdded: weightsAdded, channelsAdded: added };
}
