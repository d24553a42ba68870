import type { SoftTargets } from '../core/compute';
import type { FrontGrads } from '../core/convFront';
import type { Network } from '../core/network';
import { CTX, MODE, type KernelExports, type Mode } from './abi';
import { Arena } from './arena';
import { ConvJobRunner } from './convJob';
import { compileFront, oneSampleFits, type FrontLayout } from './frontLayout';
import { FrontSteps } from './frontSteps';
import { downloadFront, uploadFront } from './frontTransfer';
import { compileLayout, type NetLayout } from './layout';
import type { KernelModule, Simd } from './module';
import { place, type OptimizerState, type Placement } from './placement';
import { threadPool } from './pool';
import { SLOT } from './slots';
import { rowStride } from './stride';
import { download, upload } from './transfer';
import { ThreadTuner } from './tuner';
import type { WasmApi } from './wasmApi';

export type { OptimizerState } from './placement';

export interface DeviceOptions {
  /** Most threads a step may use; with `tuneThreads`, the tuner picks 1 or this many by timing steps. */
  threads: number;
  tuneThreads: boolean;
  /** Whether a small training table may live in wasm memory (see bindTable). */
  residentTable: boolean;
  /** See KernelOptions.sparseBelow; undefined: the cost model. */
  sparseBelow?: number;
  /** Samples per training step (0: forward only). */
  trainBatch: number;
  /** Samples per forward-only call (evaluation, inference). */
  evalBatch: number;
  optimizer?: OptimizerState;
}

const pad8 = (n: number): number => (n + 7) & ~7;

export { rowStride } from './stride';
/** Training tables up to this size live in wasm memory (a copy: case a's 188 MB would not fit the RSS budget). */
const RESIDENT_TABLE_BYTES = 64 << 20;
const detach = new FinalizationRegistry<{ id: number; workers: number }>(({ id, workers }) =>
  threadPool().detach(id, workers),
);

/**
 * A network in wasm memory: weights, optimizer state, activations and gradients stay there; a step copies in
 * only its batch. `net.weights` stays the truth between calls: `upload` before training or evaluating,
 * `download` after, and `invalidate` after any structural change (the layout is rebuilt on next use).
 */
export class KernelDevice {
  readonly simd: Simd;
  readonly threads: number;
  private readonly arena: Arena;
  private readonly k: KernelExports;
  private readonly poolId: number = 0;
  private readonly jobs: ConvJobRunner;
  private readonly trainStride: number;
  private readonly evalStride: number;
  /**
   * Forward-only device for fewer than 8 samples per call: per-column kernels, targets split over threads. With a
   * conv front end, one sample per pass, the front end on the one-sample kernels as one job list.
   */
  private readonly perColumn: boolean;
  private layout: NetLayout | undefined;
  private at: Placement | undefined;
  /** The conv front end's layout and steps, when the network has one (rebuilt with the layout). */
  private front: { layout: FrontLayout; steps: FrontSteps } | undefined;
  /** Floats per row of a table: an image with a conv front end, else the dense part's inputs. */
  private readonly rowSize: number;
  /** Whether wasm memory holds the network's weights for the current layout (a build zeroes them). */
  private uploaded = false;
  private table: { x: Float32Array; xAt: number; yAt: number } | undefined;
  /** The step whose rows phaseA copies in, share by share (tables too large to keep in wasm memory). */
  private pendingX: Float32Array = new Float32Array(0);
  private pendingY: Int32Array = new Int32Array(0);
  private pendingIdx: ArrayLike<number> = [];
  private pendingFrom = 0;
  private pendingRows = 0;
  private readonly trainTuner: ThreadTuner;
  private readonly forwardTuner: ThreadTuner;
  /** A teacher's probabilities per training row and their weight in the targets, while distilling. */
  private teacher: SoftTargets | undefined;
  /** Loss summed over the last call's samples (in double, from per-sample terms) and correct predictions. */
  lastLoss = 0;
  lastCorrect = 0;

  constructor(
    api: WasmApi,
    mod: KernelModule,
    private readonly net: Network,
    private readonly opts: DeviceOptions,
  ) {
    this.simd = mod.simd;
    this.threads = mod.shared ? Math.max(1, opts.threads) : 1;
    this.trainTuner = new ThreadTuner(this.threads, opts.tuneThreads);
    this.forwardTuner = new ThreadTuner(this.threads, opts.tuneThreads);
    const probe = new api.Instance(mod.module, {
      env: { memory: new api.Memory({ initial: 1, maximum: 1, shared: mod.shared }) },
    });
    const base = ((probe.exports as unknown as KernelExports).__heap_base.value as number) + 64;
    this.arena = new Arena(api, mod.shared, base);
    this.k = new api.Instance(mod.module, { env: { memory: this.arena.memory } }).exports as unknown as KernelExports;
    this.rowSize = net.rowSize;
    this.trainStride = opts.trainBatch ? rowStride(opts.trainBatch) : 0;
    this.evalStride = opts.evalBatch < 8 ? opts.evalBatch : rowStride(opts.evalBatch);
    this.perColumn = this.trainStride === 0 && this.evalStride < 8;
    if (net.front && this.evalStride < 8 && !(this.perColumn && this.evalStride === 1 && oneSampleFits(net.front))) {
      throw new Error('this conv front end runs forward passes of 8 samples or more');
    }
    if (this.threads > 1) {
      this.poolId = threadPool().attach(mod.module, this.arena.memory, this.threads - 1);
      detach.register(this, { id: this.poolId, workers: this.threads - 1 });
    }
    this.jobs = new ConvJobRunner(this.k, this.arena, this.poolId);
  }

  /**
   * Keeps a training table in wasm memory (when it is small enough), so that a step copies in row indices
   * instead of rows: per-row copies cost ~0.3 us each from JS, a third of a small network's step.
   */
  bindTable(x: Float32Array, y: Int32Array, rows: number): void {
    // A conv front end reads its images from the copy-in buffer (TO_ROWS), not from a resident table.
    if (!this.opts.residentTable || this.table || this.net.front || x.length !== rows * this.net.inputs) return;
    if (4 * (x.length + rows) > RESIDENT_TABLE_BYTES) return;
    const xAt = this.arena.pin(4 * x.length);
    const yAt = this.arena.pin(4 * rows);
    this.arena.f32.set(x, xAt >> 2);
    this.arena.i32.set(y.subarray(0, rows), yAt >> 2);
    this.table = { x, xAt, yAt };
    this.layout = undefined;
  }

  /**
   * Trains from now on against the labels mixed with a teacher's probabilities for every training row (see
   * core/compute.ts `SoftTargets`), or against the labels alone (undefined). Evaluation always scores the labels.
   */
  distill(teacher: SoftTargets | undefined): void {
    this.teacher = teacher;
  }

  /** Threads the tuners currently prefer for training steps and for forward-only calls. */
  get trainThreads(): number {
    return this.trainTuner.threads;
  }

  get forwardThreads(): number {
    return this.forwardTuner.threads;
  }

  /** The network's structure changed: rebuild the layout before the next call. */
  invalidate(): void {
    this.layout = undefined;
  }

  /** The current layout (built on demand), e.g. to see which levels run as CSR. */
  get currentLayout(): NetLayout {
    return this.ensureLayout().layout;
  }

  /** The conv front end's current layout (built on demand), e.g. to see which layers run sparse; none without one. */
  get currentFrontLayout(): FrontLayout | undefined {
    this.ensureLayout();
    return this.front?.layout;
  }

  /** Copies weights and biases (and the optimizer state, when training) from the network into wasm memory. */
  upload(withState: boolean): void {
    const { layout, at } = this.ensureLayout();
    const st = withState ? this.opts.optimizer : undefined;
    upload(this.arena.f32, layout, at, this.net, st);
    if (this.front && this.net.front) {
      uploadFront(this.arena.f32, this.front.layout, at.front!, this.net.front, st?.front, st?.kind === 'adam');
    }
    this.uploaded = true;
  }

  /** Copies trained weights, biases and optimizer state back into the network and the optimizer. */
  download(): void {
    const { layout, at } = this.ensureLayout();
    const st = this.opts.optimizer!;
    download(this.arena.f32, layout, at, this.net, st);
    if (this.front && this.net.front) {
      downloadFront(this.arena.f32, this.front.layout, at.front!, this.net.front, st.front ?? [], st.kind === 'adam');
    }
  }

  /**
   * One training step on rows idx[from..from+B) of `x`/`y` at learning rate `lr` (SGD's; it may change between
   * steps); `stepSize`/`sqrtC2` are Adam's bias-corrected step size (with `lr`) and second-moment correction for
   * this step. Leaves the batch's loss and correct count in lastLoss / lastCorrect.
   */
  trainStep(
    x: Float32Array,
    y: Int32Array,
    idx: ArrayLike<number>,
    from: number,
    B: number,
    lr: number,
    stepSize: number,
    sqrtC2: number,
  ): void {
    if (!this.uploaded || !this.layout) this.upload(true);
    const at = this.at!;
    const f32 = this.arena.f32;
    const i32 = this.arena.i32;
    const c = at.ctx >> 2;
    const table = this.table?.x === x ? this.table : undefined;
    if (this.front) {
      // The front end's first job reads every image at once: copy them all in before it.
      this.copyBatch(x, y, idx, from, B);
      this.setInput(at.xin, at.labels, 0);
    } else if (table) {
      // Resident table: only the row indices go in.
      const io = at.idx >> 2;
      for (let b = 0; b < B; b++) i32[io + b] = idx[from + b]!;
      this.setInput(table.xAt, table.yAt, at.idx);
    } else {
      // Rows are copied in per thread share, just before that share starts (see phaseA).
      this.pendingX = x;
      this.pendingY = y;
      this.pendingIdx = idx;
      this.pendingFrom = from;
      this.pendingRows = B;
      this.setInput(at.xin, at.labels, 0);
    }
    i32[c + CTX.STRIDE] = this.trainStride;
    i32[c + CTX.B] = B;
    this.setTeacher(idx, from, B);
    f32[c + CTX.LR] = lr;
    f32[c + CTX.STEPSIZE] = stepSize;
    f32[c + CTX.SQRTC2] = sqrtC2;
    const tuner = this.trainTuner;
    const T = tuner.next();
    const t0 = tuner.timing ? performance.now() : 0;
    const front = this.front?.steps;
    front?.forward(at.xin, this.trainStride, B, T);
    this.phaseA(B, MODE.TRAIN, T);
    front?.backward(this.trainStride, B, T);
    this.phaseB(T);
    front?.update(T);
    if (tuner.timing) tuner.record(performance.now() - t0, B === this.opts.trainBatch);
    this.pendingRows = 0;
    this.collect(B);
  }

  /** The teacher's probabilities of the step's samples into the soft-target buffer, or none. */
  private setTeacher(idx: ArrayLike<number>, from: number, B: number): void {
    const at = this.at!;
    const c = at.ctx >> 2;
    const t = this.teacher;
    this.arena.i32[c + CTX.SOFT] = t ? at.soft : 0;
    if (!t) return;
    this.arena.f32[c + CTX.SOFTW] = t.weight;
    const f32 = this.arena.f32;
    const C = this.net.outputs;
    const so = at.soft >> 2;
    for (let b = 0; b < B; b++) {
      const r = idx[from + b]!;
      f32.set(t.probs.subarray(r * C, r * C + C), so + b * C);
    }
  }

  /**
   * One batch of a growth probe of a network with a conv front end, with the weights as last uploaded: rows
   * idx[from..from+B) forward (and with `withGrad` backward, without an update), the results copied into the
   * reference path's buffers that probes read: every front layer's maps (`into.outs`, batch-major NHWC as
   * core/convFront.ts's FrontWorkspace holds them), every unit's activation and (with `withGrad`) dL/dz
   * (`into.act`, `into.grad`, unit-major as core/compute.ts's Workspace), and dL/dW of every kernel weight (masked
   * ones included) and dL/db added into `grads`.
   */
  probeBatch(
    x: Float32Array,
    y: Int32Array,
    idx: ArrayLike<number>,
    from: number,
    B: number,
    withGrad: boolean,
    into: { act: Float32Array; grad: Float32Array; outs: readonly Float32Array[] },
    grads: FrontGrads | undefined,
  ): void {
    if (!this.uploaded || !this.layout) this.upload(false);
    const at = this.at!;
    const front = this.front!.steps;
    const S = this.trainStride;
    const T = this.trainTuner.threads;
    const i32 = this.arena.i32;
    const c = at.ctx >> 2;
    this.copyBatch(x, y, idx, from, B);
    this.setInput(at.xin, at.labels, 0);
    i32[c + CTX.STRIDE] = S;
    i32[c + CTX.B] = B;
    // Probes score the labels alone, as the reference's do.
    i32[c + CTX.SOFT] = 0;
    front.forward(at.xin, S, B, T);
    this.phaseA(B, withGrad ? MODE.TRAIN : MODE.INFER, T);
    front.readOutputs(S, B, into.outs, into.act);
    this.readUnits(S, B, into.act, withGrad ? into.grad : undefined);
    if (withGrad && grads) {
      front.backward(S, B, T, true);
      front.addGradients(grads);
    }
  }

  /** Activations (and gradients) of every target row into unit-major reference buffers (core/compute.ts). */
  private readUnits(S: number, B: number, act: Float32Array, grad: Float32Array | undefined): void {
    const layout = this.layout!;
    const at = this.at!;
    const f32 = this.arena.f32;
    const d = this.net.inputs;
    layout.rowTarget.forEach((t, r) => {
      if (t < 0) return;
      const a = (at.act >> 2) + r * S;
      act.set(f32.subarray(a, a + B), (d + t) * B);
      if (!grad) return;
      const g = (at.grad >> 2) + r * S;
      grad.set(f32.subarray(g, g + B), t * B);
    });
  }

  /** Copies the batch's rows (images, with a front end) and labels into the copy-in buffer, all at once. */
  private copyBatch(x: Float32Array, y: Int32Array, idx: ArrayLike<number>, from: number, B: number): void {
    this.pendingX = x;
    this.pendingY = y;
    this.pendingIdx = idx;
    this.pendingFrom = from;
    this.pendingRows = B;
    this.copyRows(0, B);
    this.pendingRows = 0;
  }

  /**
   * Copies batch rows [b0, b1) of a pending step into the copy-in buffer. Rows of a large table come from all
   * over memory (~0.8 us each): copying each thread's rows right before posting its share lets the workers start
   * while the caller still copies its own.
   */
  private copyRows(b0: number, b1: number): void {
    const end = Math.min(b1, this.pendingRows);
    if (b0 >= end) return;
    const { pendingX: x, pendingY: y, pendingIdx: idx, pendingFrom: from } = this;
    const at = this.at!;
    const f32 = this.arena.f32;
    const i32 = this.arena.i32;
    const d = this.rowSize;
    const xo = at.xin >> 2;
    const lo = at.labels >> 2;
    for (let b = b0; b < end; b++) {
      const r = idx[from + b]!;
      f32.set(x.subarray(r * d, r * d + d), xo + b * d);
      i32[lo + b] = y[r]!;
    }
  }

  /** Mean loss and accuracy over a table, forward only; per-row correct flags (1/0) into `flags` when given. */
  evaluate(x: Float32Array, y: Int32Array, n: number, flags?: Uint8Array): { accuracy: number; loss: number } {
    if (!this.uploaded || !this.layout) this.upload(false);
    const at = this.at!;
    const f32 = this.arena.f32;
    const i32 = this.arena.i32;
    const d = this.rowSize;
    const c = at.ctx >> 2;
    i32[c + CTX.STRIDE] = this.evalStride;
    this.setInput(at.xin, at.labels, 0);
    let loss = 0;
    let correct = 0;
    for (let from = 0; from < n; from += this.evalStride) {
      const B = Math.min(this.evalStride, n - from);
      f32.set(x.subarray(from * d, (from + B) * d), at.xin >> 2);
      i32.set(y.subarray(from, from + B), at.labels >> 2);
      i32[c + CTX.B] = B;
      this.forwardOnly(B, MODE.EVAL);
      this.collect(B);
      if (flags) flags.set(i32.subarray(at.correct >> 2, (at.correct >> 2) + B), from);
      loss += this.lastLoss;
      correct += this.lastCorrect;
    }
    return { accuracy: n ? correct / n : 0, loss: n ? loss / n : 0 };
  }

  /**
   * Logits of rows [first, first + n) of `x` into `out` (row-major n x outputs), forward only, with the weights
   * as last uploaded (a forward-only device takes them from the network on first use).
   */
  logits(x: Float32Array, n: number, out: Float32Array, first = 0): void {
    if (!this.uploaded || !this.layout) this.upload(false);
    const layout = this.layout!;
    const at = this.at!;
    const f32 = this.arena.f32;
    const i32 = this.arena.i32;
    const d = this.rowSize;
    const co = layout.outputs;
    const c = at.ctx >> 2;
    const S = this.evalStride;
    i32[c + CTX.STRIDE] = S;
    this.setInput(at.xin, at.labels, 0);
    const z = (at.act >> 2) + layout.outRow * S;
    for (let from = 0; from < n; from += S) {
      const B = Math.min(S, n - from);
      f32.set(x.subarray((first + from) * d, (first + from + B) * d), at.xin >> 2);
      i32[c + CTX.B] = B;
      this.forwardOnly(B, MODE.INFER);
      for (let b = 0; b < B; b++) for (let o = 0; o < co; o++) out[(from + b) * co + o] = f32[z + o * S + b]!;
    }
  }

  private collect(B: number): void {
    const at = this.at!;
    const f32 = this.arena.f32;
    const i32 = this.arena.i32;
    const lo = at.loss >> 2;
    const co = at.correct >> 2;
    let loss = 0;
    let correct = 0;
    for (let b = 0; b < B; b++) {
      loss += Math.log1p(f32[lo + 2 * b]!) - f32[lo + 2 * b + 1]!;
      correct += i32[co + b]!;
    }
    this.lastLoss = loss;
    this.lastCorrect = correct;
  }

  private setInput(x: number, y: number, idx: number): void {
    const i32 = this.arena.i32;
    const c = this.at!.ctx >> 2;
    i32[c + CTX.XIN] = x;
    i32[c + CTX.LABELS] = y;
    i32[c + CTX.IDX] = idx;
  }

  private forwardOnly(B: number, mode: Mode): void {
    const tuner = this.forwardTuner;
    const T = tuner.next();
    const t0 = tuner.timing ? performance.now() : 0;
    this.front?.steps.forward(this.at!.xin, this.evalStride, B, T);
    if (T > 1 && this.perColumn && mode === MODE.INFER) this.forwardSplit(B, T);
    else this.phaseA(B, mode, T);
    if (tuner.timing) tuner.record(performance.now() - t0, B === this.evalStride);
  }

  /** A forward pass of fewer than 8 samples with every level's targets shared out over T threads. */
  private forwardSplit(B: number, T: number): void {
    const pool = threadPool();
    const { ctx, forwardSplits } = this.at!;
    const blocks = this.layout!.blocks;
    const k = this.k;
    const splits = forwardSplits[T - 2]!;
    k.load_input(ctx, 0, B);
    for (let b = 0; b < splits.length; b++) {
      const cuts = splits[b]!;
      if (cuts.length === 0) {
        const blk = blocks[b]!;
        k.forward_block(ctx, 0, b, 0, blk.sparse ? blk.nt : blk.ntp >> 2, 0, B);
        continue;
      }
      for (let w = 1; w < T; w++) {
        pool.post(w - 1, SLOT.OP_FORWARD_BLOCK, this.poolId, ctx, w, b, cuts[w]!, cuts[w + 1]!, 0, B);
      }
      k.forward_block(ctx, 0, b, cuts[0]!, cuts[1]!, 0, B);
      for (let w = 1; w < T; w++) pool.wait(w - 1);
    }
  }

  /** Batch columns split in groups of 8 over the threads; each runs the whole forward/backward on its share. */
  private phaseA(B: number, mode: Mode, threads: number): void {
    const ctx = this.at!.ctx;
    const width = (this.arena.i32[(ctx >> 2) + CTX.STRIDE]! & 7) === 0 ? pad8(B) : B;
    const groups = width >> 3;
    const T = groups > 1 ? Math.min(threads, groups) : 1;
    const pool = T > 1 ? threadPool() : undefined;
    // Thread w takes columns [8 * floor(w * groups / T), 8 * floor((w + 1) * groups / T)).
    let n0 = T === 1 ? width : 8 * Math.floor(groups / T);
    const mine = n0;
    for (let w = 1; w < T; w++) {
      const n1 = w + 1 === T ? width : 8 * Math.floor(((w + 1) * groups) / T);
      this.copyRows(n0, n1);
      pool!.post(w - 1, SLOT.OP_PHASE_A, this.poolId, ctx, w, n0, n1, mode);
      n0 = n1;
    }
    this.copyRows(0, mine);
    this.k.phase_a(ctx, 0, 0, mine, mode);
    for (let w = 1; w < T; w++) pool!.wait(w - 1);
  }

  /** Weight gradients and updates, each thread on the target rows it owns under a T-way split. */
  private phaseB(T: number): void {
    const { ctx, workTables } = this.at!;
    this.arena.i32[(ctx >> 2) + CTX.WORK] = workTables[T - 1]!;
    const pool = T > 1 ? threadPool() : undefined;
    for (let w = 1; w < T; w++) pool!.post(w - 1, SLOT.OP_PHASE_B, this.poolId, ctx, w);
    this.k.phase_b(ctx, 0);
    for (let w = 1; w < T; w++) pool!.wait(w - 1);
  }

  private ensureLayout(): { layout: NetLayout; at: Placement } {
    if (!this.layout || !this.at) {
      const columns = !this.perColumn ? 'batch' : this.evalStride === 1 ? 'one' : 'few';
      const layout = compileLayout(this.net, this.opts.sparseBelow, columns);
      const net = this.net.front;
      const front = net ? { layout: compileFront(net, this.opts.sparseBelow, this.perColumn), net } : undefined;
      this.at = place(this.arena, layout, {
        inputs: this.net.inputs,
        threads: this.threads,
        trainStride: this.trainStride,
        evalStride: this.evalStride,
        ...(this.opts.optimizer ? { optimizer: this.opts.optimizer } : {}),
        ...(front ? { front } : {}),
      });
      this.front =
        front && this.at.front
          ? {
              layout: front.layout,
              steps: new FrontSteps(front.layout, this.at.front, this.jobs, this.at.ctx),
            }
          : undefined;
      this.front?.steps.writeList();
      this.layout = layout;
      this.uploaded = false;
    }
    return { layout: this.layout, at: this.at };
  }
}
