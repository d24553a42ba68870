/** A synthetic MNIST-shaped network of any size, for the architecture view's tests and benchmark. */
import type { ArchitectureSnapshot, RunEvent } from '../../../src/protocol/events';
import { Rng } from '../../../src/engine/core/random';

/**
 * 784 inputs -> 3 levels of hidden neurons (600, 300, 100) -> 10 outputs. Each level reads a random subset of
 * every earlier unit group, sized so the total is `edges`; weights are N(0, 0.5). Topological numbering as the
 * engine's: hidden neurons level by level.
 */
export function mnistShaped(edges: number, seed = 1): ArchitectureSnapshot {
  const rng = new Rng(seed);
  const inputs = 784;
  const sizes = [600, 300, 100];
  const hidden = sizes.reduce((a, b) => a + b, 0);
  const outputs = 10;
  const first = [inputs];
  for (const s of sizes) first.push(first[first.length - 1]! + s);
  // Targets: every hidden neuron and output; sources: anything earlier (inputs, earlier levels).
  const targets: { unit: number; level: number }[] = [];
  sizes.forEach((s, l) => {
    for (let k = 0; k < s; k++) targets.push({ unit: first[l]! + k, level: l + 1 });
  });
  for (let o = 0; o < outputs; o++) targets.push({ unit: inputs + hidden + o, level: sizes.length + 1 });
  const perTarget = Math.floor(edges / targets.length);
  let extra = edges - perTarget * targets.length;
  const out: [number, number][] = [];
  const weights: number[] = [];
  for (const t of targets) {
    const n = perTarget + (extra-- > 0 ? 1 : 0);
    // Level 1 reads inputs; deeper levels read mostly the previous level, some inputs (skip connections).
    const pools: [number, number][] =
      t.level === 1
        ? [[0, inputs]]
        : [
            [first[t.level - 2]!, first[t.level - 1]!],
            [0, inputs],
          ];
    const picked = new Set<number>();
    while (picked.size < n) {
      const [lo, hi] = pools[picked.size % 4 === 3 && pools.length > 1 ? 1 : 0]!;
      picked.add(lo + Math.floor(rng.next() * (hi - lo)));
    }
    for (const s of [...picked].sort((a, b) => a - b)) {
      out.push([s, t.unit]);
      weights.push(rng.normal() * 0.5);
    }
  }
  const levels: number[] = [];
  sizes.forEach((s, l) => {
    for (let k = 0; k < s; k++) levels.push(l + 1);
  });
  return {
    inputs,
    outputs,
    hidden,
    levels,
    edges: out,
    weights,
    biases: Array.from({ length: hidden }, () => rng.normal() * 0.1),
  };
}

/** The `started` event of a run on MNIST-shaped data (784 inputs, 10 classes, a 28x28 image layout). */
export function mnistShapedStarted(name: string, time = 0): RunEvent {
  return {
    type: 'started',
    time,
    name,
    config: { name, scheme: 'B', energy: 'horowitz45nm' } as unknown as Extract<
      RunEvent,
      { type: 'started' }
    >['config'],
    dataset: {
      name: 'mnist-shaped',
      source: 'synthetic',
      features: 784,
      classes: 10,
      labelNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      trainRows: 0,
      validationRows: 0,
      testRows: 0,
      testSource: 'heldOut',
      scaling: 'none',
      imageShape: [28, 28],
    },
  };
}
