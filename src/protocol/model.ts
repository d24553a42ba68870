/**
 * `model.json`: a synthesized network that needs nothing but this file to run. Versioned; readers reject newer
 * versions. Hidden neurons are numbered by their position in the topological order, so a consumer can evaluate
 * `hidden` in array order and then `outputs`.
 *
 * Unit numbering inside `sources`: 0..inputs-1 are the (scaled) inputs, inputs + k is hidden neuron k.
 */
export const MODEL_FORMAT = 'scann-model';
export const MODEL_VERSION = 1;

export interface ModelNeuron {
  bias: number;
  /** Source unit ids, ascending. */
  sources: number[];
  /** Weights of those connections: base64 little-endian float32, same order as `sources`. */
  weights: string;
}

export interface ModelScaler {
  kind: 'minmax' | 'zscore' | 'none';
  /** Per raw feature: x' = (x - offset) * scale; base64 float32. */
  offset: string;
  scale: string;
}

/**
 * A fitted dimensionality reduction, applied after scaling: reduced = (scaled - mean) x matrix, with `matrix`
 * inputs x outputs row-major. Every linear method (PCA, factor analysis, ICA, random projections) has this form.
 */
export interface ModelReduceLinear {
  kind: 'linear';
  method: string;
  inputs: number;
  outputs: number;
  /** base64 float32, `inputs` values. */
  mean: string;
  /** base64 float32, `inputs * outputs` values, row-major. */
  matrix: string;
}

export type ModelReduce = ModelReduceLinear;

export interface ModelJson {
  format: typeof MODEL_FORMAT;
  version: number;
  inputs: number;
  outputs: number;
  space: 'dag' | 'mlp';
  /** MLP space only: layer index of each hidden neuron. */
  layers?: number[];
  hidden: ModelNeuron[];
  output: ModelNeuron[];
  featureNames: string[];
  labelNames: string[];
  scaler: ModelScaler;
  /** DR+SCANN: the transform between scaling and the network; `inputs` is then its output dimension. */
  reduce?: ModelReduce;
  /** Image shape of the inputs, when the dataset is an image set. */
  imageShape?: [number, number];
}
