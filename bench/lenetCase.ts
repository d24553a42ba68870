/**
 * Case f of bench/engine.ts: LeNet-5 on the conv kernels (bench/lenetKernels.ts) against PyTorch's LeNet5 in
 * bench/torch_anchor.py. Training: SGD steps over LENET_ROWS synthetic digits per timed run, batch 64 or 256, dense
 * (f64, f256) or with every layer at 10 % of its weights (fs64, fs256, against PyTorch's dense run: its masked cost
 * would be the same); the loss must fall over the runs or the case fails. Inference: one sample at a time, dense
 * (fb1) and at 10 % (fsb1), through the product's own path (bench/lenetProduct.ts: the network a run synthesises,
 * predicted by `predictProba` one sample per call), whose predictions must equal the reference path's or the case
 * fails. Ours runs with 1 thread and with 2 and reports the faster, as PyTorch's best setting is.
 */
import { threadCount } from '../src/engine/kernels/settings';
import { ConvDevice } from '../src/engine/kernels/convDevice';
import type { Measurement } from './engineCases';
import { timeRepeats } from './timing';
import { LenetOnKernels, syntheticDigits } from './lenetKernels';
import { lenetForwardMacs, lenetNetwork } from './lenetProduct';
import { timeOneSample } from './oneSample';

export const LENET_CASES = ['f64', 'f256', 'fs64', 'fs256', 'fb1', 'fsb1'] as const;
export type LenetCase = (typeof LENET_CASES)[number];

/** Examples per timed run; torch_anchor.py's LENET_ROWS and LENET_INFER are the same. */
const LENET_ROWS = 3072;
const LENET_INFER = 500;
const LR = 0.05;

function device(threads: number): ConvDevice {
  const dev = ConvDevice.create({ threads });
  if ('unavailable' in dev) throw new Error(`no conv kernels: ${dev.unavailable}`);
  return dev;
}

function measureTrain(name: LenetCase, threads: number, repeats: number): { m: Measurement; losses: number[] } {
  const batch = name.endsWith('256') ? 256 : 64;
  const density = name.startsWith('fs') ? 0.1 : 1;
  const dev = device(threads);
  const net = new LenetOnKernels(dev, batch, density, 5);
  const data = syntheticDigits(LENET_ROWS, 11);
  const losses: number[] = [];
  const epoch = (): void => {
    let sum = 0;
    for (let r = 0; r + batch <= LENET_ROWS; r += batch) {
      sum += net.step(data.x.subarray(r * 784), data.y.subarray(r), LR);
    }
    losses.push(sum / Math.floor(LENET_ROWS / batch));
  };
  const t = timeRepeats(epoch, repeats);
  return {
    losses,
    m: {
      engine: 'ours',
      case: name,
      kind: 'train',
      threads: dev.threads,
      ex_s: t.seconds.map((s) => (batch * Math.floor(LENET_ROWS / batch)) / s),
      cpu_per_wall: t.cpuPerWall,
      path: `wasm-${dev.simd}`,
      flop_per_ex: 2 * net.trainMacs,
      rss_mb: process.resourceUsage().maxRSS / 1024,
    },
  };
}

function measureInfer(name: LenetCase, threads: number, repeats: number): Measurement {
  const net = lenetNetwork(name === 'fsb1' ? 0.1 : 1, 5);
  const data = syntheticDigits(LENET_INFER, 13);
  const { device: dev, timing: t } = timeOneSample(name, net, data.x, LENET_INFER, repeats, { threads });
  return {
    engine: 'ours',
    case: name,
    kind: 'infer',
    threads: dev.threads,
    ex_s: t.seconds.map((s) => LENET_INFER / s),
    cpu_per_wall: t.cpuPerWall,
    path: `wasm-${dev.simd}`,
    // The multiply-adds of the active weights: the dense part may run a sparse level on dense panels.
    flop_per_ex: 2 * lenetForwardMacs(net),
    rss_mb: process.resourceUsage().maxRSS / 1024,
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

export function runLenetCase(name: LenetCase, repeats: number, threads: number | undefined): Measurement[] {
  const counts = threads === undefined ? [...new Set([1, threadCount({})])] : [threads];
  let best: Measurement | undefined;
  for (const T of counts) {
    let m: Measurement;
    if (name === 'fb1' || name === 'fsb1') {
      m = measureInfer(name, T, repeats);
    } else {
      const run = measureTrain(name, T, repeats);
      const { losses } = run;
      // The real computation: the loss of the last run must be below that of the first (warm-up) run.
      if (!(losses[losses.length - 1]! < losses[0]!)) {
        throw new Error(`${name}: the loss did not fall over ${losses.length} runs (${losses.join(', ')})`);
      }
      process.stderr.write(`${name} x${T}: loss ${losses.map((l) => l.toFixed(3)).join(' -> ')}\n`);
      m = run.m;
    }
    if (!best || median(m.ex_s) > median(best.ex_s)) best = m;
  }
  return [best!];
}
