import { BLK, CTX } from './abi';
import type { Arena } from './arena';
import { JOB } from './convAbi';
import { oneSampleJobs } from './frontOne';
import { allocFront, writeFront, type FrontPlacement } from './frontPlacement';
import type { FrontLayout } from './frontLayout';
import type { FrontLayerState } from './frontTransfer';
import type { NetLayout } from './layout';
import type { ConvFront } from '../core/convFront';
import { splitTargets, splitWork } from './work';

/** Optimizer settings and state the kernels train with (the reference Optimizer's, see core/optimizer.ts). */
export interface OptimizerState {
  kind: 'adam' | 'sgd';
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  momentum: number;
  nesterov: boolean;
  m: Float32Array;
  v: Float32Array;
  mb: Float32Array;
  vb: Float32Array;
  /** The conv front end's layers' state (`Optimizer.front`), when the network has one. */
  front?: readonly FrontLayerState[];
}

export interface PlacementSpec {
  inputs: number;
  /** A conv front end before the dense part: its layout and layers (see frontPlacement.ts). */
  front?: { layout: FrontLayout; net: ConvFront };
  /** Most threads: phase-B shares and inference splits are prepared for every count up to it. */
  threads: number;
  /** Row stride of training steps (0: forward only) and of forward-only calls. */
  trainStride: number;
  evalStride: number;
  optimizer?: OptimizerState;
}

/** Byte offsets of a layout's arrays in wasm memory. */
export interface Placement {
  ctx: number;
  act: number;
  /** dL/dz rows (training only), as `act`'s. */
  grad: number;
  xin: number;
  labels: number;
  loss: number;
  correct: number;
  idx: number;
  soft: number;
  bias: number;
  mbias: number;
  vbias: number;
  blocks: { w: number; m: number; v: number }[];
  /** Per thread count T (index T - 1): the work table phase_b reads. */
  workTables: number[];
  /** Per thread count T >= 2 (index T - 2), per block: cut points for split inference (empty: main only). */
  forwardSplits: Int32Array[][];
  /** The conv front end's buffers; `xin` then holds the batch's images. */
  front?: FrontPlacement;
}

/**
 * Allocates everything a layout needs in a freshly reset arena (zeroed by commit) and writes the context, block
 * table, sources, CSR structure, masks and work shares. Weights and optimizer state come later (transfer.ts).
 */
export function place(arena: Arena, layout: NetLayout, spec: PlacementSpec): Placement {
  const a = arena;
  const T = spec.threads;
  const st = spec.optimizer;
  const training = spec.trainStride > 0;
  const adam = st?.kind === 'adam';
  const actStride = Math.max(spec.trainStride, spec.evalStride);
  a.reset();
  const ctx = a.alloc(4 * CTX.SIZE);
  const blockTable = a.alloc(4 * BLK.SIZE * layout.blocks.length);
  const arrays = layout.blocks.map((b) => {
    const n = b.widx.length;
    const opt = (size: number): number => (training ? a.allocF32(size) : 0);
    return {
      src: a.alloc(4 * b.srcRows.length),
      dxrows: a.alloc(4 * b.dxRows.length),
      rowptr: a.alloc(4 * b.rowptr.length),
      hsplit: a.alloc(4 * b.hsplit.length),
      col: a.alloc(4 * b.col.length),
      mask: a.allocF32(b.mask.length),
      w: a.allocF32(n),
      g: opt(n),
      m: opt(n),
      v: adam ? opt(n) : 0,
    };
  });
  const bias = a.allocF32(layout.rows);
  const gbias = training ? a.allocF32(layout.rows) : 0;
  const mbias = training ? a.allocF32(layout.rows) : 0;
  const vbias = training && adam ? a.allocF32(layout.rows) : 0;
  const act = a.allocF32(layout.rows * actStride);
  const grad = training ? a.allocF32(layout.rows * spec.trainStride) : 0;
  // With a front end, the batch comes in as images, and the dense part's input rows are the front end's output.
  const rowSize = spec.front ? spec.front.layout.inputSize : spec.inputs;
  const xin = a.allocF32(actStride * rowSize);
  const labels = a.alloc(4 * actStride);
  const loss = a.allocF32(2 * actStride);
  const correct = a.alloc(4 * actStride);
  const idx = a.alloc(4 * actStride);
  // A teacher's probabilities for the batch's samples (distillation), [sample][output].
  const soft = training ? a.allocF32(spec.trainStride * layout.outputs) : 0;
  // A phase-B split for every thread count the tuner may pick.
  const works = Array.from({ length: T }, (_, i) => splitWork(layout, i + 1, training));
  const workTables = works.map((w) => a.alloc(4 * w.length));
  const lists = works.map((w) => w.map((items) => a.alloc(4 * (1 + 3 * items.length))));
  const scratchSize = (scratchFloats(layout, spec.trainStride) * 4 + 63) & ~63;
  const scratch = a.alloc(scratchSize * T);
  const fs = spec.front;
  const front = fs
    ? allocFront(a, fs.layout, {
        actStride,
        trainStride: spec.trainStride,
        adam,
        threads: T,
        act,
        grad,
      })
    : undefined;
  if (fs && front && fs.layout.oneSample) {
    // One sample's pass through the front end is a fixed list of jobs on these buffers, its tables written once.
    const jobs = oneSampleJobs(fs.layout, front, xin);
    front.list = { at: a.alloc(4 * JOB.SIZE * jobs.length), jobs };
  }
  a.commit();
  if (fs && front) writeFront(a, fs.layout, front, fs.net);

  const i32 = a.i32;
  const f32 = a.f32;
  const c = ctx >> 2;
  const ints: [number, number][] = [
    [CTX.NBLOCKS, layout.blocks.length],
    [CTX.BLOCKS, blockTable],
    [CTX.STRIDE, spec.trainStride || spec.evalStride],
    [CTX.ACT, act],
    [CTX.GRAD, grad],
    // No input rows to load when the front end writes them.
    [CTX.D, spec.front ? 0 : spec.inputs],
    [CTX.XIN, xin],
    [CTX.LABELS, labels],
    [CTX.OUTROW, layout.outRow],
    [CTX.C, layout.outputs],
    [CTX.LOSS, loss],
    [CTX.CORRECT, correct],
    [CTX.ZROW0, spec.front ? 0 : spec.inputs],
    [CTX.ZROW1, layout.outRow],
    [CTX.BIAS, bias],
    [CTX.GBIAS, gbias],
    [CTX.MBIAS, mbias],
    [CTX.VBIAS, vbias],
    [CTX.SCRATCH, scratch],
    [CTX.SCRATCH_SIZE, scratchSize],
    [CTX.WORK, workTables[T - 1]!],
  ];
  for (const [slot, v] of ints) i32[c + slot] = v;
  if (st) {
    i32[c + CTX.OPT] = adam ? 1 : 0;
    i32[c + CTX.NESTEROV] = st.nesterov ? 1 : 0;
    const floats: [number, number][] = [
      [CTX.LR, st.lr],
      [CTX.BETA1, st.beta1],
      [CTX.BETA2, st.beta2],
      [CTX.EPS, st.eps],
      [CTX.WD, st.weightDecay],
      [CTX.MOMENTUM, st.momentum],
    ];
    for (const [slot, v] of floats) f32[c + slot] = v;
  }
  works.forEach((work, n) =>
    work.forEach((items, t) => {
      const at = lists[n]![t]! >> 2;
      i32[(workTables[n]! >> 2) + t] = lists[n]![t]!;
      i32[at] = items.length;
      items.forEach((it, j) => i32.set([it.block, it.from, it.to], at + 1 + 3 * j));
    }),
  );
  layout.blocks.forEach((b, i) => {
    const p = arrays[i]!;
    const fields: [number, number][] = [
      [BLK.SPARSE, b.sparse ? 1 : 0],
      [BLK.RELU, b.relu ? 1 : 0],
      [BLK.T0, b.t0],
      [BLK.NT, b.nt],
      [BLK.NTP, b.ntp],
      [BLK.NS, b.ns],
      [BLK.SRC, p.src],
      [BLK.DXJ0, b.dxj0],
      [BLK.DXROWS, p.dxrows],
      [BLK.W, p.w],
      [BLK.G, p.g],
      [BLK.M, p.m],
      [BLK.V, p.v],
      [BLK.MASK, p.mask],
      [BLK.ROWPTR, p.rowptr],
      [BLK.HSPLIT, p.hsplit],
      [BLK.COL, p.col],
    ];
    const at = (blockTable >> 2) + i * BLK.SIZE;
    for (const [slot, v] of fields) i32[at + slot] = v;
    i32.set(b.srcRows, p.src >> 2);
    i32.set(b.dxRows, p.dxrows >> 2);
    i32.set(b.rowptr, p.rowptr >> 2);
    i32.set(b.hsplit, p.hsplit >> 2);
    i32.set(b.col, p.col >> 2);
    f32.set(b.mask, p.mask >> 2);
  });
  const forwardSplits: Int32Array[][] = [];
  for (let n = 2; n <= T; n++) forwardSplits.push(layout.blocks.map((b) => splitTargets(b, n)));
  return {
    ctx,
    act,
    grad,
    xin,
    labels,
    loss,
    correct,
    idx,
    soft,
    bias,
    mbias,
    vbias,
    blocks: arrays.map((p) => ({ w: p.w, m: p.m, v: p.v })),
    workTables,
    forwardSplits,
    ...(front ? { front } : {}),
  };
}

/** Per-thread scratch, in floats: the largest packed panel any kernel of this layout needs. */
function scratchFloats(layout: NetLayout, trainStride: number): number {
  const B4 = (trainStride + 3) & ~3;
  let most = 0;
  for (const b of layout.blocks) {
    if (b.sparse) continue;
    most = Math.max(most, 8 * b.ns, 8 * b.ntp, trainStride ? b.ns * B4 + 8 * B4 : 0);
  }
  return most;
}
