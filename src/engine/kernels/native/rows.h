/*
 * Elementwise jobs around the conv kernels (see conv_abi.h): batch-major NHWC maps into rows with a zero border and
 * back, the ReLU derivative, and the SGD update of a weight array.
 */
#ifndef SCANN_ROWS_H
#define SCANN_ROWS_H

#include "common.h"
#include "conv_abi.h"

/*
 * NHWC maps (JOB_N samples of JOB_H x JOB_MW x JOB_C) into rows, columns [n0, n1); columns past the batch get 0
 * (rows of one float, JOB_S = 1, hold one sample).
 */
static void to_rows(const int *job, int n0, int n1) {
  const int S = job[JOB_S], N = job[JOB_N], H = job[JOB_H], MW = job[JOB_MW], C = job[JOB_C];
  const int GW = job[JOB_GW], pad = job[JOB_PAD], HWC = H * MW * C;
  const float *src = PTR(const float, job[JOB_SRC]);
  float *x = PTR(float, job[JOB_X]);
  for (int n = n0; n < n1 && n < S; n++) {
    const float *s = src + n * HWC;
    for (int yy = 0; yy < H; yy++) {
      float *d = x + ((yy + pad) * GW + pad) * C * S + n;
      for (int j = 0; j < MW * C; j++, d += S) *d = n < N ? *s++ : 0.0f;
    }
  }
}

/* Rows (the map inside a border of JOB_PAD) back into NHWC maps, columns [n0, n1) of the first JOB_N. */
static void from_rows(const int *job, int n0, int n1) {
  const int S = job[JOB_S], N = job[JOB_N], H = job[JOB_H], MW = job[JOB_MW], C = job[JOB_C];
  const int GW = job[JOB_GW], pad = job[JOB_PAD], HWC = H * MW * C;
  const float *x = PTR(const float, job[JOB_X]);
  float *dst = PTR(float, job[JOB_SRC]);
  for (int n = n0; n < n1 && n < N; n++) {
    float *d = dst + n * HWC;
    for (int yy = 0; yy < H; yy++) {
      const float *s = x + ((yy + pad) * GW + pad) * C * S + n;
      for (int j = 0; j < MW * C; j++, s += S) *d++ = *s;
    }
  }
}

/* dy = 0 where the ReLU output y is not positive, rows [0, JOB_N), columns [n0, n1). */
static void relu_bwd(const int *job, int n0, int n1) {
  const int S = job[JOB_S], rows = job[JOB_N];
  const float *y = PTR(const float, job[JOB_Y]);
  float *dy = PTR(float, job[JOB_DY]);
  for (int r = 0; r < rows; r++) {
    for (int n = n0; n < n1; n += 4) {
      float *g = dy + r * S + n;
      ST(g, wasm_v128_and(LD(g), wasm_f32x4_gt(LD(y + r * S + n), ZERO4)));
    }
  }
}

/* w -= lr * g (times the mask when there is one, so masked weights stay exactly 0), elements [i0, i1). */
static void sgd(const int *job, int i0, int i1) {
  float *w = PTR(float, job[JOB_W]);
  const float *g = PTR(const float, job[JOB_DW]), *m = PTR(const float, job[JOB_MASK]);
  const float lr = F32(job, JOB_LR);
  const v128_t l = wasm_f32x4_splat(lr);
  int i = i0;
  if (m) {
    for (; i + 4 <= i1; i += 4) ST(w + i, wasm_f32x4_sub(LD(w + i), wasm_f32x4_mul(l, wasm_f32x4_mul(LD(g + i), LD(m + i)))));
    for (; i < i1; i++) w[i] -= lr * (g[i] * m[i]);
  } else {
    for (; i + 4 <= i1; i += 4) ST(w + i, wasm_f32x4_sub(LD(w + i), wasm_f32x4_mul(l, LD(g + i))));
    for (; i < i1; i++) w[i] -= lr * g[i];
  }
}

/*
 * PAD_ROWS: the rows of a JOB_H x JOB_MW x JOB_C map at JOB_SRC into the inside of the grid at JOB_X (JOB_GW wide,
 * border JOB_PAD, which stays as it is: zero); CROP_ROWS: the inside of the grid at JOB_X back into the map's rows
 * at JOB_SRC. Columns [n0, n1).
 */
static void pad_rows(const int *job, int n0, int n1, int crop) {
  const int S = job[JOB_S], H = job[JOB_H], MWC = job[JOB_MW] * job[JOB_C], C = job[JOB_C];
  const int GW = job[JOB_GW], pad = job[JOB_PAD];
  float *map = PTR(float, job[JOB_SRC]);
  float *grid = PTR(float, job[JOB_X]);
  for (int yy = 0; yy < H; yy++) {
    float *m = map + yy * MWC * S;
    float *g = grid + ((yy + pad) * GW + pad) * C * S;
    for (int j = 0; j < MWC; j++) {
      float *a = m + j * S, *b = g + j * S;
      if (crop) {
        for (int n = n0; n < n1; n += 4) ST(a + n, LD(b + n));
      } else {
        for (int n = n0; n < n1; n += 4) ST(b + n, LD(a + n));
      }
    }
  }
}

#endif
