/*
 * Sparse (CSR) blocks: per target, its active sources in ascending row order. Activations are unit-major, so
 * each connection is an axpy over contiguous batch columns. Summation order per target matches the dense
 * kernels (a masked weight adds an exact zero there), so forward and backward agree with them bit for bit.
 */
#ifndef SCANN_SPARSE_H
#define SCANN_SPARSE_H

#include "common.h"

/* One pass of fwd_sparse over N (1..6) 4-column vectors of every target in [ta, tb). */
#define FWD_ACC(i) v128_t c##i = b;
#define FWD_FMA(i) c##i = MADD(w, LD(s + 4 * (i)), c##i);
#define FWD_OUT(i)                                                                                      \
  if (relu) c##i = relu4(c##i);                                                                         \
  ST(o + 4 * (i), c##i);
#define FWD_SPARSE_PASS(EACH)                                                                           \
  for (int t = ta; t < tb; t++) {                                                                       \
    const v128_t b = SPLAT(bias + t);                                                                   \
    EACH(FWD_ACC)                                                                                       \
    for (int k = rowptr[t]; k < rowptr[t + 1]; k++) {                                                   \
      const v128_t w = SPLAT(W + k);                                                                    \
      const float *s = an + col[k] * S;                                                                 \
      EACH(FWD_FMA)                                                                                     \
    }                                                                                                   \
    float *o = out + t * S + n;                                                                         \
    EACH(FWD_OUT)                                                                                       \
  }

/*
 * Targets [ta, tb), columns [n0, n1), a multiple of 8: passes of 24 columns (6 accumulators), then 16, then 8.
 * Measured on 784x300 at 50 %: 32 columns (8 accumulators) 10.8 GMAC/s, 24 19, 16 17, 8 8.6; V8 spills beyond
 * about 6 live accumulators here. Column chunks are the outer loop, so the source rows' slice stays in L2.
 */
static void fwd_sparse(const int *ctx, const int *blk, int ta, int tb, int n0, int n1) {
  const int S = ctx[CTX_STRIDE], relu = blk[BLK_RELU];
  float *act = PTR(float, ctx[CTX_ACT]);
  const float *bias = PTR(const float, ctx[CTX_BIAS]) + blk[BLK_T0];
  const int *rowptr = PTR(const int, blk[BLK_ROWPTR]), *col = PTR(const int, blk[BLK_COL]);
  const float *W = PTR(const float, blk[BLK_W]);
  float *out = act + blk[BLK_T0] * S;
  int n = n0;
  for (; n + 24 <= n1; n += 24) {
    const float *an = act + n;
    FWD_SPARSE_PASS(EACH6)
  }
  if (n + 16 <= n1) {
    const float *an = act + n;
    FWD_SPARSE_PASS(EACH4)
    n += 16;
  }
  if (n < n1) {
    const float *an = act + n;
    FWD_SPARSE_PASS(EACH2)
  }
}

/* Any columns (inference with fewer than 8 samples), one at a time, in the same order per target. */
static void fwd_sparse_scalar(const int *ctx, const int *blk, int ta, int tb, int n0, int n1) {
  const int S = ctx[CTX_STRIDE], relu = blk[BLK_RELU];
  float *act = PTR(float, ctx[CTX_ACT]);
  const float *bias = PTR(const float, ctx[CTX_BIAS]) + blk[BLK_T0];
  const int *rowptr = PTR(const int, blk[BLK_ROWPTR]), *col = PTR(const int, blk[BLK_COL]);
  const float *W = PTR(const float, blk[BLK_W]);
  for (int t = ta; t < tb; t++) {
    float *o = act + (blk[BLK_T0] + t) * S;
    for (int n = n0; n < n1; n++) {
      /* A lane of MADD, so scalar and vector columns give the same value. */
      v128_t c = wasm_f32x4_splat(bias[t]);
      for (int k = rowptr[t]; k < rowptr[t + 1]; k++) {
        c = MADD(SPLAT(W + k), SPLAT(act + col[k] * S + n), c);
      }
      if (relu) c = relu4(c);
      o[n] = wasm_f32x4_extract_lane(c, 0);
    }
  }
}

/*
 * One sample in rows of one float (CTX_STRIDE 1), column n: four targets at a time, one per lane, each its own chain
 * of the same multiply-adds in the same order as fwd_sparse_scalar's (so the sums are bit for bit the same), their
 * weights and sources gathered lane by lane while all four have connections left, the rest of each chain alone.
 * One chain per target waits on every multiply-add; four in flight do not.
 */
static void fwd_sparse_one(const int *ctx, const int *blk, int ta, int tb, int n) {
  const int relu = blk[BLK_RELU], t0 = blk[BLK_T0];
  float *act = PTR(float, ctx[CTX_ACT]);
  const float *x = act + n;
  const float *bias = PTR(const float, ctx[CTX_BIAS]) + t0;
  const int *rowptr = PTR(const int, blk[BLK_ROWPTR]), *col = PTR(const int, blk[BLK_COL]);
  const float *W = PTR(const float, blk[BLK_W]);
  int t = ta;
  for (; t + 4 <= tb; t += 4) {
    int k[4], end[4], common = rowptr[t + 1] - rowptr[t];
    for (int i = 0; i < 4; i++) {
      k[i] = rowptr[t + i], end[i] = rowptr[t + i + 1];
      if (end[i] - k[i] < common) common = end[i] - k[i];
    }
    v128_t c = wasm_f32x4_make(bias[t], bias[t + 1], bias[t + 2], bias[t + 3]);
    for (int j = 0; j < common; j++) {
      v128_t w = wasm_v128_load32_zero(W + k[0] + j);
      w = wasm_v128_load32_lane(W + k[1] + j, w, 1);
      w = wasm_v128_load32_lane(W + k[2] + j, w, 2);
      w = wasm_v128_load32_lane(W + k[3] + j, w, 3);
      v128_t v = wasm_v128_load32_zero(x + col[k[0] + j]);
      v = wasm_v128_load32_lane(x + col[k[1] + j], v, 1);
      v = wasm_v128_load32_lane(x + col[k[2] + j], v, 2);
      v = wasm_v128_load32_lane(x + col[k[3] + j], v, 3);
      c = MADD(w, v, c);
    }
    float s[4];
    ST(s, c);
    for (int i = 0; i < 4; i++) {
      v128_t a = wasm_f32x4_splat(s[i]);
      for (int q = k[i] + common; q < end[i]; q++) a = MADD(SPLAT(W + q), SPLAT(x + col[q]), a);
      if (relu) a = relu4(a);
      act[t0 + t + i + n] = wasm_f32x4_extract_lane(a, 0);
    }
  }
  if (t < tb) fwd_sparse_scalar(ctx, blk, t, tb, n, n + 1);
}

/* One pass of dx_sparse over N 4-column vectors. */
#define DX_LOAD(i) const v128_t g##i = LD(g + 4 * (i));
#define DX_FMA(i) ST(d + 4 * (i), MADD(w, g##i, LD(d + 4 * (i))));
#define DX_SPARSE_PASS(EACH)                                                                            \
  for (int t = 0; t < nt; t++) {                                                                        \
    const int k0 = hsplit[t], k1 = rowptr[t + 1];                                                       \
    if (k0 >= k1) continue;                                                                             \
    const float *g = gt + t * S + n;                                                                    \
    EACH(DX_LOAD)                                                                                       \
    for (int k = k0; k < k1; k++) {                                                                     \
      const v128_t w = SPLAT(W + k);                                                                    \
      float *d = gn + col[k] * S;                                                                       \
      EACH(DX_FMA)                                                                                      \
    }                                                                                                   \
  }

/*
 * dL/d(source) += w dL/dz for the hidden sources (entries from hsplit on), columns [n0, n1), a multiple of 8,
 * in passes of 24/16/8 columns as fwd_sparse. Per source and column the targets still add in order.
 */
static void dx_sparse(const int *ctx, const int *blk, int n0, int n1) {
  const int S = ctx[CTX_STRIDE], nt = blk[BLK_NT];
  float *grad = PTR(float, ctx[CTX_GRAD]);
  const int *rowptr = PTR(const int, blk[BLK_ROWPTR]), *hsplit = PTR(const int, blk[BLK_HSPLIT]);
  const int *col = PTR(const int, blk[BLK_COL]);
  const float *W = PTR(const float, blk[BLK_W]);
  const float *gt = grad + blk[BLK_T0] * S;
  int n = n0;
  for (; n + 24 <= n1; n += 24) {
    float *gn = grad + n;
    DX_SPARSE_PASS(EACH6)
  }
  if (n + 16 <= n1) {
    float *gn = grad + n;
    DX_SPARSE_PASS(EACH4)
    n += 16;
  }
  if (n < n1) {
    float *gn = grad + n;
    DX_SPARSE_PASS(EACH2)
  }
}

/* dL/dw over the whole batch for targets [ta, tb): one dot product over the batch per connection. */
static void dw_sparse(const int *ctx, const int *blk, int ta, int tb) {
  const int S = ctx[CTX_STRIDE], B8 = (ctx[CTX_B] + 7) & ~7;
  const float *act = PTR(const float, ctx[CTX_ACT]);
  const float *grad = PTR(const float, ctx[CTX_GRAD]);
  const int *rowptr = PTR(const int, blk[BLK_ROWPTR]), *col = PTR(const int, blk[BLK_COL]);
  float *G = PTR(float, blk[BLK_G]);
  for (int t = ta; t < tb; t++) {
    const float *g = grad + (blk[BLK_T0] + t) * S;
    int k = rowptr[t];
    const int k1 = rowptr[t + 1];
    /* Three connections per pass share the loads of dL/dz (2: 15 GMAC/s, 3: 18.5 on 784x300). */
    for (; k + 3 <= k1; k += 3) {
      const float *a = act + col[k] * S, *c = act + col[k + 1] * S, *e = act + col[k + 2] * S;
      v128_t s0 = ZERO4, s1 = ZERO4, u0 = ZERO4, u1 = ZERO4, v0 = ZERO4, v1 = ZERO4;
      for (int b = 0; b < B8; b += 8) {
        const v128_t g0 = LD(g + b), g1 = LD(g + b + 4);
        s0 = MADD(LD(a + b), g0, s0);
        s1 = MADD(LD(a + b + 4), g1, s1);
        u0 = MADD(LD(c + b), g0, u0);
        u1 = MADD(LD(c + b + 4), g1, u1);
        v0 = MADD(LD(e + b), g0, v0);
        v1 = MADD(LD(e + b + 4), g1, v1);
      }
      G[k] = hsum4(wasm_f32x4_add(s0, s1));
      G[k + 1] = hsum4(wasm_f32x4_add(u0, u1));
      G[k + 2] = hsum4(wasm_f32x4_add(v0, v1));
    }
    for (; k < k1; k++) {
      const float *a = act + col[k] * S;
      v128_t s0 = ZERO4, s1 = ZERO4;
      for (int b = 0; b < B8; b += 8) {
        s0 = MADD(LD(a + b), LD(g + b), s0);
        s1 = MADD(LD(a + b + 4), LD(g + b + 4), s1);
      }
      G[k] = hsum4(wasm_f32x4_add(s0, s1));
    }
  }
}

#endif
