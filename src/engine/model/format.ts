import { decodeBase64, decodeFloat32, encodeBase64, encodeFloat32 } from '../../protocol/base64';
import {
  MODEL_FORMAT,
  MODEL_VERSION,
  MODEL_VERSION_DENSE,
  type ModelFront,
  type ModelJson,
  type ModelNeuron,
} from '../../protocol/model';
import { ConvFront, layerSpec, type FrontLayerSpec } from '../core/convFront';
import { Network } from '../core/network';
import type { Scaler } from '../data/types';
import type { ReduceTransform } from '../reduce/transform';
import { ModelError } from './error';
import { decodeReduce, encodeReduce } from './reduceForm';

export interface ModelContext {
  featureNames: string[];
  labelNames: string[];
  scaler: Scaler;
  imageShape?: [number, number];
  /** DR+SCANN: the transform between scaling and the network (its outputs are the network's inputs). */
  reduce?: ReduceTransform;
}

/** Writes a network as the versioned model format, renumbering hidden neurons by topological position. */
export function toModel(net: Network, ctx: ModelContext): ModelJson {
  const d = net.inputs;
  const S = net.sources;
  const pos = net.positions();
  const neuron = (t: number): ModelNeuron => {
    const pairs: [number, number][] = [];
    for (let src = 0; src < S; src++) {
      const i = t * S + src;
      if (net.mask[i]) pairs.push([src < d ? src : d + pos[src - d]!, net.weights[i]!]);
    }
    pairs.sort((a, b) => a[0] - b[0]);
    return {
      ...(net.isHiddenTarget(t) && net.linear[t] ? { activation: 'linear' as const } : {}),
      bias: net.bias[t]!,
      sources: pairs.map((p) => p[0]),
      weights: encodeFloat32(Float32Array.from(pairs, (p) => p[1])),
    };
  };
  const model: ModelJson = {
    format: MODEL_FORMAT,
    version: net.front || net.hasLinearUnits() ? MODEL_VERSION : MODEL_VERSION_DENSE,
    inputs: d,
    outputs: net.outputs,
    space: net.space,
    hidden: net.order.map(neuron),
    output: Array.from({ length: net.outputs }, (_, o) => neuron(net.outputTarget(o))),
    featureNames: ctx.featureNames,
    labelNames: ctx.labelNames,
    scaler: {
      kind: ctx.scaler.kind,
      offset: encodeFloat32(ctx.scaler.offset),
      scale: encodeFloat32(ctx.scaler.scale),
    },
  };
  if (net.space === 'mlp') model.layers = net.order.map((s) => net.layer[s]!);
  if (ctx.imageShape) model.imageShape = ctx.imageShape;
  if (net.front) model.front = frontToModel(net.front);
  if (ctx.reduce) {
    if (net.front) throw new ModelError('a network with a conv front end cannot follow a DR transform');
    if (ctx.reduce.k !== d) {
      throw new ModelError(`reduce: the transform gives ${ctx.reduce.k} features but the network takes ${d}`);
    }
    model.reduce = encodeReduce(ctx.reduce);
  }
  return model;
}

/** Reads the model format back into a network (capacity = its hidden count) with its scaler and names. */
export function fromModel(model: ModelJson): { net: Network; ctx: ModelContext } {
  if (model.format !== MODEL_FORMAT) throw new ModelError(`not a SCANN model (format: ${String(model.format)})`);
  if (model.version > MODEL_VERSION) {
    throw new ModelError(`model version ${model.version} is newer than this SCANN (reads up to ${MODEL_VERSION})`);
  }
  const d = model.inputs;
  const h = model.hidden.length;
  const net = new Network(d, model.outputs, h, model.space);
  const S = net.sources;
  const fill = (t: number, n: ModelNeuron, what: string): void => {
    const w = decodeFloat32(n.weights);
    if (w.length !== n.sources.length)
      throw new ModelError(`${what}: ${n.sources.length} sources but ${w.length} weights`);
    net.bias[t] = n.bias;
    n.sources.forEach((u, k) => {
      const limit = t < h ? d + t : d + h;
      if (!Number.isInteger(u) || u < 0 || u >= limit) throw new ModelError(`${what}: invalid source unit ${u}`);
      net.mask[t * S + u] = 1;
      net.weights[t * S + u] = w[k]!;
    });
  };
  model.hidden.forEach((n, k) => {
    net.order.push(k);
    if (model.layers) net.layer[k] = model.layers[k]!;
    if (n.activation !== undefined && n.activation !== 'linear') {
      throw new ModelError(
        `hidden neuron ${k}: unknown activation '${String(n.activation)}' (expected linear or none)`,
      );
    }
    if (n.activation === 'linear') net.linear[k] = 1;
    fill(k, n, `hidden neuron ${k}`);
  });
  if (model.output.length !== model.outputs)
    throw new ModelError(`expected ${model.outputs} outputs, found ${model.output.length}`);
  model.output.forEach((n, o) => {
    if (n.activation !== undefined) throw new ModelError(`output ${o}: outputs take no activation (they are logits)`);
    fill(net.outputTarget(o), n, `output ${o}`);
  });
  if (model.front) {
    if (model.reduce) throw new ModelError('a model with a conv front end cannot have a DR transform');
    const front = frontFromModel(model.front);
    if (front.units !== d)
      throw new ModelError(`front: its flatten gives ${front.units} values but the network has ${d} inputs`);
    net.attachFront(front);
  }
  const scaler: Scaler = {
    kind: model.scaler.kind,
    offset: decodeFloat32(model.scaler.offset),
    scale: decodeFloat32(model.scaler.scale),
  };
  const ctx: ModelContext = { featureNames: model.featureNames, labelNames: model.labelNames, scaler };
  if (model.imageShape) ctx.imageShape = model.imageShape;
  if (model.reduce) {
    if (model.reduce.outputs !== d) {
      throw new ModelError(`reduce: the transform gives ${model.reduce.outputs} features but the network takes ${d}`);
    }
    const reduce = decodeReduce(model.reduce);
    if (typeof reduce === 'string') throw new ModelError(`reduce: ${reduce}`);
    ctx.reduce = reduce;
  }
  return { net, ctx };
}

function frontToModel(front: ConvFront): ModelFront {
  return {
    input: [front.input.h, front.input.w, front.input.c],
    layers: front.layers.map((l) =>
      l.kind === 'conv'
        ? {
            ...layerSpec(l),
            weights: encodeFloat32(l.weights),
            mask: encodeBase64(l.mask),
            bias: encodeFloat32(l.bias),
          }
        : layerSpec(l),
    ),
  };
}

/** The front end of a model file, every field checked (a reader must not build from a malformed list). */
function frontFromModel(m: ModelFront): ConvFront {
  const input = m.input as unknown;
  if (!Array.isArray(input) || input.length !== 3 || !input.every((v) => Number.isInteger(v) && v >= 1))
    throw new ModelError('front.input must be [height, width, channels], positive integers');
  if (!Array.isArray(m.layers) || m.layers.length === 0) throw new ModelError('front.layers must be a non-empty list');
  const count = (v: unknown, what: string, min: number): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > 1 << 20)
      throw new ModelError(`${what} must be an integer of at least ${min}`);
    return v;
  };
  const specs = m.layers.map((l, i): FrontLayerSpec => {
    const at = `front.layers[${i}]`;
    if (typeof l !== 'object' || l === null) throw new ModelError(`${at} must be an object`);
    if (l.kind === 'conv') {
      if (l.activation !== 'relu' && l.activation !== 'linear')
        throw new ModelError(`${at}.activation must be relu or linear`);
      return {
        kind: 'conv',
        channels: count(l.channels, `${at}.channels`, 1),
        kernel: count(l.kernel, `${at}.kernel`, 1),
        stride: count(l.stride, `${at}.stride`, 1),
        padding: count(l.padding, `${at}.padding`, 0),
        activation: l.activation,
      };
    }
    if (l.kind === 'maxPool' || l.kind === 'avgPool')
      return { kind: l.kind, size: count(l.size, `${at}.size`, 1), stride: count(l.stride, `${at}.stride`, 1) };
    throw new ModelError(`${at}.kind must be conv, maxPool or avgPool`);
  });
  let front: ConvFront;
  try {
    front = ConvFront.build({ h: input[0] as number, w: input[1] as number, c: input[2] as number }, specs);
  } catch (err) {
    throw new ModelError(`front: ${(err as Error).message}`);
  }
  front.layers.forEach((l, i) => {
    if (l.kind !== 'conv') return;
    const src = m.layers[i] as ModelFront['layers'][number] & { kind: 'conv' };
    const at = `front.layers[${i}]`;
    const table = (text: unknown, what: string, decode: (t: string) => Float32Array | Uint8Array) => {
      if (typeof text !== 'string') throw new ModelError(`${at}.${what} must be base64 data`);
      try {
        return decode(text);
      } catch (err) {
        throw new ModelError(`${at}.${what}: ${(err as Error).message}`);
      }
    };
    const weights = table(src.weights, 'weights', decodeFloat32);
    const mask = table(src.mask, 'mask', decodeBase64);
    const bias = table(src.bias, 'bias', decodeFloat32);
    if (weights.length !== l.weights.length || mask.length !== l.mask.length)
      throw new ModelError(
        `${at}: expected ${l.weights.length} weights and mask bytes ([channels][kernel][kernel][${l.in.c}]), ` +
          `got ${weights.length} and ${mask.length}`,
      );
    if (bias.length !== l.bias.length)
      throw new ModelError(`${at}: expected ${l.bias.length} biases, got ${bias.length}`);
    for (let k = 0; k < mask.length; k++) {
      if (mask[k] !== 0 && mask[k] !== 1) throw new ModelError(`${at}.mask[${k}] is ${mask[k]}; mask bytes are 0 or 1`);
      if (!Number.isFinite(weights[k]!)) throw new ModelError(`${at}.weights[${k}] is ${weights[k]}`);
    }
    if (!bias.every((v) => Number.isFinite(v))) throw new ModelError(`${at}.bias has a value that is not finite`);
    l.weights.set(weights);
    l.mask.set(mask);
    l.bias.set(bias);
    // A channel without kernel weights and bias 0 outputs 0 everywhere: it is a free slot (channel growth may fill it).
    const per = mask.length / l.spec.outC;
    for (let c = 0; c < l.spec.outC; c++)
      l.active[c] = bias[c] !== 0 || mask.subarray(c * per, (c + 1) * per).some((m) => m === 1) ? 1 : 0;
  });
  front.applyMask();
  return front;
}
