import type { Network } from '../../core/network';

/**
 * Removes hidden neurons that cannot matter, until none is left:
 * - no outgoing connection: its value is never used, so it and its incoming connections go;
 * - no incoming connection: it outputs a constant, ReLU(bias) or, for a linear neuron, its bias, which is folded
 *   into the biases of its consumers before it goes, so the network computes the same function.
 */
export function removeDeadNeurons(net: Network): { neuronsRemoved: number; connectionsRemoved: number } {
  const S = net.sources;
  const d = net.inputs;
  const { mask, weights: w, bias } = net;
  let neuronsRemoved = 0;
  let connectionsRemoved = 0;
  const consumersOf = (s: number): number[] => {
    const ts = [...net.order, ...Array.from({ length: net.outputs }, (_, o) => net.outputTarget(o))];
    return ts.filter((t) => mask[t * S + d + s]);
  };
  const clearRow = (t: number): void => {
    for (let src = 0; src < S; src++) {
      if (mask[t * S + src]) connectionsRemoved++;
      mask[t * S + src] = 0;
      w[t * S + src] = 0;
    }
  };
  let changed = true;
  while (changed) {
    changed = false;
    for (const s of [...net.order]) {
      const consumers = consumersOf(s);
      let inDegree = 0;
      for (let src = 0; src < S; src++) inDegree += mask[s * S + src]!;
      if (consumers.length > 0 && inDegree > 0) continue;
      if (inDegree === 0) {
        const value = net.linear[s] ? bias[s]! : Math.max(0, bias[s]!);
        for (const t of consumers) {
          bias[t] = bias[t]! + value * w[t * S + d + s]!;
          mask[t * S + d + s] = 0;
          w[t * S + d + s] = 0;
          connectionsRemoved++;
        }
      }
      clearRow(s);
      bias[s] = 0;
      net.layer[s] = -1;
      net.linear[s] = 0;
      net.order = net.order.filter((x) => x !== s);
      neuronsRemoved++;
      changed = true;
    }
  }
  return { neuronsRemoved, connectionsRemoved };
}
