/*
 * Shared definitions. Every kernel must stay free of the shadow stack (no local arrays, no address-taken
 * locals): all threads' instances start their __stack_pointer at the same address of the shared memory, so any
 * stack use would let two threads overwrite each other. build.sh rejects a module that touches it.
 */
#ifndef SCANN_COMMON_H
#define SCANN_COMMON_H

#include <stdint.h>
#include <wasm_simd128.h>
#include "abi.h"

#define EXPORT(name) __attribute__((export_name(name)))
#define PTR(T, off) ((T *)(uintptr_t)(off))
#define F32(ctx, slot) __builtin_bit_cast(float, (ctx)[slot])

typedef float f4 __attribute__((vector_size(16)));

#ifdef SCANN_RELAXED
/* a * b + c, fused where the CPU has FMA: the one relaxed-SIMD instruction that pays here. */
#define MADD(a, b, c) ((v128_t)__builtin_wasm_relaxed_madd_f32x4((f4)(a), (f4)(b), (f4)(c)))
#else
#define MADD(a, b, c) wasm_f32x4_add((c), wasm_f32x4_mul((a), (b)))
#endif

#define LD(p) wasm_v128_load(p)
#define ST(p, v) wasm_v128_store((p), (v))
#define SPLAT(p) wasm_v128_load32_splat(p)
#define ZERO4 wasm_f32x4_splat(0.0f)

static inline v128_t relu4(v128_t x) { return wasm_f32x4_pmax(ZERO4, x); }

/* EACHn(M) expands M(0) .. M(n-1): register-blocked kernels of several widths from one body. */
#define EACH1(M) M(0)
#define EACH2(M) EACH1(M) M(1)
#define EACH3(M) EACH2(M) M(2)
#define EACH4(M) EACH3(M) M(3)
#define EACH5(M) EACH4(M) M(4)
#define EACH6(M) EACH5(M) M(5)

/* In-register 4x4 transpose of rows r0..r3. */
#define TRANSPOSE4(r0, r1, r2, r3)                                                                      \
  do {                                                                                                  \
    v128_t t0_ = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5), t1_ = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7);  \
    v128_t t2_ = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5), t3_ = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7);  \
    r0 = wasm_i64x2_shuffle(t0_, t2_, 0, 2);                                                            \
    r1 = wasm_i64x2_shuffle(t0_, t2_, 1, 3);                                                            \
    r2 = wasm_i64x2_shuffle(t1_, t3_, 0, 2);                                                            \
    r3 = wasm_i64x2_shuffle(t1_, t3_, 1, 3);                                                            \
  } while (0)

static inline float hsum4(v128_t v) {
  return (wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 1)) +
         (wasm_f32x4_extract_lane(v, 2) + wasm_f32x4_extract_lane(v, 3));
}

/* exp for softmax (arguments <= 0 there): Cephes' expf polynomial, about 1 ulp; no libm in freestanding wasm. */
static inline float exp_f32(float x) {
  if (x < -87.0f) return 0.0f;
  if (x > 88.0f) x = 88.0f;
  float n = __builtin_rintf(x * 1.44269504088896341f);
  float r = x - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.0f;
  int e = (int)n + 127;
  return p * __builtin_bit_cast(float, e << 23);
}

#endif
