/*
 * Dense blocks. Weights are stored in panels of 4 targets, [ntp/4][ns][4], the layout the forward kernel reads
 * directly, so a step never repacks weights. Micro-kernels are 4x8 (8 accumulators): with 16 XMM registers in
 * V8 larger tiles spill, and TurboFan unrolls the k loop better than clang does.
 */
#ifndef SCANN_DENSE_H
#define SCANN_DENSE_H

#include "common.h"

/*
 * z = W x + b (ReLU for hidden levels) for target panels [p0, p1) and columns [n0, n1), a multiple of 8.
 * bp: scratch, ns x 8 floats.
 */
static void fwd_dense(const int *ctx, const int *blk, int p0, int p1, int n0, int n1, float *bp) {
  const int S = ctx[CTX_STRIDE], ns = blk[BLK_NS];
  float *act = PTR(float, ctx[CTX_ACT]);
  const float *bias = PTR(float, ctx[CTX_BIAS]) + blk[BLK_T0];
  const int *src = PTR(const int, blk[BLK_SRC]);
  const float *W = PTR(const float, blk[BLK_W]);
  float *out = act + blk[BLK_T0] * S;
  const int relu = blk[BLK_RELU];
  for (int n = n0; n < n1; n += 8) {
    for (int j = 0; j < ns; j++) {
      const float *s = act + src[j] * S + n;
      ST(bp + 8 * j, LD(s));
      ST(bp + 8 * j + 4, LD(s + 4));
    }
    for (int p = p0; p < p1; p++) {
      const float *a = W + p * ns * 4, *b = bp, *bi = bias + 4 * p;
      v128_t c00 = SPLAT(bi), c01 = c00, c10 = SPLAT(bi + 1), c11 = c10;
      v128_t c20 = SPLAT(bi + 2), c21 = c20, c30 = SPLAT(bi + 3), c31 = c30;
      for (int j = 0; j < ns; j++, a += 4, b += 8) {
        v128_t b0 = LD(b), b1 = LD(b + 4);
        v128_t a0 = SPLAT(a);
        c00 = MADD(a0, b0, c00);
        c01 = MADD(a0, b1, c01);
        v128_t a1 = SPLAT(a + 1);
        c10 = MADD(a1, b0, c10);
        c11 = MADD(a1, b1, c11);
        v128_t a2 = SPLAT(a + 2);
        c20 = MADD(a2, b0, c20);
        c21 = MADD(a2, b1, c21);
        v128_t a3 = SPLAT(a + 3);
        c30 = MADD(a3, b0, c30);
        c31 = MADD(a3, b1, c31);
      }
      if (relu) {
        c00 = relu4(c00), c01 = relu4(c01), c10 = relu4(c10), c11 = relu4(c11);
        c20 = relu4(c20), c21 = relu4(c21), c30 = relu4(c30), c31 = relu4(c31);
      }
      float *o = out + 4 * p * S + n;
      ST(o, c00);
      ST(o + 4, c01);
      ST(o + S, c10);
      ST(o + S + 4, c11);
      ST(o + 2 * S, c20);
      ST(o + 2 * S + 4, c21);
      ST(o + 3 * S, c30);
      ST(o + 3 * S + 4, c31);
    }
  }
}

static inline void store_lanes(float *o, int S, v128_t c) {
  o[0] = wasm_f32x4_extract_lane(c, 0);
  o[S] = wasm_f32x4_extract_lane(c, 1);
  o[2 * S] = wasm_f32x4_extract_lane(c, 2);
  o[3 * S] = wasm_f32x4_extract_lane(c, 3);
}

/*
 * One column at a time (inference with fewer than 8 samples): 6 panels share each broadcast input, so six
 * independent FMA chains hide the latency (each panel's sum is one chain) at 1.2 loads per FMA. Measured on
 * 784x300 at batch 1: 4 panels 17 us, 6 13 us, 8 28 us (V8 spills). Same operation order per target as
 * fwd_dense, so results match it bit for bit.
 */
#define GEMV_ACC(i) v128_t c##i = LD(bias + 4 * (p + i));
#define GEMV_FMA(i) c##i = MADD(LD(a + (i) * ps), x, c##i);
#define GEMV_OUT(i)                                                                                     \
  if (relu) c##i = relu4(c##i);                                                                         \
  store_lanes(out + 4 * (p + i) * S + n, S, c##i);
#define GEMV_PASS(N, EACH)                                                                              \
  do {                                                                                                  \
    EACH(GEMV_ACC)                                                                                      \
    const float *a = W + p * ps;                                                                        \
    for (int j = 0; j < ns; j++, a += 4) {                                                              \
      const v128_t x = SPLAT(xs + j);                                                                   \
      EACH(GEMV_FMA)                                                                                    \
    }                                                                                                   \
    EACH(GEMV_OUT)                                                                                      \
    p += N;                                                                                             \
  } while (0)

static void fwd_dense_gemv(const int *ctx, const int *blk, int p0, int p1, int n0, int n1, float *xs) {
  const int S = ctx[CTX_STRIDE], ns = blk[BLK_NS], ps = ns * 4;
  float *act = PTR(float, ctx[CTX_ACT]);
  const float *bias = PTR(float, ctx[CTX_BIAS]) + blk[BLK_T0];
  const int *src = PTR(const int, blk[BLK_SRC]);
  const float *W = PTR(const float, blk[BLK_W]);
  float *out = act + blk[BLK_T0] * S;
  const int relu = blk[BLK_RELU];
  for (int n = n0; n < n1; n++) {
    for (int j = 0; j < ns; j++) xs[j] = act[src[j] * S + n];
    int p = p0;
    while (p1 - p >= 6) GEMV_PASS(6, EACH6);
    /* The rest in one pass, so it costs one chain's latency, not one per panel. */
    switch (p1 - p) {
      case 5: GEMV_PASS(5, EACH5); break;
      case 4: GEMV_PASS(4, EACH4); break;
      case 3: GEMV_PASS(3, EACH3); break;
      case 2: GEMV_PASS(2, EACH2); break;
      case 1: GEMV_PASS(1, EACH1); break;
      default: break;
    }
  }
}

/*
 * dL/d(source) += W^T dL/dz for the hidden sources of a block, columns [n0, n1). Reads the panel layout in place:
 * the 4x4 weights of 4 sources x 4 targets are one 64-byte run. gp: scratch, ntp x 8 floats.
 */
static void dx_dense(const int *ctx, const int *blk, int n0, int n1, float *gp) {
  const int S = ctx[CTX_STRIDE], ns = blk[BLK_NS], ntp = blk[BLK_NTP], np = ntp >> 2, ps = ns * 4;
  float *grad = PTR(float, ctx[CTX_GRAD]);
  const float *gt = grad + blk[BLK_T0] * S;
  const int *rows = PTR(const int, blk[BLK_DXROWS]);
  const float *W = PTR(const float, blk[BLK_W]);
  for (int n = n0; n < n1; n += 8) {
    for (int t = 0; t < ntp; t++) {
      ST(gp + 8 * t, LD(gt + t * S + n));
      ST(gp + 8 * t + 4, LD(gt + t * S + n + 4));
    }
    for (int j0 = blk[BLK_DXJ0]; j0 < ns; j0 += 4) {
      float *r0 = grad + rows[j0] * S + n, *r1 = grad + rows[j0 + 1] * S + n;
      float *r2 = grad + rows[j0 + 2] * S + n, *r3 = grad + rows[j0 + 3] * S + n;
      v128_t c00 = LD(r0), c01 = LD(r0 + 4), c10 = LD(r1), c11 = LD(r1 + 4);
      v128_t c20 = LD(r2), c21 = LD(r2 + 4), c30 = LD(r3), c31 = LD(r3 + 4);
      const float *ch = W + j0 * 4, *b = gp;
      for (int p = 0; p < np; p++, ch += ps) {
        for (int tt = 0; tt < 4; tt++, b += 8) {
          v128_t b0 = LD(b), b1 = LD(b + 4);
          v128_t a0 = SPLAT(ch + tt);
          c00 = MADD(a0, b0, c00);
          c01 = MADD(a0, b1, c01);
          v128_t a1 = SPLAT(ch + 4 + tt);
          c10 = MADD(a1, b0, c10);
          c11 = MADD(a1, b1, c11);
          v128_t a2 = SPLAT(ch + 8 + tt);
          c20 = MADD(a2, b0, c20);
          c21 = MADD(a2, b1, c21);
          v128_t a3 = SPLAT(ch + 12 + tt);
          c30 = MADD(a3, b0, c30);
          c31 = MADD(a3, b1, c31);
        }
      }
      ST(r0, c00);
      ST(r0 + 4, c01);
      ST(r1, c10);
      ST(r1 + 4, c11);
      ST(r2, c20);
      ST(r2 + 4, c21);
      ST(r3, c30);
      ST(r3 + 4, c31);
    }
  }
}

/* Rows r0..r3 (columns [0, n4), n4 a multiple of 4) transposed into d as [n4][4]: d[4b + r] = row r[b]. */
static inline void pack_t4(const float *r0, const float *r1, const float *r2, const float *r3, int n4, float *d,
                           int ld) {
  for (int b = 0; b < n4; b += 4, d += 4 * ld) {
    v128_t x0 = LD(r0 + b), x1 = LD(r1 + b), x2 = LD(r2 + b), x3 = LD(r3 + b);
    TRANSPOSE4(x0, x1, x2, x3);
    ST(d, x0);
    ST(d + ld, x1);
    ST(d + 2 * ld, x2);
    ST(d + 3 * ld, x3);
  }
}

/*
 * dL/dW over the whole batch for target panels [pa, pb): tiles of 4 sources x 8 targets (two panels), so each
 * result vector is 4 targets of one source and is stored into the panel layout without a transpose.
 * scratch: ns x B4 floats (sources, transposed) then B4 x 8 (targets, transposed).
 */
static void dw_dense(const int *ctx, const int *blk, int pa, int pb, float *scratch) {
  const int S = ctx[CTX_STRIDE], B = ctx[CTX_B], B4 = (B + 3) & ~3, ns = blk[BLK_NS], ps = ns * 4;
  const float *act = PTR(const float, ctx[CTX_ACT]);
  const float *grad = PTR(const float, ctx[CTX_GRAD]) + blk[BLK_T0] * S;
  const int *src = PTR(const int, blk[BLK_SRC]);
  float *G = PTR(float, blk[BLK_G]);
  float *ap = scratch, *gp = scratch + ns * B4;
  for (int q = 0; q < ns; q += 4) {
    pack_t4(act + src[q] * S, act + src[q + 1] * S, act + src[q + 2] * S, act + src[q + 3] * S, B4, ap + q * B4,
            4);
  }
  for (int p = pa; p < pb; p += 2) {
    const int two = p + 1 < pb;
    const float *g = grad + 4 * p * S;
    pack_t4(g, g + S, g + 2 * S, g + 3 * S, B4, gp, 8);
    if (two) {
      pack_t4(g + 4 * S, g + 5 * S, g + 6 * S, g + 7 * S, B4, gp + 4, 8);
    } else {
      for (int b = 0; b < B4; b++) ST(gp + 8 * b + 4, ZERO4);
    }
    for (int q = 0; q < ns; q += 4) {
      const float *a = ap + q * B4, *bb = gp;
      v128_t c00 = ZERO4, c01 = ZERO4, c10 = ZERO4, c11 = ZERO4;
      v128_t c20 = ZERO4, c21 = ZERO4, c30 = ZERO4, c31 = ZERO4;
      for (int b = 0; b < B; b++, a += 4, bb += 8) {
        v128_t b0 = LD(bb), b1 = LD(bb + 4);
        v128_t a0 = SPLAT(a);
        c00 = MADD(a0, b0, c00);
        c01 = MADD(a0, b1, c01);
        v128_t a1 = SPLAT(a + 1);
        c10 = MADD(a1, b0, c10);
        c11 = MADD(a1, b1, c11);
        v128_t a2 = SPLAT(a + 2);
        c20 = MADD(a2, b0, c20);
        c21 = MADD(a2, b1, c21);
        v128_t a3 = SPLAT(a + 3);
        c30 = MADD(a3, b0, c30);
        c31 = MADD(a3, b1, c31);
      }
      float *d0 = G + p * ps + q * 4;
      ST(d0, c00);
      ST(d0 + 4, c10);
      ST(d0 + 8, c20);
      ST(d0 + 12, c30);
      if (two) {
        ST(d0 + ps, c01);
        ST(d0 + ps + 4, c11);
        ST(d0 + ps + 8, c21);
        ST(d0 + ps + 12, c31);
      }
    }
  }
}

#endif
