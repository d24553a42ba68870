import type { DecodedModel, DecodedNeuron, ImageShape } from '../model/decode';

/**
 * A conv layer as the exports write it: only the channels in use, weights `[out][kernel][kernel][in]` over the
 * channels kept on both sides (pruned weights 0, `mask` 1 where a weight is active).
 */
export interface PlannedConv {
  kind: 'conv';
  in: ImageShape;
  out: ImageShape;
  kernel: number;
  stride: number;
  padding: number;
  activation: 'relu' | 'linear';
  weights: Float32Array;
  mask: Uint8Array;
  bias: Float32Array;
  /** The model's channel index of each output channel kept. */
  channels: Int32Array;
}

export interface PlannedPool {
  kind: 'maxPool' | 'avgPool';
  in: ImageShape;
  out: ImageShape;
  size: number;
  stride: number;
}

export type PlannedLayer = PlannedConv | PlannedPool;

export interface PlannedFront {
  input: ImageShape;
  layers: PlannedLayer[];
  /** Values of the flatten (HWC order): the dense part's inputs. */
  units: number;
  /** Channel slots of the model that the export leaves out (free slots: they output exactly 0). */
  channelsDropped: number;
  /** Active kernel weights. */
  activeWeights: number;
  /** Multiply-accumulates of the active kernel weights, one per output position (as the run counts them). */
  activeMacs: number;
}

/**
 * The front end of a model as an export writes it, and the dense part rewired to its flatten. A free channel slot
 * (no kernel weight, bias 0) outputs exactly 0 everywhere, through ReLU, pooling and zero padding alike, so leaving
 * it out of every map changes no output and saves its memory, its pooling work and its zero weights. The dense
 * part's inputs are renumbered to the smaller flatten; a connection from a dropped channel (which only ever adds
 * 0 * w) is left out with it.
 */
export function planFront(d: DecodedModel): { front: PlannedFront; dense: DecodedModel } {
  const front = d.front;
  if (!front) throw new Error('planFront: the model has no conv front end');
  let kept = Int32Array.from({ length: front.input.c }, (_, c) => c);
  let channelsDropped = 0;
  let activeWeights = 0;
  let activeMacs = 0;
  const layers = front.layers.map((l): PlannedLayer => {
    const inShape = { h: l.in.h, w: l.in.w, c: kept.length };
    if (l.kind !== 'conv') {
      return { kind: l.kind, in: inShape, out: { ...l.out, c: kept.length }, size: l.pool.k, stride: l.pool.stride };
    }
    const inKept = kept;
    const used: number[] = [];
    for (let c = 0; c < l.spec.outC; c++) if (l.active[c]) used.push(c);
    // A layer with no channel in use still needs one (C has no empty arrays): a free slot, which outputs 0.
    if (used.length === 0) used.push(0);
    channelsDropped += l.spec.outC - used.length;
    const k = l.spec.kh;
    const C = l.in.c;
    const Ck = inKept.length;
    const size = used.length * k * k * Ck;
    const weights = new Float32Array(size);
    const mask = new Uint8Array(size);
    used.forEach((oc, o) => {
      for (let t = 0; t < k * k; t++) {
        for (let ic = 0; ic < Ck; ic++) {
          const from = (oc * k * k + t) * C + inKept[ic]!;
          const to = (o * k * k + t) * Ck + ic;
          weights[to] = l.weights[from]!;
          mask[to] = l.mask[from]!;
        }
      }
    });
    const active = mask.reduce((n, m) => n + m, 0);
    activeWeights += active;
    activeMacs += active * l.out.h * l.out.w;
    kept = Int32Array.from(used);
    return {
      kind: 'conv',
      in: inShape,
      out: { h: l.out.h, w: l.out.w, c: used.length },
      kernel: k,
      stride: l.spec.stride,
      padding: l.spec.pad,
      activation: l.activation,
      weights,
      mask,
      bias: Float32Array.from(used, (oc) => l.bias[oc]!),
      channels: Int32Array.from(used),
    };
  });
  const last = front.layers[front.layers.length - 1]!.out;
  const units = last.h * last.w * kept.length;
  // Flatten position p, model channel c -> export unit p * kept + rank of c; -1 for a dropped channel.
  const rank = new Int32Array(last.c).fill(-1);
  kept.forEach((c, r) => (rank[c] = r));
  const unitOf = (u: number): number => {
    if (u >= d.inputs) return u - d.inputs + units;
    const r = rank[u % last.c]!;
    return r < 0 ? -1 : Math.floor(u / last.c) * kept.length + r;
  };
  const rewire = (n: DecodedNeuron): DecodedNeuron => {
    const sources: number[] = [];
    const weights: number[] = [];
    n.sources.forEach((u, k) => {
      const v = unitOf(u);
      if (v < 0) return;
      sources.push(v);
      weights.push(n.weights[k]!);
    });
    return { linear: n.linear, bias: n.bias, sources: Int32Array.from(sources), weights: Float32Array.from(weights) };
  };
  const hidden = d.hidden.map(rewire);
  const output = d.output.map(rewire);
  const connections = [...hidden, ...output].reduce((s, n) => s + n.sources.length, 0) + activeWeights;
  const dense: DecodedModel = { ...d, inputs: units, hidden, output, connections };
  delete dense.front;
  return {
    front: { input: { ...front.input }, layers, units, channelsDropped, activeWeights, activeMacs },
    dense,
  };
}
