import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import * as ref from '../../src/engine/core/conv';
import {
  convOutShape,
  convWeightCount,
  mapSize,
  poolOutShape,
  type ConvSpec,
  type MapShape,
  type PoolSpec,
} from '../../src/engine/core/conv';
import { Rng } from '../../src/engine/core/random';
import { ConvDevice } from '../../src/engine/kernels/convDevice';
import * as kern from '../../src/engine/kernels/convOps';
import { closeThreadPool } from '../../src/engine/kernels/pool';
import { close, convDevices, randomArray } from './helpers/convDevices';

after(() => closeThreadPool());

const DEVICES = convDevices();

test('the conv kernels load in both SIMD builds, threaded', () => {
  assert.deepEqual(
    DEVICES.map((d) => d.name),
    ['simd x1', 'simd x2', 'relaxed x1', 'relaxed x2'],
  );
  assert.equal(DEVICES[1]!.dev.threads, 2);
});

function randomMask(rng: Rng, n: number, density: number): Float32Array {
  const m = new Float32Array(n);
  for (let i = 0; i < n; i++) m[i] = rng.next() < density ? 1 : 0;
  return m;
}

/** Shapes of every kind the issue asks for: strides 1 and 2, padding 0 and 2, odd sizes, batches not a multiple of 8. */
const CONV_CASES: { inShape: MapShape; spec: ConvSpec }[] = [
  { inShape: { n: 3, h: 9, w: 7, c: 3 }, spec: { outC: 5, kh: 3, kw: 3, stride: 1, pad: 0 } },
  { inShape: { n: 9, h: 11, w: 10, c: 2 }, spec: { outC: 7, kh: 5, kw: 3, stride: 2, pad: 2 } },
  { inShape: { n: 1, h: 7, w: 9, c: 1 }, spec: { outC: 6, kh: 5, kw: 5, stride: 1, pad: 2 } },
  { inShape: { n: 17, h: 8, w: 8, c: 6 }, spec: { outC: 10, kh: 2, kw: 4, stride: 2, pad: 0 } },
  { inShape: { n: 8, h: 12, w: 12, c: 20 }, spec: { outC: 50, kh: 5, kw: 5, stride: 1, pad: 0 } },
  { inShape: { n: 5, h: 1, w: 1, c: 37 }, spec: { outC: 13, kh: 1, kw: 1, stride: 1, pad: 0 } },
  // Fully connected over 24 columns: the sparse kernels' 24-, 16- and 8-column passes.
  { inShape: { n: 17, h: 1, w: 1, c: 40 }, spec: { outC: 9, kh: 1, kw: 1, stride: 1, pad: 0 } },
  // One sample: the forward pass runs on the one-sample kernels (channels in the lanes).
  { inShape: { n: 1, h: 12, w: 12, c: 20 }, spec: { outC: 50, kh: 5, kw: 5, stride: 1, pad: 0 } },
  { inShape: { n: 1, h: 9, w: 8, c: 3 }, spec: { outC: 11, kh: 3, kw: 2, stride: 2, pad: 2 } },
  { inShape: { n: 1, h: 1, w: 1, c: 800 }, spec: { outC: 45, kh: 1, kw: 1, stride: 1, pad: 0 } },
  { inShape: { n: 1, h: 1, w: 1, c: 30 }, spec: { outC: 10, kh: 1, kw: 1, stride: 1, pad: 0 } },
];

for (const { inShape, spec } of CONV_CASES) {
  const label = `${inShape.n}x${inShape.h}x${inShape.w}x${inShape.c} -> ${spec.outC}@${spec.kh}x${spec.kw} s${spec.stride} p${spec.pad}`;
  for (const density of [1, 0.5, 0.1]) {
    test(`conv kernels match core/conv.ts: ${label}, mask density ${density}`, () => {
      const rng = new Rng(inShape.n * 131 + spec.outC * 7 + Math.round(density * 10));
      const os = convOutShape(inShape, spec);
      const count = convWeightCount(spec, inShape.c);
      const mask = randomMask(rng, count, density);
      const weight = randomArray(rng, count).map((v, i) => v * mask[i]!);
      const bias = randomArray(rng, spec.outC);
      const x = randomArray(rng, mapSize(inShape));
      const dy = randomArray(rng, mapSize(os));
      const dW0 = randomArray(rng, count);
      const dB0 = randomArray(rng, spec.outC);

      const y = new Float32Array(mapSize(os));
      ref.conv2dForward(x, inShape, weight, bias, spec, y);
      const yRelu = y.map((v) => Math.max(0, v));
      const dx = new Float32Array(mapSize(inShape));
      ref.conv2dBackwardInput(dy, inShape, weight, spec, dx);
      const dW = dW0.slice();
      const dB = dB0.slice();
      ref.conv2dBackwardWeight(x, dy, inShape, spec, dW, dB);

      const results: Float32Array[][] = [];
      for (const { name, dev } of DEVICES) {
        for (const sparseMask of [undefined, mask]) {
          const tag = `${name}${sparseMask ? ' sparse' : ''}`;
          const opts = { sparseMask };
          const ky = new Float32Array(mapSize(os)).fill(NaN);
          kern.conv2dForward(dev, x, inShape, weight, bias, spec, ky, opts);
          close(ky, y, `${tag} forward`);
          const kr = new Float32Array(mapSize(os));
          kern.conv2dForward(dev, x, inShape, weight, bias, spec, kr, { ...opts, relu: true });
          close(kr, yRelu, `${tag} forward + ReLU`);
          const kdx = new Float32Array(mapSize(inShape)).fill(NaN);
          kern.conv2dBackwardInput(dev, dy, inShape, weight, spec, kdx, opts);
          close(kdx, dx, `${tag} input gradient`);
          const kdW = dW0.slice();
          const kdB = dB0.slice();
          kern.conv2dBackwardWeight(dev, x, dy, inShape, spec, kdW, kdB, opts);
          close(kdB, dB, `${tag} bias gradient`);
          if (sparseMask) {
            // Active weights get their gradient; the others are left as they were.
            close(
              kdW,
              dW.map((v, i) => (mask[i] ? v : dW0[i]!)),
              `${tag} weight gradient`,
            );
          } else {
            close(kdW, dW, `${tag} weight gradient (every weight)`);
          }
          results.push([ky, kdx, kdW]);
        }
      }
      // One thread or two: bit for bit the same (per build and format).
      for (let i = 0; i + 2 < results.length; i += 4) {
        for (const j of [0, 1]) {
          results[i + j]!.forEach((a, k) => assert.deepEqual(results[i + 2 + j]![k], a, `threads change result ${k}`));
        }
      }
    });
  }
}

test('conv kernels with masked weights keep masked outputs of a fully masked filter at its bias', () => {
  const inShape = { n: 4, h: 6, w: 6, c: 2 };
  const spec = { outC: 3, kh: 3, kw: 3, stride: 1, pad: 1 };
  const rng = new Rng(5);
  const count = convWeightCount(spec, inShape.c);
  const mask = new Float32Array(count).fill(1);
  mask.fill(0, 18, 36); // filter 1 entirely masked
  const weight = randomArray(rng, count).map((v, i) => v * mask[i]!);
  const bias = Float32Array.from([0.1, -0.7, 0.3]);
  const x = randomArray(rng, mapSize(inShape));
  const out = new Float32Array(mapSize(convOutShape(inShape, spec)));
  for (const { dev } of DEVICES) {
    kern.conv2dForward(dev, x, inShape, weight, bias, spec, out, { sparseMask: mask });
    for (let i = 1; i < out.length; i += 3) assert.equal(out[i], Math.fround(-0.7));
  }
});

const POOL_CASES: { inShape: MapShape; pool: PoolSpec }[] = [
  { inShape: { n: 3, h: 24, w: 24, c: 20 }, pool: { k: 2, stride: 2 } },
  { inShape: { n: 9, h: 7, w: 9, c: 3 }, pool: { k: 3, stride: 2 } },
  { inShape: { n: 1, h: 5, w: 6, c: 2 }, pool: { k: 3, stride: 1 } },
  { inShape: { n: 1, h: 24, w: 24, c: 20 }, pool: { k: 2, stride: 2 } },
  { inShape: { n: 12, h: 9, w: 9, c: 5 }, pool: { k: 2, stride: 3 } },
];

for (const { inShape, pool } of POOL_CASES) {
  const label = `${inShape.n}x${inShape.h}x${inShape.w}x${inShape.c}, ${pool.k}x${pool.k} stride ${pool.stride}`;
  test(`pooling kernels match core/conv.ts: ${label}`, () => {
    const rng = new Rng(inShape.h * 17 + pool.k);
    const os = poolOutShape(inShape, pool);
    const x = randomArray(rng, mapSize(inShape));
    // Ties: a few windows of equal values, where the first maximum must win.
    for (let i = 0; i < x.length; i += 7) x[i] = 0.5;
    const dy = randomArray(rng, mapSize(os));
    const y = new Float32Array(mapSize(os));
    const am = new Int32Array(mapSize(os));
    ref.maxPool2dForward(x, inShape, pool, y, am);
    const dx = new Float32Array(mapSize(inShape));
    ref.maxPool2dBackward(dy, am, os, inShape, dx);
    const ya = new Float32Array(mapSize(os));
    ref.avgPool2dForward(x, inShape, pool, ya);
    const dxa = new Float32Array(mapSize(inShape));
    ref.avgPool2dBackward(dy, inShape, pool, dxa);
    for (const { name, dev } of DEVICES) {
      const ky = new Float32Array(mapSize(os));
      const kam = new Int32Array(mapSize(os));
      kern.maxPool2dForward(dev, x, inShape, pool, ky, kam);
      assert.deepEqual(ky, y, `${name} max pool`);
      assert.deepEqual(kam, am, `${name} argmax`);
      const kdx = new Float32Array(mapSize(inShape)).fill(NaN);
      kern.maxPool2dBackward(dev, dy, am, inShape, pool, kdx);
      close(kdx, dx, `${name} max pool backward`, 1e-6);
      const kya = new Float32Array(mapSize(os));
      kern.avgPool2dForward(dev, x, inShape, pool, kya);
      close(kya, ya, `${name} average pool`, 1e-6);
      const kdxa = new Float32Array(mapSize(inShape)).fill(NaN);
      kern.avgPool2dBackward(dev, dy, inShape, pool, kdxa);
      close(kdxa, dxa, `${name} average pool backward`, 1e-6);
    }
  });
}

test('ReLU backward kernel matches core/conv.ts', () => {
  const shape = { n: 11, h: 3, w: 5, c: 4 };
  const rng = new Rng(9);
  const y = randomArray(rng, mapSize(shape)).map((v) => Math.max(0, v));
  const dy = randomArray(rng, mapSize(shape));
  const want = dy.slice();
  ref.reluBackward(y, want, want.length);
  for (const { name, dev } of DEVICES) {
    const got = dy.slice();
    kern.reluBackward(dev, y, got, shape);
    assert.deepEqual(got, want, name);
  }
});

test('the plain-memory builds (no shared memory: one thread) give the same results as the shared builds, bit for bit', () => {
  const inShape = { n: 9, h: 10, w: 9, c: 3 };
  const spec = { outC: 7, kh: 3, kw: 3, stride: 2, pad: 2 };
  const rng = new Rng(21);
  const os = convOutShape(inShape, spec);
  const count = convWeightCount(spec, inShape.c);
  const mask = randomMask(rng, count, 0.3);
  const weight = randomArray(rng, count).map((v, i) => v * mask[i]!);
  const bias = randomArray(rng, spec.outC);
  const x = randomArray(rng, mapSize(inShape));
  const dy = randomArray(rng, mapSize(os));
  const run = (dev: ConvDevice, sparseMask?: Float32Array): Float32Array[] => {
    const y = new Float32Array(mapSize(os));
    kern.conv2dForward(dev, x, inShape, weight, bias, spec, y, { sparseMask });
    const dx = new Float32Array(mapSize(inShape));
    kern.conv2dBackwardInput(dev, dy, inShape, weight, spec, dx, { sparseMask });
    const dW = new Float32Array(count);
    kern.conv2dBackwardWeight(dev, x, dy, inShape, spec, dW, new Float32Array(spec.outC), { sparseMask });
    return [y, dx, dW];
  };
  for (const kernels of ['simd', 'relaxed'] as const) {
    const plain = ConvDevice.create({ kernels, threads: 2, sharedMemory: false });
    const shared = DEVICES.find((d) => d.name === `${kernels} x1`)!.dev;
    assert.ok(!('unavailable' in plain), kernels);
    assert.equal(plain.threads, 1);
    for (const m of [undefined, mask])
      assert.deepEqual(run(plain, m), run(shared, m), `${kernels} ${m ? 'sparse' : 'dense'}`);
  }
});
