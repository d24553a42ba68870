/* Input transposition and softmax cross-entropy: the per-sample ends of a step. */
#ifndef SCANN_LOSS_H
#define SCANN_LOSS_H

#include "common.h"

/* Row of sample b: consecutive rows of the copy-in buffer, or rows of a resident table picked by CTX_IDX. */
static inline int sample_row(const int *ctx, int b) {
  return ctx[CTX_IDX] ? PTR(const int, ctx[CTX_IDX])[b] : b;
}

/* Samples [n0, min(n1, B)) from the row-major input into the input rows, transposed; later columns become 0. */
static void load_input(const int *ctx, int n0, int n1) {
  const int S = ctx[CTX_STRIDE], d = ctx[CTX_D], B = ctx[CTX_B];
  const float *xin = PTR(const float, ctx[CTX_XIN]);
  float *act = PTR(float, ctx[CTX_ACT]);
  const int nb = n1 < B ? n1 : B;
  if (S == 1) {
    /* One sample (batch-1 inference): the input rows are the sample itself. */
    if (nb > n0) __builtin_memcpy(act, xin + sample_row(ctx, 0) * d, 4 * (unsigned)d);
    return;
  }
  int b = n0;
  for (; b + 4 <= nb; b += 4) {
    const float *x0 = xin + sample_row(ctx, b) * d, *x1 = xin + sample_row(ctx, b + 1) * d;
    const float *x2 = xin + sample_row(ctx, b + 2) * d, *x3 = xin + sample_row(ctx, b + 3) * d;
    int i = 0;
    for (; i + 4 <= d; i += 4) {
      v128_t r0 = LD(x0 + i), r1 = LD(x1 + i), r2 = LD(x2 + i), r3 = LD(x3 + i);
      TRANSPOSE4(r0, r1, r2, r3);
      float *o = act + i * S + b;
      wasm_v128_store(o, r0);
      wasm_v128_store(o + S, r1);
      wasm_v128_store(o + 2 * S, r2);
      wasm_v128_store(o + 3 * S, r3);
    }
    for (; i < d; i++) {
      float *o = act + i * S + b;
      o[0] = x0[i], o[1] = x1[i], o[2] = x2[i], o[3] = x3[i];
    }
  }
  for (; b < nb; b++) {
    const float *x = xin + sample_row(ctx, b) * d;
    for (int i = 0; i < d; i++) act[i * S + b] = x[i];
  }
  for (b = n0 > nb ? n0 : nb; b < n1; b++) {
    for (int i = 0; i < d; i++) act[i * S + b] = 0.0f;
  }
}

/*
 * Per sample in [n0, min(n1, B)): the sum of exp(z - max) without the maximum's term, z_label - max (the host
 * takes log1p in double) and
 * whether the argmax (first maximum, as the reference) is the label. With grads, dL/dz = (p - onehot) / B on the
 * output rows; padding rows and padding samples get 0. With a teacher (CTX_SOFT, training only), the target is
 * (1 - w) onehot + w teacher (knowledge distillation at temperature 1): dL/dz = (p - target) / B, and the second
 * loss term is sum_o target_o (z_o - max) instead of z_label - max (the loss is log-sum-exp minus it, as the
 * targets sum to 1).
 */
static void softmax_ce(const int *ctx, const int *out, int n0, int n1, int grads) {
  const int S = ctx[CTX_STRIDE], B = ctx[CTX_B], c = ctx[CTX_C], ntp = out[BLK_NTP];
  const float *z = PTR(const float, ctx[CTX_ACT]) + ctx[CTX_OUTROW] * S;
  float *g = PTR(float, ctx[CTX_GRAD]) + ctx[CTX_OUTROW] * S;
  const int *labels = PTR(const int, ctx[CTX_LABELS]);
  float *loss = PTR(float, ctx[CTX_LOSS]);
  int *correct = PTR(int, ctx[CTX_CORRECT]);
  const float fb = (float)B;
  const int nb = n1 < B ? n1 : B;
  const float *soft = ctx[CTX_SOFT] ? PTR(const float, ctx[CTX_SOFT]) : 0;
  const float w = F32(ctx, CTX_SOFTW), w1 = 1.0f - w;
  for (int b = n0; b < nb; b++) {
    float max = z[b];
    int arg = 0;
    for (int o = 1; o < c; o++) {
      if (z[o * S + b] > max) max = z[o * S + b], arg = o;
    }
    /* The maximum's own term is exactly 1; summing the others apart keeps their digits for log1p, which matters
     * once the loss is near 0 (1 + rest in float32 would round rest away). */
    float rest = 0.0f;
    for (int o = 0; o < c; o++) {
      if (o != arg) rest += exp_f32(z[o * S + b] - max);
    }
    const float sum = 1.0f + rest;
    const int y = labels[sample_row(ctx, b)];
    loss[2 * b] = rest;
    loss[2 * b + 1] = z[y * S + b] - max;
    correct[b] = arg == y;
    if (grads && soft) {
      const float *t = soft + b * c;
      float dot = 0.0f;
      for (int o = 0; o < c; o++) {
        const float target = w1 * (o == y ? 1.0f : 0.0f) + w * t[o];
        dot += target * (z[o * S + b] - max);
        g[o * S + b] = (exp_f32(z[o * S + b] - max) / sum - target) / fb;
      }
      loss[2 * b + 1] = dot;
      for (int o = c; o < ntp; o++) g[o * S + b] = 0.0f;
    } else if (grads) {
      for (int o = 0; o < c; o++) g[o * S + b] = (exp_f32(z[o * S + b] - max) / sum - (o == y ? 1.0f : 0.0f)) / fb;
      for (int o = c; o < ntp; o++) g[o * S + b] = 0.0f;
    }
  }
  if (grads) {
    for (int b = n0 > nb ? n0 : nb; b < n1; b++) {
      for (int o = 0; o < ntp; o++) g[o * S + b] = 0.0f;
    }
  }
}

#endif
