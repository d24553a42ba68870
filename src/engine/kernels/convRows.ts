import { convOutShape, poolOutShape, type ConvSpec, type MapShape, type PoolSpec } from '../core/conv';
import { CONV_OP } from './convAbi';
import type { JobFields } from './convDevice';
import { rowStride } from './stride';

const pad8 = (n: number): number => (n + 7) & ~7;

/**
 * A batch of maps as the conv kernels hold it: one row per unit (y, x, c) of a grid that is the map inside a zero
 * border of `pad`, `stride` floats per row, batch columns [0, cols) with cols the batch rounded up to 8.
 */
export interface RowsShape {
  map: MapShape;
  pad: number;
  gridH: number;
  gridW: number;
  rows: number;
  stride: number;
  cols: number;
}

/**
 * `one`: a single sample in rows of one float (the grid is its HWC map), for the one-sample forward kernels
 * (CONV_FWD_1, CONV_FWD_SPARSE_1, MAXPOOL_FWD_1, and the transfers); the other kernels need columns.
 */
export function rowsShape(map: MapShape, pad = 0, one = false): RowsShape {
  if (one && map.n !== 1) throw new Error(`one-sample rows hold 1 sample, not ${map.n}`);
  const gridH = map.h + 2 * pad;
  const gridW = map.w + 2 * pad;
  const stride = one ? 1 : rowStride(map.n);
  return { map, pad, gridH, gridW, rows: gridH * gridW * map.c, stride, cols: pad8(map.n) };
}

/**
 * Dense weights [outC][K] for CONV_FWD_1 (native/conv_one.h): transposed to [K][OC8] (OC8: outC rounded up to 8,
 * zeros past outC), or for a layer with a 1 x 1 output (`fc`) in panels of 32 channels, [OC32 / 32][K][32].
 */
export function transposeWeights(weight: Float32Array, outC: number, out: Float32Array, at = 0, fc = false): void {
  const K = weight.length / outC;
  out.fill(0, at, at + oneWeightCount(outC, K, fc));
  if (fc) {
    for (let o = 0; o < outC; o++) {
      const panel = at + (o >> 5) * K * 32 + (o & 31);
      for (let k = 0; k < K; k++) out[panel + k * 32] = weight[o * K + k]!;
    }
    return;
  }
  const oc8 = pad8(outC);
  for (let o = 0; o < outC; o++) for (let k = 0; k < K; k++) out[at + k * oc8 + o] = weight[o * K + k]!;
}

/** Floats of transposeWeights' output. */
export function oneWeightCount(outC: number, K: number, fc: boolean): number {
  return K * oneBiasCount(outC, fc);
}

/** Floats of CONV_FWD_1's bias, padded as its weights' channels are. */
export function oneBiasCount(outC: number, fc: boolean): number {
  return fc ? (outC + 31) & ~31 : pad8(outC);
}

/**
 * Whether one sample's sparse forward pass can run on channel planes (CONV_FWD_SPARSE_1P): stride 1, more than one
 * output pixel, output rows at most 24 wide.
 */
export function planesFit(spec: ConvSpec, out: MapShape): boolean {
  return spec.stride === 1 && out.h * out.w > 1 && out.w <= 24;
}

/**
 * Floats between plane rows for a planar conv over `input` with output `out`: native/conv_one.h's kernel for output
 * rows of at most 8 wants them a constant 16 apart (see PLANES_PITCH_NARROW there), which a grid up to 16 wide
 * allows; otherwise the grid width.
 */
export function planesPitch(input: RowsShape, out: MapShape): number {
  return out.w <= 8 && input.gridW <= PLANES_PITCH_NARROW ? PLANES_PITCH_NARROW : input.gridW;
}

/** native/conv_one.h's PLANES_PITCH_NARROW. */
export const PLANES_PITCH_NARROW = 16;

/** Floats of the planes of a one-sample grid, rows `pitch` floats apart (with slack: the last tile reads past). */
export function planesSize(input: RowsShape, pitch: number): number {
  return input.map.c * input.gridH * pitch + 8 * pitch + 64;
}

/** TO_PLANES' fields for a one-sample grid, rows `pitch` floats apart; X and Y are the caller's. */
export function planesFields(input: RowsShape, pitch: number): JobFields {
  return { OP: CONV_OP.TO_PLANES, C: input.map.c, H: input.gridH, GW: input.gridW, MW: pitch };
}

/**
 * MAXPOOL_FWD_1P's fields: one sample's map in planes [c][h][w] (a planar conv's output, JOB_YMW = w) into planes
 * [c][oh] of rows `pitch` floats apart, which are the planar input of a next conv without border (planesSize's
 * layout at that conv's planesPitch); X and Y are the caller's.
 */
export function planesPoolFields(map: MapShape, pool: PoolSpec, pitch: number): JobFields {
  const out = poolOutShape(map, pool);
  return {
    OP: CONV_OP.MAXPOOL_FWD_1P,
    OC: map.c,
    KH: pool.k,
    STRIDE: pool.stride,
    OH: out.h,
    OW: out.w,
    H: map.h,
    MW: map.w,
    YMW: pitch,
  };
}

/** The job fields a conv layer's kernels share: its input (with its padding as border) and output grids. */
export function convFields(input: RowsShape, spec: ConvSpec): JobFields {
  const out = convOutShape(input.map, spec);
  return {
    S: input.stride,
    NB: input.cols,
    C: input.map.c,
    GW: input.gridW,
    OC: spec.outC,
    KH: spec.kh,
    KW: spec.kw,
    STRIDE: spec.stride,
    OH: out.h,
    OW: out.w,
    XROWS: input.rows,
  };
}

/** The job fields of a pooling layer over an unpadded grid. */
export function poolFields(input: RowsShape, pool: PoolSpec): JobFields {
  const out = poolOutShape(input.map, pool);
  return {
    S: input.stride,
    NB: input.cols,
    GW: input.gridW,
    OC: input.map.c,
    KH: pool.k,
    STRIDE: pool.stride,
    OH: out.h,
    OW: out.w,
    XROWS: input.rows,
  };
}

/** Scratch floats per thread a conv layer's dense jobs need (patch of the forward pass; dx's tile tables). */
export function convScratch(inC: number, spec: ConvSpec): number {
  const K = spec.kh * spec.kw * inC;
  return Math.max(8 * K, 8 * spec.outC + 8 + K);
}

/** Job fields moving NHWC maps at `src` into rows at `rows` (TO_ROWS) or back (FROM_ROWS). */
export function transferFields(shape: RowsShape, src: number, rows: number): JobFields {
  return {
    S: shape.stride,
    NB: shape.cols,
    N: shape.map.n,
    H: shape.map.h,
    MW: shape.map.w,
    C: shape.map.c,
    GW: shape.gridW,
    PAD: shape.pad,
    SRC: src,
    X: rows,
  };
}
