import type { Network } from '../core/network';
import type { NetLayout } from './layout';
import type { OptimizerState, Placement } from './placement';

/**
 * Moves weights, biases and optimizer state between the network's dense arrays (the truth between epochs) and
 * a layout's places in wasm memory, through each block's `widx` map (padding reads as 0 and is never written).
 */
export function upload(
  f32: Float32Array,
  layout: NetLayout,
  at: Placement,
  net: Network,
  st: OptimizerState | undefined,
): void {
  layout.blocks.forEach((b, i) => {
    const p = at.blocks[i]!;
    gather(f32, p.w >> 2, net.weights, b.widx);
    if (st) {
      gather(f32, p.m >> 2, st.m, b.widx);
      if (st.kind === 'adam') gather(f32, p.v >> 2, st.v, b.widx);
    }
  });
  layout.rowTarget.forEach((t, r) => {
    if (t < 0) return;
    f32[(at.bias >> 2) + r] = net.bias[t]!;
    if (st) {
      f32[(at.mbias >> 2) + r] = st.mb[t]!;
      if (st.kind === 'adam') f32[(at.vbias >> 2) + r] = st.vb[t]!;
    }
  });
}

export function download(f32: Float32Array, layout: NetLayout, at: Placement, net: Network, st: OptimizerState): void {
  layout.blocks.forEach((b, i) => {
    const p = at.blocks[i]!;
    scatter(f32, p.w >> 2, net.weights, b.widx);
    scatter(f32, p.m >> 2, st.m, b.widx);
    if (st.kind === 'adam') scatter(f32, p.v >> 2, st.v, b.widx);
  });
  layout.rowTarget.forEach((t, r) => {
    if (t < 0) return;
    net.bias[t] = f32[(at.bias >> 2) + r]!;
    st.mb[t] = f32[(at.mbias >> 2) + r]!;
    if (st.kind === 'adam') st.vb[t] = f32[(at.vbias >> 2) + r]!;
  });
}

function gather(f32: Float32Array, at: number, from: Float32Array, widx: Int32Array): void {
  for (let i = 0; i < widx.length; i++) {
    const j = widx[i]!;
    f32[at + i] = j < 0 ? 0 : from[j]!;
  }
}

function scatter(f32: Float32Array, at: number, to: Float32Array, widx: Int32Array): void {
  for (let i = 0; i < widx.length; i++) {
    const j = widx[i]!;
    if (j >= 0) to[j] = f32[at + i]!;
  }
}
