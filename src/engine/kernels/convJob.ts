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
    const { i32, f32 } = this.arena;
    const j = jobAt >> 2;
    const scratch = i32[j + JOB.SCRATCH]!;
    const size = i32[j + JOB.SCRATCH_SIZE]!;
    i32.fill(0, j, j + JOB.SIZE);
    i32[j + JOB.SCRATCH] = scratch;
    i32[j + JOB.SCRATCH_SIZE] = size;
    for (const [name, v] of Object.entries(fields) as [JobSlot, number][]) {
      if (FLOAT_SLOTS.has(name)) f32[j + JOB[name]] = v;
      else i32[j + JOB[name]] = v;
    }
    const pool = T > 1 ? threadPool() : undefined;
    for (let w = 1; w < T; w++) pool!.post(w - 1, SLOT.OP_CONV, this.poolId, jobAt, w, T);
    this.k.conv_run(jobAt, 0, T);
    for (let w = 1; w < T; w++) pool!.wait(w - 1);
  }
}

/** Bytes of per-thread scratch for `floats` floats, a whole number of cache lines. */
export function scratchBytes(floats: number): number {
  return (4 * floats + 63) & ~63;
}
