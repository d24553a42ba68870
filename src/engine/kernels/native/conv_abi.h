/*
 * The job table of conv_run (native/kernels.c): int32 slots TypeScript writes into wasm memory (floats bit for
 * bit, pointers as byte offsets). src/engine/kernels/convAbi.ts mirrors these numbers; a unit test checks both agree.
 *
 * Conv and pooling work on "rows": one row per unit (y, x, c) of a feature map, ordered (y * GW + x) * C + c over a
 * grid GH x GW (the map plus any zero border), each row holding the batch's columns (JOB_S floats apart, the same
 * layout as the dense part's unit-major activations, so the flatten boundary is free). Threads split the columns in
 * groups of 8 (forward, input gradient, pooling) or the output channels (weight gradient), so results never depend
 * on the thread count.
 */
#ifndef SCANN_CONV_ABI_H
#define SCANN_CONV_ABI_H

#define JOB_OP 0
#define JOB_S 1         /* floats per row (a multiple of 8) */
#define JOB_NB 2        /* columns in use, a multiple of 8 (<= S); columns >= the batch are zero in gradients */
#define JOB_C 3         /* input channels */
#define JOB_GW 4        /* input grid width (map width + 2 * pad, or more) */
#define JOB_OC 5        /* output channels (conv), or channels (pooling) */
#define JOB_KH 6
#define JOB_KW 7
#define JOB_STRIDE 8
#define JOB_OH 9        /* output map */
#define JOB_OW 10
#define JOB_X 11        /* input rows */
#define JOB_Y 12        /* output rows (OH * OW * OC) */
#define JOB_W 13        /* dense: f32[OC][KH][KW][C]; sparse: f32[nnz]; CONV_FWD_1: f32[KH][KW][C][OC8] */
#define JOB_BIAS 14     /* f32[OC]; CONV_FWD_1: f32[OC8] (OC8: OC rounded up to 8) */
#define JOB_DY 15       /* output gradient rows */
#define JOB_DX 16       /* input gradient rows (grid GH x GW; zeroed by the kernel over its columns) */
#define JOB_DW 17       /* dense: f32[OC][KH][KW][C] += dL/dW; sparse: f32[nnz] += */
#define JOB_DB 18       /* f32[OC] += dL/db */
#define JOB_RELU 19     /* forward: ReLU fused */
#define JOB_ROWPTR 20   /* sparse: i32[OC + 1] */
#define JOB_ROFF 21     /* sparse: i32[nnz] row offset of each active tap from the pixel's first row */
#define JOB_XROWS 22    /* rows of the input grid (GH * GW * C), for clearing JOB_DX */
#define JOB_ARGMAX 23   /* max pool: i32 rows like JOB_Y, window position of each maximum */
#define JOB_SCRATCH 24  /* per-thread scratch: base + tid * size (bytes) */
#define JOB_SCRATCH_SIZE 25
#define JOB_N 26        /* layout transforms: samples; also the number of floats for SGD */
#define JOB_H 27        /* layout transforms: map height and width, and the border */
#define JOB_MW 28
#define JOB_PAD 29
#define JOB_SRC 30      /* layout transforms: batch-major NHWC maps */
#define JOB_LR 31       /* SGD: f32 */
#define JOB_MASK 32     /* SGD, OPT_STEP: f32 0/1 per weight, or 0 for none */
#define JOB_CTX 33      /* OPT_STEP: the dense part's context, whose optimizer settings (CTX_OPT ..) apply */
#define JOB_M 34        /* OPT_STEP: SGD momentum buffer or Adam first moment, per weight */
#define JOB_V 35        /* OPT_STEP: Adam second moment */
#define JOB_DECAY 36    /* OPT_STEP: 1 applies the context's weight decay (weights), 0 not (biases) */
#define JOB_YMW 37      /* CONV_FWD_SPARSE_1P, MAXPOOL_FWD_1P: output in planes [OC][OH][JOB_YMW] (0: HWC rows) */
#define JOB_SIZE 40

/* JOB_OP values. */
#define CONV_FWD 1
#define CONV_DX 2
#define CONV_DW 3
#define CONV_FWD_SPARSE 4
#define CONV_DX_SPARSE 5
#define CONV_DW_SPARSE 6
#define MAXPOOL_FWD 7
#define MAXPOOL_BWD 8
#define AVGPOOL_FWD 9
#define AVGPOOL_BWD 10
#define RELU_BWD 11
#define TO_ROWS 12
#define FROM_ROWS 13
#define SGD 14
/* One sample (JOB_S = 1: a row is one float, the grid an HWC map): vectors over output channels instead. */
#define CONV_FWD_1 15
#define CONV_FWD_SPARSE_1 16
#define MAXPOOL_FWD_1 17
/* One sample, stride 1: JOB_X in planes [C][GH][JOB_MW] (TO_PLANES makes them from rows), JOB_ROFF plane offsets. */
#define CONV_FWD_SPARSE_1P 18
#define TO_PLANES 19
/* Rows of a map (JOB_SRC, no border) into the inside of a grid with a border of JOB_PAD (JOB_X), and back. */
#define PAD_ROWS 20
#define CROP_ROWS 21
/* The training optimizer's update of JOB_N weights (see optim.h), with the settings of the context at JOB_CTX. */
#define OPT_STEP 22
/* One sample's max pool from planes [OC][JOB_H][JOB_MW] (a planar conv's output) into planes [OC][OH][JOB_YMW]. */
#define MAXPOOL_FWD_1P 23

#endif
