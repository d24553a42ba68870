import type { DecodedModel } from '../model/decode';
import { ModelError } from '../model/error';
import { planFront } from './frontPlan';
import { frontLayers, INITIALIZERS } from './tfjsFront';
import { hiddenLevels } from './levels';

/** The files of a TF.js layers model: `model.json` (topology + weights manifest) and `weights.bin`. */
export interface TfjsExport {
  modelJson: string;
  weights: Uint8Array;
  /** Dense layers (one per level of the DAG and activation, plus the DR transform and the outputs). */
  denseLayers: number;
  /** Stored kernel entries of the dense layers, zeros of absent connections included. */
  kernelEntries: number;
  /** Conv2D layers, their stored kernel entries (zeros of pruned weights included) and multiply-accumulates. */
  conv: { layers: number; kernelEntries: number; macs: number };
}

export const TFJS_WEIGHTS_FILE = 'weights.bin';

interface LayerJson {
  name: string;
  class_name: string;
  config: Record<string, unknown>;
  inbound_nodes: [string, number, number, Record<string, never>][][];
}

/**
 * A functional layers model computing what the engine computes. Scaling (and the DR mean) is a
 * BatchNormalization in inference mode: (x - offset) * rsqrt(1 / scale^2) - mean, the only stock layer with a
 * per-feature affine map. The DAG becomes one Dense layer per level (a level reads only inputs and lower levels),
 * over the concatenation of the tensors it reads, with zeros where there is no connection: a masked DAG in
 * standard layers, loadable by `tf.loadLayersModel` with no custom code. A conv front end comes between the scaling
 * and the dense part (tfjsFront.ts).
 */
export function tfjsExport(decoded: DecodedModel): TfjsExport {
  const plan = decoded.front ? planFront(decoded) : undefined;
  // With a conv front end, the dense part reads the flatten (free channel slots left out, see planFront).
  const d = plan ? plan.dense : decoded;
  const layers: LayerJson[] = [];
  const specs: { name: string; shape: number[]; dtype: 'float32' }[] = [];
  const chunks: Float32Array[] = [];
  const weight = (name: string, shape: number[], values: Float32Array): void => {
    specs.push({ name, shape, dtype: 'float32' });
    chunks.push(values);
  };
  const add = (name: string, className: string, config: Record<string, unknown>, inputs: string[]): string => {
    layers.push({
      name,
      class_name: className,
      config: { ...config, name, trainable: true },
      inbound_nodes: inputs.length ? [inputs.map((i) => [i, 0, 0, {}])] : [],
    });
    return name;
  };
  let denseLayers = 0;
  let kernelEntries = 0;
  const dense = (
    name: string,
    units: number,
    activation: string,
    input: string,
    kernel: Float32Array,
    bias?: Float32Array,
  ): string => {
    denseLayers++;
    kernelEntries += kernel.length;
    weight(`${name}/kernel`, [kernel.length / units, units], kernel);
    if (bias) weight(`${name}/bias`, [units], bias);
    return add(name, 'Dense', { ...INITIALIZERS, units, activation, use_bias: bias !== undefined }, [input]);
  };

  let x = add(
    'features',
    'InputLayer',
    { batch_input_shape: [null, d.rawFeatures], dtype: 'float32', sparse: false },
    [],
  );
  const { offset, scale } = d.scaler;
  const identity = offset.every((v) => v === 0) && scale.every((v) => v === 1);
  if (!identity || d.reduce) {
    const variance = Float32Array.from(scale, (s) => 1 / (s * s));
    const bad = variance.findIndex((v) => !(v >= 1e-30 && Number.isFinite(v)));
    if (bad >= 0)
      throw new ModelError(`scaler.scale[${bad}] = ${scale[bad]} is out of the range a TF.js layer can apply`);
    weight('scaling/beta', [d.rawFeatures], d.reduce ? d.reduce.mean.map((m) => -m) : new Float32Array(d.rawFeatures));
    weight('scaling/moving_mean', [d.rawFeatures], offset);
    weight('scaling/moving_variance', [d.rawFeatures], variance);
    x = add('scaling', 'BatchNormalization', BATCH_NORM, [x]);
  }
  if (d.reduce) x = dense('reduce', d.reduce.outputs, 'linear', x, d.reduce.matrix);
  const conv = { layers: 0, kernelEntries: 0, macs: 0 };
  if (plan) x = frontLayers(plan.front, x, add, weight, conv);

  // Group 0 is the network input tensor; then one group per hidden level and activation, in level order (a Dense
  // layer has one activation, so a level's linear neurons, a DR layer's units, are a layer of their own).
  const level = hiddenLevels(d);
  const keyOf = (k: number): number => 2 * level[k]! + (d.hidden[k]!.linear ? 0 : 1);
  const keys = [...new Set(d.hidden.map((_, k) => keyOf(k)))].sort((a, b) => a - b);
  const groupOfKey = new Map(keys.map((key, i) => [key, i + 1]));
  const group = Int32Array.from(d.hidden, (_, k) => groupOfKey.get(keyOf(k))!);
  const members: number[][] = Array.from({ length: keys.length + 1 }, () => []);
  const slot = new Int32Array(d.hidden.length);
  members[0] = Array.from({ length: d.inputs }, (_, i) => i);
  d.hidden.forEach((_, k) => {
    slot[k] = members[group[k]!]!.length;
    members[group[k]!]!.push(d.inputs + k);
  });
  const groupOf = (u: number): number => (u < d.inputs ? 0 : group[u - d.inputs]!);
  const indexIn = (u: number): number => (u < d.inputs ? u : slot[u - d.inputs]!);
  const tensors = [x];

  const stage = (
    name: string,
    neurons: number[],
    activation: string,
    sources: (n: number) => { units: Int32Array; weights: Float32Array; bias: number },
  ): string => {
    const used = new Set<number>();
    for (const n of neurons) for (const u of sources(n).units) used.add(groupOf(u));
    if (used.size === 0) used.add(0);
    const groups = [...used].sort((a, b) => a - b);
    const rowOf = new Int32Array(groups.length ? Math.max(...groups) + 1 : 1);
    let rows = 0;
    for (const g of groups) {
      rowOf[g] = rows;
      rows += members[g]!.length;
    }
    const units = neurons.length;
    const kernel = new Float32Array(rows * units);
    const bias = new Float32Array(units);
    neurons.forEach((n, c) => {
      const s = sources(n);
      bias[c] = s.bias;
      s.units.forEach((u, k) => (kernel[(rowOf[groupOf(u)]! + indexIn(u)) * units + c] = s.weights[k]!));
    });
    const inputs = groups.map((g) => tensors[g]!);
    const bank = inputs.length === 1 ? inputs[0]! : add(`${name}_in`, 'Concatenate', { axis: -1 }, inputs);
    return dense(name, units, activation, bank, kernel, bias);
  };
  const hiddenSource = (k: number): { units: Int32Array; weights: Float32Array; bias: number } => ({
    units: d.hidden[k]!.sources,
    weights: d.hidden[k]!.weights,
    bias: d.hidden[k]!.bias,
  });
  keys.forEach((key, i) => {
    const L = key >> 1;
    const linear = (key & 1) === 0;
    const neurons = members[i + 1]!.map((u) => u - d.inputs);
    tensors.push(stage(`hidden_${L}${linear ? '_linear' : ''}`, neurons, linear ? 'linear' : 'relu', hiddenSource));
  });
  const out = stage(
    'output',
    Array.from({ length: d.outputs }, (_, o) => o),
    'softmax',
    (o) => ({ units: d.output[o]!.sources, weights: d.output[o]!.weights, bias: d.output[o]!.bias }),
  );

  const json = {
    format: 'layers-model',
    generatedBy: 'SCANN Studio',
    convertedBy: null,
    modelTopology: {
      class_name: 'Model',
      config: { name: 'scann', layers, input_layers: [['features', 0, 0]], output_layers: [[out, 0, 0]] },
      keras_version: 'tfjs-layers 4.22.0',
      backend: 'tensor_flow.js',
    },
    weightsManifest: [{ paths: [TFJS_WEIGHTS_FILE], weights: specs }],
    userDefinedMetadata: {
      scann: {
        format: d.model.format,
        version: d.model.version,
        featureNames: d.featureNames,
        labelNames: d.labelNames,
        connections: decoded.connections,
      },
    },
  };
  const total = chunks.reduce((s, c) => s + c.length, 0);
  const all = new Float32Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  const weights = new Uint8Array(all.length * 4);
  const view = new DataView(weights.buffer);
  all.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return { modelJson: `${JSON.stringify(json)}\n`, weights, denseLayers, kernelEntries, conv };
}

// epsilon 0: moving_variance is exactly 1 / scale^2, so no epsilon may be added to it.
const BATCH_NORM = {
  axis: -1,
  momentum: 0.99,
  epsilon: 0,
  center: true,
  scale: false,
  beta_initializer: { class_name: 'Zeros', config: {} },
  gamma_initializer: { class_name: 'Ones', config: {} },
  moving_mean_initializer: { class_name: 'Zeros', config: {} },
  moving_variance_initializer: { class_name: 'Ones', config: {} },
  beta_regularizer: null,
  gamma_regularizer: null,
  beta_constraint: null,
  gamma_constraint: null,
};
