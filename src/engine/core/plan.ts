import type { Network } from './network';

/**
 * The evaluation plan of a network: its targets in evaluation order (hidden neurons in topological order, then
 * outputs), each with the list of its active sources. Compiled once per structural change, so training touches
 * only active connections and a sparse network trains proportionally faster.
 */
export interface Plan {
  /** Target ids in evaluation order. */
  targets: Int32Array;
  /** `hiddenTargets` first entries of `targets` are hidden neurons (ReLU, or identity where
   * `network.linear` flags the slot), the rest outputs (linear). */
  hiddenTargets: number;
  /** CSR offsets into `srcs` / `widx`, length targets.length + 1. */
  start: Int32Array;
  /** Source unit ids. */
  srcs: Int32Array;
  /** Index of each connection's weight in `network.weights`. */
  widx: Int32Array;
}

export function compilePlan(net: Network): Plan {
  const targets = [...net.order];
  for (let o = 0; o < net.outputs; o++) targets.push(net.outputTarget(o));
  const S = net.sources;
  const start = new Int32Array(targets.length + 1);
  const srcs: number[] = [];
  const widx: number[] = [];
  targets.forEach((t, e) => {
    const row = t * S;
    for (let src = 0; src < S; src++) {
      if (net.mask[row + src]) {
        srcs.push(src);
        widx.push(row + src);
      }
    }
    start[e + 1] = srcs.length;
  });
  return {
    targets: Int32Array.from(targets),
    hiddenTargets: net.order.length,
    start,
    srcs: Int32Array.from(srcs),
    widx: Int32Array.from(widx),
  };
}
