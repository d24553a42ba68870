import { FrontWorkspace, type FrontGrads } from './convFront';
import type { Network } from './network';
import { compilePlan, type Plan } from './plan';

/**
 * Activations of one batch, unit-major: row u (B values) of `act` holds unit u for every sample, so every inner
 * loop below runs over contiguous memory. `grad` holds dL/dz for every target (row t). A network with a conv front
 * end also has the front end's buffers (`front`) and the gradient of the dense part's inputs (`dInputs`, unit-major
 * like `act`), which the front end's backward pass starts from.
 */
export class Workspace {
  readonly act: Float32Array;
  readonly grad: Float32Array;
  readonly front: FrontWorkspace | undefined;
  readonly dInputs: Float32Array;
  constructor(
    readonly net: Network,
    readonly maxBatch: number,
  ) {
    this.act = new Float32Array((net.inputs + net.targets) * maxBatch);
    this.grad = new Float32Array(net.targets * maxBatch);
    this.front = net.front ? new FrontWorkspace(net.front, maxBatch) : undefined;
    this.dInputs = new Float32Array(net.front ? net.inputs * maxBatch : 0);
  }
}

/**
 * Copies rows `idx[from..from+B)` of row-major `x` into the input rows of the workspace (transposing). With a conv
 * front end, `x` holds images (HWC rows) and the input rows get the front end's flattened output.
 */
export function loadBatch(ws: Workspace, x: Float32Array, idx: ArrayLike<number>, from: number, B: number): void {
  if (ws.front) {
    ws.front.load(x, idx, from, B);
    ws.front.forward(B, ws.act, 0);
    return;
  }
  const d = ws.net.inputs;
  const act = ws.act;
  for (let b = 0; b < B; b++) {
    const xo = idx[from + b]! * d;
    for (let i = 0; i < d; i++) act[i * B + b] = x[xo + i]!;
  }
}

/** Forward pass over a loaded batch of B samples; logits end up in the output rows of `act`. */
export function forward(ws: Workspace, plan: Plan, B: number): void {
  const { act, net } = ws;
  const w = net.weights;
  const bias = net.bias;
  const linear = net.linear;
  const d = net.inputs;
  const { targets, start, srcs, widx, hiddenTargets } = plan;
  for (let e = 0; e < targets.length; e++) {
    const t = targets[e]!;
    const zo = (d + t) * B;
    const bv = bias[t]!;
    for (let b = 0; b < B; b++) act[zo + b] = bv;
    const end = start[e + 1]!;
    let k = start[e]!;
    // Two sources per pass halves the read/write traffic on the accumulator row.
    for (; k + 1 < end; k += 2) {
      const w0 = w[widx[k]!]!;
      const w1 = w[widx[k + 1]!]!;
      const s0 = srcs[k]! * B;
      const s1 = srcs[k + 1]! * B;
      for (let b = 0; b < B; b++) act[zo + b] += w0 * act[s0 + b]! + w1 * act[s1 + b]!;
    }
    if (k < end) {
      const w0 = w[widx[k]!]!;
      const s0 = srcs[k]! * B;
      for (let b = 0; b < B; b++) act[zo + b] += w0 * act[s0 + b]!;
    }
    if (e < hiddenTargets && !linear[t]) for (let b = 0; b < B; b++) if (act[zo + b]! < 0) act[zo + b] = 0;
  }
}

/**
 * Softmax cross-entropy on the output rows: writes dL/dlogits (mean over the batch) into `grad`, returns the
 * summed loss and the number of correct argmax predictions. `correctOut[from + b]` gets 1 or 0 per sample when given
 * (the per-row flags a paired comparison of two networks needs).
 */
/**
 * A teacher's predicted class probabilities for every row of the training table (row-major rows x outputs), mixed
 * into the targets with `weight`: the target of a row is (1 - weight) x its one-hot label + weight x the teacher's
 * probabilities (knowledge distillation at temperature 1).
 */
export interface SoftTargets {
  probs: Float32Array;
  weight: number;
}

/**
 * Softmax cross-entropy of a batch against its labels, or with `soft` against the labels mixed with a teacher's
 * probabilities: loss = -sum_o target_o log p_o, whose gradient wrt the logits is p - target. The returned `correct`
 * always counts agreement with the labels.
 */
export function softmaxCrossEntropy(
  ws: Workspace,
  labels: Int32Array,
  idx: ArrayLike<number>,
  from: number,
  B: number,
  withGrad: boolean,
  correctOut?: Uint8Array,
  soft?: SoftTargets,
): { loss: number; correct: number } {
  const { act, grad, net } = ws;
  const c = net.outputs;
  const base = net.inputs + net.capacity;
  let loss = 0;
  let correct = 0;
  for (let b = 0; b < B; b++) {
    let max = -Infinity;
    let arg = 0;
    for (let o = 0; o < c; o++) {
      const v = act[(base + o) * B + b]!;
      if (v > max) {
        max = v;
        arg = o;
      }
    }
    let sum = 0;
    for (let o = 0; o < c; o++) sum += Math.exp(act[(base + o) * B + b]! - max);
    const row = idx[from + b]!;
    const y = labels[row]!;
    const logSum = Math.log(sum);
    if (arg === y) correct++;
    if (correctOut) correctOut[from + b] = arg === y ? 1 : 0;
    if (!soft) {
      loss += logSum - (act[(base + y) * B + b]! - max);
      if (withGrad) {
        for (let o = 0; o < c; o++) {
          const p = Math.exp(act[(base + o) * B + b]! - max) / sum;
          grad[(net.capacity + o) * B + b] = (p - (o === y ? 1 : 0)) / B;
        }
      }
      continue;
    }
    const w = soft.weight;
    for (let o = 0; o < c; o++) {
      const target = (1 - w) * (o === y ? 1 : 0) + w * soft.probs[row * c + o]!;
      const logP = act[(base + o) * B + b]! - max - logSum;
      if (target > 0) loss -= target * logP;
      if (withGrad) grad[(net.capacity + o) * B + b] = (Math.exp(logP) - target) / B;
    }
  }
  return { loss, correct };
}

/**
 * Backward pass: from dL/dlogits in `grad`, accumulates dL/dw into `gw` (active positions only) and dL/db into
 * `gb`. Hidden rows of `grad` are overwritten with dL/dz of each hidden neuron, which connection growth reuses.
 */
export function backward(ws: Workspace, plan: Plan, B: number, gw: Float32Array, gb: Float32Array): void {
  const { act, grad, net } = ws;
  const w = net.weights;
  const linear = net.linear;
  const d = net.inputs;
  const { targets, start, srcs, widx, hiddenTargets } = plan;
  for (let e = 0; e < hiddenTargets; e++) grad.fill(0, targets[e]! * B, targets[e]! * B + B);
  for (let e = targets.length - 1; e >= 0; e--) {
    const t = targets[e]!;
    const go = t * B;
    if (e < hiddenTargets && !linear[t]) {
      const ao = (d + t) * B;
      for (let b = 0; b < B; b++) if (act[ao + b]! <= 0) grad[go + b] = 0;
    }
    let gbs = 0;
    for (let b = 0; b < B; b++) gbs += grad[go + b]!;
    gb[t] = gb[t]! + gbs;
    for (let k = start[e]!; k < start[e + 1]!; k++) {
      const src = srcs[k]!;
      const so = src * B;
      let dot = 0;
      for (let b = 0; b < B; b++) dot += grad[go + b]! * act[so + b]!;
      gw[widx[k]!] = gw[widx[k]!]! + dot;
      if (src >= d) {
        const wv = w[widx[k]!]!;
        const ho = (src - d) * B;
        for (let b = 0; b < B; b++) grad[ho + b] = grad[ho + b]! + wv * grad[go + b]!;
      }
    }
  }
}

/**
 * After `backward`, the conv front end's backward pass: dL/d(dense inputs) from every active input connection, then
 * through the front end into `grads` (accumulated, every kernel weight included). No-op without a front end.
 */
export function backwardFront(ws: Workspace, plan: Plan, B: number, grads: FrontGrads): void {
  if (!ws.front) return;
  const { grad, dInputs, net } = ws;
  const w = net.weights;
  const d = net.inputs;
  dInputs.fill(0, 0, d * B);
  const { targets, start, srcs, widx } = plan;
  for (let e = 0; e < targets.length; e++) {
    const go = targets[e]! * B;
    for (let k = start[e]!; k < start[e + 1]!; k++) {
      const src = srcs[k]!;
      if (src >= d) continue;
      const wv = w[widx[k]!]!;
      const io = src * B;
      for (let b = 0; b < B; b++) dInputs[io + b] = dInputs[io + b]! + wv * grad[go + b]!;
    }
  }
  ws.front.backward(B, dInputs, 0, grads);
}

/**
 * Logits of row-major `x` (n rows) as row-major n x outputs, `batch` rows per forward pass: the reference the
 * kernels' forward pass is tested against.
 */
export function referenceLogits(net: Network, x: Float32Array, n: number, batch: number): Float32Array {
  const plan = compilePlan(net);
  const ws = new Workspace(net, Math.min(batch, Math.max(1, n)));
  const c = net.outputs;
  const out = new Float32Array(n * c);
  const base = net.inputs + net.capacity;
  const seq = identity(n);
  for (let from = 0; from < n; from += ws.maxBatch) {
    const B = Math.min(ws.maxBatch, n - from);
    loadBatch(ws, x, seq, from, B);
    forward(ws, plan, B);
    for (let b = 0; b < B; b++) for (let o = 0; o < c; o++) out[(from + b) * c + o] = ws.act[(base + o) * B + b]!;
  }
  return out;
}

/** Softmax of every row of row-major `z` (n x c), in place. */
export function softmaxRows(z: Float32Array, n: number, c: number): Float32Array {
  for (let r = 0; r < n; r++) {
    const row = r * c;
    let max = -Infinity;
    for (let o = 0; o < c; o++) max = Math.max(max, z[row + o]!);
    let sum = 0;
    for (let o = 0; o < c; o++) sum += Math.exp(z[row + o]! - max);
    for (let o = 0; o < c; o++) z[row + o] = Math.exp(z[row + o]! - max) / sum;
  }
  return z;
}

/**
 * Rows per forward pass when a table is scored. The loss is summed per pass, so the summation order, and with it
 * the last bits of a mean loss, depend on it: the trainer, its kernels and the inference-only scorer all use this.
 */
export const EVAL_BATCH = 512;

/** Accuracy and mean loss of `net` on a table; per-row correct flags (1/0) into `flags` (n entries) when given. */
export function evaluate(
  plan: Plan,
  ws: Workspace,
  x: Float32Array,
  y: Int32Array,
  n: number,
  flags?: Uint8Array,
): { accuracy: number; loss: number } {
  const seq = identity(n);
  let loss = 0;
  let correct = 0;
  for (let from = 0; from < n; from += ws.maxBatch) {
    const B = Math.min(ws.maxBatch, n - from);
    loadBatch(ws, x, seq, from, B);
    forward(ws, plan, B);
    const r = softmaxCrossEntropy(ws, y, seq, from, B, false, flags);
    loss += r.loss;
    correct += r.correct;
  }
  return { accuracy: n ? correct / n : 0, loss: n ? loss / n : 0 };
}

const identities = new Map<number, Int32Array>();
export function identity(n: number): Int32Array {
  let a = identities.get(n);
  if (!a) {
    a = new Int32Array(n);
    for (let i = 0; i < n; i++) a[i] = i;
    identities.set(n, a);
  }
  return a;
}
