/*
 * Dense convolution on rows (see conv_abi.h), as implicit GEMMs with the 4x8 register tiles of dense.h: no im2col
 * matrix is built, the taps of one output pixel are consecutive rows within each kernel row (kw * C rows), so a
 * pixel's patch is gathered into 8-column scratch once and every filter panel runs over it. Weights are read in
 * the network's own [OC][KH][KW][C] layout (four filters as four streams), so updates never repack them.
 */
#ifndef SCANN_CONV_H
#define SCANN_CONV_H

#include "common.h"
#include "conv_abi.h"

static inline int imin(int a, int b) { return a < b ? a : b; }

/* Row offset of tap k = (ky * KW + kx) * C + c from the pixel's first row, on a grid GW units wide. */
static inline int tap_row(int k, int L, int GWC) { return (k / L) * GWC + k % L; }

/* Columns [n0, n1) of the output pixels: y = W * patch + bias (ReLU if asked). Scratch: K x 8 floats. */
static void conv_fwd(const int *job, int n0, int n1, float *bp) {
  const int S = job[JOB_S], C = job[JOB_C], OC = job[JOB_OC], KH = job[JOB_KH], KW = job[JOB_KW];
  const int st = job[JOB_STRIDE], OH = job[JOB_OH], OW = job[JOB_OW], GWC = job[JOB_GW] * C;
  const int L = KW * C, K = KH * L, relu = job[JOB_RELU];
  const float *x = PTR(const float, job[JOB_X]);
  const float *W = PTR(const float, job[JOB_W]), *bias = PTR(const float, job[JOB_BIAS]);
  float *y = PTR(float, job[JOB_Y]);
  for (int n = n0; n < n1; n += 8) {
    for (int oy = 0; oy < OH; oy++) {
      for (int ox = 0; ox < OW; ox++) {
        const float *xb = x + (oy * st * GWC + ox * st * C) * S + n;
        float *b = bp;
        for (int ky = 0; ky < KH; ky++) {
          const float *s = xb + ky * GWC * S;
          for (int j = 0; j < L; j++, s += S, b += 8) {
            ST(b, LD(s));
            ST(b + 4, LD(s + 4));
          }
        }
        float *out = y + (oy * OW + ox) * OC * S + n;
        for (int o = 0; o < OC; o += 4) {
          const float *a0 = W + o * K, *a1 = W + imin(o + 1, OC - 1) * K;
          const float *a2 = W + imin(o + 2, OC - 1) * K, *a3 = W + imin(o + 3, OC - 1) * K;
          const float *bb = bp;
          v128_t c00 = SPLAT(bias + o), c01 = c00, c10 = SPLAT(bias + imin(o + 1, OC - 1)), c11 = c10;
          v128_t c20 = SPLAT(bias + imin(o + 2, OC - 1)), c21 = c20, c30 = SPLAT(bias + imin(o + 3, OC - 1)),
                 c31 = c30;
          for (int k = 0; k < K; k++, bb += 8) {
            v128_t b0 = LD(bb), b1 = LD(bb + 4);
            v128_t w0 = SPLAT(a0 + k);
            c00 = MADD(w0, b0, c00);
            c01 = MADD(w0, b1, c01);
            v128_t w1 = SPLAT(a1 + k);
            c10 = MADD(w1, b0, c10);
            c11 = MADD(w1, b1, c11);
            v128_t w2 = SPLAT(a2 + k);
            c20 = MADD(w2, b0, c20);
            c21 = MADD(w2, b1, c21);
            v128_t w3 = SPLAT(a3 + k);
            c30 = MADD(w3, b0, c30);
            c31 = MADD(w3, b1, c31);
          }
          if (relu) {
            c00 = relu4(c00), c01 = relu4(c01), c10 = relu4(c10), c11 = relu4(c11);
            c20 = relu4(c20), c21 = relu4(c21), c30 = relu4(c30), c31 = relu4(c31);
          }
          float *r = out + o * S;
          ST(r, c00);
          ST(r + 4, c01);
          if (o + 1 < OC) ST(r + S, c10), ST(r + S + 4, c11);
          if (o + 2 < OC) ST(r + 2 * S, c20), ST(r + 2 * S + 4, c21);
          if (o + 3 < OC) ST(r + 3 * S, c30), ST(r + 3 * S + 4, c31);
        }
      }
    }
  }
}

/* Zeroes columns [n0, n1) of rows [0, rows). */
static void clear_cols(float *p, int rows, int S, int n0, int n1) {
  for (int r = 0; r < rows; r++) {
    float *q = p + r * S;
    for (int n = n0; n < n1; n += 4) ST(q + n, ZERO4);
  }
}

/*
 * dx = W^T dy scattered back over each pixel's patch, columns [n0, n1): per pixel, the output gradient's OC rows
 * are gathered into scratch and tiles of 4 taps x 8 columns add into dx (patches overlap, so pixels go one after
 * the other). Scratch: OC x 8 floats, 8 floats standing in for the rows of a last partial tile, then each tap's
 * row offset (K ints: no division in the loop).
 */
static void conv_dx(const int *job, int n0, int n1, float *gp) {
  const int S = job[JOB_S], C = job[JOB_C], OC = job[JOB_OC], KH = job[JOB_KH], KW = job[JOB_KW];
  const int st = job[JOB_STRIDE], OH = job[JOB_OH], OW = job[JOB_OW], GWC = job[JOB_GW] * C;
  const int L = KW * C, K = KH * L;
  const float *dy = PTR(const float, job[JOB_DY]);
  const float *W = PTR(const float, job[JOB_W]);
  float *dx = PTR(float, job[JOB_DX]);
  float *sink = gp + OC * 8;
  int *trow = (int *)(sink + 8);
  for (int k = 0; k < K; k++) trow[k] = tap_row(k, L, GWC) * S;
  clear_cols(dx, job[JOB_XROWS], S, n0, n1);
  for (int n = n0; n < n1; n += 8) {
    for (int oy = 0; oy < OH; oy++) {
      for (int ox = 0; ox < OW; ox++) {
        const float *g = dy + (oy * OW + ox) * OC * S + n;
        for (int o = 0; o < OC; o++) {
          ST(gp + 8 * o, LD(g + o * S));
          ST(gp + 8 * o + 4, LD(g + o * S + 4));
        }
        float *xb = dx + (oy * st * GWC + ox * st * C) * S + n;
        for (int k = 0; k < K; k += 4) {
          float *r0 = xb + trow[k];
          float *r1 = k + 1 < K ? xb + trow[k + 1] : sink;
          float *r2 = k + 2 < K ? xb + trow[k + 2] : sink;
          float *r3 = k + 3 < K ? xb + trow[k + 3] : sink;
          v128_t c00 = LD(r0), c01 = LD(r0 + 4), c10 = LD(r1), c11 = LD(r1 + 4);
          v128_t c20 = LD(r2), c21 = LD(r2 + 4), c30 = LD(r3), c31 = LD(r3 + 4);
          const int k1 = imin(k + 1, K - 1), k2 = imin(k + 2, K - 1), k3 = imin(k + 3, K - 1);
          const float *b = gp, *a = W;
          for (int o = 0; o < OC; o++, b += 8, a += K) {
            v128_t b0 = LD(b), b1 = LD(b + 4);
            v128_t w0 = SPLAT(a + k);
            c00 = MADD(w0, b0, c00);
            c01 = MADD(w0, b1, c01);
            v128_t w1 = SPLAT(a + k1);
            c10 = MADD(w1, b0, c10);
            c11 = MADD(w1, b1, c11);
            v128_t w2 = SPLAT(a + k2);
            c20 = MADD(w2, b0, c20);
            c21 = MADD(w2, b1, c21);
            v128_t w3 = SPLAT(a + k3);
            c30 = MADD(w3, b0, c30);
            c31 = MADD(w3, b1, c31);
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
  }
}

/* Sum of each vector's lanes, the four sums as one vector. */
static inline v128_t hsum4x4(v128_t a, v128_t b, v128_t c, v128_t d) {
  TRANSPOSE4(a, b, c, d);
  return wasm_f32x4_add(wasm_f32x4_add(a, b), wasm_f32x4_add(c, d));
}

static inline void add_lanes(float *p, v128_t v, int n) {
  if (n >= 4) {
    ST(p, wasm_f32x4_add(LD(p), v));
    return;
  }
  p[0] += wasm_f32x4_extract_lane(v, 0);
  if (n > 1) p[1] += wasm_f32x4_extract_lane(v, 1);
  if (n > 2) p[2] += wasm_f32x4_extract_lane(v, 2);
}

/* db += the output gradient summed over pixels and columns, output channels [o0, o1). */
static void conv_db(const int *job, int o0, int o1) {
  const int S = job[JOB_S], NB = job[JOB_NB], OC = job[JOB_OC], P = job[JOB_OH] * job[JOB_OW];
  const float *dy = PTR(const float, job[JOB_DY]);
  float *db = PTR(float, job[JOB_DB]);
  for (int o = o0; o < o1 && o < OC; o++) {
    v128_t s = ZERO4;
    for (int p = 0; p < P; p++) {
      const float *g = dy + (p * OC + o) * S;
      for (int n = 0; n < NB; n += 4) s = wasm_f32x4_add(s, LD(g + n));
    }
    db[o] += hsum4(s);
  }
}

/*
 * dW += dy x patch^T for every weight, masked ones included (growth ranks dormant weights by it), output channels
 * [o0, o1) (o0 even), and db. Tiles of 2 filters x 4 taps accumulate in registers over a block of pixels and every
 * column, then add into dW. Blocks go pixel block, tap quad, filter pair: a block's input rows (about 16 KB) stay in
 * L1 while every filter pair runs over them, so only the output gradient's rows come from L2 (4 bytes per FMA; filter
 * pair outermost streamed the input rows from L2 for each pair, 12 bytes per FMA, and ran at 60 % of this rate).
 * The order of the sums is fixed, whatever thread owns the filters.
 */
static void conv_dw(const int *job, int o0, int o1) {
  const int S = job[JOB_S], NB = job[JOB_NB], C = job[JOB_C], OC = job[JOB_OC], KH = job[JOB_KH];
  const int KW = job[JOB_KW], st = job[JOB_STRIDE], OH = job[JOB_OH], OW = job[JOB_OW], GWC = job[JOB_GW] * C;
  const int L = KW * C, K = KH * L, P = OH * OW;
  const int PB = NB >= 1024 ? 1 : 1024 / NB;
  const float *x = PTR(const float, job[JOB_X]), *dy = PTR(const float, job[JOB_DY]);
  float *dW = PTR(float, job[JOB_DW]);
  for (int pb = 0; pb < P; pb += PB) {
    const int pe = imin(P, pb + PB);
    for (int k = 0; k < K; k += 4) {
      const int t0 = tap_row(k, L, GWC) * S, t1 = tap_row(imin(k + 1, K - 1), L, GWC) * S;
      const int t2 = tap_row(imin(k + 2, K - 1), L, GWC) * S, t3 = tap_row(imin(k + 3, K - 1), L, GWC) * S;
      const int m = imin(4, K - k);
      for (int o = o0; o < o1; o += 2) {
        const int oB = imin(o + 1, OC - 1);
        v128_t c00 = ZERO4, c01 = ZERO4, c02 = ZERO4, c03 = ZERO4;
        v128_t c10 = ZERO4, c11 = ZERO4, c12 = ZERO4, c13 = ZERO4;
        for (int p = pb; p < pe; p++) {
          const int oy = p / OW, ox = p - oy * OW;
          const float *xb = x + (oy * st * GWC + ox * st * C) * S;
          const float *g0 = dy + (p * OC + o) * S, *g1 = dy + (p * OC + oB) * S;
          for (int n = 0; n < NB; n += 4) {
            v128_t d0 = LD(g0 + n), d1 = LD(g1 + n);
            v128_t v = LD(xb + t0 + n);
            c00 = MADD(d0, v, c00);
            c10 = MADD(d1, v, c10);
            v = LD(xb + t1 + n);
            c01 = MADD(d0, v, c01);
            c11 = MADD(d1, v, c11);
            v = LD(xb + t2 + n);
            c02 = MADD(d0, v, c02);
            c12 = MADD(d1, v, c12);
            v = LD(xb + t3 + n);
            c03 = MADD(d0, v, c03);
            c13 = MADD(d1, v, c13);
          }
        }
        add_lanes(dW + o * K + k, hsum4x4(c00, c01, c02, c03), m);
        if (o + 1 < OC) add_lanes(dW + (o + 1) * K + k, hsum4x4(c10, c11, c12, c13), m);
      }
    }
  }
  conv_db(job, o0, o1);
}

#endif
