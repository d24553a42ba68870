import type { KernelExports } from './abi';
import type { Arena } from './arena';
import { JOB, type JobSlot } from './convAbi';
import { threadPool } from './pool';
import { SLOT } from './slots';

/** Job fields by slot name; floats (JOB.LR) are given as numbers and stored bit for bit. */
export type JobFields = Partial<Record<JobSlot, number>>;

const FLOAT_SLOTS: ReadonlySet<JobSlot> = new Set(['LR']);

/**
 * Runs conv_run jobs (native/conv_abi.h) from one job table in an arena, split over T threads (the calling one
 * and T - 1 workers of the thread pool attached as `poolId`). Every job splits its work so that results do not
 * depend on T. Shared by the conv device (single operations) and the kernel device (a network's conv front end).
 */
export class ConvJobRunner {
  constructor(
    private readonly k: KernelExports,
    private readonly arena: Arena,
    private readonly poolId: number,
  ) {}

  /** The memory's floats (renewed when it grows). */
  get f32(): Float32Array {
    return this.arena.f32;
  }

  /** Writes the per-thread scratch (bytes per thread, at `at`) into the job table at `jobAt`. */
  setScratch(jobAt: number, at: number, bytesPerThread: number): void {
    const j = jobAt >> 2;
    this.arena.i32[j + JOB.SCRATCH] = at;
    this.arena.i32[j + JOB.SCRATCH_SIZE] = bytesPerThread;
  }

  /** Runs one job on T threads: the fields given, every other slot but the scratch 0. */
  run(jobAt: number, fields: JobFields, T: number): void {
    this.write(jobAt, fields, jobAt);
    this.runAt(jobAt, T);
  }

  /**
   * Writes a job table at `jobAt`: the fields given, the scratch of the table at `scratchFrom` (which may be the
   * same table), every other slot 0.
   */
  write(jobAt: number, fields: JobFields, scratchFrom: number): void {
    const { i32, f32 } = this.arena;
    const j = jobAt >> 2;
    const scratch = i32[(scratchFrom >> 2) + JOB.SCRATCH]!;
    const size = i32[(scratchFrom >> 2) + JOB.SCRATCH_SIZE]!;
    i32.fill(0, j, j + JOB.SIZE);
    i32[j + JOB.SCRATCH] = scratch;
    i32[j + JOB.SCRATCH_SIZE] = size;
    for (const [name, v] of Object.entries(fields) as [JobSlot, number][]) {
      if (FLOAT_SLOTS.has(name)) f32[j + JOB[name]] = v;
      else i32[j + JOB[name]] = v;
    }
  }

  /** Runs the job whose table is already written at `jobAt` on T threads. */
  runAt(jobAt: number, T: number): void {
    const pool = T > 1 ? threadPool() : undefined;
    for (let w = 1; w < T; w++) pool!.post(w - 1, SLOT.OP_CONV, this.poolId, jobAt, w, T);
    this.k.conv_run(jobAt, 0, T);
    for (let w = 1; w < T; w++) pool!.wait(w - 1);
  }

  /**
   * Runs `count` jobs whose tables lie one after another from `at` (JOB.SIZE slots each), in order. On one thread
   * that is a single call into the module; on more, each job is shared out and waited for before the next.
   */
  runList(at: number, count: number, T: number): void {
    if (T === 1) {
      this.k.conv_run_list(at, count);
      return;
    }
    for (let i = 0; i < count; i++) this.runAt(at + 4 * JOB.SIZE * i, T);
  }
}

/** Bytes of per-thread scratch for `floats` floats, a whole number of cache lines. */
export function scratchBytes(floats: number): number {
  return (4 * floats + 63) & ~63;
}
