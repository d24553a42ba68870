import type { TrainConfig } from '../../protocol/config';
import { EVAL_BATCH } from '../core/compute';
import type { Network } from '../core/network';
import { ADAM_EPS, type Optimizer } from '../core/optimizer';
import { KernelDevice, type OptimizerState } from './device';
import { oneSampleFits } from './frontLayout';
import { loadKernels } from './module';
import { kernelChoice, threadCount, type KernelOptions } from './settings';
import { wasm } from './wasmApi';

export { KernelDevice } from './device';
export { closeThreadPool } from './pool';
export type { KernelChoice, KernelOptions } from './settings';

/** Which path a trainer or predictor ended up on, and why (for results, logs and the benchmark). */
export interface KernelInfo {
  path: 'reference' | 'wasm-simd' | 'wasm-relaxed';
  /** Most threads a step may use. */
  threads: number;
  /** Threads the tuner currently prefers (1 or `threads`; see kernels/tuner.ts). */
  activeThreads?: number;
  /** Why the fast path is not used, when it is not. */
  reason?: string;
}

/**
 * Rows per forward-only call of a network with a conv front end: its maps take rows x stride floats per layer
 * (LeNet-5: about 19k rows, 10 MB at 128 samples), and the conv kernels run 8 columns at a time, so larger calls
 * are no faster.
 */
const FRONT_EVAL_BATCH = 128;

/**
 * A kernel device for training `net` with `optimizer`'s state, or undefined when the reference path is asked for
 * or the kernels cannot run here (then `info` says why). Shared memory is tried first; without it one thread runs
 * on plain memory.
 */
export function trainingDevice(
  net: Network,
  cfg: TrainConfig,
  batch: number,
  optimizer: Optimizer,
  options: KernelOptions,
): { device?: KernelDevice; info: KernelInfo } {
  return createDevice(net, options, batch, EVAL_BATCH, {
    kind: cfg.optimizer,
    lr: cfg.lr,
    beta1: cfg.beta1,
    beta2: cfg.beta2,
    eps: ADAM_EPS,
    weightDecay: cfg.weightDecay,
    momentum: cfg.momentum,
    nesterov: cfg.nesterov,
    m: optimizer.m,
    v: optimizer.v,
    mb: optimizer.mb,
    vb: optimizer.vb,
    front: optimizer.front,
  });
}

/**
 * A forward-only device evaluating `batch` rows per call (1 for single-sample latency; below 8, a network with a
 * conv front end runs one sample per pass on the one-sample kernels when its layers have them, see oneSampleFits).
 */
export function inferenceDevice(
  net: Network,
  batch: number,
  options: KernelOptions = {},
): { device?: KernelDevice; info: KernelInfo } {
  return createDevice(net, options, 0, batch);
}

function createDevice(
  net: Network,
  options: KernelOptions,
  trainBatch: number,
  evalBatch: number,
  optimizer?: OptimizerState,
): { device?: KernelDevice; info: KernelInfo } {
  const choice = kernelChoice(options);
  if (choice === 'reference') return { info: { path: 'reference', threads: 1, reason: 'reference path chosen' } };
  // A conv front end's batch jobs need 8 columns or more, and more than FRONT_EVAL_BATCH only costs memory; fewer
  // samples run one at a time on the one-sample kernels where the front end has them.
  if (net.front) {
    const one = trainBatch === 0 && evalBatch < 8 && oneSampleFits(net.front);
    evalBatch = one ? 1 : Math.max(8, Math.min(evalBatch, FRONT_EVAL_BATCH));
  }
  let threads = threadCount(options);
  if (!wasm) return { info: { path: 'reference', threads: 1, reason: 'WebAssembly is not available' } };
  let shared = options.sharedMemory !== false;
  if (shared) {
    try {
      new wasm.Memory({ initial: 1, maximum: 1, shared: true });
    } catch {
      shared = false;
    }
  }
  if (!shared) threads = 1;
  const mod = loadKernels(choice, shared);
  if ('unavailable' in mod) return { info: { path: 'reference', threads: 1, reason: mod.unavailable } };
  try {
    const tuneThreads = options.tuneThreads !== false;
    const device = new KernelDevice(wasm, mod, net, {
      threads,
      tuneThreads,
      residentTable: options.residentTable !== false,
      ...(options.sparseBelow !== undefined ? { sparseBelow: options.sparseBelow } : {}),
      trainBatch,
      evalBatch,
      ...(optimizer ? { optimizer } : {}),
    });
    return { device, info: { path: mod.simd === 'relaxed' ? 'wasm-relaxed' : 'wasm-simd', threads: device.threads } };
  } catch (err) {
    if (threads === 1) return { info: { path: 'reference', threads: 1, reason: (err as Error).message } };
    // Threads that cannot start: one thread still beats the reference path by far.
    return createDevice(net, { ...options, threads: 1 }, trainBatch, evalBatch, optimizer);
  }
}
