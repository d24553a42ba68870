/**
 * LeNet-5 (Caffe variant: conv 20@5x5, max pool 2, conv 50@5x5, max pool 2, fc 500 + ReLU, fc 10) trained by SGD
 * straight on the conv kernels, for case f of bench/engine.ts: every map stays in rows on one ConvDevice, the
 * fully connected layers run as 1x1 convolutions over the flattened 800 units (rows are already in HWC order), and
 * softmax cross-entropy runs here on the 10 logit rows. Layers whose mask keeps a small share of the weights run
 * on the sparse kernels. This is the real computation (the caller checks that the loss falls), not a model of it.
 */
import type { ConvSpec, MapShape } from '../src/engine/core/conv';
import { convOutShape, convWeightCount, poolOutShape } from '../src/engine/core/conv';
import { Rng } from '../src/engine/core/random';
import { CONV_OP } from '../src/engine/kernels/convAbi';
import { convCsr, type ConvCsr } from '../src/engine/kernels/convCsr';
import type { ConvDevice, JobFields, JobList } from '../src/engine/kernels/convDevice';
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
  planesPoolFields,
  planesSize,
  transposeWeights,
  type RowsShape,
} from '../src/engine/kernels/convRows';

interface ConvLayer {
  spec: ConvSpec;
  input: RowsShape;
  fields: JobFields;
  relu: boolean;
  /** Sparse: the active taps; weights, gradients (and masks, dense) are then per tap. */
  csr?: ConvCsr;
  /** One sample, sparse: the input as channel planes (CONV_FWD_SPARSE_1P), or 0. */
  planes: number;
  w: number;
  g: number;
  mask: number;
  count: number;
  b: number;
  gb: number;
  rowptr: number;
  roff: number;
  y: number;
  dy: number;
  /** Input gradient rows, or 0 for the first layer. */
  dx: number;
  macs: number;
}

interface PoolLayer {
  fields: JobFields;
  y: number;
  argmax: number;
  dy: number;
}

const POOL = { k: 2, stride: 2 };

/** Layers below this share of active weights run on the sparse kernels (case f measures 100 % and 10 %). */
const SPARSE_BELOW = 0.5;

export class LenetOnKernels {
  readonly batch: number;
  private readonly dev: ConvDevice;
  private readonly input: RowsShape;
  private readonly xIn: number;
  private readonly x0: number;
  private readonly convs: ConvLayer[] = [];
  private readonly pools: PoolLayer[] = [];
  /** Multiply-adds per example actually executed by a training step and by a forward pass. */
  readonly trainMacs: number;
  readonly forwardMacs: number;

  /**
   * `one`: forward passes of one sample on the one-sample kernels (no training), fully connected layers included.
   * Case f's fb1 and fsb1 time the product's path instead (bench/lenetProduct.ts); this pass is what it is compared
   * with in docs/performance.md, and test/unit/bench-lenet-one.test.ts checks it against the batch pass.
   */
  private readonly one: boolean;
  private readonly forwardJobs: JobFields[];
  private readonly list: JobList | undefined;

  constructor(dev: ConvDevice, batch: number, density: number, seed: number, one = false) {
    this.dev = dev;
    this.batch = batch;
    this.one = one;
    const rng = new Rng(seed);
    // PyTorch trains LeNet-5 dense (its masked cost does not depend on the density), so masks need not match it.
    const maskRng = new Rng(seed + 1);
    const shape0: MapShape = { n: batch, h: 28, w: 28, c: 1 };
    this.input = rowsShape(shape0, 0, one);
    const specs: ConvSpec[] = [
      { outC: 20, kh: 5, kw: 5, stride: 1, pad: 0 },
      { outC: 50, kh: 5, kw: 5, stride: 1, pad: 0 },
      { outC: 500, kh: 1, kw: 1, stride: 1, pad: 0 },
      { outC: 10, kh: 1, kw: 1, stride: 1, pad: 0 },
    ];
    dev.reset(Math.max(...specs.map((s, l) => convScratch([1, 20, 800, 500][l]!, s))));
    const alloc = (n: number): number => dev.alloc(n);
    this.xIn = alloc(batch * 784);
    this.x0 = alloc(this.input.rows * this.input.stride);
    let shape = shape0;
    let rows = this.x0;
    const inits: (() => void)[] = [];
    specs.forEach((spec, l) => {
      // The fully connected layers see the pooled maps flattened: a 1 x 1 grid of H*W*C channels.
      const inShape = l >= 2 ? { n: batch, h: 1, w: 1, c: shape.h * shape.w * shape.c } : shape;
      const input = rowsShape(inShape, 0, one);
      const out = convOutShape(inShape, spec);
      const outRows = rowsShape(out, 0, one);
      const count = convWeightCount(spec, inShape.c);
      const K = count / spec.outC;
      const mask = new Float32Array(count);
      for (let o = 0; o < spec.outC; o++)
        for (let k = 0; k < K; k++) mask[o * K + k] = maskRng.next() < density ? 1 : 0;
      const active = mask.reduce((a, b) => a + b, 0);
      const sparse = active < SPARSE_BELOW * count;
      const planar = one && sparse && planesFit(spec, out);
      const pitch = planesPitch(input, out);
      const geometry = planar ? { gridH: input.gridH, pitch } : undefined;
      const csr = sparse ? convCsr(mask, spec, inShape.c, input.gridW, geometry) : undefined;
      const stored = csr ? csr.widx.length : one ? oneWeightCount(spec.outC, K, l >= 2) : count;
      const layer: ConvLayer = {
        spec,
        input,
        fields: { ...convFields(input, spec), X: rows, MW: planar ? pitch : input.gridW },
        planes: planar ? alloc(planesSize(input, pitch)) : 0,
        relu: l === 2,
        csr,
        w: alloc(stored),
        g: alloc(stored),
        mask: csr ? 0 : alloc(count),
        count: stored,
        b: alloc(oneBiasCount(spec.outC, l >= 2)),
        gb: alloc(spec.outC),
        rowptr: csr ? alloc(spec.outC + 1) : 0,
        roff: csr ? alloc(stored) : 0,
        y: alloc(outRows.rows * outRows.stride),
        dy: alloc(outRows.rows * outRows.stride),
        dx: 0,
        macs: (csr ? stored : count) * out.h * out.w,
      };
      this.convs.push(layer);
      const fanIn = Math.max(1, csr ? stored / spec.outC : K);
      inits.push(() => {
        const f32 = dev.f32;
        const bound = 1 / Math.sqrt(fanIn);
        const wv = new Float32Array(count);
        for (let i = 0; i < count; i++) wv[i] = mask[i] ? bound * (2 * rng.next() - 1) : 0;
        if (csr) {
          csr.widx.forEach((i, t) => (f32[(layer.w >> 2) + t] = wv[i]!));
          dev.i32.set(csr.rowptr, layer.rowptr >> 2);
          dev.i32.set(csr.roff, layer.roff >> 2);
        } else if (one) {
          transposeWeights(wv, spec.outC, f32, layer.w >> 2, l >= 2);
        } else {
          f32.set(wv, layer.w >> 2);
          f32.set(mask, layer.mask >> 2);
        }
        for (let o = 0; o < spec.outC; o++) f32[(layer.b >> 2) + o] = bound * (2 * rng.next() - 1);
      });
      shape = out;
      rows = layer.y;
      if (l < 2) {
        const pin = rowsShape(out, 0, one);
        const pout = rowsShape(poolOutShape(out, POOL), 0, one);
        this.pools.push({
          fields: poolFields(pin, POOL),
          y: alloc(pout.rows * pout.stride),
          argmax: one ? 0 : alloc(pout.rows * pout.stride),
          dy: alloc(pout.rows * pout.stride),
        });
        shape = pout.map;
        rows = this.pools[l]!.y;
      }
    });
    // Layer l reads pool l-1's output (conv 2, fc 1) or the previous layer's (fc 2).
    this.convs[1]!.fields.X = this.pools[0]!.y;
    this.convs[2]!.fields.X = this.pools[1]!.y;
    this.convs[3]!.fields.X = this.convs[2]!.y;
    this.convs[1]!.dx = this.pools[0]!.dy;
    this.convs[2]!.dx = this.pools[1]!.dy;
    this.convs[3]!.dx = this.convs[2]!.dy;
    this.forwardJobs = this.buildForward();
    // One sample: the forward pass's job tables are written once and run as one list (see ConvDevice.runJobs).
    this.list = one ? dev.allocJobs(this.forwardJobs.length) : undefined;
    dev.commit();
    if (this.list) dev.setJobs(this.list, this.forwardJobs);
    for (const init of inits) init();
    this.forwardMacs = this.convs.reduce((s, c) => s + c.macs, 0);
    // dW of every layer, dx of all but the first.
    this.trainMacs = this.convs.reduce((s, c, l) => s + c.macs * (l ? 3 : 2), 0);
  }

  /** The logits of rows [0, batch) of `x` (batch x 784 pixels), through every layer. */
  forward(x: Float32Array): void {
    const dev = this.dev;
    dev.f32.set(x.subarray(0, this.batch * 784), this.xIn >> 2);
    if (this.list) dev.runJobs(this.list);
    else for (const job of this.forwardJobs) dev.run(job);
  }

  /**
   * The jobs of a forward pass: the pixels into rows, then every layer. One sample: a planar conv whose max pool
   * feeds another planar conv without border keeps the maps in channel planes from the one to the other (the conv
   * writes planes, the pool reads and writes planes), so neither the conv's HWC rows nor TO_PLANES are needed.
   */
  private buildForward(): JobFields[] {
    const jobs: JobFields[] = [{ OP: CONV_OP.TO_ROWS, ...transferFields(this.input, this.xIn, this.x0) }];
    const one = this.one;
    let inPlanes = false;
    this.convs.forEach((c, l) => {
      if (c.planes && !inPlanes) jobs.push({ ...planesFields(c.input, c.fields.MW!), X: c.fields.X!, Y: c.planes });
      const next = this.convs[l + 1];
      const p = this.pools[l];
      const out = convOutShape(c.input.map, c.spec);
      const planarOut = !!(c.planes && p && next?.planes && next.spec.pad === 0);
      const op = one
        ? c.csr
          ? c.planes
            ? CONV_OP.CONV_FWD_SPARSE_1P
            : CONV_OP.CONV_FWD_SPARSE_1
          : CONV_OP.CONV_FWD_1
        : c.csr
          ? CONV_OP.CONV_FWD_SPARSE
          : CONV_OP.CONV_FWD;
      jobs.push({
        ...c.fields,
        OP: op,
        ...(c.planes ? { X: c.planes } : {}),
        W: c.w,
        BIAS: c.b,
        ROWPTR: c.rowptr,
        ROFF: c.roff,
        Y: c.y,
        YMW: planarOut ? out.w : 0,
        RELU: c.relu ? 1 : 0,
      });
      if (planarOut) {
        jobs.push({ ...planesPoolFields(out, POOL, next!.fields.MW!), X: c.y, Y: next!.planes });
      } else if (p) {
        const pool = one ? CONV_OP.MAXPOOL_FWD_1 : CONV_OP.MAXPOOL_FWD;
        jobs.push({ ...p.fields, OP: pool, X: c.y, Y: p.y, ARGMAX: p.argmax });
      }
      inPlanes = planarOut;
    });
    return jobs;
  }

  /** One SGD step on a batch; returns its mean cross-entropy. */
  step(x: Float32Array, labels: Int32Array, lr: number): number {
    if (this.one) throw new Error('a one-sample LeNet only runs forward passes');
    const dev = this.dev;
    this.forward(x);
    const loss = this.softmaxGrad(labels);
    for (let l = this.convs.length - 1; l >= 0; l--) {
      const c = this.convs[l]!;
      const f32 = dev.f32;
      f32.fill(0, c.g >> 2, (c.g >> 2) + c.count);
      f32.fill(0, c.gb >> 2, (c.gb >> 2) + c.spec.outC);
      const common = { ...c.fields, W: c.w, ROWPTR: c.rowptr, ROFF: c.roff, DY: c.dy };
      dev.run({ ...common, OP: c.csr ? CONV_OP.CONV_DW_SPARSE : CONV_OP.CONV_DW, DW: c.g, DB: c.gb });
      if (c.dx) {
        dev.run({ ...common, OP: c.csr ? CONV_OP.CONV_DX_SPARSE : CONV_OP.CONV_DX, DX: c.dx });
        const below = this.convs[l - 1]!;
        const pool = this.pools[l - 1];
        if (pool) {
          dev.run({ ...pool.fields, OP: CONV_OP.MAXPOOL_BWD, DY: pool.dy, ARGMAX: pool.argmax, DX: below.dy });
        } else if (below.relu) {
          const rows = below.spec.outC;
          dev.run({ OP: CONV_OP.RELU_BWD, S: c.input.stride, NB: c.input.cols, N: rows, Y: below.y, DY: below.dy });
        }
      }
    }
    for (const c of this.convs) {
      dev.run({ OP: CONV_OP.SGD, N: c.count, W: c.w, DW: c.g, MASK: c.mask, LR: lr });
      dev.run({ OP: CONV_OP.SGD, N: c.spec.outC, W: c.b, DW: c.gb, MASK: 0, LR: lr });
    }
    return loss;
  }

  /** Logits of column `n` (after `forward`). */
  logits(n: number, out: Float32Array): void {
    const c = this.convs[3]!;
    const S = this.input.stride;
    for (let k = 0; k < 10; k++) out[k] = this.dev.f32[(c.y >> 2) + k * S + n]!;
  }

  /** Softmax cross-entropy over the batch: the mean loss, and dL/dlogits (mean over the batch) into fc 2's dy. */
  private softmaxGrad(labels: Int32Array): number {
    const f32 = this.dev.f32;
    const c = this.convs[3]!;
    const S = this.input.stride;
    const z = c.y >> 2;
    const g = c.dy >> 2;
    const B = this.batch;
    let loss = 0;
    for (let n = 0; n < B; n++) {
      let max = -Infinity;
      for (let k = 0; k < 10; k++) max = Math.max(max, f32[z + k * S + n]!);
      let sum = 0;
      for (let k = 0; k < 10; k++) sum += Math.exp(f32[z + k * S + n]! - max);
      const y = labels[n]!;
      loss += Math.log(sum) - (f32[z + y * S + n]! - max);
      for (let k = 0; k < 10; k++) {
        const p = Math.exp(f32[z + k * S + n]! - max) / sum;
        f32[g + k * S + n] = (p - (k === y ? 1 : 0)) / B;
      }
    }
    return loss / B;
  }
}

/**
 * A learnable synthetic MNIST-shaped table: images of smooth random strokes, each labelled by the class whose fixed
 * random template it matches best, so the loss of a working trainer falls from ln 10 within a few hundred steps.
 */
export function syntheticDigits(rows: number, seed: number): { x: Float32Array; y: Int32Array } {
  const rng = new Rng(seed);
  const templates = new Float32Array(10 * 784);
  for (let i = 0; i < templates.length; i++) templates[i] = rng.normal();
  const x = new Float32Array(rows * 784);
  const y = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const img = x.subarray(r * 784, (r + 1) * 784);
    for (let i = 0; i < 784; i++) img[i] = 0.5 * rng.normal();
    const cls = rng.int(10);
    // Half the picture is the template of a class, so the label is mostly (not always) that class.
    for (let i = 0; i < 784; i++) img[i] = img[i]! + 0.5 * templates[cls * 784 + i]!;
    let best = 0;
    let bestScore = -Infinity;
    for (let k = 0; k < 10; k++) {
      let s = 0;
      for (let i = 0; i < 784; i++) s += img[i]! * templates[k * 784 + i]!;
      if (s > bestScore) ((bestScore = s), (best = k));
    }
    y[r] = best;
  }
  return { x, y };
}
