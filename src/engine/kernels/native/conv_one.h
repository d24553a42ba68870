/*
 * Inference of one sample (JOB_S = 1, so a grid of rows is just the sample's HWC map): batch columns would leave 7
 * of 8 lanes idle, so these kernels put output channels in the lanes instead (weights transposed to [K][OC8]), and
 * threads split the output channels. Each output sums its taps in the same order as the batch kernels.
 */
#ifndef SCANN_CONV_ONE_H
#define SCANN_CONV_ONE_H

#include "common.h"
#include "conv_abi.h"
#include "conv.h"

/* The first n (may be <= 0, or >= 4) lanes of v into o. */
static inline void store_n(float *o, v128_t v, int n) {
  if (n >= 4) {
    ST(o, v);
    return;
  }
  if (n > 0) o[0] = wasm_f32x4_extract_lane(v, 0);
  if (n > 1) o[1] = wasm_f32x4_extract_lane(v, 1);
  if (n > 2) o[2] = wasm_f32x4_extract_lane(v, 2);
}

/* x[idx[0..3]] in one vector. */
static inline v128_t gather4(const float *x, const int *idx) {
  v128_t v = wasm_v128_load32_zero(x + idx[0]);
  v = wasm_v128_load32_lane(x + idx[1], v, 1);
  v = wasm_v128_load32_lane(x + idx[2], v, 2);
  return wasm_v128_load32_lane(x + idx[3], v, 3);
}

static inline int pixel_base(int p, int OW, int st, int GWC, int C) {
  const int oy = p / OW;
  return oy * st * GWC + (p - oy * OW) * st * C;
}

#define ONE_ACC(i) v128_t a##i = LD(bias + 8 * g + 4 * (i));
#define ONE_FMA(i) a##i = MADD(LD(w + 4 * (i)), v, a##i);
#define ONE_OUT(i) store_n(y + 8 * g + 4 * (i), relu ? relu4(a##i) : a##i, OC - 8 * g - 4 * (i));
#define EACH8(M) EACH6(M) M(6) M(7)

/*
 * Dense, channel groups [g0, g1) of 8: tiles of 4 pixels x 8 channels on maps (weights [K][OC8]); on a 1 x 1 output
 * (a fully connected layer) 1 pixel x 32 channels, weights in panels [OC32 / 32][K][32] so that each pass streams
 * one contiguous panel (the layer's weights do not fit L2: fc 800 -> 500 is 1.6 MB). 8 FMA chains either way.
 */
static void conv_fwd_1(const int *job, int g0, int g1) {
  const int C = job[JOB_C], OC = job[JOB_OC], KH = job[JOB_KH], KW = job[JOB_KW], st = job[JOB_STRIDE];
  const int OW = job[JOB_OW], P = job[JOB_OH] * OW, GWC = job[JOB_GW] * C, L = KW * C, OC8 = (OC + 7) & ~7;
  const float *x = PTR(const float, job[JOB_X]);
  const float *WT = PTR(const float, job[JOB_W]), *bias = PTR(const float, job[JOB_BIAS]);
  const int relu = job[JOB_RELU];
  float *y = PTR(float, job[JOB_Y]);
  if (P == 1) {
    for (int g = g0; g < g1; g += 4) {
      EACH8(ONE_ACC)
      const float *w = WT + (g >> 2) * KH * L * 32;
      for (int ky = 0; ky < KH; ky++) {
        const float *xr = x + ky * GWC;
        for (int j = 0; j < L; j++, w += 32) {
          const v128_t v = SPLAT(xr + j);
          EACH8(ONE_FMA)
        }
      }
      EACH8(ONE_OUT)
    }
    return;
  }
  for (int g = g0; g < g1; g++) {
    const float *wb = WT + 8 * g;
    const int nv = OC - 8 * g;
    for (int p = 0; p < P; p += 4) {
      const float *x0 = x + pixel_base(p, OW, st, GWC, C);
      const float *x1 = x + pixel_base(imin(p + 1, P - 1), OW, st, GWC, C);
      const float *x2 = x + pixel_base(imin(p + 2, P - 1), OW, st, GWC, C);
      const float *x3 = x + pixel_base(imin(p + 3, P - 1), OW, st, GWC, C);
      v128_t c00 = LD(bias + 8 * g), c01 = LD(bias + 8 * g + 4);
      v128_t c10 = c00, c11 = c01, c20 = c00, c21 = c01, c30 = c00, c31 = c01;
      for (int ky = 0; ky < KH; ky++) {
        const float *w = wb + ky * L * OC8;
        const int r = ky * GWC;
        for (int j = 0; j < L; j++, w += OC8) {
          const v128_t w0 = LD(w), w1 = LD(w + 4);
          v128_t v = SPLAT(x0 + r + j);
          c00 = MADD(v, w0, c00);
          c01 = MADD(v, w1, c01);
          v = SPLAT(x1 + r + j);
          c10 = MADD(v, w0, c10);
          c11 = MADD(v, w1, c11);
          v = SPLAT(x2 + r + j);
          c20 = MADD(v, w0, c20);
          c21 = MADD(v, w1, c21);
          v = SPLAT(x3 + r + j);
          c30 = MADD(v, w0, c30);
          c31 = MADD(v, w1, c31);
        }
      }
      if (relu) {
        c00 = relu4(c00), c01 = relu4(c01), c10 = relu4(c10), c11 = relu4(c11);
        c20 = relu4(c20), c21 = relu4(c21), c30 = relu4(c30), c31 = relu4(c31);
      }
      float *o = y + p * OC + 8 * g;
      store_n(o, c00, nv);
      store_n(o + 4, c01, nv - 4);
      if (p + 1 < P) store_n(o + OC, c10, nv), store_n(o + OC + 4, c11, nv - 4);
      if (p + 2 < P) store_n(o + 2 * OC, c20, nv), store_n(o + 2 * OC + 4, c21, nv - 4);
      if (p + 3 < P) store_n(o + 3 * OC, c30, nv), store_n(o + 3 * OC + 4, c31, nv - 4);
    }
  }
}

/*
 * Sparse, output channels [o0, o1): per channel, four pixels per pass share each tap's weight (four scalar chains).
 * On a 1 x 1 output (a fully connected layer) the taps go round the lanes of four vectors instead, their inputs
 * gathered lane by lane, added at the end (another summation order). Four chains of 4 taps each, not one: the
 * layer is bound by instructions per tap (the gather), and one chain would also wait on each multiply-add.
 */
static void conv_fwd_sparse_1(const int *job, int o0, int o1) {
  const int C = job[JOB_C], OC = job[JOB_OC], st = job[JOB_STRIDE], OW = job[JOB_OW], P = job[JOB_OH] * OW;
  const int GWC = job[JOB_GW] * C, relu = job[JOB_RELU];
  const float *x = PTR(const float, job[JOB_X]);
  const float *w = PTR(const float, job[JOB_W]), *bias = PTR(const float, job[JOB_BIAS]);
  const int *rowptr = PTR(const int, job[JOB_ROWPTR]), *roff = PTR(const int, job[JOB_ROFF]);
  float *y = PTR(float, job[JOB_Y]);
  for (int o = o0; o < o1; o++) {
    const int t0 = rowptr[o], t1 = rowptr[o + 1];
    if (P == 1) {
      v128_t a0 = ZERO4, a1 = ZERO4, a2 = ZERO4, a3 = ZERO4;
      int t = t0;
      for (; t + 16 <= t1; t += 16) {
        a0 = MADD(LD(w + t), gather4(x, roff + t), a0);
        a1 = MADD(LD(w + t + 4), gather4(x, roff + t + 4), a1);
        a2 = MADD(LD(w + t + 8), gather4(x, roff + t + 8), a2);
        a3 = MADD(LD(w + t + 12), gather4(x, roff + t + 12), a3);
      }
      for (; t + 4 <= t1; t += 4) a0 = MADD(LD(w + t), gather4(x, roff + t), a0);
      const v128_t acc = wasm_f32x4_add(wasm_f32x4_add(a0, a1), wasm_f32x4_add(a2, a3));
      float s0 = wasm_f32x4_extract_lane(acc, 0);
      for (; t < t1; t++) s0 += w[t] * x[roff[t]];
      const float s1 = wasm_f32x4_extract_lane(acc, 1), s2 = wasm_f32x4_extract_lane(acc, 2);
      const float v = bias[o] + ((s0 + s1) + (s2 + wasm_f32x4_extract_lane(acc, 3)));
      y[o] = relu && v < 0 ? 0 : v;
      continue;
    }
    for (int p = 0; p < P; p += 4) {
      const float *x0 = x + pixel_base(p, OW, st, GWC, C);
      const float *x1 = x + pixel_base(imin(p + 1, P - 1), OW, st, GWC, C);
      const float *x2 = x + pixel_base(imin(p + 2, P - 1), OW, st, GWC, C);
      const float *x3 = x + pixel_base(imin(p + 3, P - 1), OW, st, GWC, C);
      float s0 = bias[o], s1 = s0, s2 = s0, s3 = s0;
      for (int t = t0; t < t1; t++) {
        const float wt = w[t];
        const int r = roff[t];
        s0 += wt * x0[r];
        s1 += wt * x1[r];
        s2 += wt * x2[r];
        s3 += wt * x3[r];
      }
      if (relu) s0 = s0 < 0 ? 0 : s0, s1 = s1 < 0 ? 0 : s1, s2 = s2 < 0 ? 0 : s2, s3 = s3 < 0 ? 0 : s3;
      y[p * OC + o] = s0;
      if (p + 1 < P) y[(p + 1) * OC + o] = s1;
      if (p + 2 < P) y[(p + 2) * OC + o] = s2;
      if (p + 3 < P) y[(p + 3) * OC + o] = s3;
    }
  }
}

/*
 * Sparse, one sample, stride 1, channels [o0, o1), input in planes [C][GH][MW] (TO_PLANES): the pixels of an output
 * row read consecutive floats of each plane row, so a tap is an axpy over R rows x V vectors of output pixels (8 or 6
 * accumulators) instead of scalar chains; the sums are written back into the HWC rows lane by lane, or with JOB_YMW
 * into output planes [OC][OH][JOB_YMW] a vector at a time (for a planar max pool next: MAXPOOL_FWD_1P).
 */
#define PL_ACC(i) v128_t a##i = b4;
#define PL_FMA(i) a##i = MADD(wv, LD(xt + ((i) / V) * MW + 4 * ((i) % V)), a##i);
#define PL_LANE(v, l)                                                                                   \
  if (ox + (l) < OW) d[(l) * OC] = wasm_f32x4_extract_lane(v, l);
#define PL_OUT(i)                                                                                       \
  {                                                                                                     \
    const int oy = oy0 + (i) / V, ox = 4 * ((i) % V);                                                   \
    if (oy < OH && ox < OW) {                                                                           \
      const v128_t v = relu ? relu4(a##i) : a##i;                                                       \
      float *d = y + (oy * OW + ox) * OC + o;                                                           \
      if (YMW) {                                                                                        \
        store_n(y + (o * OH + oy) * YMW + ox, v, OW - ox);                                              \
      } else if (ox + 4 <= OW) {                                                                        \
        d[0] = wasm_f32x4_extract_lane(v, 0);                                                           \
        d[OC] = wasm_f32x4_extract_lane(v, 1);                                                          \
        d[2 * OC] = wasm_f32x4_extract_lane(v, 2);                                                      \
        d[3 * OC] = wasm_f32x4_extract_lane(v, 3);                                                      \
      } else {                                                                                          \
        PL_LANE(v, 0) PL_LANE(v, 1) PL_LANE(v, 2)                                                       \
      }                                                                                                 \
    }                                                                                                   \
  }
#define PLANAR_KERNEL(NAME, R, V_, EACH, PITCH)                                                         \
  static void NAME(const int *job, int o0, int o1) {                                                    \
    const int V = V_, OC = job[JOB_OC], OH = job[JOB_OH], OW = job[JOB_OW], MW = PITCH;                 \
    const int relu = job[JOB_RELU], YMW = job[JOB_YMW];                                                 \
    const float *x = PTR(const float, job[JOB_X]);                                                      \
    const float *w = PTR(const float, job[JOB_W]), *bias = PTR(const float, job[JOB_BIAS]);             \
    const int *rowptr = PTR(const int, job[JOB_ROWPTR]), *roff = PTR(const int, job[JOB_ROFF]);         \
    float *y = PTR(float, job[JOB_Y]);                                                                  \
    for (int o = o0; o < o1; o++) {                                                                     \
      const v128_t b4 = SPLAT(bias + o);                                                                \
      for (int oy0 = 0; oy0 < OH; oy0 += R) {                                                           \
        EACH(PL_ACC)                                                                                    \
        for (int t = rowptr[o]; t < rowptr[o + 1]; t++) {                                               \
          const v128_t wv = SPLAT(w + t);                                                               \
          const float *xt = x + roff[t] + oy0 * MW;                                                     \
          EACH(PL_FMA)                                                                                  \
        }                                                                                               \
        EACH(PL_OUT)                                                                                    \
      }                                                                                                 \
    }                                                                                                   \
  }
/*
 * Rows of the narrow kernel's planes are a constant 16 floats apart (convRows.ts' planesPitch): its four rows are
 * then fixed offsets from one address, where a pitch read from the job costs an address register per row, which
 * V8 runs out of (measured 1.5x slower on LeNet-5's conv 2).
 */
#define PLANES_PITCH_NARROW 16
PLANAR_KERNEL(conv_fwd_sparse_1p_r4, 4, 2, EACH8, PLANES_PITCH_NARROW)
PLANAR_KERNEL(conv_fwd_sparse_1p_r1, 1, 6, EACH6, job[JOB_MW])

/*
 * Output rows up to 8 wide on planes 16 floats apart: 4 rows x 2 vectors; otherwise (rows up to 24: TypeScript picks
 * this op only then) 1 row x 6 vectors.
 */
static void conv_fwd_sparse_1p(const int *job, int o0, int o1) {
  if (job[JOB_OW] <= 8 && job[JOB_MW] == PLANES_PITCH_NARROW) conv_fwd_sparse_1p_r4(job, o0, o1);
  else conv_fwd_sparse_1p_r1(job, o0, o1);
}

/* One sample's rows (grid GH x GW x C, JOB_X) into planes [C][GH][JOB_MW] at JOB_Y, channels [c0, c1). */
static void to_planes(const int *job, int c0, int c1) {
  const int C = job[JOB_C], GH = job[JOB_H], GW = job[JOB_GW], MW = job[JOB_MW];
  const float *x = PTR(const float, job[JOB_X]);
  float *pl = PTR(float, job[JOB_Y]);
  for (int c = c0; c < c1; c++) {
    float *d = pl + c * GH * MW;
    for (int yy = 0; yy < GH; yy++)
      for (int xx = 0; xx < GW; xx++) d[yy * MW + xx] = x[(yy * GW + xx) * C + c];
  }
}

/*
 * Max pool of one sample, channels [c0, c1): four channels per vector (they are consecutive in a one-sample grid),
 * the last 1-3 one by one; argmax as in maxpool_fwd (JOB_ARGMAX may be 0: none).
 */
static void maxpool_fwd_1(const int *job, int c0, int c1) {
  const int C = job[JOB_OC], k = job[JOB_KH], st = job[JOB_STRIDE], GWC = job[JOB_GW] * C;
  const int OH = job[JOB_OH], OW = job[JOB_OW];
  const float *x = PTR(const float, job[JOB_X]);
  float *y = PTR(float, job[JOB_Y]);
  int *am = PTR(int, job[JOB_ARGMAX]);
  for (int oy = 0; oy < OH; oy++) {
    for (int ox = 0; ox < OW; ox++) {
      const float *xb = x + oy * st * GWC + ox * st * C;
      const int o = (oy * OW + ox) * C;
      int c = c0;
      for (; c + 4 <= c1; c += 4) {
        v128_t best = LD(xb + c), at = wasm_i32x4_splat(0);
        for (int ky = 0; ky < k; ky++) {
          for (int kx = ky ? 0 : 1; kx < k; kx++) {
            const v128_t v = LD(xb + ky * GWC + kx * C + c);
            const v128_t gt = wasm_f32x4_gt(v, best);
            best = wasm_v128_bitselect(v, best, gt);
            at = wasm_v128_bitselect(wasm_i32x4_splat(ky * k + kx), at, gt);
          }
        }
        ST(y + o + c, best);
        if (am) ST(am + o + c, at);
      }
      for (; c < c1; c++) {
        float best = xb[c];
        int at = 0;
        for (int ky = 0; ky < k; ky++) {
          for (int kx = ky ? 0 : 1; kx < k; kx++) {
            const float v = xb[ky * GWC + kx * C + c];
            if (v > best) best = v, at = ky * k + kx;
          }
        }
        y[o + c] = best;
        if (am) am[o + c] = at;
      }
    }
  }
}

/*
 * Max pool of one sample on planes, channels [c0, c1): input planes [OC][JOB_H][JOB_MW], output planes
 * [OC][OH][JOB_YMW]. Each window is scanned in the order of maxpool_fwd (ky, then kx; a later value wins only when
 * greater, which is what pmax does), so the maxima are the same. 2 x 2 windows of stride 2 take four outputs per
 * pass (even and odd columns of two vectors); any other window one output at a time. No argmax: inference only.
 */
static void maxpool_fwd_1p(const int *job, int c0, int c1) {
  const int k = job[JOB_KH], st = job[JOB_STRIDE], OH = job[JOB_OH], OW = job[JOB_OW];
  const int H = job[JOB_H], MW = job[JOB_MW], YMW = job[JOB_YMW];
  const float *x = PTR(const float, job[JOB_X]);
  float *y = PTR(float, job[JOB_Y]);
  for (int c = c0; c < c1; c++) {
    for (int oy = 0; oy < OH; oy++) {
      const float *xr = x + (c * H + oy * st) * MW;
      float *yr = y + (c * OH + oy) * YMW;
      int ox = 0;
      if (k == 2 && st == 2) {
        for (; ox + 4 <= OW; ox += 4) {
          const float *p0 = xr + 2 * ox, *p1 = p0 + MW;
          const v128_t a0 = LD(p0), b0 = LD(p0 + 4), a1 = LD(p1), b1 = LD(p1 + 4);
          v128_t best = wasm_i32x4_shuffle(a0, b0, 0, 2, 4, 6);
          best = wasm_f32x4_pmax(best, wasm_i32x4_shuffle(a0, b0, 1, 3, 5, 7));
          best = wasm_f32x4_pmax(best, wasm_i32x4_shuffle(a1, b1, 0, 2, 4, 6));
          best = wasm_f32x4_pmax(best, wasm_i32x4_shuffle(a1, b1, 1, 3, 5, 7));
          ST(yr + ox, best);
        }
      }
      for (; ox < OW; ox++) {
        const float *xb = xr + ox * st;
        float best = xb[0];
        for (int ky = 0; ky < k; ky++) {
          for (int kx = ky ? 0 : 1; kx < k; kx++) {
            const float v = xb[ky * MW + kx];
            if (v > best) best = v;
          }
        }
        yr[ox] = best;
      }
    }
  }
}

#endif
