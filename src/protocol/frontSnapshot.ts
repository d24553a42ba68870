/**
 * A conv front end as the views draw it: its stages with their shapes and, per conv layer, how many kernel weights
 * of each (output channel, input channel) kernel are active and which channels are in use. No weights: a live
 * snapshot must stay small (LeNet-5's two conv layers are 20 and 50 x 20 kernels, so about a thousand counts).
 *
 * The engine builds it from its network for every `snapshot` event; the views build the same description from a
 * model file's `front` (`frontSnapshotOfModel`). Both go through `describeFront`, so a live drawing and the drawing
 * of the saved model apply one rule for dead channels.
 */
import { decodeBase64, decodeFloat32 } from './base64';
import type { ConvGeometry, ModelFront, ModelJson, PoolGeometry } from './model';

/** [height, width, channels]. */
export type Shape3 = [number, number, number];

/**
 * What a conv channel is doing:
 * - `active`: it has kernel weights and something reads its output;
 * - `unread`: nothing reads its output (no active weight of the next conv layer, or of the dense part on its
 *   flattened units), so it is dead;
 * - `constant`: it has no active kernel weight, so it outputs activation(bias) everywhere; dead too (the removal of
 *   dead channels folds the constant into the biases of what reads it);
 * - `free`: an unused slot: a removed channel, or room for channel growth.
 * A channel both unread and constant is `unread`.
 */
export type ChannelState = 'active' | 'unread' | 'constant' | 'free';
export const CHANNEL_STATES: readonly ChannelState[] = ['active', 'unread', 'constant', 'free'];

/** `channels` counts channel slots, free ones included. */
export interface ConvStage extends ConvGeometry {
  input: Shape3;
  output: Shape3;
  /**
   * Active weights of each kernel, `[output channel][input channel]` row-major (`channels * input[2]` values), each
   * from 0 to kernel²: a kernel's density is its count / kernel².
   */
  kernelWeights: number[];
  /** Per output channel. */
  channelStates: ChannelState[];
}

export interface PoolStage extends PoolGeometry {
  input: Shape3;
  output: Shape3;
}

export type FrontStage = ConvStage | PoolStage;

export interface FrontSnapshot {
  input: Shape3;
  /** In order; the front end ends in a flatten (HWC order) that hands the dense part `output` of the last stage. */
  stages: FrontStage[];
}

/** A front end's layers with their masks, whichever side holds them (the engine's network or a model file). */
export type FrontLayerMasks =
  | (ConvGeometry & {
      /** `[channels][kernel][kernel][input channels]`, 1 for an active weight (the model format's order). */
      mask: ArrayLike<number>;
      /** Per channel slot: 1 in use, 0 free. */
      active: ArrayLike<number>;
    })
  | PoolGeometry;

/**
 * The description of a front end. `unitRead(u)` tells whether the dense part has an active connection from its
 * input `u` (a flatten position, HWC order). Throws when a layer does not fit its input or a mask has the wrong size.
 */
export function describeFront(
  input: Shape3,
  layers: readonly FrontLayerMasks[],
  unitRead: (unit: number) => boolean,
): FrontSnapshot {
  let shape = input;
  const stages: FrontStage[] = layers.map((l, i) => {
    const at = `layer ${i + 1} (${l.kind})`;
    if (l.kind === 'conv') {
      const out = outSize(shape, l.kernel, l.stride, l.padding, at);
      const inC = shape[2];
      const per = l.kernel * l.kernel * inC;
      if (l.mask.length !== l.channels * per)
        throw new Error(`${at}: mask has ${l.mask.length} values, expected ${l.channels * per}`);
      if (l.active.length !== l.channels)
        throw new Error(`${at}: ${l.active.length} channel flags for ${l.channels} channels`);
      const kernelWeights = new Array<number>(l.channels * inC).fill(0);
      for (let k = 0; k < l.mask.length; k++) {
        if (l.mask[k]) kernelWeights[Math.floor(k / per) * inC + (k % inC)]!++;
      }
      const stage: ConvStage = {
        kind: 'conv',
        channels: l.channels,
        kernel: l.kernel,
        stride: l.stride,
        padding: l.padding,
        activation: l.activation,
        input: shape,
        output: [out[0], out[1], l.channels],
        kernelWeights,
        channelStates: [],
      };
      shape = stage.output;
      return stage;
    }
    const out = outSize(shape, l.size, l.stride, 0, at);
    const stage: PoolStage = { kind: l.kind, size: l.size, stride: l.stride, input: shape, output: [...out, shape[2]] };
    shape = stage.output;
    return stage;
  });
  const convs = stages.flatMap((s, i) => (s.kind === 'conv' ? [i] : []));
  convs.forEach((i, n) => {
    const s = stages[i] as ConvStage;
    const l = layers[i] as Extract<FrontLayerMasks, { kind: 'conv' }>;
    const next = convs[n + 1] === undefined ? undefined : (stages[convs[n + 1]!] as ConvStage);
    const read = next ? (c: number) => readByConv(next, c) : (c: number) => readByDense(shape, c, unitRead);
    s.channelStates = Array.from({ length: s.channels }, (_, c): ChannelState => {
      if (!l.active[c]) return 'free';
      if (!read(c)) return 'unread';
      const inC = s.input[2];
      for (let k = c * inC; k < (c + 1) * inC; k++) if (s.kernelWeights[k]! > 0) return 'active';
      return 'constant';
    });
  });
  return { input, stages };
}

function outSize(shape: Shape3, k: number, stride: number, pad: number, at: string): [number, number] {
  const h = Math.floor((shape[0] + 2 * pad - k) / stride) + 1;
  const w = Math.floor((shape[1] + 2 * pad - k) / stride) + 1;
  if (!(h >= 1 && w >= 1 && stride >= 1))
    throw new Error(`${at}: a ${k}x${k} window (stride ${stride}) does not fit a ${shape[0]}x${shape[1]} input`);
  return [h, w];
}

/** Some kernel of the next conv layer has an active weight on input channel `c`. */
function readByConv(next: ConvStage, c: number): boolean {
  const inC = next.input[2];
  for (let o = 0; o < next.channels; o++) if (next.kernelWeights[o * inC + c]! > 0) return true;
  return false;
}

/** The dense part reads some flatten position of channel `c` (HWC order: unit = position * channels + c). */
function readByDense(out: Shape3, c: number, unitRead: (unit: number) => boolean): boolean {
  for (let p = 0; p < out[0] * out[1]; p++) if (unitRead(p * out[2] + c)) return true;
  return false;
}

/**
 * The description of a model file's front end, or undefined when it has none. A channel with no active kernel
 * weight and bias 0 outputs 0 everywhere: the model format's free slot (as `scann predict` reads it). Throws an
 * Error naming the field when the front end's tables do not decode or do not fit.
 */
export function frontSnapshotOfModel(m: ModelJson): FrontSnapshot | undefined {
  const front: ModelFront | undefined = m.front;
  if (!front) return undefined;
  const read = new Uint8Array(m.inputs);
  for (const n of [...m.hidden, ...m.output]) for (const s of n.sources) if (s >= 0 && s < m.inputs) read[s] = 1;
  const layers = front.layers.map((l, i): FrontLayerMasks => {
    if (l.kind !== 'conv') return { kind: l.kind, size: l.size, stride: l.stride };
    const decode = <T>(what: string, f: () => T): T => {
      try {
        return f();
      } catch (err) {
        throw new Error(`front.layers[${i}].${what}: ${err instanceof Error ? err.message : String(err)}`);
      }
    };
    const mask = decode('mask', () => decodeBase64(l.mask));
    const bias = decode('bias', () => decodeFloat32(l.bias));
    if (bias.length !== l.channels)
      throw new Error(`front.layers[${i}].bias: ${bias.length} values for ${l.channels} channels`);
    const per = mask.length / l.channels;
    const active = Array.from({ length: l.channels }, (_, c) => {
      if (bias[c] !== 0) return 1;
      for (let k = c * per; k < (c + 1) * per; k++) if (mask[k]) return 1;
      return 0;
    });
    return { ...l, mask, active };
  });
  const snapshot = describeFront(front.input, layers, (u) => read[u] === 1);
  const out = snapshot.stages[snapshot.stages.length - 1]!.output;
  if (out[0] * out[1] * out[2] !== m.inputs)
    throw new Error(
      `front: its flatten gives ${out[0] * out[1] * out[2]} values but the network has ${m.inputs} inputs`,
    );
  return snapshot;
}

/** Output channel `c`'s active kernel weights over every input channel. */
export function channelWeights(s: ConvStage, c: number): number {
  const inC = s.input[2];
  let n = 0;
  for (let k = c * inC; k < (c + 1) * inC; k++) n += s.kernelWeights[k]!;
  return n;
}

/** Active kernel weights of a stage. */
export function stageWeights(s: ConvStage): number {
  return s.kernelWeights.reduce((a, b) => a + b, 0);
}
