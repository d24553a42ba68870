/**
 * A linear DR transform as the first layer of the network (`reduce.as: layer`): k linear (identity) neurons that
 * read the scaled raw features, so that growth and pruning act on the transform's connections like on any other
 * and the final model is one sparse network from the raw features.
 */
import { Network } from '../core/network';
import type { LinearTransform } from './transform';

/**
 * The network on the raw features that computes exactly what `start` computes on the transform's output. Linear
 * neuron j (slot j) has weight matrix[i][j] from raw feature i, one connection per non-zero (a sparse projection
 * keeps its sparsity), and bias -sum_i mean[i] matrix[i][j]: (x - mean) x matrix with the centering folded in. The
 * start's hidden slot s moves to slot k + s and its input j becomes linear neuron j, which keeps every source id
 * (d + j either way); in the MLP space the start's layers move one up, behind the linear layer 0.
 */
export function transformLayer(start: Network, t: LinearTransform): Network {
  const { d, k, mean, matrix } = t;
  if (start.inputs !== k) {
    throw new Error(`transformLayer: the start network reads ${start.inputs} inputs but the transform gives ${k}`);
  }
  const net = new Network(d, start.outputs, start.capacity + k, start.space);
  const S = net.sources;
  for (let j = 0; j < k; j++) {
    net.linear[j] = 1;
    if (net.space === 'mlp') net.layer[j] = 0;
    let offset = 0;
    for (let i = 0; i < d; i++) {
      const w = matrix[i * k + j]!;
      if (w === 0) continue;
      net.mask[j * S + i] = 1;
      net.weights[j * S + i] = w;
      offset -= mean[i]! * w;
    }
    net.bias[j] = offset;
  }
  const S0 = start.sources;
  const copyRow = (from: number, to: number): void => {
    for (let src = 0; src < S0; src++) {
      if (!start.mask[from * S0 + src]) continue;
      net.mask[to * S + d + src] = 1;
      net.weights[to * S + d + src] = start.weights[from * S0 + src]!;
    }
    net.bias[to] = start.bias[from]!;
  };
  for (const s of start.order) {
    copyRow(s, k + s);
    net.linear[k + s] = start.linear[s]!;
    if (net.space === 'mlp') net.layer[k + s] = start.layer[s]! + 1;
  }
  for (let o = 0; o < start.outputs; o++) copyRow(start.outputTarget(o), net.outputTarget(o));
  net.order = [...Array.from({ length: k }, (_, j) => j), ...start.order.map((s) => k + s)];
  return net;
}
