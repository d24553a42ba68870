/**
 * `model.json`: a synthesized network that needs nothing but this file to run. Versioned; readers reject newer
 * versions. Hidden neurons are numbered by their position in the topological order, so a consumer can evaluate
 * `hidden` in array order and then `outputs`.
 *
 * Unit numbering inside `sources`: 0..inputs-1 are the (scaled) inputs, inputs + k is hidden neuron k.
 */
export const MODEL_FORMAT = 'scann-model';
/**
 * The newest version readers accept. Version 2 added a conv front end (`front`) and `activation` on hidden neurons;
 * a model with either is written as version 2, so a version 1 reader refuses it rather than compute it wrong.
 */
export const MODEL_VERSION = 2;
/** What a model with neither (no conv front end, no linear units) is written as, so older readers still read it. */
export const MODEL_VERSION_DENSE = 1;

export interface ModelNeuron {
  /**
   * Hidden neurons: `linear` for the identity (a DR layer's units, `reduce.as: layer`); absent means ReLU. Outputs
   * never carry it (they are the softmax's logits).
   */
  activation?: 'linear';
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

/**
 * A fitted manifold method (Isomap, spectral embedding), which has no closed-form transform: a new point is
 * embedded from its relation to `count` landmark points taken from the training data, then a linear map:
 * reduced = features(scaled) x projection + offset, with `projection` count x outputs row-major.
 *
 * The neighbours of a point are the landmarks within r, its distance to its (`neighbors` + 1)-th nearest landmark
 * (a landmark is its own nearest, so it gets `neighbors` others; ties count). Distances are Euclidean on the
 * scaled features.
 * - `isomap` / `extension: 'landmarkMds'` (landmark MDS, de Silva & Tenenbaum 2003): features[j] is the squared
 *   geodesic distance to landmark j through the neighbours: min over neighbours i of (|x - l_i| + geodesic[i][j])^2.
 *   `geodesic` is count x count (shortest paths in the landmarks' kNN graph).
 * - `spectral` / `extension: 'nystrom'` (Nystrom extension of Laplacian eigenmaps, Bengio et al. 2004):
 *   w_j = ([|x - l_j| <= r] + [|x - l_j| <= radius_j]) / 2 (the fit's symmetrised kNN affinity), d = sum_j w_j,
 *   features[j] = w_j / sqrt(d * degree_j).
 * For a landmark both reproduce the fitted embedding exactly.
 */
export interface ModelReduceLandmarks {
  kind: 'landmarks';
  method: 'isomap' | 'spectral';
  extension: 'landmarkMds' | 'nystrom';
  inputs: number;
  outputs: number;
  neighbors: number;
  count: number;
  /** base64 float32, `count * inputs` values, row-major (scaled training points). */
  landmarks: string;
  /** Isomap: base64 float32, `count * count` geodesic distances between landmarks. */
  geodesic?: string;
  /** Spectral: base64 float32, per landmark its neighbour radius r. */
  radius?: string;
  /** Spectral: base64 float32, per landmark its degree in the affinity graph. */
  degree?: string;
  /** base64 float32, `count * outputs` values, row-major. */
  projection: string;
  /** base64 float32, `outputs` values. */
  offset: string;
}

/** The DR transform of a DR+SCANN model. Exports other than `model.json` may support `linear` only. */
export type ModelReduce = ModelReduceLinear | ModelReduceLandmarks;

/**
 * What a conv layer is, wherever it is described (model files, snapshots, the engine's specs): `channels` filters
 * of `kernel` x `kernel` over every input channel, zero padding `padding` on every side, then `activation`.
 */
export interface ConvGeometry {
  kind: 'conv';
  channels: number;
  kernel: number;
  stride: number;
  padding: number;
  activation: 'relu' | 'linear';
}

/** What a pooling layer is, wherever it is described: `size` x `size` windows every `stride` pixels. */
export interface PoolGeometry {
  kind: 'maxPool' | 'avgPool';
  size: number;
  stride: number;
}

/**
 * A conv layer of the front end. `weights` is base64 float32 in `[channels][kernel][kernel][inputChannels]` order
 * (masked weights are 0); `mask` is base64 bytes of the same shape, 1 for an active weight, 0 for a pruned one.
 */
export interface ModelConvLayer extends ConvGeometry {
  weights: string;
  mask: string;
  /** base64 float32, `channels` values. */
  bias: string;
}

/** Max or average pooling over `size` x `size` windows moved by `stride` (no padding; a partial window is dropped). */
export type ModelPoolLayer = PoolGeometry;

/**
 * The conv front end: it reads each row of scaled features as an image of `input` = [height, width, channels]
 * (HWC order) and ends in a flatten, in HWC order, whose values are the network inputs 0..inputs-1.
 */
export interface ModelFront {
  input: [number, number, number];
  layers: (ModelConvLayer | ModelPoolLayer)[];
}

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
  /** A conv front end before the network (version 2); `inputs` is then the size of its flattened output. */
  front?: ModelFront;
}
