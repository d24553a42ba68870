import type { ConvSpec } from '../core/conv';

/**
 * A conv layer's active taps for the sparse kernels (native/conv_sparse.h): per output channel, its unmasked
 * weights in [kh][kw][inC] order, each with its row offset from an output pixel's first input row on a grid
 * `gridW` units wide, and its index in the [outC][kh][kw][inC] weight array.
 */
export interface ConvCsr {
  rowptr: Int32Array;
  roff: Int32Array;
  widx: Int32Array;
}

/**
 * `planes`: offsets into channel planes of `gridH` rows `pitch` floats apart instead (CONV_FWD_SPARSE_1P), from the
 * output pixel's top-left tap.
 */
export function convCsr(
  mask: ArrayLike<number>,
  spec: ConvSpec,
  inC: number,
  gridW: number,
  planes?: { gridH: number; pitch: number },
): ConvCsr {
  const { outC, kh, kw } = spec;
  const K = kh * kw * inC;
  const rowptr = new Int32Array(outC + 1);
  const roff: number[] = [];
  const widx: number[] = [];
  for (let o = 0; o < outC; o++) {
    for (let k = 0; k < K; k++) {
      if (!mask[o * K + k]) continue;
      const ky = Math.floor(k / (kw * inC));
      const rest = k % (kw * inC);
      if (planes) {
        const kx = Math.floor(rest / inC);
        roff.push((rest % inC) * planes.gridH * planes.pitch + ky * planes.pitch + kx);
      } else {
        roff.push(ky * gridW * inC + rest);
      }
      widx.push(o * K + k);
    }
    rowptr[o + 1] = roff.length;
  }
  return { rowptr, roff: Int32Array.from(roff), widx: Int32Array.from(widx) };
}
