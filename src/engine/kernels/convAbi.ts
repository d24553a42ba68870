/**
 * Slot numbers of conv_run's job table and its operations (int32 slots, floats stored bit for bit). Mirrors
 * native/conv_abi.h, which documents each slot; test/unit/kernels-build.test.ts checks that the two agree.
 */
export const JOB = {
  OP: 0,
  S: 1,
  NB: 2,
  C: 3,
  GW: 4,
  OC: 5,
  KH: 6,
  KW: 7,
  STRIDE: 8,
  OH: 9,
  OW: 10,
  X: 11,
  Y: 12,
  W: 13,
  BIAS: 14,
  DY: 15,
  DX: 16,
  DW: 17,
  DB: 18,
  RELU: 19,
  ROWPTR: 20,
  ROFF: 21,
  XROWS: 22,
  ARGMAX: 23,
  SCRATCH: 24,
  SCRATCH_SIZE: 25,
  N: 26,
  H: 27,
  MW: 28,
  PAD: 29,
  SRC: 30,
  LR: 31,
  MASK: 32,
  SIZE: 40,
} as const;

export type JobSlot = Exclude<keyof typeof JOB, 'SIZE'>;

export const CONV_OP = {
  CONV_FWD: 1,
  CONV_DX: 2,
  CONV_DW: 3,
  CONV_FWD_SPARSE: 4,
  CONV_DX_SPARSE: 5,
  CONV_DW_SPARSE: 6,
  MAXPOOL_FWD: 7,
  MAXPOOL_BWD: 8,
  AVGPOOL_FWD: 9,
  AVGPOOL_BWD: 10,
  RELU_BWD: 11,
  TO_ROWS: 12,
  FROM_ROWS: 13,
  SGD: 14,
} as const;
