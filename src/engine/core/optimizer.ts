import type { TrainConfig } from '../../protocol/config';
import type { FrontGrads } from './convFront';
import type { Network } from './network';
import type { Plan } from './plan';

/**
 * Adam's bias-corrected step size at step t (1-based): lr / (1 - beta1^t). Shared with the kernels. The learning
 * rate is an argument rather than `cfg.lr` because a schedule (the baseline's decay) changes it during training.
 */
export function adamStepSize(lr: number, cfg: TrainConfig, t: number): number {
  return lr / (1 - Math.pow(cfg.beta1, t));
}

/** sqrt(1 - beta2^t): the second moment's bias correction, applied as in PyTorch. */
export function adamSqrtC2(cfg: TrainConfig, t: number): number {
  return Math.sqrt(1 - Math.pow(cfg.beta2, t));
}

export const ADAM_EPS = 1e-8;

/**
 * SGD (momentum, Nesterov, L2 weight decay) and Adam, following PyTorch's update rules so results can be
 * cross-checked against it. Only active connections are updated, so masked weights stay exactly zero; weight
 * decay applies to weights, not biases.
 *
 * The state is public because the kernel path (src/engine/kernels) trains with its own copy and hands it back
 * after every epoch, as it does the weights.
 */
export class Optimizer {
  /** SGD momentum buffer or Adam first moment, per weight position. */
  readonly m: Float32Array;
  readonly v: Float32Array;
  readonly mb: Float32Array;
  readonly vb: Float32Array;
  /** The same state for the conv front end's layers (`convLayers()` order): kernel weights, then biases. */
  readonly front: { m: Float32Array; v: Float32Array; mb: Float32Array; vb: Float32Array }[];
  /** Adam steps taken so far. */
  t = 0;
  /** The learning rate of the next steps: `cfg.lr` until a schedule changes it. */
  lr: number;

  constructor(
    private readonly net: Network,
    private readonly cfg: TrainConfig,
  ) {
    this.lr = cfg.lr;
    this.m = new Float32Array(net.weights.length);
    this.v = cfg.optimizer === 'adam' ? new Float32Array(net.weights.length) : new Float32Array(0);
    this.mb = new Float32Array(net.bias.length);
    this.vb = cfg.optimizer === 'adam' ? new Float32Array(net.bias.length) : new Float32Array(0);
    const adam = cfg.optimizer === 'adam';
    this.front = (net.front?.convLayers() ?? []).map((l) => ({
      m: new Float32Array(l.weights.length),
      v: new Float32Array(adam ? l.weights.length : 0),
      mb: new Float32Array(l.bias.length),
      vb: new Float32Array(adam ? l.bias.length : 0),
    }));
  }

  /** Forget the state of positions that are no longer (or newly) connections, after a structural change. */
  resetInactive(): void {
    const { mask } = this.net;
    for (let i = 0; i < mask.length; i++) {
      if (!mask[i]) {
        this.m[i] = 0;
        if (this.v.length) this.v[i] = 0;
      }
    }
    (this.net.front?.convLayers() ?? []).forEach((l, j) => {
      const st = this.front[j]!;
      for (let i = 0; i < l.mask.length; i++) {
        if (!l.mask[i]) {
          st.m[i] = 0;
          if (st.v.length) st.v[i] = 0;
        }
      }
      // A free channel's bias is 0 and nothing reads it, so its gradient is 0; left over, its momentum would still
      // move it, and the model file would show a dead channel where the run freed one.
      for (let c = 0; c < l.active.length; c++) {
        if (!l.active[c]) {
          st.mb[c] = 0;
          if (st.vb.length) st.vb[c] = 0;
        }
      }
    });
  }

  /**
   * One step of the dense part (active connections of `plan`) and, with `frontGrads`, of the conv front end (active
   * kernel weights, every bias), sharing the step count.
   */
  step(plan: Plan, gw: Float32Array, gb: Float32Array, frontGrads?: FrontGrads): void {
    const convs = frontGrads ? (this.net.front?.convLayers() ?? []) : [];
    const { weights, bias } = this.net;
    const { widx, targets } = plan;
    const wd = this.cfg.weightDecay;
    if (this.cfg.optimizer === 'adam') {
      this.t++;
      const { beta1, beta2 } = this.cfg;
      const stepSize = adamStepSize(this.lr, this.cfg, this.t);
      const eps = ADAM_EPS;
      const sqrtC2 = adamSqrtC2(this.cfg, this.t);
      const adam = (p: Float32Array, m: Float32Array, v: Float32Array, i: number, g: number): void => {
        const mi = beta1 * m[i]! + (1 - beta1) * g;
        const vi = beta2 * v[i]! + (1 - beta2) * g * g;
        m[i] = mi;
        v[i] = vi;
        p[i] = p[i]! - (stepSize * mi) / (Math.sqrt(vi) / sqrtC2 + eps);
      };
      for (let k = 0; k < widx.length; k++) {
        const i = widx[k]!;
        adam(weights, this.m, this.v, i, gw[i]! + wd * weights[i]!);
      }
      for (let e = 0; e < targets.length; e++) {
        const t = targets[e]!;
        adam(bias, this.mb, this.vb, t, gb[t]!);
      }
      convs.forEach((l, j) => {
        const st = this.front[j]!;
        const g = frontGrads!.weights[j]!;
        const gbias = frontGrads!.bias[j]!;
        for (let i = 0; i < l.weights.length; i++)
          if (l.mask[i]) adam(l.weights, st.m, st.v, i, g[i]! + wd * l.weights[i]!);
        for (let i = 0; i < l.bias.length; i++) adam(l.bias, st.mb, st.vb, i, gbias[i]!);
      });
      return;
    }
    const { momentum, nesterov } = this.cfg;
    const lr = this.lr;
    const sgd = (p: Float32Array, buf: Float32Array, i: number, g: number): void => {
      let d = g;
      if (momentum > 0) {
        const b = momentum * buf[i]! + g;
        buf[i] = b;
        d = nesterov ? g + momentum * b : b;
      }
      p[i] = p[i]! - lr * d;
    };
    for (let k = 0; k < widx.length; k++) {
      const i = widx[k]!;
      sgd(weights, this.m, i, gw[i]! + wd * weights[i]!);
    }
    for (let e = 0; e < targets.length; e++) {
      const t = targets[e]!;
      sgd(bias, this.mb, t, gb[t]!);
    }
    convs.forEach((l, j) => {
      const st = this.front[j]!;
      const g = frontGrads!.weights[j]!;
      const gbias = frontGrads!.bias[j]!;
      for (let i = 0; i < l.weights.length; i++) if (l.mask[i]) sgd(l.weights, st.m, i, g[i]! + wd * l.weights[i]!);
      for (let i = 0; i < l.bias.length; i++) sgd(l.bias, st.mb, i, gbias[i]!);
    });
  }
}
