import type { KernelExports } from './abi';
import { Arena } from './arena';
import { JOB } from './convAbi';
import { ConvJobRunner, scratchBytes, type JobFields } from './convJob';
import { loadKernels, type KernelModule, type Simd } from './module';
import { threadPool } from './pool';
import { kernelChoice, threadCount, type KernelOptions } from './settings';
import { wasm, type WasmApi } from './wasmApi';

export type { JobFields } from './convJob';

/**
 * Room for a fixed sequence of jobs on a device: `count` job tables from byte offset `at`, valid for the layout
 * (`reset` to `reset`) it was allocated in.
 */
export interface JobList {
  readonly at: number;
  readonly count: number;
  readonly layout: number;
}

const detach = new FinalizationRegistry<{ id: number; workers: number }>(({ id, workers }) =>
  threadPool().detach(id, workers),
);

/**
 * The conv and pooling kernels on one wasm memory: buffers are allocated from it (byte offsets), filled through
 * `f32`/`i32`, and jobs (native/conv_abi.h) run split over `threads` threads, the calling one included. Every job
 * splits its work so that results do not depend on the thread count.
 */
export class ConvDevice {
  readonly simd: Simd;
  readonly threads: number;
  private readonly arena: Arena;
  private readonly jobs: ConvJobRunner;
  private jobAt = 0;
  /** Counts resets: a job list belongs to the layout it was allocated in. */
  private layout = 0;

  private constructor(api: WasmApi, k: KernelModule, threads: number) {
    this.simd = k.simd;
    this.threads = k.shared ? threads : 1;
    const probe = new api.Instance(k.module, {
      env: { memory: new api.Memory({ initial: 1, maximum: 1, shared: k.shared }) },
    });
    const base = ((probe.exports as unknown as KernelExports).__heap_base.value as number) + 64;
    this.arena = new Arena(api, k.shared, base);
    const exports = new api.Instance(k.module, { env: { memory: this.arena.memory } })
      .exports as unknown as KernelExports;
    let poolId = 0;
    if (this.threads > 1) {
      poolId = threadPool().attach(k.module, this.arena.memory, this.threads - 1);
      detach.register(this, { id: poolId, workers: this.threads - 1 });
    }
    this.jobs = new ConvJobRunner(exports, this.arena, poolId);
    this.reset(0);
  }

  /** A device, or why the kernels cannot run here (WebAssembly SIMD missing, or `kernels: 'reference'`). */
  static create(options: KernelOptions = {}): ConvDevice | { unavailable: string } {
    const choice = kernelChoice(options);
    if (choice === 'reference') return { unavailable: 'the reference path was asked for' };
    const shared = options.sharedMemory !== false;
    let m = loadKernels(choice, shared);
    if ('unavailable' in m && shared) m = loadKernels(choice, false);
    if ('unavailable' in m) return m;
    return new ConvDevice(wasm!, m, threadCount(options));
  }

  get f32(): Float32Array {
    return this.arena.f32;
  }

  get i32(): Int32Array {
    return this.arena.i32;
  }

  /**
   * Frees every buffer and reserves the job table and `scratchFloats` of scratch per thread (the most any job
   * will use: see convScratch in convRows.ts).
   */
  reset(scratchFloats: number): void {
    this.layout++;
    this.arena.reset();
    this.jobAt = this.arena.alloc(4 * JOB.SIZE);
    const size = scratchBytes(scratchFloats);
    const at = this.arena.alloc(size * this.threads);
    this.jobs.setScratch(this.jobAt, at, size);
  }

  /** Byte offset of `n` floats (or int32s), 64-byte aligned; valid after `commit`. */
  alloc(n: number): number {
    // A few floats of slack: the last tile of a kernel may read (never use) just past an array.
    return this.arena.alloc(4 * (n + 16));
  }

  /** Grows the memory to hold every allocation and zeroes it (borders of row grids must start at 0). */
  commit(): void {
    const keep = this.i32.slice(this.jobAt >> 2, (this.jobAt >> 2) + JOB.SIZE);
    this.arena.commit();
    this.i32.set(keep, this.jobAt >> 2);
  }

  /** Runs one job: the fields given, every other slot but the scratch 0. */
  run(fields: JobFields): void {
    this.jobs.run(this.jobAt, fields, this.threads);
  }

  /**
   * Room for the tables of `count` jobs run as one sequence (a forward pass that repeats with the same buffers),
   * allocated like a buffer: before `commit`, filled by `setJobs` after it.
   */
  allocJobs(count: number): JobList {
    return { at: this.arena.alloc(4 * JOB.SIZE * count), count, layout: this.layout };
  }

  /**
   * Writes the list's job tables, once: every run of the list reuses them until they are written again. The tables
   * hold buffer offsets, not data, so new weights or inputs in the same buffers need no rewrite.
   */
  setJobs(list: JobList, jobs: readonly JobFields[]): void {
    this.check(list);
    if (jobs.length !== list.count) throw new Error(`the job list holds ${list.count} jobs, not ${jobs.length}`);
    jobs.forEach((fields, i) => this.jobs.write(list.at + 4 * JOB.SIZE * i, fields, this.jobAt));
  }

  /** Runs the list's jobs in order, each split over the threads as `run` does. */
  runJobs(list: JobList): void {
    this.check(list);
    this.jobs.runList(list.at, list.count, this.threads);
  }

  /** A reset freed the list's tables (and commit zeroed them): running it would silently do nothing. */
  private check(list: JobList): void {
    if (list.layout !== this.layout) throw new Error('the job list belongs to a layout this device has since reset');
  }
}
