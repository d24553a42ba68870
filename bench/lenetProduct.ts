/**
 * LeNet-5 (Caffe variant, as bench/lenetKernels.ts: conv 20@5x5, max pool 2, conv 50@5x5, max pool 2, fc 500 +
 * ReLU, fc 10) built as the product's own network: a conv front end before a dense part, the network a run
 * synthesises and `scann predict` loads. Case f's batch-1 inference (fb1, fsb1) predicts with it through
 * training/inference.ts `predictProba`, one sample per call, which is the path a user's one-sample prediction takes.
 */
import { frontNetwork, mlpNetwork } from '../src/engine/core/init';
import type { Network } from '../src/engine/core/network';
import { Rng } from '../src/engine/core/random';

const conv = (channels: number) =>
  ({ kind: 'conv', channels, kernel: 5, stride: 1, padding: 0, activation: 'linear' }) as const;
const pool = { kind: 'maxPool', size: 2, stride: 2 } as const;

/**
 * The network with every layer keeping about `density` of its weights (each weight kept with that probability,
 * as lenetKernels.ts draws its masks), He-initialised weights and small random biases.
 */
export function lenetNetwork(density: number, seed: number): Network {
  const rng = new Rng(seed);
  const net = frontNetwork(
    { h: 28, w: 28, c: 1 },
    [conv(20), pool, conv(50), pool],
    (inputs) => mlpNetwork(inputs, 10, { layers: [500], inputDensity: 1, initialBias: 0 }, rng),
    rng,
  );
  if (density < 1) {
    for (const l of net.front!.convLayers()) {
      for (let i = 0; i < l.mask.length; i++) if (rng.next() >= density) l.mask[i] = 0;
    }
    for (let i = 0; i < net.mask.length; i++) if (net.mask[i] && rng.next() >= density) net.mask[i] = 0;
  }
  for (const l of net.front!.convLayers()) for (let i = 0; i < l.bias.length; i++) l.bias[i] = 0.1 * rng.normal();
  for (let i = 0; i < net.bias.length; i++) net.bias[i] = 0.1 * rng.normal();
  net.applyMask();
  return net;
}

/** Multiply-adds of one forward pass over the active weights (conv taps x output pixels, then connections). */
export function lenetForwardMacs(net: Network): number {
  let macs = 0;
  for (const l of net.front!.convLayers()) {
    let active = 0;
    for (let i = 0; i < l.mask.length; i++) active += l.mask[i]!;
    macs += active * l.out.h * l.out.w;
  }
  return macs + net.activeConnections();
}
