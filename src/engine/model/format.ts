import { decodeFloat32, encodeFloat32 } from '../../protocol/base64';
import {
  MODEL_FORMAT,
  MODEL_VERSION,
  MODEL_VERSION_LINEAR_UNITS,
  type ModelJson,
  type ModelNeuron,
} from '../../protocol/model';
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
    version: net.hasLinearUnits() ? MODEL_VERSION_LINEAR_UNITS : 1,
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
  if (ctx.reduce) {
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
