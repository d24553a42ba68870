/**
 * The workloads of bench/engine.ts on our engine, one per child process (so each reports its own peak RSS).
 * Networks, masks and data follow bench/torch_anchor.py: masks from the same integer hash, so both engines
 * train the same structures.
 */
import { trainSchema } from '../src/protocol/config';
import type { Table } from '../src/engine/data/types';
import { inferenceDevice, type KernelOptions } from '../src/engine/kernels';
import { compileLayout, type NetLayout } from '../src/engine/kernels/layout';
import { Network } from '../src/engine/core/network';
import { Rng } from '../src/engine/core/random';
import { Trainer } from '../src/engine/training/trainer';
import { LENET_CASES, runLenetCase, type LenetCase } from './lenetCase';
import { timeOneSample } from './oneSample';
import { timeRepeats, timeRepeatsAsync } from './timing';

export const CASES = ['a', 'b', 'c', 'd10', 'd2', 'infer_a', 'infer_s', ...LENET_CASES] as const;
export type CaseName = (typeof CASES)[number];

export interface Measurement {
  engine: 'ours' | 'torch';
  case: string;
  kind: 'train' | 'infer';
  threads: number;
  /** Examples per second of each timed repeat. */
  ex_s: number[];
  cpu_per_wall: number;
  /** Ours: compute path, executed FLOP per example, peak RSS. */
  path?: string;
  flop_per_ex?: number;
  rss_mb?: number;
}

/** u in [0, 1) for (seed, i, j): murmur3's finalizer; mask_hash in torch_anchor.py computes the same numbers. */
export function maskHash(seed: number, i: number, j: number): number {
  let h = (Math.imul(seed, 0x9e3779b1) + Math.imul(i, 0x85ebca77) + Math.imul(j, 0xc2b2ae3d)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** Masked ReLU MLP; layer l's mask is maskHash(1 + l, out, in) < density, as in torch_anchor.py. */
export function maskedMlp(sizes: number[], density: number, rng: Rng): Network {
  const d = sizes[0]!;
  const hidden = sizes.slice(1, -1);
  const net = new Network(
    d,
    sizes[sizes.length - 1]!,
    hidden.reduce((a, b) => a + b, 0),
    'mlp',
  );
  const S = net.sources;
  let prev = Array.from({ length: d }, (_, i) => i);
  let slot = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const last = l + 2 === sizes.length;
    const units: number[] = [];
    const bound = 1 / Math.sqrt(sizes[l]!);
    for (let k = 0; k < sizes[l + 1]!; k++) {
      const t = last ? net.outputTarget(k) : slot;
      if (!last) {
        net.order.push(slot);
        net.layer[slot] = l;
        units.push(d + slot++);
      }
      net.bias[t] = bound * (2 * rng.next() - 1);
      prev.forEach((src, j) => {
        if (maskHash(1 + l, k, j) >= density) return;
        net.mask[t * S + src] = 1;
        net.weights[t * S + src] = bound * (2 * rng.next() - 1);
      });
    }
    prev = units;
  }
  return net;
}

/** SCANN DAG: torch_anchor.py's LevelDAG with the same masks (hidden i -> j only for i < j). */
export function maskedDag(d: number, n: number, k: number, pHH: number, density: number, rng: Rng): Network {
  const net = new Network(d, k, n, 'dag');
  const S = net.sources;
  const connect = (t: number, src: number, fanIn: number): void => {
    net.mask[t * S + src] = 1;
    net.weights[t * S + src] = rng.normal() / Math.sqrt(fanIn);
  };
  for (let j = 0; j < n; j++) {
    net.order.push(j);
    for (let i = 0; i < d; i++) if (maskHash(11, i, j) < density) connect(j, i, d);
    for (let i = 0; i < j; i++) if (maskHash(12, i, j) < pHH) connect(j, d + i, n);
  }
  for (let o = 0; o < k; o++) {
    const t = net.outputTarget(o);
    for (let i = 0; i < d; i++) if (maskHash(13, i, o) < density) connect(t, i, d);
    for (let h = 0; h < n; h++) if (maskHash(14, h, o) < density) connect(t, d + h, n);
  }
  return net;
}

function randomTable(rows: number, d: number, classes: number, rng: Rng): Table {
  const x = new Float32Array(rows * d);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) y[i] = rng.nextU32() % classes;
  return { x, y, rows };
}

const MNIST_SHAPE = { rows: 60000, d: 784, c: 10 };
const TABULAR_SHAPE = { rows: 58509, d: 48, c: 11 };

function network(name: string, rng: Rng): { net: Network; shape: typeof MNIST_SHAPE } {
  switch (name) {
    case 'a':
      return { net: maskedMlp([784, 300, 100, 10], 0.5, rng), shape: MNIST_SHAPE };
    case 'd10':
      return { net: maskedMlp([784, 300, 100, 10], 0.1, rng), shape: MNIST_SHAPE };
    case 'd2':
      return { net: maskedMlp([784, 300, 100, 10], 0.02, rng), shape: MNIST_SHAPE };
    case 'b':
      return { net: maskedMlp([48, 64, 32, 11], 0.5, rng), shape: TABULAR_SHAPE };
    case 'c':
      return { net: maskedDag(48, 64, 11, 0.3, 0.5, rng), shape: TABULAR_SHAPE };
    case 's':
      return { net: maskedDag(48, 64, 11, 0.1, 0.15, rng), shape: TABULAR_SHAPE };
    default:
      throw new Error(`unknown network ${name}`);
  }
}

/** Executed multiply-adds per example: padded dense positions or CSR entries (dx: those feeding hidden units). */
export function executedMacs(layout: NetLayout): { forward: number; dx: number } {
  let forward = 0;
  let dx = 0;
  for (const b of layout.blocks) {
    if (b.sparse) {
      forward += b.col.length;
      for (let t = 0; t < b.nt; t++) dx += b.rowptr[t + 1]! - b.hsplit[t]!;
    } else {
      forward += b.ntp * b.ns;
      dx += b.ntp * (b.ns - b.dxj0);
    }
  }
  return { forward, dx };
}

/** Samples case e predicts one per call. */
const ONE_SAMPLE_ROWS = 5000;

function measureOneSample(
  name: string,
  net: Network,
  data: Table,
  macs: number,
  repeats: number,
  opts: KernelOptions,
): Measurement {
  const { device: dev, timing: t } = timeOneSample(name, net, data.x, ONE_SAMPLE_ROWS, repeats, opts);
  return {
    engine: 'ours',
    case: `${name}_b1`,
    kind: 'infer',
    threads: dev.forwardThreads,
    ex_s: t.seconds.map((s) => ONE_SAMPLE_ROWS / s),
    cpu_per_wall: t.cpuPerWall,
    path: `wasm-${dev.simd}`,
    flop_per_ex: 2 * macs,
    rss_mb: process.resourceUsage().maxRSS / 1024,
  };
}

/** Runs one case in this process and returns its measurements. */
export async function runCase(name: CaseName, repeats: number, threads: number | undefined): Promise<Measurement[]> {
  if ((LENET_CASES as readonly string[]).includes(name)) return runLenetCase(name as LenetCase, repeats, threads);
  const rng = new Rng(7);
  const opts = threads === undefined ? {} : { threads };
  if (name === 'infer_a' || name === 'infer_s') {
    const { net, shape } = network(name === 'infer_a' ? 'a' : 's', rng);
    const data = randomTable(shape.rows, shape.d, shape.c, rng);
    const macs = executedMacs(compileLayout(net)).forward;
    const out: Measurement[] = [];
    // Batch 1 is a user's one-sample prediction: `predictProba` one sample per call (the network's kept device, its
    // results checked against the reference path first). Batch 1024 times a device's forward passes alone.
    out.push(measureOneSample(name, net, data, macs, repeats, opts));
    const batch = 1024;
    const n = shape.rows;
    const { device, info } = inferenceDevice(net, batch, opts);
    if (!device) throw new Error(`no kernel device: ${info.reason}`);
    const logits = new Float32Array(batch * shape.c);
    const t = timeRepeats(() => {
      for (let i = 0; i < n; i += batch) device.logits(data.x, Math.min(batch, n - i), logits, i);
    }, repeats);
    out.push({
      engine: 'ours',
      case: `${name}_b${batch}`,
      kind: 'infer',
      threads: device.forwardThreads,
      ex_s: t.seconds.map((s) => n / s),
      cpu_per_wall: t.cpuPerWall,
      path: `${info.path}`,
      flop_per_ex: 2 * macs,
      rss_mb: process.resourceUsage().maxRSS / 1024,
    });
    return out;
  }
  const { net, shape } = network(name, rng);
  const data = randomTable(shape.rows, shape.d, shape.c, rng);
  const validation = { x: new Float32Array(0), y: new Int32Array(0), rows: 0 };
  const cfg = trainSchema.parse({ batch: 128, lr: 1e-3, optimizer: 'adam', weightDecay: 0 });
  const trainer = new Trainer(net, data, validation, cfg, new Rng(3), undefined, opts);
  const macs = executedMacs(compileLayout(net));
  const t = await timeRepeatsAsync(async () => {
    await trainer.epoch();
  }, repeats);
  return [
    {
      engine: 'ours',
      case: name,
      kind: 'train',
      threads: trainer.kernelInfo.activeThreads ?? 1,
      ex_s: t.seconds.map((s) => shape.rows / s),
      cpu_per_wall: t.cpuPerWall,
      path: trainer.kernelInfo.path,
      flop_per_ex: 2 * (2 * macs.forward + macs.dx),
      rss_mb: process.resourceUsage().maxRSS / 1024,
    },
  ];
}
