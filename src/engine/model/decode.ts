import { decodeFloat32 } from '../../protocol/base64';
import type { ModelJson, ModelNeuron, ModelReduceLinear } from '../../protocol/model';
import type { FrontLayer, ImageShape } from '../core/convFront';
import { ModelError } from './error';
import { fromModel } from './format';

export type { ConvLayer, FrontLayer, ImageShape, PoolLayer } from '../core/convFront';

/**
 * A conv front end as the engine's reader built it: shapes worked out, masked kernel weights exactly 0, and free
 * channel slots (`active` 0: no kernel weight, bias 0, so they output 0) marked.
 */
export interface DecodedFront {
  input: ImageShape;
  layers: readonly FrontLayer[];
}

/** One neuron with its tables decoded. Sources are model unit ids (inputs, then hidden neurons by position). */
export interface DecodedNeuron {
  /** Identity activation (a hidden neuron of a DR layer); otherwise ReLU for hidden neurons. Outputs: false. */
  linear: boolean;
  bias: number;
  sources: Int32Array;
  weights: Float32Array;
}

/** A linear DR transform, decoded: reduced = (scaled - mean) x matrix, `matrix` inputs x outputs row-major. */
export interface DecodedReduce {
  method: string;
  inputs: number;
  outputs: number;
  mean: Float32Array;
  matrix: Float32Array;
}

/**
 * A model file checked for everything a reader relies on, with its base64 tables decoded. `scann predict` and every
 * export format read models through this, so they reject the same broken files with the same messages.
 */
export interface DecodedModel {
  model: ModelJson;
  /** Values `predict` takes per row: the scaler's width (the DR transform's input when there is one). */
  rawFeatures: number;
  /** Network inputs (after scaling and the DR transform). */
  inputs: number;
  outputs: number;
  scaler: { kind: ModelJson['scaler']['kind']; offset: Float32Array; scale: Float32Array };
  reduce?: DecodedReduce;
  /** The conv front end: it reads the scaled row as an image and its flatten gives the `inputs` network inputs. */
  front?: DecodedFront;
  hidden: DecodedNeuron[];
  output: DecodedNeuron[];
  featureNames: string[];
  labelNames: string[];
  /** Active connections (biases excluded) and active kernel weights of a conv front end, as results count them. */
  connections: number;
}

/**
 * Validates a parsed model file. `fromModel` (the engine's reader) is the authority on the network; the checks
 * here add what it does not look at but a prediction relies on and an exporter bakes into code: names, scaler and
 * DR widths, finiteness. `linearOnlyFormat` names an export format that compiles the DR transform into code and so
 * accepts only the linear kind.
 */
export function decodeModel(value: unknown, linearOnlyFormat?: string): DecodedModel {
  const model = checkShape(value);
  const reduceKind = (model.reduce as { kind?: unknown } | undefined)?.kind;
  if (linearOnlyFormat && reduceKind !== undefined && reduceKind !== 'linear') {
    throw new ModelError(
      `the ${linearOnlyFormat} export supports linear DR transforms only; this model's is '${String(reduceKind)}' ` +
        `(method ${String((model.reduce as { method?: unknown }).method)}): export it as json instead`,
    );
  }
  let net: ReturnType<typeof fromModel>['net'];
  try {
    net = fromModel(model).net;
  } catch (err) {
    if (err instanceof ModelError) throw err;
    throw new ModelError(`invalid model: ${err instanceof Error ? err.message : String(err)}`);
  }
  const { inputs, outputs } = model;
  const hidden = model.hidden.map((n, k) => decodeNeuron(n, `hidden neuron ${k}`));
  const output = model.output.map((n, o) => decodeNeuron(n, `output ${o}`));
  const offset = floats(model.scaler.offset, 'scaler.offset');
  const scale = floats(model.scaler.scale, 'scaler.scale');
  let reduce: DecodedReduce | undefined;
  // A conv front end reads the scaled image itself: its input shape is the width of a row.
  let rawFeatures = net.rowSize;
  if (model.reduce) {
    if (model.reduce.kind === 'linear') {
      reduce = decodeLinear(model.reduce, inputs);
      rawFeatures = reduce.inputs;
    } else {
      // Kinds this exporter does not decode (json only: the others were refused above).
      const other = model.reduce as unknown as { inputs: unknown };
      rawFeatures = checkCount(other.inputs, 'reduce.inputs');
    }
  }
  if (offset.length !== rawFeatures || scale.length !== rawFeatures) {
    throw new ModelError(
      `scaler has ${offset.length} offsets and ${scale.length} scales but the model reads ${rawFeatures} features`,
    );
  }
  scale.forEach((s, j) => {
    if (!(s > 0)) throw new ModelError(`scaler.scale[${j}] is ${s}; scales must be positive`);
  });
  if (model.featureNames.length !== rawFeatures) {
    throw new ModelError(`featureNames has ${model.featureNames.length} names but the model reads ${rawFeatures}`);
  }
  // predict finds columns by name: a repeated name would read the first column for both.
  const seen = new Map<string, number>();
  model.featureNames.forEach((n, j) => {
    const first = seen.get(n);
    if (first !== undefined) {
      throw new ModelError(`featureNames[${first}] and [${j}] are both "${n}"; feature names must be distinct`);
    }
    seen.set(n, j);
  });
  if (model.labelNames.length !== outputs) {
    throw new ModelError(`labelNames has ${model.labelNames.length} names but the model has ${outputs} outputs`);
  }
  const connections =
    [...hidden, ...output].reduce((s, n) => s + n.sources.length, 0) + (net.front?.activeWeights() ?? 0);
  const decoded: DecodedModel = {
    model,
    rawFeatures,
    inputs,
    outputs,
    scaler: { kind: model.scaler.kind, offset, scale },
    hidden,
    output,
    featureNames: model.featureNames,
    labelNames: model.labelNames,
    connections,
  };
  if (reduce) decoded.reduce = reduce;
  if (net.front) decoded.front = { input: net.front.input, layers: net.front.layers };
  return decoded;
}

/** Structural checks that turn a malformed file into a ModelError instead of a TypeError deep in a reader. */
function checkShape(value: unknown): ModelJson {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ModelError('not a SCANN model (expected a JSON object)');
  }
  const m = value as Record<string, unknown>;
  if (m['format'] !== 'scann-model') throw new ModelError(`not a SCANN model (format: ${String(m['format'])})`);
  if (checkCount(m['inputs'], 'inputs') === 0) throw new ModelError('the model has no inputs');
  checkCount(m['outputs'], 'outputs');
  if (m['outputs'] === 0) throw new ModelError('the model has no outputs');
  if (m['space'] !== 'dag' && m['space'] !== 'mlp') throw new ModelError(`unknown space ${String(m['space'])}`);
  for (const key of ['hidden', 'output'] as const) {
    const list = m[key];
    if (!Array.isArray(list)) throw new ModelError(`'${key}' must be a list of neurons`);
    list.forEach((n: unknown, i) => {
      const neuron = n as Partial<Record<keyof ModelNeuron, unknown>> | null;
      if (
        typeof neuron !== 'object' ||
        neuron === null ||
        typeof neuron.bias !== 'number' ||
        !Array.isArray(neuron.sources) ||
        typeof neuron.weights !== 'string'
      ) {
        throw new ModelError(`${key}[${i}] must have a numeric bias, a list of sources and base64 weights`);
      }
    });
  }
  const layers = m['layers'];
  if (layers !== undefined && (!Array.isArray(layers) || layers.length !== (m['hidden'] as unknown[]).length)) {
    throw new ModelError("'layers' must give one layer index per hidden neuron");
  }
  for (const key of ['featureNames', 'labelNames'] as const) {
    const list = m[key];
    if (!Array.isArray(list) || !list.every((s) => typeof s === 'string')) {
      throw new ModelError(`'${key}' must be a list of strings`);
    }
  }
  const scaler = m['scaler'] as Record<string, unknown> | undefined;
  if (
    typeof scaler !== 'object' ||
    scaler === null ||
    !['minmax', 'zscore', 'none'].includes(String(scaler['kind'])) ||
    typeof scaler['offset'] !== 'string' ||
    typeof scaler['scale'] !== 'string'
  ) {
    throw new ModelError("'scaler' must have a kind (minmax, zscore, none) and base64 offset and scale");
  }
  const reduce = m['reduce'] as Record<string, unknown> | undefined;
  if (reduce !== undefined && (typeof reduce !== 'object' || reduce === null || typeof reduce['kind'] !== 'string')) {
    throw new ModelError("'reduce' must be an object with a kind");
  }
  return value as ModelJson;
}

function checkCount(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new ModelError(`'${what}' must be a non-negative integer`);
  }
  return v;
}

function floats(text: unknown, what: string): Float32Array {
  if (typeof text !== 'string') throw new ModelError(`${what} must be base64 float32 data`);
  let values: Float32Array;
  try {
    values = decodeFloat32(text);
  } catch (err) {
    throw new ModelError(`${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new ModelError(`${what}[${bad}] is ${values[bad]}; model values must be finite numbers`);
  return values;
}

function decodeNeuron(n: ModelNeuron, what: string): DecodedNeuron {
  if (!Number.isFinite(n.bias)) throw new ModelError(`${what}: bias is ${n.bias}`);
  const sources = Int32Array.from(n.sources);
  for (let k = 1; k < sources.length; k++) {
    if (sources[k]! <= sources[k - 1]!) throw new ModelError(`${what}: sources must be ascending and distinct`);
  }
  return { linear: n.activation === 'linear', bias: n.bias, sources, weights: floats(n.weights, `${what} weights`) };
}

function decodeLinear(r: ModelReduceLinear, networkInputs: number): DecodedReduce {
  const inputs = checkCount(r.inputs, 'reduce.inputs');
  const outputs = checkCount(r.outputs, 'reduce.outputs');
  if (outputs !== networkInputs) {
    throw new ModelError(`reduce.outputs is ${outputs} but the network has ${networkInputs} inputs`);
  }
  const mean = floats(r.mean, 'reduce.mean');
  const matrix = floats(r.matrix, 'reduce.matrix');
  if (mean.length !== inputs || matrix.length !== inputs * outputs) {
    throw new ModelError(`reduce: expected ${inputs} means and a ${inputs}x${outputs} matrix`);
  }
  return { method: String(r.method), inputs, outputs, mean, matrix };
}
