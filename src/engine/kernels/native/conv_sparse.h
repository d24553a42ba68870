/*
 * Sparse convolution on rows (see conv_abi.h) for layers whose kernels are mostly masked: per output channel, a
 * CSR of its active taps (row offset from the pixel's first row, weight), so the cost follows the active weights.
 * Each tap is an axpy over batch columns, as the dense part's CSR levels do.
 */
#ifndef SCANN_CONV_SPARSE_H
#define SCANN_CONV_SPARSE_H

#include "common.h"
#include "conv_abi.h"
#include "conv.h"

static inline const float *pixel_rows(const int *job, const float *base, int p) {
  const int C = job[JOB_C], st = job[JOB_STRIDE], OW = job[JOB_OW], GWC = job[JOB_GW] * C;
  const int oy = p / OW, ox = p - oy * OW;
  return base + (oy * st * GWC + ox * st * C) * job[JOB_S];
}

/*
 * A 1 x 1 output (a fully connected layer), columns [n0, n1): 24 columns per pass share each tap's weight (six FMA
 * chains), as the dense part's CSR levels do; the last 8 or 16 columns in a pass of their own.
 */
static void fc_fwd_sparse(const int *job, int n0, int n1) {
  const int S = job[JOB_S], OC = job[JOB_OC], relu = job[JOB_RELU];
  const float *x = PTR(const float, job[JOB_X]);
  const float *w = PTR(const float, job[JOB_W]), *bias = PTR(const float, job[JOB_BIAS]);
  const int *rowptr = PTR(const int, job[JOB_ROWPTR]), *roff = PTR(const int, job[JOB_ROFF]);
  float *y = PTR(float, job[JOB_Y]);
  for (int n = n0; n < n1; n += 24) {
    const int m = imin(24, n1 - n);
    for (int o = 0; o < OC; o++) {
      v128_t a0 = SPLAT(bias + o), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
      const float *xb = x + n;
      if (m == 24) {
        for (int t = rowptr[o]; t < rowptr[o + 1]; t++) {
          const v128_t wv = SPLAT(w + t);
          const float *r = xb + roff[t] * S;
          a0 = MADD(wv, LD(r), a0);
          a1 = MADD(wv, LD(r + 4), a1);
          a2 = MADD(wv, LD(r + 8), a2);
          a3 = MADD(wv, LD(r + 12), a3);
          a4 = MADD(wv, LD(r + 16), a4);
          a5 = MADD(wv, LD(r + 20), a5);
        }
      } else {
        /* 8 or 16 columns: the unused chains read the first 8 again and are dropped. */
        const int c2 = m == 16 ? 8 : 0;
        for (int t = rowptr[o]; t < rowptr[o + 1]; t++) {
          const v128_t wv = SPLAT(w + t);
          const float *r = xb + roff[t] * S;
          a0 = MADD(wv, LD(r), a0);
          a1 = MADD(wv, LD(r + 4), a1);
          a2 = MADD(wv, LD(r + c2), a2);
          a3 = MADD(wv, LD(r + c2 + 4), a3);
        }
      }
      if (relu) a0 = relu4(a0), a1 = relu4(a1), a2 = relu4(a2), a3 = relu4(a3), a4 = relu4(a4), a5 = relu4(a5);
      float *r = y + o * S + n;
      ST(r, a0);
      ST(r + 4, a1);
      if (m >= 16) ST(r + 8, a2), ST(r + 12, a3);
      if (m == 24) ST(r + 16, a4), ST(r + 20, a5);
    }
  }
}

/* Forward, columns [n0, n1): three pixels per pass share each tap's weight (six FMA chains). */
static void conv_fwd_sparse(const int *job, int n0, int n1) {
  const int S = job[JOB_S], OC = job[JOB_OC], P = job[JOB_OH] * job[JOB_OW], relu = job[JOB_RELU];
  const float *x = PTR(const float, job[JOB_X]);
  const float *w = PTR(const float, job[JOB_W]), *bias = PTR(const float, job[JOB_BIAS]);
  const int *rowptr = PTR(const int, job[JOB_ROWPTR]), *roff = PTR(const int, job[JOB_ROFF]);
  float *y = PTR(float, job[JOB_Y]);
  if (P == 1) {
    fc_fwd_sparse(job, n0, n1);
    return;
  }
  for (int n = n0; n < n1; n += 8) {
    for (int p = 0; p < P; p += 3) {
      const int pb = imin(p + 1, P - 1), pc = imin(p + 2, P - 1);
      const float *xa = pixel_rows(job, x, p) + n, *xb = pixel_rows(job, x, pb) + n;
      const float *xc = pixel_rows(job, x, pc) + n;
      for (int o = 0; o < OC; o++) {
        v128_t a0 = SPLAT(bias + o), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0;
        for (int t = rowptr[o]; t < rowptr[o + 1]; t++) {
          const v128_t wv = SPLAT(w + t);
          const int r = roff[t] * S;
          a0 = MADD(wv, LD(xa + r), a0);
          a1 = MADD(wv, LD(xa + r + 4), a1);
          b0 = MADD(wv, LD(xb + r), b0);
          b1 = MADD(wv, LD(xb + r + 4), b1);
          c0 = MADD(wv, LD(xc + r), c0);
          c1 = MADD(wv, LD(xc + r + 4), c1);
        }
        if (relu) a0 = relu4(a0), a1 = relu4(a1), b0 = relu4(b0), b1 = relu4(b1), c0 = relu4(c0), c1 = relu4(c1);
        float *ra = y + (p * OC + o) * S + n;
        ST(ra, a0);
        ST(ra + 4, a1);
        if (p + 1 < P) ST(ra + OC * S, b0), ST(ra + OC * S + 4, b1);
        if (p + 2 < P) ST(ra + 2 * OC * S, c0), ST(ra + 2 * OC * S + 4, c1);
      }
    }
  }
}

/*
 * Input gradient, columns [n0, n1): each active tap adds weight x dy into its patch row, 16 columns (a cache line)
 * at a time where there are 16, so each tap's index and weight are loaded once per line.
 */
static void conv_dx_sparse(const int *job, int n0, int n1) {
  const int S = job[JOB_S], OC = job[JOB_OC], P = job[JOB_OH] * job[JOB_OW];
  const float *dy = PTR(const float, job[JOB_DY]), *w = PTR(const float, job[JOB_W]);
  const int *rowptr = PTR(const int, job[JOB_ROWPTR]), *roff = PTR(const int, job[JOB_ROFF]);
  float *dx = PTR(float, job[JOB_DX]);
  clear_cols(dx, job[JOB_XROWS], S, n0, n1);
  int n = n0;
  for (; n + 16 <= n1; n += 16) {
    for (int p = 0; p < P; p++) {
      float *xb = (float *)pixel_rows(job, dx, p) + n;
      const float *g = dy + p * OC * S + n;
      for (int o = 0; o < OC; o++, g += S) {
        const v128_t g0 = LD(g), g1 = LD(g + 4), g2 = LD(g + 8), g3 = LD(g + 12);
        for (int t = rowptr[o]; t < rowptr[o + 1]; t++) {
          const v128_t wv = SPLAT(w + t);
          float *r = xb + roff[t] * S;
          ST(r, MADD(wv, g0, LD(r)));
          ST(r + 4, MADD(wv, g1, LD(r + 4)));
          ST(r + 8, MADD(wv, g2, LD(r + 8)));
          ST(r + 12, MADD(wv, g3, LD(r + 12)));
        }
      }
    }
  }
  for (; n < n1; n += 8) {
    for (int p = 0; p < P; p++) {
      float *xb = (float *)pixel_rows(job, dx, p) + n;
      const float *g = dy + p * OC * S + n;
      for (int o = 0; o < OC; o++, g += S) {
        const v128_t g0 = LD(g), g1 = LD(g + 4);
        for (int t = rowptr[o]; t < rowptr[o + 1]; t++) {
          const v128_t wv = SPLAT(w + t);
          float *r = xb + roff[t] * S;
          ST(r, MADD(wv, g0, LD(r)));
          ST(r + 4, MADD(wv, g1, LD(r + 4)));
        }
      }
    }
  }
}

/*
 * Weight gradient of the active taps only (dW[t] += ...) for output channels [o0, o1): what a training step needs,
 * since masked weights stay 0; growth scores over every weight come from conv_dw. Four taps per pass share the
 * output gradient's loads.
 */
static void conv_dw_sparse(const int *job, int o0, int o1) {
  const int S = job[JOB_S], NB = job[JOB_NB], OC = job[JOB_OC], P = job[JOB_OH] * job[JOB_OW];
  const float *x = PTR(const float, job[JOB_X]), *dy = PTR(const float, job[JOB_DY]);
  const int *rowptr = PTR(const int, job[JOB_ROWPTR]), *roff = PTR(const int, job[JOB_ROFF]);
  float *dW = PTR(float, job[JOB_DW]);
  for (int o = o0; o < o1 && o < OC; o++) {
    const int e = rowptr[o + 1];
    for (int t = rowptr[o]; t < e; t += 4) {
      const int r0 = roff[t] * S, r1 = roff[imin(t + 1, e - 1)] * S;
      const int r2 = roff[imin(t + 2, e - 1)] * S, r3 = roff[imin(t + 3, e - 1)] * S;
      v128_t c0 = ZERO4, c1 = ZERO4, c2 = ZERO4, c3 = ZERO4;
      for (int p = 0; p < P; p++) {
        const float *xb = pixel_rows(job, x, p), *g = dy + (p * OC + o) * S;
        for (int n = 0; n < NB; n += 4) {
          const v128_t d = LD(g + n);
          c0 = MADD(d, LD(xb + r0 + n), c0);
          c1 = MADD(d, LD(xb + r1 + n), c1);
          c2 = MADD(d, LD(xb + r2 + n), c2);
          c3 = MADD(d, LD(xb + r3 + n), c3);
        }
      }
      add_lanes(dW + t, hsum4x4(c0, c1, c2, c3), imin(4, e - t));
    }
  }
  conv_db(job, o0, o1);
}

#endif
