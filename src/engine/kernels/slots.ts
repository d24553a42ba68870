/**
 * Layout of a worker's control slot (int32 indices into the pool's SharedArrayBuffer). One slot per worker,
 * 128 bytes apart, so two workers' flags never share a cache line.
 */
export const SLOT = {
  STRIDE: 32,
  /** Job sequence number, bumped by the caller to post a job. */
  SEQ: 0,
  /** Sequence number of the last finished job, written by the worker. */
  DONE: 1,
  WORKER_SLEEPS: 2,
  CALLER_SLEEPS: 3,
  OP: 4,
  /** Context id the job is for. */
  ID: 5,
  ERROR: 6,
  /** Up to 8 int32 arguments. */
  ARGS: 8,
  OP_EXIT: 0,
  OP_ATTACH: 1,
  OP_DETACH: 2,
  OP_PHASE_A: 3,
  OP_PHASE_B: 4,
  OP_FORWARD_BLOCK: 5,
  /** conv_run(job, tid, threads): one thread's share of a conv or pooling job. */
  OP_CONV: 6,
} as const;
