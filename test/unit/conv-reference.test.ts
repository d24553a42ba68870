import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  avgPool2dBackward,
  avgPool2dForward,
  conv2dBackwardInput,
  conv2dBackwardWeight,
  conv2dForward,
  convOutShape,
  convWeightCount,
  flattenToUnitMajor,
  mapSize,
  maxPool2dBackward,
  maxPool2dForward,
  poolOutShape,
  unflattenFromUnitMajor,
  type ConvSpec,
  type MapShape,
  type PoolSpec,
} from '../../src/engine/core/conv';
import { Rng } from '../../src/engine/core/random';

function randomArray(rng: Rng, n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.next() * 2 - 1;
  return a;
}

/** A random valid conv case: small maps, every stride and padding combination the kernel fits. */
function randomConvCase(rng: Rng): { inShape: MapShape; spec: ConvSpec } {
  for (;;) {
    const inShape = { n: 1 + rng.int(3), h: 1 + rng.int(9), w: 1 + rng.int(9), c: 1 + rng.int(4) };
    const spec = {
      outC: 1 + rng.int(4),
      kh: 1 + rng.int(4),
      kw: 1 + rng.int(4),
      stride: 1 + rng.int(3),
      pad: rng.int(3),
    };
    if (inShape.h + 2 * spec.pad >= spec.kh && inShape.w + 2 * spec.pad >= spec.kw) return { inShape, spec };
  }
}

function randomPoolCase(rng: Rng): { inShape: MapShape; pool: PoolSpec } {
  for (;;) {
    const inShape = { n: 1 + rng.int(3), h: 1 + rng.int(9), w: 1 + rng.int(9), c: 1 + rng.int(4) };
    const pool = { k: 1 + rng.int(3), stride: 1 + rng.int(3) };
    if (inShape.h >= pool.k && inShape.w >= pool.k) return { inShape, pool };
  }
}

const at = (s: MapShape, n: number, y: number, x: number, c: number): number => ((n * s.h + y) * s.w + x) * s.c + c;
const wAt = (spec: ConvSpec, inC: number, oc: number, ky: number, kx: number, c: number): number =>
  ((oc * spec.kh + ky) * spec.kw + kx) * inC + c;

/**
 * The conv straight from its definition, in double precision, on an explicitly zero-padded copy of the input:
 * a second implementation that shares no index arithmetic with the reference (no bounds tests).
 */
function naiveConv(x: Float32Array, s: MapShape, w: Float32Array, bias: Float32Array, spec: ConvSpec): Float64Array {
  const ph = s.h + 2 * spec.pad;
  const pw = s.w + 2 * spec.pad;
  const padded = new Float64Array(s.n * ph * pw * s.c);
  for (let n = 0; n < s.n; n++)
    for (let y = 0; y < s.h; y++)
      for (let xx = 0; xx < s.w; xx++)
        for (let c = 0; c < s.c; c++)
          padded[((n * ph + y + spec.pad) * pw + xx + spec.pad) * s.c + c] = x[at(s, n, y, xx, c)]!;
  const os = convOutShape(s, spec);
  const out = new Float64Array(mapSize(os));
  for (let n = 0; n < s.n; n++)
    for (let oy = 0; oy < os.h; oy++)
      for (let ox = 0; ox < os.w; ox++)
        for (let oc = 0; oc < spec.outC; oc++) {
          let sum = bias[oc]!;
          for (let ky = 0; ky < spec.kh; ky++)
            for (let kx = 0; kx < spec.kw; kx++)
              for (let c = 0; c < s.c; c++)
                sum +=
                  w[wAt(spec, s.c, oc, ky, kx, c)]! *
                  padded[((n * ph + oy * spec.stride + ky) * pw + ox * spec.stride + kx) * s.c + c]!;
          out[at(os, n, oy, ox, oc)] = sum;
        }
  return out;
}

/** dL/dx gathered per input position (the reference scatters per output position). */
function naiveConvInputGrad(dy: Float32Array, s: MapShape, w: Float32Array, spec: ConvSpec): Float64Array {
  const os = convOutShape(s, spec);
  const dx = new Float64Array(mapSize(s));
  for (let n = 0; n < s.n; n++)
    for (let iy = 0; iy < s.h; iy++)
      for (let ix = 0; ix < s.w; ix++)
        for (let c = 0; c < s.c; c++) {
          let sum = 0;
          for (let ky = 0; ky < spec.kh; ky++)
            for (let kx = 0; kx < spec.kw; kx++) {
              const ty = iy + spec.pad - ky;
              const tx = ix + spec.pad - kx;
              if (ty % spec.stride !== 0 || tx % spec.stride !== 0) continue;
              const oy = ty / spec.stride;
              const ox = tx / spec.stride;
              if (oy < 0 || oy >= os.h || ox < 0 || ox >= os.w) continue;
              for (let oc = 0; oc < spec.outC; oc++)
                sum += dy[at(os, n, oy, ox, oc)]! * w[wAt(spec, s.c, oc, ky, kx, c)]!;
            }
          dx[at(s, n, iy, ix, c)] = sum;
        }
  return dx;
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const a = actual[i]!;
    assert.ok(Math.abs(a - e) <= tol * (1 + Math.abs(e)), `${what}[${i}]: ${a} vs ${e}`);
  }
}

/** sum(r * out) in double precision: a scalar loss whose gradient wrt the output is r. */
function dot(a: ArrayLike<number>, r: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < r.length; i++) s += a[i]! * r[i]!;
  return s;
}

test('conv2d forward matches the direct formula on random shapes, strides and paddings', () => {
  const rng = new Rng(11);
  for (let trial = 0; trial < 200; trial++) {
    const { inShape, spec } = randomConvCase(rng);
    const x = randomArray(rng, mapSize(inShape));
    const w = randomArray(rng, convWeightCount(spec, inShape.c));
    const bias = randomArray(rng, spec.outC);
    const os = convOutShape(inShape, spec);
    assert.equal(os.h, Math.floor((inShape.h + 2 * spec.pad - spec.kh) / spec.stride) + 1);
    const out = new Float32Array(mapSize(os)).fill(Number.NaN);
    conv2dForward(x, inShape, w, bias, spec, out);
    assertClose(out, naiveConv(x, inShape, w, bias, spec), 1e-5, `trial ${trial} out`);
  }
});

test('conv2d input and weight gradients match the direct formula and finite differences', () => {
  const rng = new Rng(12);
  for (let trial = 0; trial < 120; trial++) {
    const { inShape, spec } = randomConvCase(rng);
    const x = randomArray(rng, mapSize(inShape));
    const w = randomArray(rng, convWeightCount(spec, inShape.c));
    const bias = randomArray(rng, spec.outC);
    const os = convOutShape(inShape, spec);
    const r = randomArray(rng, mapSize(os));

    const dx = new Float32Array(mapSize(inShape)).fill(Number.NaN);
    conv2dBackwardInput(r, inShape, w, spec, dx);
    assertClose(dx, naiveConvInputGrad(r, inShape, w, spec), 1e-5, `trial ${trial} dx`);

    const dW = new Float32Array(w.length);
    const dB = new Float32Array(spec.outC);
    conv2dBackwardWeight(x, r, inShape, spec, dW, dB);

    // The loss is linear in x, w and bias, so a central difference is exact up to rounding: computing it on the
    // double-precision formula gives a tight check. Every entry is checked on small cases, a sample on large.
    const loss = (): number => dot(naiveConv(x, inShape, w, bias, spec), r);
    const h = 0.5;
    const check = (arr: Float32Array, grad: Float32Array, what: string): void => {
      const step = Math.max(1, Math.floor(arr.length / 40));
      for (let i = 0; i < arr.length; i += step) {
        const old = arr[i]!;
        arr[i] = old + h;
        const up = loss();
        arr[i] = old - h;
        const down = loss();
        arr[i] = old;
        const fd = (up - down) / (2 * h);
        assert.ok(
          Math.abs(grad[i]! - fd) <= 1e-4 * (1 + Math.abs(fd)),
          `trial ${trial} ${what}[${i}]: ${grad[i]} vs ${fd}`,
        );
      }
    };
    check(x, dx, 'dx');
    check(w, dW, 'dW');
    check(bias, dB, 'dBias');
  }
});

test('the weight gradient covers masked (zero) weights and accumulates', () => {
  const rng = new Rng(13);
  const inShape = { n: 2, h: 6, w: 5, c: 3 };
  const spec = { outC: 4, kh: 3, kw: 3, stride: 1, pad: 1 };
  const x = randomArray(rng, mapSize(inShape));
  const w = randomArray(rng, convWeightCount(spec, inShape.c));
  const mask = new Uint8Array(w.length);
  for (let i = 0; i < w.length; i++) mask[i] = rng.next() < 0.3 ? 1 : 0;
  const dense = Float32Array.from(w);
  for (let i = 0; i < w.length; i++) if (!mask[i]) w[i] = 0;
  const r = randomArray(rng, mapSize(convOutShape(inShape, spec)));

  const dW = new Float32Array(w.length);
  const dB = new Float32Array(spec.outC);
  conv2dBackwardWeight(x, r, inShape, spec, dW, dB);
  // The weight gradient does not depend on the weights: the masked network's equals the dense one's.
  const dWDense = new Float32Array(w.length);
  conv2dBackwardWeight(x, r, inShape, spec, dWDense, new Float32Array(spec.outC));
  assert.deepEqual(dW, dWDense);
  let maskedNonZero = 0;
  for (let i = 0; i < w.length; i++) if (!mask[i] && dW[i] !== 0) maskedNonZero++;
  assert.ok(maskedNonZero > 0.9 * (w.length - mask.reduce((a, b) => a + b, 0)), 'masked weights get a gradient');

  // A second call adds the same amounts again (accumulation, as in the dense backward pass).
  const once = Float32Array.from(dW);
  const onceB = Float32Array.from(dB);
  conv2dBackwardWeight(x, r, inShape, spec, dW, dB);
  for (let i = 0; i < dW.length; i++) assert.ok(Math.abs(dW[i]! - 2 * once[i]!) <= 1e-5 * (1 + Math.abs(once[i]!)));
  for (let i = 0; i < dB.length; i++) assert.ok(Math.abs(dB[i]! - 2 * onceB[i]!) <= 1e-5 * (1 + Math.abs(onceB[i]!)));
  assert.ok(
    dense.some((v, i) => v !== w[i]),
    'the mask zeroed some weights',
  );
});

/** Max pooling straight from the definition (max over each window). */
function naiveMaxPool(x: ArrayLike<number>, s: MapShape, pool: PoolSpec): Float64Array {
  const os = poolOutShape(s, pool);
  const out = new Float64Array(mapSize(os));
  for (let n = 0; n < s.n; n++)
    for (let oy = 0; oy < os.h; oy++)
      for (let ox = 0; ox < os.w; ox++)
        for (let c = 0; c < s.c; c++) {
          const vals: number[] = [];
          for (let ky = 0; ky < pool.k; ky++)
            for (let kx = 0; kx < pool.k; kx++)
              vals.push(x[at(s, n, oy * pool.stride + ky, ox * pool.stride + kx, c)]!);
          out[at(os, n, oy, ox, c)] = Math.max(...vals);
        }
  return out;
}

function naiveAvgPool(x: ArrayLike<number>, s: MapShape, pool: PoolSpec): Float64Array {
  const os = poolOutShape(s, pool);
  const out = new Float64Array(mapSize(os));
  for (let n = 0; n < s.n; n++)
    for (let oy = 0; oy < os.h; oy++)
      for (let ox = 0; ox < os.w; ox++)
        for (let c = 0; c < s.c; c++) {
          let sum = 0;
          for (let ky = 0; ky < pool.k; ky++)
            for (let kx = 0; kx < pool.k; kx++) sum += x[at(s, n, oy * pool.stride + ky, ox * pool.stride + kx, c)]!;
          out[at(os, n, oy, ox, c)] = sum / (pool.k * pool.k);
        }
  return out;
}

test('max pooling: forward matches the definition, argmax points at the maximum, backward matches finite differences', () => {
  const rng = new Rng(14);
  for (let trial = 0; trial < 150; trial++) {
    const { inShape, pool } = randomPoolCase(rng);
    const x = randomArray(rng, mapSize(inShape));
    const os = poolOutShape(inShape, pool);
    const out = new Float32Array(mapSize(os));
    const arg = new Int32Array(mapSize(os));
    maxPool2dForward(x, inShape, pool, out, arg);
    assertClose(out, naiveMaxPool(x, inShape, pool), 0, `trial ${trial} max`);
    for (let i = 0; i < out.length; i++) assert.equal(x[arg[i]!], out[i]);

    const r = randomArray(rng, out.length);
    const dx = new Float32Array(x.length).fill(Number.NaN);
    maxPool2dBackward(r, arg, os, inShape, dx);
    // Random values have no ties, so a step far smaller than every gap inside a window keeps each maximum in place.
    const xd = Float64Array.from(x);
    const loss = (): number => dot(naiveMaxPool(xd, inShape, pool), r);
    const h = 1e-9;
    for (let i = 0; i < x.length; i++) {
      const old = xd[i]!;
      xd[i] = old + h;
      const up = loss();
      xd[i] = old - h;
      const down = loss();
      xd[i] = old;
      const fd = (up - down) / (2 * h);
      assert.ok(Math.abs(dx[i]! - fd) <= 1e-5 * (1 + Math.abs(fd)), `trial ${trial} dx[${i}]: ${dx[i]} vs ${fd}`);
    }
  }
});

test('max pooling picks the first maximum of a tied window', () => {
  const inShape = { n: 1, h: 2, w: 2, c: 1 };
  const out = new Float32Array(1);
  const arg = new Int32Array(1);
  maxPool2dForward(Float32Array.from([1, 3, 3, 2]), inShape, { k: 2, stride: 2 }, out, arg);
  assert.equal(out[0], 3);
  assert.equal(arg[0], 1);
});

test('average pooling: forward matches the definition, backward matches finite differences', () => {
  const rng = new Rng(15);
  for (let trial = 0; trial < 150; trial++) {
    const { inShape, pool } = randomPoolCase(rng);
    const x = randomArray(rng, mapSize(inShape));
    const os = poolOutShape(inShape, pool);
    const out = new Float32Array(mapSize(os));
    avgPool2dForward(x, inShape, pool, out);
    assertClose(out, naiveAvgPool(x, inShape, pool), 1e-6, `trial ${trial} avg`);

    const r = randomArray(rng, out.length);
    const dx = new Float32Array(x.length).fill(Number.NaN);
    avgPool2dBackward(r, inShape, pool, dx);
    const xd = Float64Array.from(x);
    const loss = (): number => dot(naiveAvgPool(xd, inShape, pool), r);
    const h = 0.5;
    for (let i = 0; i < x.length; i++) {
      const old = xd[i]!;
      xd[i] = old + h;
      const up = loss();
      xd[i] = old - h;
      const down = loss();
      xd[i] = old;
      const fd = (up - down) / (2 * h);
      assert.ok(Math.abs(dx[i]! - fd) <= 1e-5 * (1 + Math.abs(fd)), `trial ${trial} dx[${i}]: ${dx[i]} vs ${fd}`);
    }
  }
});

test('flatten hands NHWC samples to unit-major rows in HWC order and takes gradients back the same way', () => {
  const s = { n: 3, h: 2, w: 3, c: 2 };
  const units = s.h * s.w * s.c;
  const x = new Float32Array(mapSize(s)).map((_, i) => i);
  const rowOffset = 4;
  const act = new Float32Array((rowOffset + units) * s.n);
  flattenToUnitMajor(x, s.n, units, act, rowOffset);
  for (let n = 0; n < s.n; n++)
    for (let y = 0; y < s.h; y++)
      for (let xx = 0; xx < s.w; xx++)
        for (let c = 0; c < s.c; c++) {
          const u = (y * s.w + xx) * s.c + c;
          assert.equal(act[(rowOffset + u) * s.n + n], x[at(s, n, y, xx, c)]);
        }
  const back = new Float32Array(x.length);
  unflattenFromUnitMajor(act, rowOffset, s.n, units, back);
  assert.deepEqual(back, x);
});

test('shapes that do not fit are refused with the sizes in the message', () => {
  assert.throws(
    () => convOutShape({ n: 1, h: 4, w: 4, c: 1 }, { outC: 1, kh: 5, kw: 5, stride: 1, pad: 0 }),
    /5x5 kernel.*4x4/,
  );
  assert.doesNotThrow(() => convOutShape({ n: 1, h: 4, w: 4, c: 1 }, { outC: 1, kh: 5, kw: 5, stride: 1, pad: 1 }));
  assert.throws(() => poolOutShape({ n: 1, h: 1, w: 3, c: 2 }, { k: 2, stride: 2 }), /2x2 pooling window.*1x3/);
  assert.deepEqual(poolOutShape({ n: 2, h: 5, w: 5, c: 3 }, { k: 2, stride: 2 }), { n: 2, h: 2, w: 2, c: 3 });
});
