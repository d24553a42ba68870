import type { WasmGlobal } from './wasmApi';

/**
 * Slot numbers of the context and block tables the kernels read (int32 slots, floats stored bit for bit).
 * Mirrors native/abi.h; test/unit/kernels-build.test.ts checks that the two agree.
 */
export const CTX = {
  NBLOCKS: 0,
  BLOCKS: 1,
  STRIDE: 2,
  ACT: 3,
  GRAD: 4,
  D: 5,
  XIN: 6,
  LABELS: 7,
  B: 8,
  OUTROW: 9,
  C: 10,
  LOSS: 11,
  CORRECT: 12,
  ZROW0: 13,
  ZROW1: 14,
  BIAS: 15,
  GBIAS: 16,
  MBIAS: 17,
  VBIAS: 18,
  SCRATCH: 19,
  SCRATCH_SIZE: 20,
  WORK: 21,
  OPT: 22,
  LR: 23,
  BETA1: 24,
  BETA2: 25,
  EPS: 26,
  WD: 27,
  STEPSIZE: 28,
  SQRTC2: 29,
  MOMENTUM: 30,
  NESTEROV: 31,
  IDX: 32,
  SOFT: 33,
  SOFTW: 34,
  SIZE: 64,
} as const;

export const BLK = {
  SPARSE: 0,
  RELU: 1,
  T0: 2,
  NT: 3,
  NTP: 4,
  NS: 5,
  SRC: 6,
  DXJ0: 7,
  DXROWS: 8,
  W: 9,
  G: 10,
  M: 11,
  V: 12,
  MASK: 13,
  ROWPTR: 14,
  HSPLIT: 15,
  COL: 16,
  SIZE: 32,
} as const;

export const MODE = { TRAIN: 0, EVAL: 1, INFER: 2 } as const;
export type Mode = (typeof MODE)[keyof typeof MODE];

/** The kernels' exports (see native/kernels.c). */
export interface KernelExports {
  phase_a(ctx: number, tid: number, n0: number, n1: number, mode: number): void;
  phase_b(ctx: number, tid: number): void;
  load_input(ctx: number, n0: number, n1: number): void;
  forward_block(ctx: number, tid: number, block: number, from: number, to: number, n0: number, n1: number): void;
  /** Thread `tid`'s share of the conv or pooling job at `job` (see native/conv_abi.h), of `threads` shares. */
  conv_run(job: number, tid: number, threads: number): void;
  /** `count` jobs with tables one after another from `jobs`, in order, on the calling thread alone. */
  conv_run_list(jobs: number, count: number): void;
  __heap_base: WasmGlobal;
}
