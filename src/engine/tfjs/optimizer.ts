import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import type { TrainConfig } from '../../protocol/config';
import type { Tf } from './backend';

/** A parameter tensor with its optimizer state (momentum buffer or Adam moments). */
export interface Slot {
  p: Variable;
  m: Variable;
  /** Adam only. */
  v?: Variable;
  /** Weights decay, biases do not (as in the builtin optimizer). */
  decay: boolean;
}

/**
 * The update rules of src/engine/core/optimizer.ts on tensors, term for term (PyTorch's SGD with momentum / Nesterov
 * and L2 weight decay, Adam with its bias correction), so both engines follow the same trajectory up to float32
 * rounding. Masked kernel entries stay exactly 0: their gradient is 0 (masked) and so is their weight, hence
 * their decay term, momentum and moments, and the update 0 / (0 + eps).
 */
export function applyUpdate(tf: Tf, cfg: TrainConfig, lr: number, step: number, slot: Slot, grad: Tensor): void {
  const g = slot.decay && cfg.weightDecay > 0 ? tf.add(grad, tf.mul(slot.p, cfg.weightDecay)) : grad;
  if (cfg.optimizer === 'adam') {
    const { beta1, beta2 } = cfg;
    const c1 = 1 - Math.pow(beta1, step);
    const c2 = 1 - Math.pow(beta2, step);
    const m = tf.add(tf.mul(slot.m, beta1), tf.mul(g, 1 - beta1));
    const v = tf.add(tf.mul(slot.v!, beta2), tf.mul(tf.square(g), 1 - beta2));
    const denom = tf.add(tf.div(tf.sqrt(v), Math.sqrt(c2)), 1e-8);
    slot.m.assign(m);
    slot.v!.assign(v);
    slot.p.assign(tf.sub(slot.p, tf.div(tf.mul(m, lr / c1), denom)));
    return;
  }
  const { momentum, nesterov } = cfg;
  let d = g;
  if (momentum > 0) {
    const buf = tf.add(tf.mul(slot.m, momentum), g);
    slot.m.assign(buf);
    d = nesterov ? tf.add(g, tf.mul(buf, momentum)) : buf;
  }
  slot.p.assign(tf.sub(slot.p, tf.mul(d, lr)));
}
