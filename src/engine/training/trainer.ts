import type { TrainConfig } from '../../protocol/config';
import {
  backward,
  backwardFront,
  EVAL_BATCH,
  evaluate,
  forward,
  loadBatch,
  softmaxCrossEntropy,
  Workspace,
  type SoftTargets,
} from '../core/compute';
import { frontGrads, zeroGrads, type FrontGrads } from '../core/convFront';
import type { Network } from '../core/network';
import { adamSqrtC2, adamStepSize, Optimizer } from '../core/optimizer';
import { compilePlan, type Plan } from '../core/plan';
import { permutation, type Rng } from '../core/random';
import type { Table } from '../data/types';
import { trainingDevice, type KernelDevice, type KernelInfo, type KernelOptions } from '../kernels';
import { noYield, type Yielder } from './yielder';

export interface EpochStats {
  trainLoss: number;
  trainAccuracy: number;
  validationLoss: number;
  validationAccuracy: number;
}

/**
 * Trains one network on one prepared split. The evaluation plan is recompiled only when the structure changes
 * (`structureChanged`), which every operation must call.
 *
 * Epochs and evaluations run on the WebAssembly kernels (src/engine/kernels) unless `options.kernels` or
 * `SCANN_KERNELS` asks for `reference` or the kernels cannot run here. A network with a conv front end takes the
 * kernels too: its conv and pooling layers run as conv jobs on the same device, the dense part on the dense kernels
 * (kernels/frontSteps.ts). Probes (connection, neuron and channel growth) read per-unit activations and gradients:
 * they run on the reference path, except for a network with a conv front end, whose probes run on the kernels,
 * which copy those into `ws` (KernelDevice.probeBatch).
 *
 * `net.weights` is always the truth: the kernels, or another engine (see `run/engines.ts`) that trains elsewhere by
 * overriding `epoch()`, must leave the weights there after every epoch, because operations, selection snapshots
 * and probes read them.
 */
export class Trainer {
  plan: Plan;
  readonly ws: Workspace;
  private evalWs: Workspace;
  protected readonly optimizer: Optimizer;
  readonly gw: Float32Array;
  readonly gb: Float32Array;
  /** Gradients of the conv front end's layers (every kernel weight), when the network has one. */
  readonly frontGrads: FrontGrads | undefined;
  private device: KernelDevice | undefined;
  private kernelState: KernelInfo | undefined;
  /** Distillation targets (see `distillFrom`); undefined trains on the labels alone. */
  private soft: SoftTargets | undefined;

  constructor(
    readonly net: Network,
    protected readonly train: Table,
    protected readonly validation: Table,
    readonly cfg: TrainConfig,
    protected readonly rng: Rng,
    protected readonly yielder: Yielder = noYield,
    private readonly kernelOptions: KernelOptions = {},
  ) {
    this.plan = compilePlan(net);
    this.ws = new Workspace(net, Math.min(cfg.batch, Math.max(1, train.rows)));
    this.evalWs = new Workspace(net, EVAL_BATCH);
    this.optimizer = new Optimizer(net, cfg);
    this.gw = new Float32Array(net.weights.length);
    this.gb = new Float32Array(net.bias.length);
    this.frontGrads = net.front ? frontGrads(net.front) : undefined;
  }

  /**
   * The learning rate of the next steps: `cfg.lr` until a schedule (the baseline's decay) sets another. Every path
   * honours it: the reference optimizer reads it, the kernels receive it with every step, and so does TF.js.
   */
  get learningRate(): number {
    return this.optimizer.lr;
  }

  set learningRate(lr: number) {
    this.optimizer.lr = lr;
  }

  /**
   * Trains from now on against the labels mixed with a teacher's probabilities for every training row (see
   * `SoftTargets`), on either path (the kernels take the targets per batch; evaluations score the labels). An engine
   * that overrides `epoch()` must say whether it honours this (`distills`).
   */
  distillFrom(soft: SoftTargets): void {
    if (soft.probs.length !== this.train.rows * this.net.outputs)
      throw new Error(`distillation targets for ${soft.probs.length} values, expected rows x outputs`);
    this.soft = soft;
  }

  /** Whether `distillFrom` changes this trainer's epochs (the TF.js engine's do not). */
  get distills(): boolean {
    return true;
  }

  structureChanged(): void {
    this.net.applyMask();
    this.plan = compilePlan(this.net);
    this.optimizer.resetInactive();
    this.device?.invalidate();
  }

  /** The compute path this trainer's epochs and evaluations take (decided on first use). */
  get kernelInfo(): KernelInfo {
    const device = this.kernels();
    return device ? { ...this.kernelState!, activeThreads: device.trainThreads } : this.kernelState!;
  }

  private kernels(): KernelDevice | undefined {
    if (!this.kernelState) {
      const r = trainingDevice(this.net, this.cfg, this.ws.maxBatch, this.optimizer, this.kernelOptions);
      this.device = r.device;
      this.kernelState = r.info;
    }
    return this.device;
  }

  async epoch(): Promise<EpochStats> {
    const device = this.kernels();
    if (!device) return this.referenceEpoch();
    device.distill(this.soft);
    const { train, ws, optimizer, cfg } = this;
    const n = train.rows;
    const idx = permutation(n, this.rng);
    let loss = 0;
    let correct = 0;
    device.bindTable(train.x, train.y, train.rows);
    device.upload(true);
    try {
      for (let from = 0; from < n; from += ws.maxBatch) {
        const B = Math.min(ws.maxBatch, n - from);
        optimizer.t++;
        const { lr, t } = optimizer;
        device.trainStep(train.x, train.y, idx, from, B, lr, adamStepSize(lr, cfg, t), adamSqrtC2(cfg, t));
        loss += device.lastLoss;
        correct += device.lastCorrect;
        await this.yielder.maybeYield();
        this.yielder.checkCancelled();
      }
    } finally {
      // Also on cancel: the reference path leaves the partly trained weights in place, and so does this one.
      device.download();
      this.net.touch();
    }
    const v = this.validate();
    return { trainLoss: loss / n, trainAccuracy: correct / n, validationLoss: v.loss, validationAccuracy: v.accuracy };
  }

  private async referenceEpoch(): Promise<EpochStats> {
    const { train, ws, gw, gb } = this;
    const n = train.rows;
    const idx = permutation(n, this.rng);
    let loss = 0;
    let correct = 0;
    for (let from = 0; from < n; from += ws.maxBatch) {
      const B = Math.min(ws.maxBatch, n - from);
      loadBatch(ws, train.x, idx, from, B);
      forward(ws, this.plan, B);
      const r = softmaxCrossEntropy(ws, train.y, idx, from, B, true, undefined, this.soft);
      loss += r.loss;
      correct += r.correct;
      const { widx, targets } = this.plan;
      for (let k = 0; k < widx.length; k++) gw[widx[k]!] = 0;
      for (let e = 0; e < targets.length; e++) gb[targets[e]!] = 0;
      backward(ws, this.plan, B, gw, gb);
      if (this.frontGrads) {
        zeroGrads(this.frontGrads);
        backwardFront(ws, this.plan, B, this.frontGrads);
      }
      this.optimizer.step(this.plan, gw, gb, this.frontGrads);
      this.net.touch();
      await this.yielder.maybeYield();
      this.yielder.checkCancelled();
    }
    const v = this.validate();
    return { trainLoss: loss / n, trainAccuracy: correct / n, validationLoss: v.loss, validationAccuracy: v.accuracy };
  }

  validate(): { accuracy: number; loss: number } {
    return this.evaluate(this.validation);
  }

  evaluate(table: Table): { accuracy: number; loss: number } {
    const device = this.kernels();
    if (!device) return evaluate(this.plan, this.evalWs, table.x, table.y, table.rows);
    device.upload(false);
    return device.evaluate(table.x, table.y, table.rows);
  }

  /**
   * Runs forward and backward over `batches` shuffled mini-batches (or the whole split) without updating, calling
   * `visit` after each so that operations can read activations (`ws.act`) and dL/dz (`ws.grad`). With `withGrad`
   * and a conv front end, `frontGrads` ends up holding dL/dW of every kernel weight summed over the probe batches.
   */
  probe(batches: number, fullData: boolean, withGrad: boolean, visit: (B: number) => void): void {
    const { train, ws, gw, gb } = this;
    const n = train.rows;
    const idx = permutation(n, this.rng);
    const limit = fullData ? n : Math.min(n, batches * ws.maxBatch);
    if (withGrad && this.frontGrads) zeroGrads(this.frontGrads);
    // A network with a conv front end probes on the kernels, which copy what visitors read into `ws`.
    const device = this.net.front ? this.kernels() : undefined;
    device?.upload(false);
    const front = ws.front;
    for (let from = 0; from < limit; from += ws.maxBatch) {
      const B = Math.min(ws.maxBatch, limit - from);
      if (device && front) {
        const into = { act: ws.act, grad: ws.grad, outs: front.outs };
        device.probeBatch(train.x, train.y, idx, from, B, withGrad, into, this.frontGrads);
        visit(B);
        continue;
      }
      loadBatch(ws, train.x, idx, from, B);
      forward(ws, this.plan, B);
      if (withGrad) {
        softmaxCrossEntropy(ws, train.y, idx, from, B, true);
        backward(ws, this.plan, B, gw, gb);
        if (this.frontGrads) backwardFront(ws, this.plan, B, this.frontGrads);
      }
      visit(B);
    }
  }
}
