import {
  convOutShape,
  convWeightCount,
  mapSize,
  poolOutShape,
  type ConvSpec,
  type MapShape,
  type PoolSpec,
} from '../core/conv';
import { CONV_OP } from './convAbi';
import { convCsr, type ConvCsr } from './convCsr';
import type { ConvDevice, JobFields } from './convDevice';
import {
  convFields,
  convScratch,
  poolFields,
  rowsShape,
  transferFields,
  oneBiasCount,
  oneWeightCount,
  planesFields,
  planesFit,
  planesPitch,
  planesSize,
  transposeWeights,
  type RowsShape,
} from './convRows';

/**
 * The conv kernels behind core/conv.ts's signatures: batch-major NHWC arrays in and out, each call moving its
 * operands into the device's memory and back. A training step keeps its maps in rows on the device instead (see
 * convRows.ts); these serve single operations and the tests of the kernels against the reference.
 */
export interface ConvCallOptions {
  /** Forward: ReLU fused into the output. */
  relu?: boolean;
  /**
   * Run the sparse kernels over the weights this 0/1 mask keeps (masked weights must be 0). The weight gradient
   * then covers the active weights only (the rest of dW is left as it was); without it, every weight's.
   */
  sparseMask?: ArrayLike<number>;
}

/** A batch of maps on the device: NHWC staging and rows. */
interface Maps {
  shape: RowsShape;
  nhwc: number;
  rows: number;
}

function maps(dev: ConvDevice, shape: RowsShape): Maps {
  return { shape, nhwc: dev.alloc(mapSize(shape.map)), rows: dev.alloc(shape.rows * shape.stride) };
}

function put(dev: ConvDevice, m: Maps, data: Float32Array): void {
  dev.f32.set(data.subarray(0, mapSize(m.shape.map)), m.nhwc >> 2);
  dev.run({ OP: CONV_OP.TO_ROWS, ...transferFields(m.shape, m.nhwc, m.rows) });
}

function get(dev: ConvDevice, m: Maps, out: Float32Array): void {
  dev.run({ OP: CONV_OP.FROM_ROWS, ...transferFields(m.shape, m.nhwc, m.rows) });
  out.set(dev.f32.subarray(m.nhwc >> 2, (m.nhwc >> 2) + mapSize(m.shape.map)));
}

/** The weights on the device: dense [outC][kh][kw][inC], or the active taps (CSR) with their gradient slots. */
interface Weights {
  w: number;
  csr?: ConvCsr;
  rowptr: number;
  roff: number;
  g: number;
}

function weights(
  dev: ConvDevice,
  spec: ConvSpec,
  inC: number,
  gridW: number,
  mask?: ArrayLike<number>,
  planes?: { gridH: number; pitch: number },
): Weights {
  if (!mask) return { w: dev.alloc(convWeightCount(spec, inC)), rowptr: 0, roff: 0, g: 0 };
  const csr = convCsr(mask, spec, inC, gridW, planes);
  const nnz = csr.widx.length;
  return { csr, w: dev.alloc(nnz), rowptr: dev.alloc(spec.outC + 1), roff: dev.alloc(nnz), g: dev.alloc(nnz) };
}

function putWeights(dev: ConvDevice, at: Weights, weight: Float32Array): JobFields {
  if (!at.csr) {
    dev.f32.set(weight, at.w >> 2);
    return { W: at.w };
  }
  const { rowptr, roff, widx } = at.csr;
  dev.i32.set(rowptr, at.rowptr >> 2);
  dev.i32.set(roff, at.roff >> 2);
  const w = at.w >> 2;
  for (let t = 0; t < widx.length; t++) dev.f32[w + t] = weight[widx[t]!]!;
  return { W: at.w, ROWPTR: at.rowptr, ROFF: at.roff };
}

/** out = conv(x, weight) + bias (ReLU if asked), overwritten. */
export function conv2dForward(
  dev: ConvDevice,
  x: Float32Array,
  inShape: MapShape,
  weight: Float32Array,
  bias: Float32Array,
  spec: ConvSpec,
  out: Float32Array,
  opts: ConvCallOptions = {},
): void {
  // One sample runs on the one-sample kernels (output channels in the lanes).
  const one = inShape.n === 1;
  const inRows = rowsShape(inShape, spec.pad, one);
  const outRows = rowsShape(convOutShape(inShape, spec), 0, one);
  dev.reset(convScratch(inShape.c, spec));
  const xm = maps(dev, inRows);
  const ym = maps(dev, outRows);
  const dense1 = one && !opts.sparseMask;
  const count = convWeightCount(spec, inShape.c);
  const os = convOutShape(inShape, spec);
  const fc = os.h * os.w === 1;
  // One sample's sparse pass on channel planes where it fits (vectors over output pixels).
  const planar = one && !!opts.sparseMask && planesFit(spec, os);
  const pitch = planesPitch(inRows, os);
  const planes = planar ? dev.alloc(planesSize(inRows, pitch)) : 0;
  const w = dense1
    ? { w: dev.alloc(oneWeightCount(spec.outC, count / spec.outC, fc)), rowptr: 0, roff: 0, g: 0 }
    : weights(dev, spec, inShape.c, inRows.gridW, opts.sparseMask, planar ? { gridH: inRows.gridH, pitch } : undefined);
  const b = dev.alloc(oneBiasCount(spec.outC, fc));
  dev.commit();
  put(dev, xm, x);
  if (planar) dev.run({ ...planesFields(inRows, pitch), X: xm.rows, Y: planes });
  let wf: JobFields = { W: w.w };
  if (dense1) transposeWeights(weight, spec.outC, dev.f32, w.w >> 2, fc);
  else wf = putWeights(dev, w, weight);
  dev.f32.set(bias.subarray(0, spec.outC), b >> 2);
  const op = one
    ? w.csr
      ? planar
        ? CONV_OP.CONV_FWD_SPARSE_1P
        : CONV_OP.CONV_FWD_SPARSE_1
      : CONV_OP.CONV_FWD_1
    : w.csr
      ? CONV_OP.CONV_FWD_SPARSE
      : CONV_OP.CONV_FWD;
  dev.run({
    ...convFields(inRows, spec),
    ...wf,
    OP: op,
    X: planar ? planes : xm.rows,
    MW: planar ? pitch : inRows.gridW,
    Y: ym.rows,
    BIAS: b,
    RELU: opts.relu ? 1 : 0,
  });
  get(dev, ym, out);
}

/** dx = dL/dx from dy = dL/d(conv output), overwritten. */
export function conv2dBackwardInput(
  dev: ConvDevice,
  dy: Float32Array,
  inShape: MapShape,
  weight: Float32Array,
  spec: ConvSpec,
  dx: Float32Array,
  opts: ConvCallOptions = {},
): void {
  const inRows = rowsShape(inShape, spec.pad);
  const outRows = rowsShape(convOutShape(inShape, spec));
  dev.reset(convScratch(inShape.c, spec));
  const dxm = maps(dev, inRows);
  const dym = maps(dev, outRows);
  const w = weights(dev, spec, inShape.c, inRows.gridW, opts.sparseMask);
  dev.commit();
  put(dev, dym, dy);
  const wf = putWeights(dev, w, weight);
  dev.run({
    ...convFields(inRows, spec),
    ...wf,
    OP: w.csr ? CONV_OP.CONV_DX_SPARSE : CONV_OP.CONV_DX,
    DY: dym.rows,
    DX: dxm.rows,
  });
  get(dev, dxm, dx);
}

/**
 * dW += dL/dW and dBias += dL/dbias (accumulating, as core/conv.ts does), for every weight, or with
 * `sparseMask` for the active ones only.
 */
export function conv2dBackwardWeight(
  dev: ConvDevice,
  x: Float32Array,
  dy: Float32Array,
  inShape: MapShape,
  spec: ConvSpec,
  dW: Float32Array,
  dBias: Float32Array,
  opts: ConvCallOptions = {},
): void {
  const inRows = rowsShape(inShape, spec.pad);
  const outRows = rowsShape(convOutShape(inShape, spec));
  const count = convWeightCount(spec, inShape.c);
  dev.reset(convScratch(inShape.c, spec));
  const xm = maps(dev, inRows);
  const dym = maps(dev, outRows);
  const w = weights(dev, spec, inShape.c, inRows.gridW, opts.sparseMask);
  const g = w.csr ? w.g : dev.alloc(count);
  const gb = dev.alloc(spec.outC);
  dev.commit();
  put(dev, xm, x);
  put(dev, dym, dy);
  const wf = putWeights(dev, w, new Float32Array(count));
  const f32 = dev.f32;
  if (w.csr) w.csr.widx.forEach((i, t) => (f32[(g >> 2) + t] = dW[i]!));
  else f32.set(dW.subarray(0, count), g >> 2);
  f32.set(dBias.subarray(0, spec.outC), gb >> 2);
  dev.run({
    ...convFields(inRows, spec),
    ...wf,
    OP: w.csr ? CONV_OP.CONV_DW_SPARSE : CONV_OP.CONV_DW,
    X: xm.rows,
    DY: dym.rows,
    DW: g,
    DB: gb,
  });
  if (w.csr) w.csr.widx.forEach((i, t) => (dW[i] = f32[(g >> 2) + t]!));
  else dW.set(f32.subarray(g >> 2, (g >> 2) + count));
  dBias.set(f32.subarray(gb >> 2, (gb >> 2) + spec.outC));
}

/**
 * Max pooling, overwritten; `argmax[i]` gets the index in `x` of the value output `i` took (the first maximum in
 * window order), as core/conv.ts gives it.
 */
export function maxPool2dForward(
  dev: ConvDevice,
  x: Float32Array,
  inShape: MapShape,
  pool: PoolSpec,
  out: Float32Array,
  argmax: Int32Array,
): void {
  const one = inShape.n === 1;
  const inRows = rowsShape(inShape, 0, one);
  const os = poolOutShape(inShape, pool);
  const outRows = rowsShape(os, 0, one);
  dev.reset(0);
  const xm = maps(dev, inRows);
  const ym = maps(dev, outRows);
  const am = maps(dev, outRows);
  dev.commit();
  put(dev, xm, x);
  const op = one ? CONV_OP.MAXPOOL_FWD_1 : CONV_OP.MAXPOOL_FWD;
  dev.run({ ...poolFields(inRows, pool), OP: op, X: xm.rows, Y: ym.rows, ARGMAX: am.rows });
  get(dev, ym, out);
  // Window positions (ky * k + kx) to indices into x, through the float staging of the int rows.
  const pos = new Float32Array(mapSize(os));
  dev.run({ OP: CONV_OP.FROM_ROWS, ...transferFields(outRows, am.nhwc, am.rows) });
  const i32 = dev.i32.subarray(am.nhwc >> 2, (am.nhwc >> 2) + pos.length);
  const { h: H, w: W, c: C } = inShape;
  let i = 0;
  for (let n = 0; n < os.n; n++)
    for (let oy = 0; oy < os.h; oy++)
      for (let ox = 0; ox < os.w; ox++)
        for (let c = 0; c < C; c++, i++) {
          const p = i32[i]!;
          const ky = Math.floor(p / pool.k);
          const kx = p - ky * pool.k;
          argmax[i] = ((n * H + oy * pool.stride + ky) * W + ox * pool.stride + kx) * C + c;
        }
}

/** dx from dy through max pooling (argmax as maxPool2dForward gives it), overwritten. */
export function maxPool2dBackward(
  dev: ConvDevice,
  dy: Float32Array,
  argmax: Int32Array,
  inShape: MapShape,
  pool: PoolSpec,
  dx: Float32Array,
): void {
  const inRows = rowsShape(inShape);
  const os = poolOutShape(inShape, pool);
  const outRows = rowsShape(os);
  dev.reset(0);
  const dxm = maps(dev, inRows);
  const dym = maps(dev, outRows);
  const am = maps(dev, outRows);
  dev.commit();
  put(dev, dym, dy);
  const { h: H, w: W, c: C } = inShape;
  const pos = dev.i32.subarray(am.nhwc >> 2, (am.nhwc >> 2) + mapSize(os));
  let i = 0;
  for (let n = 0; n < os.n; n++)
    for (let oy = 0; oy < os.h; oy++)
      for (let ox = 0; ox < os.w; ox++)
        for (let c = 0; c < C; c++, i++) {
          const a = Math.floor(argmax[i]! / C);
          const iy = Math.floor(a / W) % H;
          const ix = a % W;
          pos[i] = (iy - oy * pool.stride) * pool.k + (ix - ox * pool.stride);
        }
  dev.run({ OP: CONV_OP.TO_ROWS, ...transferFields(outRows, am.nhwc, am.rows) });
  dev.run({ ...poolFields(inRows, pool), OP: CONV_OP.MAXPOOL_BWD, DY: dym.rows, ARGMAX: am.rows, DX: dxm.rows });
  get(dev, dxm, dx);
}

/** Average pooling, overwritten. */
export function avgPool2dForward(
  dev: ConvDevice,
  x: Float32Array,
  inShape: MapShape,
  pool: PoolSpec,
  out: Float32Array,
): void {
  const inRows = rowsShape(inShape);
  const outRows = rowsShape(poolOutShape(inShape, pool));
  dev.reset(0);
  const xm = maps(dev, inRows);
  const ym = maps(dev, outRows);
  dev.commit();
  put(dev, xm, x);
  dev.run({ ...poolFields(inRows, pool), OP: CONV_OP.AVGPOOL_FWD, X: xm.rows, Y: ym.rows });
  get(dev, ym, out);
}

/** dx from dy through average pooling, overwritten. */
export function avgPool2dBackward(
  dev: ConvDevice,
  dy: Float32Array,
  inShape: MapShape,
  pool: PoolSpec,
  dx: Float32Array,
): void {
  const inRows = rowsShape(inShape);
  const outRows = rowsShape(poolOutShape(inShape, pool));
  dev.reset(0);
  const dxm = maps(dev, inRows);
  const dym = maps(dev, outRows);
  dev.commit();
  put(dev, dym, dy);
  dev.run({ ...poolFields(inRows, pool), OP: CONV_OP.AVGPOOL_BWD, DY: dym.rows, DX: dxm.rows });
  get(dev, dxm, dx);
}

/** Zeroes dy where the ReLU output y is not positive (in place). */
export function reluBackward(dev: ConvDevice, y: Float32Array, dy: Float32Array, shape: MapShape): void {
  const rows = rowsShape(shape);
  dev.reset(0);
  const ym = maps(dev, rows);
  const dym = maps(dev, rows);
  dev.commit();
  put(dev, ym, y);
  put(dev, dym, dy);
  dev.run({ OP: CONV_OP.RELU_BWD, S: rows.stride, NB: rows.cols, N: rows.rows, Y: ym.rows, DY: dym.rows });
  get(dev, dym, dy);
}
