import type { TrainConfig } from '../protocol/config';
import {
  backward,
  compilePlan,
  evaluate,
  forward,
  loadBatch,
  softmaxCrossEntropy,
  Workspace,
  type Plan,
} from './compute';
import type { Table } from './data/types';
import type { Network } from './network';
import { Optimizer } from './optimizer';
import { permutation, type Rng } from './random';

export interface EpochStats {
  trainLoss: number;
  trainAccuracy: number;
  validationLoss: number;
  validationAccuracy: number;
}

/** Lets long synchronous work hand control back (engine-process IPC, cancel) and stop when asked. */
export interface Yielder {
  /** Called between batches; resolves after giving the event loop a turn when enough time has passed. */
  maybeYield(): Promise<void>;
  /** Throws the run's cancellation error if the run was cancelled. */
  checkCancelled(): void;
}

export const noYield: Yielder = { maybeYield: async () => undefined, checkCancelled: () => undefined };

/**
 * Trains one network on one prepared split. The evaluation plan is recompiled only when the structure changes
 * (`structureChanged`), which every operation must call.
 *
 * `net.weights` is always the truth: another engine (see `engines.ts`) may train elsewhere by overriding
 * `epoch()`, but must leave the weights there after every epoch, because operations, selection snapshots and
 * evaluation read them through the reference compute path.
 */
export class Trainer {
  plan: Plan;
  readonly ws: Workspace;
  private evalWs: Workspace;
  protected readonly optimizer: Optimizer;
  readonly gw: Float32Array;
  readonly gb: Float32Array;

  constructor(
    readonly net: Network,
    protected readonly train: Table,
    protected readonly validation: Table,
    readonly cfg: TrainConfig,
    protected readonly rng: Rng,
    protected readonly yielder: Yielder = noYield,
  ) {
    this.plan = compilePlan(net);
    this.ws = new Workspace(net, Math.min(cfg.batch, Math.max(1, train.rows)));
    this.evalWs = new Workspace(net, 512);
    this.optimizer = new Optimizer(net, cfg);
    this.gw = new Float32Array(net.weights.length);
    this.gb = new Float32Array(net.bias.length);
  }

  structureChanged(): void {
    this.net.applyMask();
    this.plan = compilePlan(this.net);
    this.optimizer.resetInactive();
  }

  async epoch(): Promise<EpochStats> {
    const { train, ws, gw, gb } = this;
    const n = train.rows;
    const idx = permutation(n, this.rng);
    let loss = 0;
    let correct = 0;
    for (let from = 0; from < n; from += ws.maxBatch) {
      const B = Math.min(ws.maxBatch, n - from);
      loadBatch(ws, train.x, idx, from, B);
      forward(ws, this.plan, B);
      const r = softmaxCrossEntropy(ws, train.y, idx, from, B, true);
      loss += r.loss;
      correct += r.correct;
      const { widx, targets } = this.plan;
      for (let k = 0; k < widx.length; k++) gw[widx[k]!] = 0;
      for (let e = 0; e < targets.length; e++) gb[targets[e]!] = 0;
      backward(ws, this.plan, B, gw, gb);
      this.optimizer.step(this.plan, gw, gb);
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
    return evaluate(this.plan, this.evalWs, table.x, table.y, table.rows);
  }

  /**
   * Runs forward and backward over `batches` shuffled mini-batches (or the whole split) without updating, calling
   * `visit` after each so that operations can read activations (`ws.act`) and dL/dz (`ws.grad`).
   */
  probe(batches: number, fullData: boolean, withGrad: boolean, visit: (B: number) => void): void {
    const { train, ws, gw, gb } = this;
    const n = train.rows;
    const idx = permutation(n, this.rng);
    const limit = fullData ? n : Math.min(n, batches * ws.maxBatch);
    for (let from = 0; from < limit; from += ws.maxBatch) {
      const B = Math.min(ws.maxBatch, limit - from);
      loadBatch(ws, train.x, idx, from, B);
      forward(ws, this.plan, B);
      if (withGrad) {
        softmaxCrossEntropy(ws, train.y, idx, from, B, true);
        backward(ws, this.plan, B, gw, gb);
      }
      visit(B);
    }
  }
}
