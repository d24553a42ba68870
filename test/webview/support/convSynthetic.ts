/**
 * A LeNet-5-shaped network built and described by the engine itself, for the views' conv front end tests: conv
 * 20@5x5 (one channel removed), max-pool 2, conv 50@5x5 (44 slots in use, one channel unread, one constant),
 * max-pool 2, then a small sparse dense part (800 -> 24 -> 10). Kernels are pruned to densities that differ by
 * output and input channel, so the heat maps have structure to show.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ConvLayer, FrontLayerSpec } from '../../../src/engine/core/convFront';
import { frontNetwork, mlpNetwork } from '../../../src/engine/core/init';
import { architectureSnapshot, networkMetrics } from '../../../src/engine/core/metrics';
import type { Network } from '../../../src/engine/core/network';
import { Rng } from '../../../src/engine/core/random';
import { toModel } from '../../../src/engine/model/format';
import { runSynthesis } from '../../../src/engine/run/run';
import { configSchema, type ScannConfigInput } from '../../../src/protocol/config';
import { ENERGY_TABLES } from '../../../src/protocol/energy';
import type { ArchitectureSnapshot, RunEvent } from '../../../src/protocol/events';
import type { RunResult } from '../../../src/protocol/result';
import type { LiveRunPayload } from '../../../src/protocol/runOutput';
import { fixtureResult } from './fixtures';
import { mnistShapedStarted } from './synthetic';

const conv = (channels: number, active: number): FrontLayerSpec => ({
  kind: 'conv',
  channels,
  active,
  kernel: 5,
  stride: 1,
  padding: 0,
  activation: 'linear',
});
const pool = { kind: 'maxPool', size: 2, stride: 2 } as const;

/** Channels made dead or removed, so tests know where to look. */
export const LENET_MARKS = { removed1: 17, unread2: 3, constant2: 7, freeFrom2: 44 } as const;

/** The network before pruning (every kernel weight active) or after. */
export function lenetShaped(pruned: boolean, seed = 5): Network {
  const rng = new Rng(seed);
  const net = frontNetwork(
    { h: 28, w: 28, c: 1 },
    [conv(20, 20), pool, conv(50, 44), pool],
    (inputs) => mlpNetwork(inputs, 10, { layers: [24], inputDensity: 0.15, initialBias: 0.1 }, rng),
    rng,
  );
  if (!pruned) return net;
  const front = net.front!;
  const [c1, c2] = front.convLayers() as [ConvLayer, ConvLayer];
  // Conv 1: density rising with the channel number; conv 2: a product of per-output and per-input factors.
  const per1 = 25;
  for (let k = 0; k < c1.mask.length; k++) {
    const o = Math.floor(k / per1);
    if (rng.next() > 0.15 + (0.85 * o) / 19) c1.mask[k] = 0;
  }
  const u = Array.from({ length: 50 }, () => 0.2 + 0.8 * rng.next());
  const v = Array.from({ length: 20 }, () => rng.next());
  const per2 = 25 * 20;
  for (let k = 0; k < c2.mask.length; k++) {
    const o = Math.floor(k / per2);
    const i = k % 20;
    if (rng.next() > u[o]! * v[i]!) c2.mask[k] = 0;
  }
  c1.active[LENET_MARKS.removed1] = 0;
  front.maskFreeChannels();
  for (const t of [...Array(net.targets).keys()])
    for (const unit of front.channelUnits(LENET_MARKS.unread2)) net.mask[t * net.sources + unit] = 0;
  c2.mask.fill(0, LENET_MARKS.constant2 * per2, (LENET_MARKS.constant2 + 1) * per2);
  c2.bias[LENET_MARKS.constant2] = 0.1;
  for (const unit of front.freeUnits()) for (let t = 0; t < net.targets; t++) net.mask[t * net.sources + unit] = 0;
  front.applyMask();
  net.applyMask();
  return net;
}

export function lenetSnapshot(pruned: boolean): ArchitectureSnapshot {
  return architectureSnapshot(lenetShaped(pruned));
}

const NAME = 'lenet5-shaped';
const LABELS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** A finished run's output holding the pruned network (the rest of the result is the recorded fixture's). */
export function lenetResult(): RunResult {
  const net = lenetShaped(true);
  const base = fixtureResult('optdigits-b');
  const pixels = Array.from({ length: 784 }, (_, j) => `px${j}`);
  const model = toModel(net, {
    featureNames: pixels,
    labelNames: LABELS,
    scaler: { kind: 'none', offset: new Float32Array(784), scale: new Float32Array(784).fill(1) },
    imageShape: [28, 28],
  });
  return {
    ...base,
    name: NAME,
    dataset: {
      ...base.dataset,
      name: 'mnist-shaped',
      features: 784,
      classes: 10,
      labelNames: LABELS,
      imageShape: [28, 28],
    },
    final: { ...base.final, ...networkMetrics(net, ENERGY_TABLES.horowitz45nm) },
    model,
  };
}

/** A run's events: start, the unpruned network at step 0, a prune, the pruned network at step 1. */
export function lenetEvents(): RunEvent[] {
  return [
    mnistShapedStarted(NAME),
    { type: 'snapshot', step: 0, architecture: lenetSnapshot(false) },
    {
      type: 'operation',
      step: 1,
      iteration: 1,
      op: 'prune',
      connectionsAdded: 0,
      connectionsRemoved: 1000,
      neuronsAdded: 0,
      neuronsRemoved: 0,
      channelsRemoved: 1,
      connections: 0,
      hiddenNeurons: 24,
    },
    { type: 'snapshot', step: 1, architecture: lenetSnapshot(true) },
  ];
}

export function lenetLive(): LiveRunPayload {
  const r = lenetResult();
  return {
    version: 1,
    status: 'running',
    runId: 'run-conv-live',
    name: NAME,
    scheme: 'C',
    energyTable: ENERGY_TABLES.horowitz45nm,
    startedAt: 0,
    epochsDone: 0,
    dataset: r.dataset,
    history: [],
    epochs: [],
    architecture: lenetSnapshot(true),
  };
}

/**
 * A real engine run with a conv front end, in under a second: 8x8 images of bars (horizontal, vertical, diagonal) in
 * noise, conv 4@3x3 -> max-pool -> conv 6@2x2 with twice the channel slots, scheme B growing channels and pruning
 * kernels (`overrides` replace top-level config fields, e.g. another scheme). Returns every event it emitted and its
 * result.
 */
export async function convRun(
  dir: string,
  overrides: Partial<ScannConfigInput> = {},
): Promise<{ events: RunEvent[]; result: RunResult }> {
  const rng = new Rng(11);
  const lines = [[...Array.from({ length: 64 }, (_, j) => `p${j}`), 'label'].join(',')];
  for (let r = 0; r < 240; r++) {
    const k = r % 3;
    const img = Array.from({ length: 64 }, () => 0.3 * rng.next());
    const a = 1 + rng.int(6);
    for (let t = 0; t < 6; t++) img[k === 0 ? a * 8 + 1 + t : k === 1 ? (1 + t) * 8 + a : (1 + t) * 9] = 1;
    lines.push([...img.map((v) => v.toFixed(3)), ['h', 'v', 'd'][k]].join(','));
  }
  writeFileSync(path.join(dir, 'bars.csv'), `${lines.join('\n')}\n`);
  const config = configSchema.parse({
    name: 'bars-conv',
    dataset: { source: 'bars.csv', shape: [8, 8, 1] },
    baseline: {
      conv: [
        { layer: 'conv2d', channels: 4, kernel: 3 },
        { layer: 'maxPool' },
        { layer: 'conv2d', channels: 6, kernel: 2 },
      ],
      hidden: [10],
      epochs: 4,
      patience: 0,
    },
    start: { hidden: 12, channelCapacity: 2 },
    train: { epochs: 1, initialEpochs: 2, batch: 32 },
    scheme: 'B',
    iterations: 2,
    loop: [
      { op: 'growChannels', count: 1 },
      { op: 'prune', ratio: 0.3 },
    ],
    select: { finetune: 0 },
    seed: 3,
    ...overrides,
  });
  const events: RunEvent[] = [];
  const result = await runSynthesis(config, { baseDir: dir, dataDir: dir, emit: (e) => events.push(e) });
  return { events, result };
}
