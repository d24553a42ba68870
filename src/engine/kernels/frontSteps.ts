import type { FrontGrads } from '../core/convFront';
import { CONV_OP, JOB } from './convAbi';
import type { ConvJobRunner, JobFields } from './convJob';
import { mapRows, type FrontConvLayout, type FrontLayout, type FrontPoolLayout } from './frontLayout';
import type { FrontLayerPlace, FrontPlacement } from './frontPlacement';

const pad8 = (n: number): number => (n + 7) & ~7;

/**
 * A training step's and a forward pass's work on a network's conv front end, as conv_run jobs on the kernel
 * device's memory: the batch's images (row-major, as copied into `staging`) into rows, every layer forward into
 * the dense part's input rows; backward from the dense part's input gradient rows, the weight gradients of the
 * active kernel weights (all of them on a dense layer); and the optimizer's update, with the dense part's settings
 * (the context at `ctx`). Every job splits its work so that results do not depend on the thread count T.
 */
export class FrontSteps {
  /** The stride the padded grids' borders are clear for (see clearGrids). */
  private gridStride = 0;

  constructor(
    private readonly layout: FrontLayout,
    private readonly at: FrontPlacement,
    private readonly jobs: ConvJobRunner,
    private readonly ctx: number,
  ) {}

  /**
   * Writes the job tables of a one-sample layout's forward pass (after the placement's commit, which zeroes them):
   * they hold buffer offsets, not data, so they stay valid for every sample and new weights until the next layout.
   */
  writeList(): void {
    const list = this.at.list;
    if (!list) return;
    list.jobs.forEach((fields, i) => this.jobs.write(list.at + 4 * JOB.SIZE * i, fields, this.at.job));
  }

  /**
   * Images of B samples (batch-major HWC at `staging`) through every layer, rows S floats apart. A one-sample
   * layout runs its job list instead (B = S = 1, the image at the placement's staging buffer).
   */
  forward(staging: number, S: number, B: number, T: number): void {
    const { layout, at } = this;
    if (at.list) {
      this.jobs.runList(at.list.at, at.list.jobs.length, T);
      return;
    }
    const NB = pad8(B);
    const first = layout.layers[0]!;
    const pad = first.kind === 'conv' ? first.spec.pad : 0;
    const { h, w, c } = layout.input;
    if (S !== this.gridStride) this.clearGrids(S);
    this.run(
      { OP: CONV_OP.TO_ROWS, S, NB, N: B, H: h, MW: w, C: c, GW: w + 2 * pad, PAD: pad, SRC: staging, X: at.input },
      T,
    );
    layout.layers.forEach((l, i) => {
      const p = at.layers[i]!;
      if (l.kind !== 'conv') {
        const op = l.kind === 'maxPool' ? CONV_OP.MAXPOOL_FWD : CONV_OP.AVGPOOL_FWD;
        this.run({ ...poolFields(l, S, NB), OP: op, X: p.x, Y: p.y, ARGMAX: p.argmax }, T);
        return;
      }
      if (i > 0 && l.spec.pad > 0)
        this.run({ ...padFields(l, S, NB), OP: CONV_OP.PAD_ROWS, SRC: at.layers[i - 1]!.y, X: p.x }, T);
      const op = l.csr ? CONV_OP.CONV_FWD_SPARSE : CONV_OP.CONV_FWD;
      this.run({ ...convFields(l, p, S, NB), OP: op, X: p.x, MW: l.gridW, Y: p.y, BIAS: p.b, RELU: l.relu ? 1 : 0 }, T);
    });
  }

  /**
   * From the gradient of the dense part's input rows back through every layer (after `forward` of the same batch):
   * the conv layers' weight and bias gradients, replaced (not accumulated): of the active weights, or with
   * `allWeights` (growth probes) of every kernel weight, masked ones included, on the dense weight-gradient kernel.
   */
  backward(S: number, B: number, T: number, allWeights = false): void {
    const { layout, at } = this;
    const NB = pad8(B);
    const f32 = this.jobs.f32;
    for (let i = layout.layers.length - 1; i >= 0; i--) {
      const l = layout.layers[i]!;
      const p = at.layers[i]!;
      if (l.kind !== 'conv') {
        if (!l.needDx) continue;
        const op = l.kind === 'maxPool' ? CONV_OP.MAXPOOL_BWD : CONV_OP.AVGPOOL_BWD;
        this.run({ ...poolFields(l, S, NB), OP: op, DY: p.dy, ARGMAX: p.argmax, DX: p.dx }, T);
        continue;
      }
      if (l.relu) this.run({ OP: CONV_OP.RELU_BWD, S, NB, N: mapRows(l.out), Y: p.y, DY: p.dy }, T);
      const all = allWeights && !!l.csr;
      const g = all ? p.gAll : p.g;
      f32.fill(0, g >> 2, (g >> 2) + (all ? weightCount(l) : l.stored));
      f32.fill(0, p.gb >> 2, (p.gb >> 2) + l.spec.outC);
      const common = convFields(l, p, S, NB);
      const dw = l.csr && !all ? CONV_OP.CONV_DW_SPARSE : CONV_OP.CONV_DW;
      this.run({ ...common, OP: dw, X: p.x, DY: p.dy, DW: g, DB: p.gb }, T);
      if (!l.needDx) continue;
      const dx = l.csr ? CONV_OP.CONV_DX_SPARSE : CONV_OP.CONV_DX;
      this.run({ ...common, OP: dx, DY: p.dy, DX: p.dx }, T);
      if (l.spec.pad > 0)
        this.run({ ...padFields(l, S, NB), OP: CONV_OP.CROP_ROWS, SRC: at.layers[i - 1]!.dy, X: p.dx }, T);
    }
  }

  /**
   * After `backward(.., allWeights)`: adds every kernel weight's and bias's gradient into `grads` (per conv layer,
   * `[outC][kh][kw][inC]`), as the reference's probe accumulates them over its batches.
   */
  addGradients(grads: FrontGrads): void {
    const f32 = this.jobs.f32;
    this.layout.layers.forEach((l, i) => {
      if (l.kind !== 'conv') return;
      const p = this.at.layers[i]!;
      const gw = grads.weights[l.conv]!;
      const gb = grads.bias[l.conv]!;
      const g = (l.csr ? p.gAll : p.g) >> 2;
      for (let k = 0; k < gw.length; k++) gw[k] = gw[k]! + f32[g + k]!;
      for (let k = 0; k < gb.length; k++) gb[k] = gb[k]! + f32[(p.gb >> 2) + k]!;
    });
  }

  /**
   * After `forward` of B samples: every layer's output as the reference's FrontWorkspace holds it (batch-major NHWC
   * in `outs[i]`), and the dense part's input rows into unit-major `act` (B floats per row).
   */
  readOutputs(S: number, B: number, outs: readonly Float32Array[], act: Float32Array): void {
    const f32 = this.jobs.f32;
    this.layout.layers.forEach((l, i) => {
      const units = mapRows(l.out);
      const y = this.at.layers[i]!.y >> 2;
      const out = outs[i]!;
      for (let u = 0; u < units; u++) {
        const r = y + u * S;
        for (let b = 0; b < B; b++) out[b * units + u] = f32[r + b]!;
      }
      if (i === this.layout.layers.length - 1) {
        for (let u = 0; u < units; u++) act.set(f32.subarray(y + u * S, y + u * S + B), u * B);
      }
    });
  }

  /** The optimizer's step on every conv layer's weights (masked ones stay 0) and biases (no weight decay). */
  update(T: number): void {
    const { layout, at, ctx } = this;
    layout.layers.forEach((l, i) => {
      if (l.kind !== 'conv') return;
      const p = at.layers[i]!;
      const opt = { OP: CONV_OP.OPT_STEP, CTX: ctx };
      this.run({ ...opt, N: l.stored, W: p.w, DW: p.g, M: p.m, V: p.v, MASK: p.mask, DECAY: 1 }, T);
      this.run({ ...opt, N: l.spec.outC, W: p.b, DW: p.gb, M: p.mb, V: p.vb, MASK: 0, DECAY: 0 }, T);
    });
  }

  /**
   * Zeroes the padded grids for rows S floats apart. No kernel writes a grid's border, but the same memory holds
   * the grids of training steps and of forward-only calls, whose rows are a different stride apart: rows one
   * stride put inside a grid fall on the border of the other.
   */
  private clearGrids(S: number): void {
    const f32 = this.jobs.f32;
    this.layout.layers.forEach((l, i) => {
      if (l.kind !== 'conv' || l.spec.pad === 0) return;
      const x = this.at.layers[i]!.x >> 2;
      f32.fill(0, x, x + l.gridH * l.gridW * l.in.c * this.at.actStride);
    });
    this.gridStride = S;
  }

  private run(fields: JobFields, T: number): void {
    this.jobs.run(this.at.job, fields, T);
  }
}

function weightCount(l: FrontConvLayout): number {
  return l.spec.outC * l.spec.kh * l.spec.kw * l.in.c;
}

function convFields(l: FrontConvLayout, p: FrontLayerPlace, S: number, NB: number): JobFields {
  const { spec } = l;
  return {
    S,
    NB,
    C: l.in.c,
    GW: l.gridW,
    OC: spec.outC,
    KH: spec.kh,
    KW: spec.kw,
    STRIDE: spec.stride,
    OH: l.out.h,
    OW: l.out.w,
    XROWS: l.gridH * l.gridW * l.in.c,
    W: p.w,
    ROWPTR: p.rowptr,
    ROFF: p.roff,
  };
}

function poolFields(l: FrontPoolLayout, S: number, NB: number): JobFields {
  return {
    S,
    NB,
    GW: l.in.w,
    OC: l.in.c,
    KH: l.pool.k,
    STRIDE: l.pool.stride,
    OH: l.out.h,
    OW: l.out.w,
    XROWS: mapRows(l.in),
  };
}

/** PAD_ROWS / CROP_ROWS between a conv layer's input map and its padded grid. */
function padFields(l: FrontConvLayout, S: number, NB: number): JobFields {
  return { S, NB, H: l.in.h, MW: l.in.w, C: l.in.c, GW: l.gridW, PAD: l.spec.pad };
}
