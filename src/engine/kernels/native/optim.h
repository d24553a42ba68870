/*
 * Optimizer updates with PyTorch's rules (see src/engine/optimizer.ts), fused with the mask: a masked position
 * gets a zero gradient, so its weight and state (zero since the last structure change) stay exactly zero. The
 * vector body and the scalar tail use the same IEEE single-precision operations (no FMA), so an element's result
 * does not depend on where a thread's range starts.
 */
#ifndef SCANN_OPTIM_H
#define SCANN_OPTIM_H

#include "common.h"

static void adam_range(const int *ctx, float *w, const float *g, float *m, float *v, const float *mask, int n,
                       float wd) {
  const float b1 = F32(ctx, CTX_BETA1), b2 = F32(ctx, CTX_BETA2), ob1 = 1.0f - b1, ob2 = 1.0f - b2;
  const float step = F32(ctx, CTX_STEPSIZE), sc2 = F32(ctx, CTX_SQRTC2), eps = F32(ctx, CTX_EPS);
  const v128_t B1 = wasm_f32x4_splat(b1), B2 = wasm_f32x4_splat(b2), OB1 = wasm_f32x4_splat(ob1);
  const v128_t OB2 = wasm_f32x4_splat(ob2), STEP = wasm_f32x4_splat(step), SC2 = wasm_f32x4_splat(sc2);
  const v128_t EPS = wasm_f32x4_splat(eps), WD = wasm_f32x4_splat(wd);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t gi = LD(g + i), wi = LD(w + i);
    if (mask) gi = wasm_f32x4_mul(gi, LD(mask + i));
    gi = wasm_f32x4_add(gi, wasm_f32x4_mul(WD, wi));
    const v128_t mi = wasm_f32x4_add(wasm_f32x4_mul(B1, LD(m + i)), wasm_f32x4_mul(OB1, gi));
    const v128_t vi =
        wasm_f32x4_add(wasm_f32x4_mul(B2, LD(v + i)), wasm_f32x4_mul(wasm_f32x4_mul(OB2, gi), gi));
    const v128_t den = wasm_f32x4_add(wasm_f32x4_div(wasm_f32x4_sqrt(vi), SC2), EPS);
    ST(m + i, mi);
    ST(v + i, vi);
    ST(w + i, wasm_f32x4_sub(wi, wasm_f32x4_div(wasm_f32x4_mul(STEP, mi), den)));
  }
  for (; i < n; i++) {
    float gi = g[i];
    if (mask) gi = gi * mask[i];
    gi = gi + wd * w[i];
    const float mi = b1 * m[i] + ob1 * gi;
    const float vi = b2 * v[i] + (ob2 * gi) * gi;
    m[i] = mi;
    v[i] = vi;
    w[i] = w[i] - (step * mi) / (__builtin_sqrtf(vi) / sc2 + eps);
  }
}

static void sgd_range(const int *ctx, float *w, const float *g, float *buf, const float *mask, int n, float wd) {
  const float lr = F32(ctx, CTX_LR), mom = F32(ctx, CTX_MOMENTUM);
  const int nesterov = ctx[CTX_NESTEROV];
  const v128_t LR = wasm_f32x4_splat(lr), MOM = wasm_f32x4_splat(mom), WD = wasm_f32x4_splat(wd);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t gi = LD(g + i), wi = LD(w + i);
    if (mask) gi = wasm_f32x4_mul(gi, LD(mask + i));
    gi = wasm_f32x4_add(gi, wasm_f32x4_mul(WD, wi));
    v128_t d = gi;
    if (mom > 0.0f) {
      const v128_t b = wasm_f32x4_add(wasm_f32x4_mul(MOM, LD(buf + i)), gi);
      ST(buf + i, b);
      d = nesterov ? wasm_f32x4_add(gi, wasm_f32x4_mul(MOM, b)) : b;
    }
    ST(w + i, wasm_f32x4_sub(wi, wasm_f32x4_mul(LR, d)));
  }
  for (; i < n; i++) {
    float gi = g[i];
    if (mask) gi = gi * mask[i];
    gi = gi + wd * w[i];
    float d = gi;
    if (mom > 0.0f) {
      const float b = mom * buf[i] + gi;
      buf[i] = b;
      d = nesterov ? gi + mom * b : b;
    }
    w[i] = w[i] - lr * d;
  }
}

static void opt_range(const int *ctx, float *w, const float *g, float *m, float *v, const float *mask, int n,
                      float wd) {
  if (ctx[CTX_OPT] == 1) {
    adam_range(ctx, w, g, m, v, mask, n, wd);
  } else {
    sgd_range(ctx, w, g, m, mask, n, wd);
  }
}

/* dL/db for rows [r0, r1): sums over the batch in a fixed order, whatever the thread split. */
static void bias_grad(const int *ctx, int r0, int r1) {
  const int S = ctx[CTX_STRIDE], B = ctx[CTX_B];
  const float *grad = PTR(const float, ctx[CTX_GRAD]);
  float *gb = PTR(float, ctx[CTX_GBIAS]);
  for (int r = r0; r < r1; r++) {
    const float *g = grad + r * S;
    v128_t acc = ZERO4;
    int b = 0;
    for (; b + 4 <= B; b += 4) acc = wasm_f32x4_add(acc, LD(g + b));
    float s = hsum4(acc);
    for (; b < B; b++) s += g[b];
    gb[r] = s;
  }
}

#endif
