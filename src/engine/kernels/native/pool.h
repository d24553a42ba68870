/*
 * Pooling on rows (see conv_abi.h): per channel and elementwise over batch columns, so 4 columns per vector and no
 * gather. Windows have no padding; the input grid is the map itself (JOB_GW = its width).
 */
#ifndef SCANN_POOL_H
#define SCANN_POOL_H

#include "common.h"
#include "conv_abi.h"

/* Max pool, columns [n0, n1): the first maximum in window order (rows, then columns) wins, as in core/conv.ts. */
static void maxpool_fwd(const int *job, int n0, int n1) {
  const int S = job[JOB_S], C = job[JOB_OC], k = job[JOB_KH], st = job[JOB_STRIDE], GWC = job[JOB_GW] * C;
  const int OH = job[JOB_OH], OW = job[JOB_OW];
  const float *x = PTR(const float, job[JOB_X]);
  float *y = PTR(float, job[JOB_Y]);
  int *am = PTR(int, job[JOB_ARGMAX]);
  for (int oy = 0; oy < OH; oy++) {
    for (int ox = 0; ox < OW; ox++) {
      for (int c = 0; c < C; c++) {
        const float *xb = x + (oy * st * GWC + ox * st * C + c) * S;
        const int o = ((oy * OW + ox) * C + c) * S;
        for (int n = n0; n < n1; n += 4) {
          v128_t best = LD(xb + n), at = wasm_i32x4_splat(0);
          for (int ky = 0; ky < k; ky++) {
            for (int kx = ky ? 0 : 1; kx < k; kx++) {
              const v128_t v = LD(xb + (ky * GWC + kx * C) * S + n);
              const v128_t gt = wasm_f32x4_gt(v, best);
              best = wasm_v128_bitselect(v, best, gt);
              at = wasm_v128_bitselect(wasm_i32x4_splat(ky * k + kx), at, gt);
            }
          }
          ST(y + o + n, best);
          ST(am + o + n, at);
        }
      }
    }
  }
}

/* Max pool backward, columns [n0, n1): dx cleared, then each window adds dy where it took its maximum. */
static void maxpool_bwd(const int *job, int n0, int n1) {
  const int S = job[JOB_S], C = job[JOB_OC], k = job[JOB_KH], st = job[JOB_STRIDE], GWC = job[JOB_GW] * C;
  const int OH = job[JOB_OH], OW = job[JOB_OW];
  const float *dy = PTR(const float, job[JOB_DY]);
  const int *am = PTR(const int, job[JOB_ARGMAX]);
  float *dx = PTR(float, job[JOB_DX]);
  clear_cols(dx, job[JOB_XROWS], S, n0, n1);
  for (int oy = 0; oy < OH; oy++) {
    for (int ox = 0; ox < OW; ox++) {
      for (int c = 0; c < C; c++) {
        float *xb = dx + (oy * st * GWC + ox * st * C + c) * S;
        const int o = ((oy * OW + ox) * C + c) * S;
        for (int n = n0; n < n1; n += 4) {
          const v128_t g = LD(dy + o + n), at = LD(am + o + n);
          for (int ky = 0; ky < k; ky++) {
            for (int kx = 0; kx < k; kx++) {
              float *r = xb + (ky * GWC + kx * C) * S + n;
              const v128_t hit = wasm_i32x4_eq(at, wasm_i32x4_splat(ky * k + kx));
              ST(r, wasm_f32x4_add(LD(r), wasm_v128_and(g, hit)));
            }
          }
        }
      }
    }
  }
}

/* Average pool, columns [n0, n1): the window summed in order, then scaled (as core/conv.ts does). */
static void avgpool_fwd(const int *job, int n0, int n1) {
  const int S = job[JOB_S], C = job[JOB_OC], k = job[JOB_KH], st = job[JOB_STRIDE], GWC = job[JOB_GW] * C;
  const int OH = job[JOB_OH], OW = job[JOB_OW];
  const float *x = PTR(const float, job[JOB_X]);
  float *y = PTR(float, job[JOB_Y]);
  const v128_t scale = wasm_f32x4_splat(1.0f / (float)(k * k));
  for (int oy = 0; oy < OH; oy++) {
    for (int ox = 0; ox < OW; ox++) {
      for (int c = 0; c < C; c++) {
        const float *xb = x + (oy * st * GWC + ox * st * C + c) * S;
        float *out = y + ((oy * OW + ox) * C + c) * S;
        for (int n = n0; n < n1; n += 4) {
          v128_t s = ZERO4;
          for (int ky = 0; ky < k; ky++)
            for (int kx = 0; kx < k; kx++) s = wasm_f32x4_add(s, LD(xb + (ky * GWC + kx * C) * S + n));
          ST(out + n, wasm_f32x4_mul(s, scale));
        }
      }
    }
  }
}

static void avgpool_bwd(const int *job, int n0, int n1) {
  const int S = job[JOB_S], C = job[JOB_OC], k = job[JOB_KH], st = job[JOB_STRIDE], GWC = job[JOB_GW] * C;
  const int OH = job[JOB_OH], OW = job[JOB_OW];
  const float *dy = PTR(const float, job[JOB_DY]);
  float *dx = PTR(float, job[JOB_DX]);
  const v128_t scale = wasm_f32x4_splat(1.0f / (float)(k * k));
  clear_cols(dx, job[JOB_XROWS], S, n0, n1);
  for (int oy = 0; oy < OH; oy++) {
    for (int ox = 0; ox < OW; ox++) {
      for (int c = 0; c < C; c++) {
        float *xb = dx + (oy * st * GWC + ox * st * C + c) * S;
        const float *g = dy + ((oy * OW + ox) * C + c) * S;
        for (int n = n0; n < n1; n += 4) {
          const v128_t v = wasm_f32x4_mul(LD(g + n), scale);
          for (int ky = 0; ky < k; ky++) {
            for (int kx = 0; kx < k; kx++) {
              float *r = xb + (ky * GWC + kx * C) * S + n;
              ST(r, wasm_f32x4_add(LD(r), v));
            }
          }
        }
      }
    }
  }
}

#endif
