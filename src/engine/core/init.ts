import { ConvFront, type FrontLayerSpec, type ImageShape } from './convFront';
import { Network } from './network';
import type { Rng } from './random';

export interface DagStart {
  hidden: number;
  capacity: number;
  inputDensity: number;
  /** Share of the allowed hidden->hidden connections active at the start (1 = every earlier neuron). */
  hiddenDensity?: number;
  skipConnections: boolean;
  initialBias: number;
  initStd?: number;
}

/**
 * How an MLP's starting weights are drawn: `he` (He-normal by fan-in, biases at `initialBias`) or `glorot`
 * (scikit-learn's MLPClassifier: weights and biases uniform in +-sqrt(6 / (fan_in + fan_out)) of their layer).
 */
export type MlpInit = 'he' | 'glorot';

export interface MlpStart {
  layers: number[];
  /** Default `he`. */
  init?: MlpInit;
  /** Room for neuron growth; defaults to the layer total. */
  capacity?: number;
  inputDensity: number;
  initialBias: number;
  initStd?: number;
}

/**
 * A seed network in the arbitrary feed-forward space, as the course code builds it: every starting neuron reads
 * a random `inputDensity` share of the inputs and every earlier neuron, every neuron feeds every output, and
 * (optionally) every input feeds every output directly.
 */
export function dagNetwork(inputs: number, outputs: number, start: DagStart, rng: Rng): Network {
  const net = new Network(inputs, outputs, Math.max(start.capacity, start.hidden), 'dag');
  const S = net.sources;
  for (let j = 0; j < start.hidden; j++) {
    net.order.push(j);
    for (const i of pickInputs(inputs, start.inputDensity, rng)) net.mask[j * S + i] = 1;
    const hd = start.hiddenDensity ?? 1;
    for (let k = 0; k < j; k++) if (hd >= 1 || rng.next() < hd) net.mask[j * S + inputs + k] = 1;
    net.bias[j] = start.initialBias;
  }
  for (let o = 0; o < outputs; o++) {
    const row = net.outputTarget(o) * S;
    for (let j = 0; j < start.hidden; j++) net.mask[row + inputs + j] = 1;
    if (start.skipConnections) for (let i = 0; i < inputs; i++) net.mask[row + i] = 1;
  }
  initWeights(net, rng, start.initStd);
  return net;
}

/** A layered MLP with full connections between consecutive layers (inputs thinned by `inputDensity`). */
export function mlpNetwork(inputs: number, outputs: number, start: MlpStart, rng: Rng): Network {
  const total = start.layers.reduce((a, b) => a + b, 0);
  const net = new Network(inputs, outputs, Math.max(start.capacity ?? total, total), 'mlp');
  const S = net.sources;
  let prev: number[] = Array.from({ length: inputs }, (_, i) => i);
  let slot = 0;
  start.layers.forEach((size, l) => {
    const units: number[] = [];
    for (let j = 0; j < size; j++, slot++) {
      net.order.push(slot);
      net.layer[slot] = l;
      net.bias[slot] = start.initialBias;
      const srcs = l === 0 ? pickInputs(inputs, start.inputDensity, rng) : prev;
      for (const src of srcs) net.mask[slot * S + src] = 1;
      units.push(inputs + slot);
    }
    prev = units;
  });
  for (let o = 0; o < outputs; o++) for (const src of prev) net.mask[net.outputTarget(o) * S + src] = 1;
  if (start.init === 'glorot') glorotWeights(net, start.layers, rng);
  else initWeights(net, rng, start.initStd);
  return net;
}

/**
 * Glorot-uniform as scikit-learn draws it for ReLU networks (`_init_coef`, factor 6): every weight into a layer and
 * every bias of it uniform in +-sqrt(6 / (fan_in + fan_out)), where fan_in is the previous layer's width and
 * fan_out this layer's. Thinned inputs (`inputDensity` < 1) keep the full-layer bound.
 */
function glorotWeights(net: Network, layers: number[], rng: Rng): void {
  const S = net.sources;
  const widths = [net.inputs, ...layers, net.outputs];
  const bound = (l: number) => Math.sqrt(6 / (widths[l]! + widths[l + 1]!));
  const draw = (target: number, b: number) => {
    for (let src = 0; src < S; src++) {
      const i = target * S + src;
      net.weights[i] = net.mask[i] ? b * (2 * rng.next() - 1) : 0;
    }
    net.bias[target] = b * (2 * rng.next() - 1);
  };
  let slot = 0;
  layers.forEach((size, l) => {
    for (let j = 0; j < size; j++, slot++) draw(slot, bound(l));
  });
  for (let o = 0; o < net.outputs; o++) draw(net.outputTarget(o), bound(layers.length));
}

function pickInputs(inputs: number, density: number, rng: Rng): number[] {
  const all = Array.from({ length: inputs }, (_, i) => i);
  if (density >= 1) return all;
  const k = Math.max(1, Math.round(inputs * density));
  rng.shuffle(all);
  return all.slice(0, k).sort((a, b) => a - b);
}

/** He-normal by fan-in unless a fixed std is given (the course code uses 0.1). */
function initWeights(net: Network, rng: Rng, std?: number): void {
  const S = net.sources;
  for (let t = 0; t < net.targets; t++) {
    let fanIn = 0;
    for (let src = 0; src < S; src++) fanIn += net.mask[t * S + src]!;
    const sd = std ?? Math.sqrt(2 / Math.max(1, fanIn));
    for (let src = 0; src < S; src++) {
      const i = t * S + src;
      net.weights[i] = net.mask[i] ? sd * rng.normal() : 0;
    }
  }
}

/** Where a synthesis starts (resolved from a scheme preset and the config by `resolvePlan`). */
export interface StartPlan {
  space: 'dag' | 'mlp';
  /** DAG: the neuron count; MLP: the layer sizes. */
  hidden: number | number[];
  capacity: number;
  inputDensity: number;
  hiddenDensity: number;
  skipConnections: boolean;
  initialBias: number;
  initStd?: number;
}

/** The starting network of a synthesis plan. */
export function startNetwork(inputs: number, outputs: number, start: StartPlan, rng: Rng): Network {
  const common = {
    capacity: start.capacity,
    inputDensity: start.inputDensity,
    initialBias: start.initialBias,
    ...(start.initStd !== undefined ? { initStd: start.initStd } : {}),
  };
  if (Array.isArray(start.hidden)) return mlpNetwork(inputs, outputs, { ...common, layers: start.hidden }, rng);
  return dagNetwork(
    inputs,
    outputs,
    { ...common, hidden: start.hidden, hiddenDensity: start.hiddenDensity, skipConnections: start.skipConnections },
    rng,
  );
}

/**
 * A network with a conv front end on `input` images: the front end's layers from `specs` (He-normal kernels, every
 * kernel weight active), then the dense part `dense` builds for the front end's flattened output.
 */
export function frontNetwork(
  input: ImageShape,
  specs: readonly FrontLayerSpec[],
  dense: (inputs: number) => Network,
  rng: Rng,
): Network {
  const front = ConvFront.build(input, specs);
  front.initWeights(rng);
  const net = dense(front.units).attachFront(front);
  // Free channel slots feed nothing until channel growth fills them.
  const free = front.freeUnits();
  if (free.length > 0) {
    for (let t = 0; t < net.targets; t++) for (const u of free) net.mask[t * net.sources + u] = 0;
    net.applyMask();
  }
  return net;
}
