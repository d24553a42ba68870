/*
 * The binary interface between the TypeScript side and the kernels: a context and a block table that
 * TypeScript writes into wasm memory as int32 slots (floats stored bit for bit), read here. Pointers are byte
 * offsets into the memory. src/engine/kernels/abi.ts mirrors these numbers; a unit test checks both agree.
 */
#ifndef SCANN_ABI_H
#define SCANN_ABI_H

/* Context. */
#define CTX_NBLOCKS 0
#define CTX_BLOCKS 1      /* ptr to nblocks x BLK_SIZE int32 */
#define CTX_STRIDE 2      /* floats per activation / gradient row (a multiple of 8, or 1..7 for inference) */
#define CTX_ACT 3         /* f32[rows][stride], unit-major */
#define CTX_GRAD 4        /* f32[rows][stride], dL/dz */
#define CTX_D 5           /* inputs; rows 0..d-1 of act */
#define CTX_XIN 6         /* f32[rows][d], row-major: the batch as copied in, or the whole table */
#define CTX_LABELS 7      /* i32[rows] */
#define CTX_B 8           /* samples in the current batch */
#define CTX_OUTROW 9      /* row of the first output */
#define CTX_C 10          /* outputs */
#define CTX_LOSS 11       /* f32[2 * stride]: per sample, sum of exp(z - max) over non-max outputs, z_label - max */
#define CTX_CORRECT 12    /* i32[stride]: per sample, 1 when the argmax is the label */
#define CTX_ZROW0 13      /* gradient rows [zrow0, zrow1) are cleared before the backward pass */
#define CTX_ZROW1 14
#define CTX_BIAS 15       /* f32[rows] indexed by target row */
#define CTX_GBIAS 16
#define CTX_MBIAS 17
#define CTX_VBIAS 18
#define CTX_SCRATCH 19    /* per-thread scratch: base + tid * size */
#define CTX_SCRATCH_SIZE 20
#define CTX_WORK 21       /* ptr to i32[threads]: per thread, ptr to [count, (block, from, to) x count] */
#define CTX_OPT 22        /* 0 SGD, 1 Adam */
#define CTX_LR 23         /* f32 */
#define CTX_BETA1 24      /* f32 */
#define CTX_BETA2 25      /* f32 */
#define CTX_EPS 26        /* f32 */
#define CTX_WD 27         /* f32 */
#define CTX_STEPSIZE 28   /* f32: Adam lr / (1 - beta1^t) */
#define CTX_SQRTC2 29     /* f32: Adam sqrt(1 - beta2^t) */
#define CTX_MOMENTUM 30   /* f32 */
#define CTX_NESTEROV 31
#define CTX_IDX 32        /* 0: sample b is row b of xin/labels; else i32[B], the row of each sample */
#define CTX_SOFT 33       /* 0: train on the labels; else f32[B][C], a teacher's probabilities per sample */
#define CTX_SOFTW 34      /* f32: the teacher's weight in the targets (see softmax_ce) */
#define CTX_SIZE 64

/* Block: one level of the network, its targets in consecutive rows. */
#define BLK_SPARSE 0      /* 0 dense (panel layout), 1 CSR */
#define BLK_RELU 1        /* 1 hidden level, 0 the output level */
#define BLK_T0 2          /* first target row */
#define BLK_NT 3          /* targets */
#define BLK_NTP 4         /* targets padded to a multiple of 4 (rows reserved) */
#define BLK_NS 5          /* dense: sources, a multiple of 4 (padded with the zero row) */
#define BLK_SRC 6         /* dense: i32[ns] activation row of each source */
#define BLK_DXJ0 7        /* dense: first source (multiple of 4) at or after which hidden sources start; ns if none */
#define BLK_DXROWS 8      /* dense: i32[ns] gradient row of each source (the sink row for non-hidden ones) */
#define BLK_W 9           /* dense: f32[ntp/4][ns][4]; CSR: f32[nnz] */
#define BLK_G 10          /* dL/dw, same layout */
#define BLK_M 11          /* optimizer state, same layout (SGD momentum buffer or Adam m) */
#define BLK_V 12          /* Adam v */
#define BLK_MASK 13       /* dense: f32 0/1, same layout */
#define BLK_ROWPTR 14     /* CSR: i32[nt + 1] */
#define BLK_HSPLIT 15     /* CSR: i32[nt] first entry of each target whose source is hidden */
#define BLK_COL 16        /* CSR: i32[nnz] activation row of each source */
#define BLK_SIZE 32

/* phase_a modes. */
#define MODE_TRAIN 0
#define MODE_EVAL 1
#define MODE_INFER 2

#endif
