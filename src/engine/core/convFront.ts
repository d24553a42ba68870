import {
  avgPool2dBackward,
  avgPool2dForward,
  conv2dBackwardInput,
  conv2dBackwardWeight,
  conv2dForward,
  convOutShape,
  flattenToUnitMajor,
  maxPool2dBackward,
  maxPool2dForward,
  poolOutShape,
  reluBackward,
  reluForward,
  unflattenFromUnitMajor,
  type ConvSpec,
  type MapShape,
  type PoolSpec,
} from './conv';
import type { Rng } from './random';
import type { ConvGeometry, PoolGeometry } from '../../protocol/model';

/** The shape of one sample's feature maps (height, width, channels), stored HWC. */
export interface ImageShape {
  h: number;
  w: number;
  c: number;
}

export type ConvActivation = ConvGeometry['activation'];

/**
 * A conv layer: every kernel weight has a mask bit, exactly like a dense connection (masked weights are exactly 0).
 * `weights` and `mask` are `[outC][kh][kw][inC]` (core/conv.ts).
 */
export interface ConvLayer {
  kind: 'conv';
  spec: ConvSpec;
  activation: ConvActivation;
  in: ImageShape;
  out: ImageShape;
  weights: Float32Array;
  mask: Uint8Array;
  bias: Float32Array;
  /**
   * Channel slots in use (1) or free for channel growth (0), as hidden slots are for neurons: a free channel has no
   * active kernel weight, bias 0 (so it outputs exactly 0) and no active outgoing weight.
   */
  active: Uint8Array;
}

export interface PoolLayer {
  kind: 'maxPool' | 'avgPool';
  pool: PoolSpec;
  in: ImageShape;
  out: ImageShape;
}

export type FrontLayer = ConvLayer | PoolLayer;

/** What a front end is built from (a config's `conv` list or a model file), before shapes are worked out. */
export type FrontLayerSpec = ConvLayerSpec | PoolLayerSpec;

/** `channels` counts channel slots. */
export interface ConvLayerSpec extends ConvGeometry {
  /** Channels in use at the start (the first ones); default all. The others are free slots for growth. */
  active?: number;
}

export type PoolLayerSpec = PoolGeometry;

/** A built layer as a config or model file describes it (its channel slots in use are in the layer, not here). */
export function layerSpec(l: ConvLayer): ConvLayerSpec;
export function layerSpec(l: PoolLayer): PoolLayerSpec;
export function layerSpec(l: FrontLayer): FrontLayerSpec;
export function layerSpec(l: FrontLayer): FrontLayerSpec {
  return l.kind === 'conv'
    ? {
        kind: 'conv',
        channels: l.spec.outC,
        kernel: l.spec.kh,
        stride: l.spec.stride,
        padding: l.spec.pad,
        activation: l.activation,
      }
    : { kind: l.kind, size: l.pool.k, stride: l.pool.stride };
}

/**
 * The convolutional front end of a network: conv and pooling layers on an image input, ending in a flatten that
 * hands the dense part `units` = h*w*c inputs in HWC order (the dense part's `inputs`).
 */
export class ConvFront {
  constructor(
    readonly input: ImageShape,
    readonly layers: FrontLayer[],
  ) {
    if (layers.length === 0) throw new Error('a conv front end needs at least one layer');
  }

  /** Builds the layers with their shapes from `input`, weights all zero and every kernel weight active. */
  static build(input: ImageShape, specs: readonly FrontLayerSpec[]): ConvFront {
    let shape = input;
    const layers = specs.map((s, i): FrontLayer => {
      const at = (): string => `conv layer ${i + 1} (${s.kind})`;
      const ms: MapShape = { n: 1, ...shape };
      if (s.kind === 'conv') {
        const spec: ConvSpec = { outC: s.channels, kh: s.kernel, kw: s.kernel, stride: s.stride, pad: s.padding };
        const os = withContext(at, () => convOutShape(ms, spec));
        const n = s.channels * s.kernel * s.kernel * shape.c;
        const layer: ConvLayer = {
          kind: 'conv',
          spec,
          activation: s.activation,
          in: shape,
          out: { h: os.h, w: os.w, c: os.c },
          weights: new Float32Array(n),
          mask: new Uint8Array(n).fill(1),
          bias: new Float32Array(s.channels),
          active: new Uint8Array(s.channels).fill(1),
        };
        layer.active.fill(0, Math.min(s.channels, s.active ?? s.channels));
        shape = layer.out;
        return layer;
      }
      const pool: PoolSpec = { k: s.size, stride: s.stride };
      const os = withContext(at, () => poolOutShape(ms, pool));
      const layer: PoolLayer = { kind: s.kind, pool, in: shape, out: { h: os.h, w: os.w, c: os.c } };
      shape = layer.out;
      return layer;
    });
    const front = new ConvFront(input, layers);
    front.maskFreeChannels();
    return front;
  }

  /** The conv layer reading layer `i`'s output (through pooling), or undefined when the flatten does. */
  consumerOf(i: number): number | undefined {
    for (let j = i + 1; j < this.layers.length; j++) if (this.layers[j]!.kind === 'conv') return j;
    return undefined;
  }

  /** The conv layer whose channels the flatten hands the dense part. */
  get lastConv(): number {
    for (let j = this.layers.length - 1; j >= 0; j--) if (this.layers[j]!.kind === 'conv') return j;
    return -1;
  }

  /** The conv layer whose channels are layer `i`'s input channels, or undefined for the image itself. */
  producerOf(i: number): number | undefined {
    for (let j = i - 1; j >= 0; j--) if (this.layers[j]!.kind === 'conv') return j;
    return undefined;
  }

  /** Dense input units (flatten positions, HWC order) carrying channel `c` of the last conv layer. */
  channelUnits(c: number): number[] {
    const o = this.output;
    const units: number[] = [];
    for (let p = 0; p < o.h * o.w; p++) units.push(p * o.c + c);
    return units;
  }

  /**
   * Positions in conv layer `j`'s weights that read input channel `c` (every filter, every kernel position), in a
   * fixed order, so two channels' lists pair up position by position.
   */
  inputChannelPositions(j: number, c: number): number[] {
    const l = this.layers[j] as ConvLayer;
    const inC = l.in.c;
    const idx: number[] = [];
    for (let k = 0; k < l.weights.length / inC; k++) idx.push(k * inC + c);
    return idx;
  }

  /** Masks every kernel weight of a free channel and every kernel weight reading one (the free-slot invariant). */
  maskFreeChannels(): void {
    this.layers.forEach((l, i) => {
      if (l.kind !== 'conv') return;
      const per = l.weights.length / l.spec.outC;
      for (let c = 0; c < l.spec.outC; c++) {
        if (l.active[c]) continue;
        l.mask.fill(0, c * per, (c + 1) * per);
        l.weights.fill(0, c * per, (c + 1) * per);
        l.bias[c] = 0;
        const j = this.consumerOf(i);
        if (j === undefined) continue;
        const next = this.layers[j] as ConvLayer;
        for (const k of this.inputChannelPositions(j, c)) {
          next.mask[k] = 0;
          next.weights[k] = 0;
        }
      }
    });
  }

  /** Dense input units carrying a free channel of the last conv layer (they must have no active connection). */
  freeUnits(): number[] {
    const last = this.layers[this.lastConv] as ConvLayer | undefined;
    if (!last) return [];
    const units: number[] = [];
    for (let c = 0; c < last.spec.outC; c++) if (!last.active[c]) units.push(...this.channelUnits(c));
    return units;
  }

  get output(): ImageShape {
    return this.layers[this.layers.length - 1]!.out;
  }

  /** Values per sample the flatten hands the dense part. */
  get units(): number {
    const o = this.output;
    return o.h * o.w * o.c;
  }

  get inputSize(): number {
    return this.input.h * this.input.w * this.input.c;
  }

  convLayers(): ConvLayer[] {
    return this.layers.filter((l): l is ConvLayer => l.kind === 'conv');
  }

  /** Active kernel weights over every conv layer. */
  activeWeights(): number {
    let n = 0;
    for (const l of this.convLayers()) for (let i = 0; i < l.mask.length; i++) n += l.mask[i]!;
    return n;
  }

  /** What one inference of the front end costs, in the energy model's counts (src/protocol/energy.ts). */
  operations(): { weights: number; macs: number; reads: number; compares: number } {
    let weights = 0;
    let macs = 0;
    let reads = 0;
    let compares = 0;
    for (const l of this.layers) {
      const positions = l.out.h * l.out.w;
      if (l.kind === 'conv') {
        let active = 0;
        for (let i = 0; i < l.mask.length; i++) active += l.mask[i]!;
        weights += active;
        macs += active * positions;
        reads += active + l.active.reduce((a, b) => a + b, 0);
        if (l.activation === 'relu') compares += positions * l.active.reduce((a, b) => a + b, 0);
      } else if (l.kind === 'maxPool') compares += positions * this.channelsIn(l) * (l.pool.k * l.pool.k - 1);
    }
    return { weights, macs, reads, compares };
  }

  /** Channels in use at a pooling layer (those of the conv layer before it; all of them on the image). */
  private channelsIn(l: FrontLayer): number {
    const i = this.layers.indexOf(l);
    const p = this.producerOf(i);
    return p === undefined ? l.in.c : (this.layers[p] as ConvLayer).active.reduce((a, b) => a + b, 0);
  }

  /** Zero every masked kernel weight (the invariant, as `Network.applyMask`). */
  applyMask(): void {
    for (const l of this.convLayers()) for (let i = 0; i < l.mask.length; i++) if (!l.mask[i]) l.weights[i] = 0;
  }

  /** He-normal kernel weights by fan-in (active weights of each filter), biases 0. */
  initWeights(rng: Rng): void {
    for (const l of this.convLayers()) {
      const per = l.weights.length / l.spec.outC;
      for (let oc = 0; oc < l.spec.outC; oc++) {
        let fanIn = 0;
        for (let i = oc * per; i < (oc + 1) * per; i++) fanIn += l.mask[i]!;
        const sd = Math.sqrt(2 / Math.max(1, fanIn));
        for (let i = oc * per; i < (oc + 1) * per; i++) l.weights[i] = l.mask[i] ? sd * rng.normal() : 0;
      }
      l.bias.fill(0);
    }
  }

  /** The layer list a config or model file describes this front end by. */
  specs(): FrontLayerSpec[] {
    return this.layers.map((l) => layerSpec(l));
  }

  clone(): ConvFront {
    return new ConvFront(
      { ...this.input },
      this.layers.map((l) =>
        l.kind === 'conv'
          ? {
              ...l,
              spec: { ...l.spec },
              in: { ...l.in },
              out: { ...l.out },
              weights: Float32Array.from(l.weights),
              mask: Uint8Array.from(l.mask),
              bias: Float32Array.from(l.bias),
              active: Uint8Array.from(l.active),
            }
          : { ...l, pool: { ...l.pool }, in: { ...l.in }, out: { ...l.out } },
      ),
    );
  }

  /** Copies weights and masks from a front end of the same shape (checkpoint restore). */
  copyFrom(other: ConvFront): void {
    if (!sameShape(this, other)) throw new Error('copyFrom: conv front ends differ in shape');
    this.layers.forEach((l, i) => {
      if (l.kind !== 'conv') return;
      const o = other.layers[i] as ConvLayer;
      l.weights.set(o.weights);
      l.mask.set(o.mask);
      l.bias.set(o.bias);
      l.active.set(o.active);
    });
  }
}

export function sameShape(a: ConvFront, b: ConvFront): boolean {
  return JSON.stringify([a.input, a.specs()]) === JSON.stringify([b.input, b.specs()]);
}

function withContext<T>(at: () => string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw new Error(`${at()}: ${(err as Error).message}`);
  }
}

/** Gradient buffers of a front end's conv layers, in `convLayers()` order. */
export interface FrontGrads {
  weights: Float32Array[];
  bias: Float32Array[];
}

export function frontGrads(front: ConvFront): FrontGrads {
  const convs = front.convLayers();
  return {
    weights: convs.map((l) => new Float32Array(l.weights.length)),
    bias: convs.map((l) => new Float32Array(l.bias.length)),
  };
}

export function zeroGrads(g: FrontGrads): void {
  for (const a of g.weights) a.fill(0);
  for (const a of g.bias) a.fill(0);
}

/**
 * Per-batch buffers of a front end on the reference path: the input maps, every layer's output (after its
 * activation), max-pooling argmaxes, and two gradient buffers the backward pass alternates between.
 */
export class FrontWorkspace {
  readonly input: Float32Array;
  readonly outs: Float32Array[];
  readonly argmax: (Int32Array | undefined)[];
  private readonly gradA: Float32Array;
  private readonly gradB: Float32Array;

  constructor(
    readonly front: ConvFront,
    readonly maxBatch: number,
  ) {
    const size = (s: ImageShape): number => s.h * s.w * s.c * maxBatch;
    this.input = new Float32Array(size(front.input));
    this.outs = front.layers.map((l) => new Float32Array(size(l.out)));
    this.argmax = front.layers.map((l) => (l.kind === 'maxPool' ? new Int32Array(size(l.out)) : undefined));
    const largest = Math.max(size(front.input), ...front.layers.map((l) => size(l.out)));
    this.gradA = new Float32Array(largest);
    this.gradB = new Float32Array(largest);
  }

  /** Copies rows `idx[from..from+B)` of row-major `x` (each row one HWC image) into the input maps. */
  load(x: Float32Array, idx: ArrayLike<number>, from: number, B: number): void {
    const d = this.front.inputSize;
    for (let b = 0; b < B; b++) {
      const xo = idx[from + b]! * d;
      this.input.set(x.subarray(xo, xo + d), b * d);
    }
  }

  /** Runs every layer on the loaded batch and flattens the result into rows `rowOffset..` of unit-major `act`. */
  forward(B: number, act: Float32Array, rowOffset: number): void {
    let x = this.input;
    this.front.layers.forEach((l, i) => {
      const out = this.outs[i]!;
      const ms: MapShape = { n: B, ...l.in };
      if (l.kind === 'conv') {
        conv2dForward(x, ms, l.weights, l.bias, l.spec, out);
        if (l.activation === 'relu') reluForward(out, B * l.out.h * l.out.w * l.out.c);
      } else if (l.kind === 'maxPool') maxPool2dForward(x, ms, l.pool, out, this.argmax[i]!);
      else avgPool2dForward(x, ms, l.pool, out);
      x = out;
    });
    flattenToUnitMajor(x, B, this.front.units, act, rowOffset);
  }

  /**
   * From the dense part's input gradient (unit-major rows `rowOffset..` of `dInputs`) back through every layer,
   * accumulating the conv layers' weight and bias gradients into `grads` (every kernel weight, masked ones included).
   */
  backward(B: number, dInputs: Float32Array, rowOffset: number, grads: FrontGrads): void {
    const { layers } = this.front;
    let dy = this.gradA;
    let spare = this.gradB;
    unflattenFromUnitMajor(dInputs, rowOffset, B, this.front.units, dy);
    let conv = layers.filter((l) => l.kind === 'conv').length;
    for (let i = layers.length - 1; i >= 0; i--) {
      const l = layers[i]!;
      const x = i > 0 ? this.outs[i - 1]! : this.input;
      const ms: MapShape = { n: B, ...l.in };
      if (l.kind === 'conv') {
        conv--;
        if (l.activation === 'relu') reluBackward(this.outs[i]!, dy, B * l.out.h * l.out.w * l.out.c);
        conv2dBackwardWeight(x, dy, ms, l.spec, grads.weights[conv]!, grads.bias[conv]!);
        // The first layer's input gradient is not needed: nothing trains below it.
        if (i > 0) conv2dBackwardInput(dy, ms, l.weights, l.spec, spare);
      } else if (l.kind === 'maxPool') maxPool2dBackward(dy, this.argmax[i]!, { n: B, ...l.out }, ms, spare);
      else avgPool2dBackward(dy, ms, l.pool, spare);
      [dy, spare] = [spare, dy];
    }
  }
}
