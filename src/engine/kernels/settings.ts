import { availableParallelism } from 'node:os';
import { isMainThread } from 'node:worker_threads';

/**
 * Which compute path trains: `reference` (the plain TypeScript path in core/compute.ts), `wasm` (the fastest kernel
 * build this Node supports), or one build on purpose: `simd` (SIMD128 mul+add) or `relaxed` (relaxed-SIMD FMA).
 */
export type KernelChoice = 'reference' | 'wasm' | 'simd' | 'relaxed';

export interface KernelOptions {
  /** Default: `SCANN_KERNELS`, else `wasm`. */
  kernels?: KernelChoice;
  /**
   * Most threads per step, the calling one included. Default: `SCANN_THREADS`, else the core count on the main
   * thread and 1 in worker threads (grid workers already use the cores; spinning threads must not outnumber them).
   */
  threads?: number;
  /**
   * Default true: time steps and use 1 thread instead of `threads` while that is faster (small networks, a busy
   * machine). Results are the same either way; false pins the count (tests of the threaded path).
   */
  tuneThreads?: boolean;
  /**
   * Levels with a smaller share of active connections run as CSR, the others dense, and conv layers with a smaller
   * share of active kernel weights on the sparse conv kernels. Default: a cost model on each level's size and
   * density (layout.ts) and a fixed share for conv layers (frontLayout.ts), which is what a run should use; tests
   * force formats with this.
   */
  sparseBelow?: number;
  /** false: copy each batch's rows in even when the training table would fit in wasm memory; for tests. */
  residentTable?: boolean;
  /** false: plain memory, one thread (the fallback where shared memory is missing); for tests. */
  sharedMemory?: boolean;
}

const CHOICES: readonly KernelChoice[] = ['reference', 'wasm', 'simd', 'relaxed'];

export function kernelChoice(options: KernelOptions): KernelChoice {
  if (options.kernels) return options.kernels;
  const env = process.env['SCANN_KERNELS'];
  if (env === undefined || env === '') return 'wasm';
  if ((CHOICES as readonly string[]).includes(env)) return env as KernelChoice;
  throw new Error(`SCANN_KERNELS must be one of ${CHOICES.join(', ')} (got "${env}")`);
}

export function threadCount(options: KernelOptions): number {
  if (options.threads !== undefined) return Math.max(1, Math.floor(options.threads));
  const env = process.env['SCANN_THREADS'];
  if (env !== undefined && env !== '' && isMainThread) {
    const n = Number(env);
    if (!Number.isInteger(n) || n < 1) throw new Error(`SCANN_THREADS must be a positive integer (got "${env}")`);
    return n;
  }
  return isMainThread ? Math.max(1, availableParallelism()) : 1;
}
