import assert from 'node:assert/strict';
import { Rng } from '../../../src/engine/core/random';
import { ConvDevice } from '../../../src/engine/kernels/convDevice';

/**
 * Every conv kernel build this Node runs (relaxed SIMD where it can), with one thread and with two on shared memory,
 * for the kernel tests to run each case on all of them.
 */
export function convDevices(): { name: string; dev: ConvDevice }[] {
  return (['simd', 'relaxed'] as const).flatMap((kernels) =>
    [1, 2].flatMap((threads) => {
      const d = ConvDevice.create({ kernels, threads });
      return 'unavailable' in d ? [] : [{ name: `${kernels} x${threads}`, dev: d }];
    }),
  );
}

/** Uniform values in [-1, 1). */
export function randomArray(rng: Rng, n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.next() * 2 - 1;
  return a;
}

/** |a - b| <= tol * (1 + |b|) everywhere (float32 sums in another order, fused multiply-adds). */
export function close(a: ArrayLike<number>, b: ArrayLike<number>, what: string, tol = 2e-5): void {
  assert.equal(a.length, b.length, `${what}: length`);
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= tol * (1 + Math.abs(b[i]!)))) assert.fail(`${what}: [${i}] ${a[i]} vs reference ${b[i]}`);
  }
}
