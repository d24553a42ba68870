import type { DecodedModel } from '../model/decode';
import { buildFrontTables, simulateFront, type CFrontTables } from './cFrontTables';
import { planFront } from './frontPlan';
import { quantize, type StoredWeights, type WeightFormat } from './quantize';

export type { StoredWeights, WeightFormat };

/**
 * What the generated C evaluates, as flat tables. Targets are the hidden neurons in topological order, then the
 * outputs; the active sources of target n are `src[start[n] .. start[n + 1])` (unit ids: network inputs, then
 * hidden neurons). In int8 mode every target's incoming weights are one tensor with its own scale, and every
 * column of the DR matrix (one reduced feature) is one tensor.
 */
export interface CTables {
  rawFeatures: number;
  inputs: number;
  hidden: number;
  outputs: number;
  offset: Float32Array;
  scale: Float32Array;
  reduce?: { mean: Float32Array; matrix: StoredWeights };
  start: Int32Array;
  src: Int32Array;
  weights: StoredWeights;
  bias: Float32Array;
  /** Per hidden neuron, 1 for the identity (a DR layer's units); absent when every hidden neuron is ReLU. */
  linear?: Uint8Array;
  /** The conv front end, which turns the scaled image into the `inputs` values (its free channel slots left out). */
  front?: CFrontTables;
}

export function buildTables(decoded: DecodedModel, format: WeightFormat): CTables {
  const plan = decoded.front ? planFront(decoded) : undefined;
  const d = plan ? plan.dense : decoded;
  const targets = [...d.hidden, ...d.output];
  const start = new Int32Array(targets.length + 1);
  targets.forEach((n, t) => (start[t + 1] = start[t]! + n.sources.length));
  const src = new Int32Array(start[targets.length]!);
  const values = new Float32Array(src.length);
  targets.forEach((n, t) => {
    src.set(n.sources, start[t]!);
    values.set(n.weights, start[t]!);
  });
  const groups = Array.from({ length: targets.length }, (_, t) => rangeIndices(start[t]!, start[t + 1]!));
  const tables: CTables = {
    rawFeatures: d.rawFeatures,
    inputs: d.inputs,
    hidden: d.hidden.length,
    outputs: d.outputs,
    offset: d.scaler.offset,
    scale: d.scaler.scale,
    start,
    src,
    weights: format === 'int8' ? quantize(values, groups) : { kind: 'float32', values },
    bias: Float32Array.from(targets, (n) => n.bias),
  };
  if (plan) tables.front = buildFrontTables(plan.front, format);
  if (d.hidden.some((n) => n.linear)) tables.linear = Uint8Array.from(d.hidden, (n) => (n.linear ? 1 : 0));
  if (d.reduce) {
    const { inputs: r, outputs: k, matrix } = d.reduce;
    const columns = Array.from({ length: k }, (_, j) => Array.from({ length: r }, (_, i) => i * k + j));
    tables.reduce = {
      mean: d.reduce.mean,
      matrix: format === 'int8' ? quantize(matrix, columns) : { kind: 'float32', values: matrix },
    };
  }
  return tables;
}

function rangeIndices(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

/**
 * The generated C's arithmetic, step by step in float32 (`Math.fround` after every operation, in the C's
 * order), so tests and reports can tell what the C computes without a compiler. Returns row-major probabilities.
 */
export function simulateC(t: CTables, raw: Float32Array, rows: number): Float32Array {
  const f = Math.fround;
  const { rawFeatures: R, inputs: D, hidden: H, outputs: C } = t;
  const probs = new Float32Array(rows * C);
  const u = new Float32Array(D + H);
  const z = new Float32Array(C);
  for (let r = 0; r < rows; r++) {
    const x = raw.subarray(r * R, r * R + R);
    const scaled = (i: number): number => f(f(x[i]! - t.offset[i]!) * t.scale[i]!);
    if (t.front) {
      simulateFront(
        t.front,
        Float32Array.from({ length: R }, (_, i) => scaled(i)),
        u,
      );
    } else if (!t.reduce) {
      for (let i = 0; i < R; i++) u[i] = scaled(i);
    } else {
      const m = t.reduce.matrix;
      u.fill(0, 0, D);
      for (let i = 0; i < R; i++) {
        const v = f(scaled(i) - t.reduce.mean[i]!);
        for (let k = 0; k < D; k++) {
          const w = m.kind === 'float32' ? m.values[i * D + k]! : m.codes[i * D + k]!;
          u[k] = f(u[k]! + f(w * v));
        }
      }
      if (m.kind === 'int8') for (let k = 0; k < D; k++) u[k] = f(u[k]! * m.scales[k]!);
    }
    for (let n = 0; n < H + C; n++) {
      const w = t.weights;
      let acc = w.kind === 'float32' ? t.bias[n]! : 0;
      for (let k = t.start[n]!; k < t.start[n + 1]!; k++) {
        const wk = w.kind === 'float32' ? w.values[k]! : w.codes[k]!;
        acc = f(acc + f(wk * u[t.src[k]!]!));
      }
      if (w.kind === 'int8') acc = f(t.bias[n]! + f(w.scales[n]! * acc));
      if (n < H) u[D + n] = acc > 0 || t.linear?.[n] ? acc : 0;
      else z[n - H] = acc;
    }
    let max = z[0]!;
    for (let o = 1; o < C; o++) if (z[o]! > max) max = z[o]!;
    let sum = 0;
    const p = probs.subarray(r * C, r * C + C);
    for (let o = 0; o < C; o++) {
      p[o] = f(Math.exp(f(z[o]! - max)));
      sum = f(sum + p[o]!);
    }
    for (let o = 0; o < C; o++) p[o] = f(p[o]! / sum);
  }
  return probs;
}
