/*
 * SCANN Studio training kernels (WebAssembly SIMD128, optionally relaxed-SIMD FMA). A step is two phases:
 *   phase_a(ctx, tid, n0, n1, mode): batch columns [n0, n1) through the whole network and back (forward, loss,
 *     dL/dz of every unit). Columns are independent, so threads split the batch with no sync inside the phase.
 *   phase_b(ctx, tid): dL/dW, dL/db and the optimizer update for the target rows this thread owns, summed over
 *     the whole batch in a fixed order, so results do not depend on the thread count.
 *   conv_run(job, tid, threads): thread tid's share of one conv or pooling job (see conv_abi.h);
 *   conv_run_list(jobs, count): a sequence of such jobs on one thread.
 * Built by build.sh; the TypeScript side (src/engine/kernels) lays out memory and drives the phases.
 */
#include "common.h"
#include "conv.h"
#include "conv_one.h"
#include "conv_sparse.h"
#include "dense.h"
#include "loss.h"
#include "optim.h"
#include "pool.h"
#include "rows.h"
#include "sparse.h"

static void clear_rows(const int *ctx, int r0, int r1, int n0, int n1) {
  const int S = ctx[CTX_STRIDE];
  float *grad = PTR(float, ctx[CTX_GRAD]);
  for (int r = r0; r < r1; r++) {
    float *g = grad + r * S;
    for (int n = n0; n < n1; n += 4) ST(g + n, ZERO4);
  }
}

/* ReLU derivative: dL/dz = 0 where the unit did not fire. Padding rows have act 0, so they end at 0 too. */
static void relu_grad(const int *ctx, const int *blk, int n0, int n1) {
  const int S = ctx[CTX_STRIDE];
  const float *act = PTR(const float, ctx[CTX_ACT]);
  float *grad = PTR(float, ctx[CTX_GRAD]);
  const int r1 = blk[BLK_T0] + blk[BLK_NTP];
  for (int r = blk[BLK_T0]; r < r1; r++) {
    const float *a = act + r * S;
    float *g = grad + r * S;
    for (int n = n0; n < n1; n += 4) ST(g + n, wasm_v128_and(LD(g + n), wasm_f32x4_gt(LD(a + n), ZERO4)));
  }
}

/* Forward of block k's target panels (dense) or targets (CSR) [from, to) for columns [n0, n1). */
static void forward(const int *ctx, const int *blk, int from, int to, int n0, int n1, float *scratch) {
  /* Vector kernels need 8-column groups; inference on fewer samples uses the per-column ones (one sample: rows of
     one float, which fwd_sparse_one gathers from). */
  const int vec = ((n1 - n0) & 7) == 0 && (ctx[CTX_STRIDE] & 7) == 0;
  if (blk[BLK_SPARSE]) {
    if (vec) fwd_sparse(ctx, blk, from, to, n0, n1);
    else if (ctx[CTX_STRIDE] == 1) fwd_sparse_one(ctx, blk, from, to, n0);
    else fwd_sparse_scalar(ctx, blk, from, to, n0, n1);
  } else {
    if (vec) fwd_dense(ctx, blk, from, to, n0, n1, scratch);
    else fwd_dense_gemv(ctx, blk, from, to, n0, n1, scratch);
  }
}

static inline int block_units(const int *blk) { return blk[BLK_SPARSE] ? blk[BLK_NT] : blk[BLK_NTP] >> 2; }

EXPORT("phase_a") void phase_a(int ctxp, int tid, int n0, int n1, int mode) {
  const int *ctx = PTR(const int, ctxp);
  if (n0 >= n1) return;
  float *scratch = PTR(float, ctx[CTX_SCRATCH] + tid * ctx[CTX_SCRATCH_SIZE]);
  const int nb = ctx[CTX_NBLOCKS];
  const int *blocks = PTR(const int, ctx[CTX_BLOCKS]);
  load_input(ctx, n0, n1);
  for (int k = 0; k < nb; k++) {
    const int *blk = blocks + k * BLK_SIZE;
    forward(ctx, blk, 0, block_units(blk), n0, n1, scratch);
  }
  if (mode == MODE_INFER) return;
  softmax_ce(ctx, blocks + (nb - 1) * BLK_SIZE, n0, n1, mode == MODE_TRAIN);
  if (mode != MODE_TRAIN) return;
  clear_rows(ctx, ctx[CTX_ZROW0], ctx[CTX_ZROW1], n0, n1);
  for (int k = nb - 1; k >= 0; k--) {
    const int *blk = blocks + k * BLK_SIZE;
    if (blk[BLK_RELU]) relu_grad(ctx, blk, n0, n1);
    if (blk[BLK_SPARSE]) {
      dx_sparse(ctx, blk, n0, n1);
    } else if (blk[BLK_DXJ0] < blk[BLK_NS]) {
      dx_dense(ctx, blk, n0, n1, scratch);
    }
  }
}

/*
 * Inference of a few samples split by targets instead of samples: load_input once, then every level's targets
 * shared out, with the host as the barrier between levels. Each thread's share of the weights stays in its own
 * cache (784x300 at batch 1 does not fit one core's L2, half of it does).
 */
EXPORT("load_input") void load_input_export(int ctxp, int n0, int n1) { load_input(PTR(const int, ctxp), n0, n1); }

EXPORT("forward_block") void forward_block(int ctxp, int tid, int k, int from, int to, int n0, int n1) {
  const int *ctx = PTR(const int, ctxp);
  if (from >= to) return;
  float *scratch = PTR(float, ctx[CTX_SCRATCH] + tid * ctx[CTX_SCRATCH_SIZE]);
  forward(ctx, PTR(const int, ctx[CTX_BLOCKS]) + k * BLK_SIZE, from, to, n0, n1, scratch);
}

EXPORT("phase_b") void phase_b(int ctxp, int tid) {
  const int *ctx = PTR(const int, ctxp);
  float *scratch = PTR(float, ctx[CTX_SCRATCH] + tid * ctx[CTX_SCRATCH_SIZE]);
  const int *blocks = PTR(const int, ctx[CTX_BLOCKS]);
  const int *work = PTR(const int, PTR(const int, ctx[CTX_WORK])[tid]);
  const float wd = F32(ctx, CTX_WD);
  float *bias = PTR(float, ctx[CTX_BIAS]), *gb = PTR(float, ctx[CTX_GBIAS]);
  float *mb = PTR(float, ctx[CTX_MBIAS]), *vb = PTR(float, ctx[CTX_VBIAS]);
  for (int i = 0; i < work[0]; i++) {
    const int *blk = blocks + work[1 + 3 * i] * BLK_SIZE;
    const int a = work[2 + 3 * i], b = work[3 + 3 * i], t0 = blk[BLK_T0];
    float *W = PTR(float, blk[BLK_W]), *G = PTR(float, blk[BLK_G]);
    float *M = PTR(float, blk[BLK_M]), *V = PTR(float, blk[BLK_V]);
    int r0, r1;
    if (blk[BLK_SPARSE]) {
      dw_sparse(ctx, blk, a, b);
      const int *rowptr = PTR(const int, blk[BLK_ROWPTR]);
      const int k0 = rowptr[a], k1 = rowptr[b];
      opt_range(ctx, W + k0, G + k0, M + k0, V + k0, 0, k1 - k0, wd);
      r0 = t0 + a, r1 = t0 + b;
    } else {
      dw_dense(ctx, blk, a, b, scratch);
      const int ps = blk[BLK_NS] * 4, o = a * ps;
      opt_range(ctx, W + o, G + o, M + o, V + o, PTR(const float, blk[BLK_MASK]) + o, (b - a) * ps, wd);
      r0 = t0 + 4 * a, r1 = t0 + 4 * b;
    }
    bias_grad(ctx, r0, r1);
    opt_range(ctx, bias + r0, gb + r0, mb + r0, vb + r0, 0, r1 - r0, 0.0f);
  }
}

/* Share tid of T of `units` units, in multiples of `unit`: [*a, *b). */
static inline void share(int units, int unit, int tid, int T, int *a, int *b) {
  const int g = (units + unit - 1) / unit;
  *a = unit * (int)((long long)g * tid / T);
  *b = tid + 1 == T ? units : unit * (int)((long long)g * (tid + 1) / T);
}

EXPORT("conv_run") void conv_run(int jobp, int tid, int T) {
  const int *job = PTR(const int, jobp);
  float *scratch = PTR(float, job[JOB_SCRATCH] + tid * job[JOB_SCRATCH_SIZE]);
  const int op = job[JOB_OP];
  int a, b;
  if (op == CONV_DW || op == CONV_DW_SPARSE) {
    share(job[JOB_OC], 2, tid, T, &a, &b);
    if (a >= b) return;
    if (op == CONV_DW) conv_dw(job, a, b);
    else conv_dw_sparse(job, a, b);
    return;
  }
  if (op == CONV_FWD_1) {
    share((job[JOB_OC] + 7) >> 3, 4, tid, T, &a, &b);
    if (a < b) conv_fwd_1(job, a, b);
    return;
  }
  if (op == CONV_FWD_SPARSE_1 || op == MAXPOOL_FWD_1 || op == CONV_FWD_SPARSE_1P || op == MAXPOOL_FWD_1P) {
    share(job[JOB_OC], 4, tid, T, &a, &b);
    if (a >= b) return;
    if (op == MAXPOOL_FWD_1) maxpool_fwd_1(job, a, b);
    else if (op == MAXPOOL_FWD_1P) maxpool_fwd_1p(job, a, b);
    else if (op == CONV_FWD_SPARSE_1P) conv_fwd_sparse_1p(job, a, b);
    else conv_fwd_sparse_1(job, a, b);
    return;
  }
  if (op == TO_PLANES) {
    share(job[JOB_C], 4, tid, T, &a, &b);
    if (a < b) to_planes(job, a, b);
    return;
  }
  if (op == SGD) {
    share(job[JOB_N], 4, tid, T, &a, &b);
    if (a < b) sgd(job, a, b);
    return;
  }
  if (op == OPT_STEP) {
    share(job[JOB_N], 4, tid, T, &a, &b);
    if (a >= b) return;
    const int *ctx = PTR(const int, job[JOB_CTX]);
    const float *mask = job[JOB_MASK] ? PTR(const float, job[JOB_MASK]) + a : 0;
    float *v = job[JOB_V] ? PTR(float, job[JOB_V]) + a : 0;
    opt_range(ctx, PTR(float, job[JOB_W]) + a, PTR(const float, job[JOB_DW]) + a, PTR(float, job[JOB_M]) + a, v, mask,
              b - a, job[JOB_DECAY] ? F32(ctx, CTX_WD) : 0.0f);
    return;
  }
  share(job[JOB_NB], 8, tid, T, &a, &b);
  if (a >= b) return;
  switch (op) {
    case CONV_FWD: conv_fwd(job, a, b, scratch); break;
    case CONV_DX: conv_dx(job, a, b, scratch); break;
    case CONV_FWD_SPARSE: conv_fwd_sparse(job, a, b); break;
    case CONV_DX_SPARSE: conv_dx_sparse(job, a, b); break;
    case MAXPOOL_FWD: maxpool_fwd(job, a, b); break;
    case MAXPOOL_BWD: maxpool_bwd(job, a, b); break;
    case AVGPOOL_FWD: avgpool_fwd(job, a, b); break;
    case AVGPOOL_BWD: avgpool_bwd(job, a, b); break;
    case RELU_BWD: relu_bwd(job, a, b); break;
    case TO_ROWS: to_rows(job, a, b); break;
    case FROM_ROWS: from_rows(job, a, b); break;
    case PAD_ROWS: pad_rows(job, a, b, 0); break;
    case CROP_ROWS: pad_rows(job, a, b, 1); break;
    default: break;
  }
}

/*
 * A fixed sequence of jobs (tables JOB_SIZE slots apart) on one thread: one call from the host for a whole forward
 * pass of one sample, where the host's work per job would otherwise cost about as much as the job.
 */
EXPORT("conv_run_list") void conv_run_list(int jobs, int count) {
  for (int i = 0; i < count; i++) conv_run(jobs + 4 * JOB_SIZE * i, 0, 1);
}
