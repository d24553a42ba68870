import type { Scalar, Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import type { Network } from '../core/network';
import type { Tf } from './backend';
import { compileLayout, gatherKernel, scatterKernel, type Layout } from './layout';

/** A stage's parameters: the masked kernel (absent when the stage has no sources) and the biases. */
export interface StageParams {
  w?: Tensor;
  b: Tensor;
  /** 0/1, the kernel's shape: gradients of absent connections are zeroed with it. */
  mask?: Tensor;
}

export interface BatchResult {
  /** Summed (not mean) cross-entropy of the batch, and its correct argmax predictions. */
  lossSum: Scalar;
  correct: Scalar;
  /** dL/dkernel (masked) and dL/dbias per stage, of the mean loss: what the builtin backward pass computes. */
  dw: (Tensor | undefined)[];
  db: Tensor[];
}

/**
 * Forward and backward pass of one batch, written out with TF.js kernels rather than autodiff: tfjs-core alone
 * registers no gradients (they live in the union package), and the explicit pass lets the masked DAG skip
 * whatever a level does not read. Call inside `tf.tidy`.
 */
export function forwardBackward(
  tf: Tf,
  layout: Layout,
  params: StageParams[],
  x: Tensor2D,
  onehot: Tensor2D,
  labels: Tensor1D,
): BatchResult {
  const B = x.shape[0];
  const hidden: Tensor2D[] = [];
  const banks: (Tensor2D | undefined)[] = [];
  let logits: Tensor2D | undefined;
  layout.stages.forEach((st, s) => {
    const p = params[s]!;
    const parts: Tensor2D[] = st.useInputs ? [x] : [];
    for (let L = st.fromLevel; L < st.toLevel; L++) parts.push(hidden[L - 1]!);
    const bank = parts.length === 0 ? undefined : parts.length === 1 ? parts[0]! : tf.concat(parts, 1);
    banks.push(bank);
    const activation = st.hidden ? 'relu' : 'linear';
    const z =
      bank && p.w
        ? tf.fused.matMul({ a: bank, b: p.w, bias: p.b, activation })
        : activation === 'relu'
          ? tf.relu(tf.add(tf.zeros([B, st.targets.length]), p.b))
          : tf.add(tf.zeros([B, st.targets.length]), p.b);
    if (st.hidden) hidden.push(z as Tensor2D);
    else logits = z as Tensor2D;
  });
  const out = logits!;
  const logp = tf.logSoftmax(out);
  const lossSum = tf.neg(tf.sum(tf.mul(onehot, logp))) as Scalar;
  const correct = tf.sum(tf.cast(tf.equal(tf.argMax(out, 1), labels), 'float32')) as Scalar;

  const dw: (Tensor | undefined)[] = new Array<Tensor | undefined>(layout.stages.length);
  const db: Tensor[] = new Array<Tensor>(layout.stages.length);
  const dHidden: (Tensor | undefined)[] = new Array<Tensor | undefined>(layout.depth);
  for (let s = layout.stages.length - 1; s >= 0; s--) {
    const st = layout.stages[s]!;
    const p = params[s]!;
    let dz: Tensor2D;
    if (!st.hidden) {
      dz = tf.div(tf.sub(tf.exp(logp), onehot), B) as Tensor2D;
    } else {
      const h = hidden[s]!;
      // A level nobody reads has a zero gradient (weight decay and momentum still act on it).
      dz = (dHidden[s] ? tf.mul(dHidden[s]!, tf.step(h)) : tf.zerosLike(h)) as Tensor2D;
    }
    db[s] = tf.sum(dz, 0);
    const bank = banks[s];
    if (!bank || !p.w || !p.mask) continue;
    dw[s] = tf.mul(tf.matMul(bank, dz, true, false), p.mask);
    if (st.levelWidths.length === 0) continue;
    const rows = st.sources.length;
    const wHidden = st.inputRows > 0 ? tf.slice(p.w, [st.inputRows, 0], [rows - st.inputRows, -1]) : p.w;
    const dBank = tf.matMul(dz, wHidden, false, true);
    const pieces = st.levelWidths.length === 1 ? [dBank] : tf.split(dBank, st.levelWidths, 1);
    pieces.forEach((g, i) => {
      const k = st.fromLevel - 1 + i;
      dHidden[k] = dHidden[k] ? tf.add(dHidden[k]!, g) : g;
    });
  }
  return { lossSum, correct, dw, db };
}

/** Row-major features and class indices of the rows `idx[from..from+B)`, as tensors for `forwardBackward`. */
export function batchTensors(
  tf: Tf,
  x: Float32Array,
  y: Int32Array,
  d: number,
  classes: number,
  idx: ArrayLike<number>,
  from: number,
  B: number,
): { x: Tensor2D; onehot: Tensor2D; labels: Tensor1D } {
  const xb = new Float32Array(B * d);
  const oh = new Float32Array(B * classes);
  const lb = new Int32Array(B);
  for (let b = 0; b < B; b++) {
    const r = idx[from + b]!;
    xb.set(x.subarray(r * d, r * d + d), b * d);
    lb[b] = y[r]!;
    oh[b * classes + y[r]!] = 1;
  }
  return { x: tf.tensor2d(xb, [B, d]), onehot: tf.tensor2d(oh, [B, classes]), labels: tf.tensor1d(lb, 'int32') };
}

/** Uploads a stage's kernel, bias and mask from the network. */
export function stageParams(tf: Tf, net: Network, layout: Layout, s: number): StageParams {
  const st = layout.stages[s]!;
  const n = st.targets.length;
  const b = tf.tensor1d(Float32Array.from(st.targets, (t) => net.bias[t]!));
  if (st.sources.length === 0) return { b };
  const shape: [number, number] = [st.sources.length, n];
  const mask = gatherKernel(net, st, net.mask);
  const w = gatherKernel(net, st, net.weights).map((v, i) => (mask[i] ? v : 0));
  return { w: tf.tensor2d(w, shape), b, mask: tf.tensor2d(mask, shape) };
}

/**
 * Gradients of the mean loss over all `rows` of a table (one batch, in row order), in the network's dense layout:
 * the TF.js side of the engine cross-check.
 */
export function tfjsGradients(
  tf: Tf,
  net: Network,
  x: Float32Array,
  y: Int32Array,
  rows: number,
): { loss: number; gw: Float32Array; gb: Float32Array } {
  const layout = compileLayout(net);
  const gw = new Float32Array(net.weights.length);
  const gb = new Float32Array(net.bias.length);
  const loss = tf.tidy(() => {
    const params = layout.stages.map((_, s) => stageParams(tf, net, layout, s));
    const idx = Int32Array.from({ length: rows }, (_, i) => i);
    const batch = batchTensors(tf, x, y, net.inputs, net.outputs, idx, 0, rows);
    const r = forwardBackward(tf, layout, params, batch.x, batch.onehot, batch.labels);
    layout.stages.forEach((st, s) => {
      const dw = r.dw[s];
      if (dw) scatterKernel(net, st, dw.dataSync() as Float32Array, gw);
      const dbv = r.db[s]!.dataSync();
      st.targets.forEach((t, j) => (gb[t] = dbv[j]!));
    });
    return r.lossSum.dataSync()[0]! / rows;
  });
  return { loss, gw, gb };
}
