import type { ConvFront, ConvLayer } from '../core/convFront';
import { transposeWeights } from './convRows';
import type { FrontConvLayout, FrontLayout } from './frontLayout';
import type { FrontLayerPlace, FrontPlacement } from './frontPlacement';

/** The optimizer state of one conv layer (core/optimizer.ts `Optimizer.front`): kernel weights, then biases. */
export interface FrontLayerState {
  m: Float32Array;
  v: Float32Array;
  mb: Float32Array;
  vb: Float32Array;
}

/**
 * Moves a conv front end's weights, biases and (when training) optimizer state from the network into wasm memory:
 * every kernel weight of a dense layer (transposed in a one-sample layout), the active taps of a sparse one (in CSR
 * order).
 */
export function uploadFront(
  f32: Float32Array,
  layout: FrontLayout,
  at: FrontPlacement,
  front: ConvFront,
  state: readonly FrontLayerState[] | undefined,
  adam: boolean,
): void {
  forEachConv(layout, at, front, (l, conv, p, widx, kl) => {
    const st = state?.[conv];
    if (kl.transposed) transposeWeights(l.weights, l.spec.outC, f32, p.w >> 2, kl.transposed.fc);
    else put(f32, p.w, l.weights, widx);
    f32.set(l.bias, p.b >> 2);
    if (!st) return;
    put(f32, p.m, st.m, widx);
    f32.set(st.mb, p.mb >> 2);
    if (!adam) return;
    put(f32, p.v, st.v, widx);
    f32.set(st.vb, p.vb >> 2);
  });
}

/** The reverse of uploadFront after training: weights, biases and optimizer state back into the network. */
export function downloadFront(
  f32: Float32Array,
  layout: FrontLayout,
  at: FrontPlacement,
  front: ConvFront,
  state: readonly FrontLayerState[],
  adam: boolean,
): void {
  if (layout.oneSample) throw new Error('a one-sample layout only runs forward passes: it has nothing to download');
  forEachConv(layout, at, front, (l, conv, p, widx) => {
    const st = state[conv]!;
    take(f32, p.w, l.weights, widx);
    l.bias.set(f32.subarray(p.b >> 2, (p.b >> 2) + l.bias.length));
    take(f32, p.m, st.m, widx);
    st.mb.set(f32.subarray(p.mb >> 2, (p.mb >> 2) + st.mb.length));
    if (!adam) return;
    take(f32, p.v, st.v, widx);
    st.vb.set(f32.subarray(p.vb >> 2, (p.vb >> 2) + st.vb.length));
  });
}

function forEachConv(
  layout: FrontLayout,
  at: FrontPlacement,
  front: ConvFront,
  fn: (l: ConvLayer, conv: number, p: FrontLayerPlace, widx: Int32Array | undefined, kl: FrontConvLayout) => void,
): void {
  for (const l of layout.layers) {
    if (l.kind === 'conv') fn(front.layers[l.layer] as ConvLayer, l.conv, at.layers[l.layer]!, l.csr?.widx, l);
  }
}

/** Dense: the whole array; sparse: the active taps, `widx` mapping each stored position to its weight. */
function put(f32: Float32Array, offset: number, from: Float32Array, widx: Int32Array | undefined): void {
  const o = offset >> 2;
  if (!widx) {
    f32.set(from, o);
    return;
  }
  for (let t = 0; t < widx.length; t++) f32[o + t] = from[widx[t]!]!;
}

function take(f32: Float32Array, offset: number, to: Float32Array, widx: Int32Array | undefined): void {
  const o = offset >> 2;
  if (!widx) {
    to.set(f32.subarray(o, o + to.length));
    return;
  }
  for (let t = 0; t < widx.length; t++) to[widx[t]!] = f32[o + t]!;
}
