import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import type { TrainConfig } from '../../protocol/config';
import type { Table } from '../data/types';
import type { Network } from '../core/network';
import { permutation, type Rng } from '../core/random';
import { Trainer, type EpochStats } from '../training/trainer';
import type { Yielder } from '../training/yielder';
import type { Tf } from './backend';
import { batchTensors, forwardBackward, stageParams } from './graph';
import { compileLayout, gatherKernel, scatterKernel, type Layout } from './layout';
import { applyUpdate, type Slot } from './optimizer';

interface StageSlots {
  w?: Slot;
  b: Slot;
  mask?: Tensor;
}

/**
 * Trains with TF.js. Everything else (operations, probes, evaluation, snapshots) stays on the reference path,
 * which reads `net.weights`: so each epoch uploads the network and the optimizer state, trains, and writes both
 * back. The optimizer state lives here in the network's dense layout, like the builtin optimizer's, so it
 * survives structural changes the same way (reset where a connection is absent).
 */
export const TFJS_NO_LINEAR_UNITS =
  'the tfjs engine has no linear hidden units, which a DR layer (reduce.as: layer) needs: use engine: builtin';

export class TfjsTrainer extends Trainer {
  private layout: Layout | undefined;
  private readonly mw: Float32Array;
  private readonly vw: Float32Array;
  private readonly mb: Float32Array;
  private readonly vb: Float32Array;
  private steps = 0;

  constructor(
    private readonly tf: Tf,
    net: Network,
    train: Table,
    validation: Table,
    cfg: TrainConfig,
    rng: Rng,
    yielder?: Yielder,
  ) {
    super(net, train, validation, cfg, rng, yielder);
    // Its stages are whole levels with one activation each; the config check refuses this pairing before a run.
    if (net.hasLinearUnits()) throw new Error(TFJS_NO_LINEAR_UNITS);
    const adam = cfg.optimizer === 'adam';
    this.mw = new Float32Array(net.weights.length);
    this.vw = new Float32Array(adam ? net.weights.length : 0);
    this.mb = new Float32Array(net.bias.length);
    this.vb = new Float32Array(adam ? net.bias.length : 0);
  }

  /** TF.js computes its own loss from the labels: distillation targets are not used. */
  override get distills(): boolean {
    return false;
  }

  override structureChanged(): void {
    super.structureChanged();
    this.layout = undefined;
    const { mask } = this.net;
    for (let i = 0; i < mask.length; i++) {
      if (mask[i]) continue;
      this.mw[i] = 0;
      if (this.vw.length) this.vw[i] = 0;
    }
  }

  override async epoch(): Promise<EpochStats> {
    const { tf, net, train } = this;
    const layout = (this.layout ??= compileLayout(net));
    const slots = this.upload(layout);
    const n = train.rows;
    const idx = permutation(n, this.rng);
    const batch = this.ws.maxBatch;
    let loss = 0;
    let correct = 0;
    try {
      for (let from = 0; from < n; from += batch) {
        const B = Math.min(batch, n - from);
        this.steps++;
        const stats = tf.tidy(() => {
          const t = batchTensors(tf, train.x, train.y, net.inputs, net.outputs, idx, from, B);
          const params = slots.map((s) => ({ b: s.b.p, ...(s.w ? { w: s.w.p, mask: s.mask! } : {}) }));
          const r = forwardBackward(tf, layout, params, t.x, t.onehot, t.labels);
          slots.forEach((s, i) => {
            if (s.w) applyUpdate(tf, this.cfg, this.learningRate, this.steps, s.w, r.dw[i]!);
            applyUpdate(tf, this.cfg, this.learningRate, this.steps, s.b, r.db[i]!);
          });
          return tf.stack([r.lossSum, r.correct]).dataSync();
        });
        loss += stats[0]!;
        correct += stats[1]!;
        await this.yielder.maybeYield();
        this.yielder.checkCancelled();
      }
    } finally {
      // Also on cancel: the builtin engine leaves the partly trained weights in place, and so does this one.
      this.download(layout, slots);
      this.net.touch();
    }
    const v = this.validate();
    return { trainLoss: loss / n, trainAccuracy: correct / n, validationLoss: v.loss, validationAccuracy: v.accuracy };
  }

  private upload(layout: Layout): StageSlots[] {
    const { tf, net } = this;
    const adam = this.cfg.optimizer === 'adam';
    // A variable shares its initial tensor's data; the tensor itself must still be released.
    const variable = (t: Tensor): Variable => {
      const v = tf.variable(t);
      t.dispose();
      return v;
    };
    return layout.stages.map((st, s) => {
      const p = stageParams(tf, net, layout, s);
      const state = (values: Float32Array): Float32Array => Float32Array.from(st.targets, (t) => values[t]!);
      const b: Slot = {
        p: variable(p.b),
        m: variable(tf.tensor1d(state(this.mb))),
        decay: false,
        ...(adam ? { v: variable(tf.tensor1d(state(this.vb))) } : {}),
      };
      if (!p.w || !p.mask) return { b };
      const shape = p.w.shape as [number, number];
      const w: Slot = {
        p: variable(p.w),
        m: variable(tf.tensor2d(gatherKernel(net, st, this.mw), shape)),
        decay: true,
        ...(adam ? { v: variable(tf.tensor2d(gatherKernel(net, st, this.vw), shape)) } : {}),
      };
      return { w, b, mask: p.mask };
    });
  }

  private download(layout: Layout, slots: StageSlots[]): void {
    const { net } = this;
    layout.stages.forEach((st, s) => {
      const { w, b, mask } = slots[s]!;
      const bias = b.p.dataSync();
      const mb = b.m.dataSync();
      const vb = b.v?.dataSync();
      st.targets.forEach((t, j) => {
        net.bias[t] = bias[j]!;
        this.mb[t] = mb[j]!;
        if (vb) this.vb[t] = vb[j]!;
      });
      if (w) {
        scatterKernel(net, st, w.p.dataSync() as Float32Array, net.weights);
        scatterKernel(net, st, w.m.dataSync() as Float32Array, this.mw);
        if (w.v) scatterKernel(net, st, w.v.dataSync() as Float32Array, this.vw);
      }
      for (const slot of [w, b]) {
        slot?.p.dispose();
        slot?.m.dispose();
        slot?.v?.dispose();
      }
      mask?.dispose();
    });
  }
}
