import type { ConnectionGroup, GrowConnectionsConfig } from '../../../protocol/config';
import type { ConvLayer } from '../../core/convFront';
import type { Rng } from '../../core/random';
import type { Trainer } from '../../training/trainer';
import { noChange, type OpOutcome } from './outcome';
import { percentile, topK } from './selection';

/**
 * Connection growth. Candidates are the dormant positions the network's space allows (order constraint in a DAG,
 * consecutive layers in an MLP) within the chosen groups, and with `kernels` the dormant kernel weights of a conv
 * front end, each conv layer chosen on its own (gradients of kernels and connections differ in scale). `gradient`
 * scores each by |dL/dw| summed over the probe batches — exact backprop at the pre-activations, not the signed
 * score of the course code (research/paper.md 3.1) — and activates those above the percentile of the candidate
 * scores, or the top `fraction x active`. New connections start at weight 0, as in NeST.
 */
export function growConnections(trainer: Trainer, cfg: GrowConnectionsConfig, rng: Rng): OpOutcome {
  const net = trainer.net;
  const groups = new Set<ConnectionGroup>(cfg.groups ?? ['inputHidden', 'hiddenHidden', 'hiddenOutput', 'inputOutput']);
  const candSrc: number[] = [];
  const candTgt: number[] = [];
  const candIdx: number[] = [];
  // Free channel slots stay empty until channel growth fills them: nothing grows from or into them.
  const freeUnits = new Set(net.front?.freeUnits() ?? []);
  net.forEachAllowed((src, t, i) => {
    if (!net.mask[i] && groups.has(net.groupOf(src, t)) && !freeUnits.has(src)) {
      candSrc.push(src);
      candTgt.push(t);
      candIdx.push(i);
    }
  });
  const front = net.front;
  const convIdx = cfg.kernels && front ? front.layers.flatMap((l, i) => (l.kind === 'conv' ? [i] : [])) : [];
  const convs = front ? front.convLayers() : [];
  const dormant = convIdx.map((li) => {
    const l = front!.layers[li] as ConvLayer;
    const producer = front!.producerOf(li);
    const inputActive = producer === undefined ? undefined : (front!.layers[producer] as ConvLayer).active;
    const per = l.mask.length / l.spec.outC;
    const idx: number[] = [];
    for (let i = 0; i < l.mask.length; i++) {
      if (l.mask[i] || !l.active[Math.floor(i / per)]) continue;
      if (inputActive && !inputActive[i % l.in.c]) continue;
      idx.push(i);
    }
    return idx;
  });
  const n = candIdx.length;
  if (n === 0 && dormant.every((d) => d.length === 0)) return noChange();

  // One probe gives both the connections' scores and (with a conv front end) every kernel weight's gradient.
  const gradient = cfg.mode === 'gradient';
  const denseScores =
    gradient && n > 0 ? gradientScores(trainer, candSrc, candTgt, cfg.batches, cfg.fullData) : undefined;
  if (gradient && n === 0 && convIdx.length > 0) trainer.probe(cfg.batches, cfg.fullData, true, () => undefined);
  const pick = (count: number, active: number, score: (k: number) => number): ArrayLike<number> => {
    if (cfg.mode === 'full') return Int32Array.from({ length: count }, (_, i) => i);
    const scores = new Float64Array(count);
    for (let k = 0; k < count; k++) scores[k] = cfg.mode === 'random' ? rng.next() : Math.abs(score(k));
    return choose(scores, cfg, active, gradient);
  };

  let added = 0;
  if (n > 0) {
    const chosen = pick(n, net.activeConnections(), (k) => denseScores![k]!);
    for (let j = 0; j < chosen.length; j++) {
      const i = candIdx[chosen[j]!]!;
      net.mask[i] = 1;
      net.weights[i] = 0;
    }
    added += chosen.length;
  }
  convIdx.forEach((_, c) => {
    const l = convs[c]!;
    const idx = dormant[c]!;
    if (idx.length === 0) return;
    const g = trainer.frontGrads!.weights[c]!;
    const chosen = pick(idx.length, l.mask.length - idx.length, (k) => g[idx[k]!]!);
    for (let j = 0; j < chosen.length; j++) {
      const i = idx[chosen[j]!]!;
      l.mask[i] = 1;
      l.weights[i] = 0;
    }
    added += chosen.length;
  });
  trainer.structureChanged();
  return { ...noChange(), connectionsAdded: added };
}

function choose(
  scores: Float64Array,
  cfg: GrowConnectionsConfig,
  active: number,
  needPositive: boolean,
): ArrayLike<number> {
  if (cfg.fraction !== undefined) {
    const k = Math.max(1, Math.round(cfg.fraction * active));
    const top = topK(scores, k);
    return needPositive ? top.filter((i) => scores[i]! > 0) : top;
  }
  const tau = percentile(scores, cfg.percentile ?? 70);
  const picked: number[] = [];
  for (let k = 0; k < scores.length; k++) if (scores[k]! > tau && (!needPositive || scores[k]! > 0)) picked.push(k);
  return picked;
}

/**
 * dL/dw summed over the probe batches for each (source, target) position, active or not: for a dormant position
 * (weight 0) this is the gradient the connection would get if it existed.
 */
export function gradientScores(
  trainer: Trainer,
  srcs: number[],
  tgts: number[],
  batches: number,
  fullData: boolean,
): Float64Array {
  const n = srcs.length;
  const scores = new Float64Array(n);
  const { act, grad } = trainer.ws;
  trainer.probe(batches, fullData, true, (B) => {
    for (let k = 0; k < n; k++) {
      const so = srcs[k]! * B;
      const go = tgts[k]! * B;
      let dot = 0;
      for (let b = 0; b < B; b++) dot += act[so + b]! * grad[go + b]!;
      scores[k] = scores[k]! + dot;
    }
  });
  return scores;
}
