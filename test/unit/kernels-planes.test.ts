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
import { CONV_OP } from '../../src/engine/kernels/convAbi';
import * as kern from '../../src/engine/kernels/convOps';
import { conv2dMaxPoolPlanes } from '../../src/engine/kernels/convPlanes';
import { closeThreadPool } from '../../src/engine/kernels/pool';
import { close, convDevices, randomArray } from './helpers/convDevices';

after(() => closeThreadPool());

/** Every build this Node runs, with one thread (the job list in one call) and with two (job by job). */
const DEVICES = convDevices();

/**
 * LeNet-5's two conv + pool stages at one sample, and odd shapes: output rows not a multiple of 4 on both planar
 * kernels (up to 8 wide on planes 16 floats apart: 4 rows x 2 vectors; wider: 1 row x 6 vectors), padding, and
 * windows other than 2 x 2 stride 2 (the pool's one-at-a-time path) next to the vector path with a scalar tail.
 */
const CASES: { inShape: MapShape; spec: ConvSpec; pool: PoolSpec }[] = [
  {
    inShape: { n: 1, h: 28, w: 28, c: 1 },
    spec: { outC: 20, kh: 5, kw: 5, stride: 1, pad: 0 },
    pool: { k: 2, stride: 2 },
  },
  {
    inShape: { n: 1, h: 12, w: 12, c: 20 },
    spec: { outC: 50, kh: 5, kw: 5, stride: 1, pad: 0 },
    pool: { k: 2, stride: 2 },
  },
  {
    inShape: { n: 1, h: 13, w: 15, c: 3 },
    spec: { outC: 7, kh: 3, kw: 3, stride: 1, pad: 1 },
    pool: { k: 2, stride: 2 },
  },
  {
    inShape: { n: 1, h: 9, w: 11, c: 2 },
    spec: { outC: 5, kh: 3, kw: 3, stride: 1, pad: 0 },
    pool: { k: 3, stride: 2 },
  },
  // Output rows 8 wide on a grid wider than 16: planes as wide as the grid, the kernel for wide rows.
  {
    inShape: { n: 1, h: 10, w: 17, c: 2 },
    spec: { outC: 3, kh: 3, kw: 10, stride: 1, pad: 0 },
    pool: { k: 2, stride: 2 },
  },
  {
    inShape: { n: 1, h: 10, w: 6, c: 4 },
    spec: { outC: 6, kh: 2, kw: 2, stride: 1, pad: 0 },
    pool: { k: 2, stride: 1 },
  },
];

for (const { inShape, spec, pool } of CASES) {
  const label = `${inShape.h}x${inShape.w}x${inShape.c} -> ${spec.outC}@${spec.kh}x${spec.kw} p${spec.pad}, pool ${pool.k}/${pool.stride}`;
  for (const density of [1, 0.5, 0.1]) {
    test(`one sample's sparse conv and max pool on planes match core/conv.ts: ${label}, density ${density}`, () => {
      const rng = new Rng(inShape.h * 31 + spec.outC * 7 + Math.round(density * 10));
      const count = convWeightCount(spec, inShape.c);
      const mask = new Float32Array(count).map(() => (rng.next() < density ? 1 : 0));
      const weight = randomArray(rng, count).map((v, i) => v * mask[i]!);
      const bias = randomArray(rng, spec.outC);
      const x = randomArray(rng, mapSize(inShape));
      const cs = convOutShape(inShape, spec);
      const ps = poolOutShape(cs, pool);
      for (const relu of [false, true]) {
        const y = new Float32Array(mapSize(cs));
        ref.conv2dForward(x, inShape, weight, bias, spec, y);
        if (relu) ref.reluForward(y, y.length);
        const want = new Float32Array(mapSize(ps));
        ref.maxPool2dForward(y, cs, pool, want, new Int32Array(want.length));
        for (const { name, dev } of DEVICES) {
          const tag = `${name}${relu ? ' + ReLU' : ''}`;
          const got = new Float32Array(mapSize(ps)).fill(NaN);
          conv2dMaxPoolPlanes(dev, x, inShape, weight, bias, spec, mask, pool, got, relu);
          close(got, want, tag);
          // The pool itself is exact: the reference's max pool over the same kernel's rows output, bit for bit.
          const rows = new Float32Array(mapSize(cs));
          kern.conv2dForward(dev, x, inShape, weight, bias, spec, rows, { sparseMask: mask, relu });
          const exact = new Float32Array(mapSize(ps));
          ref.maxPool2dForward(rows, cs, pool, exact, new Int32Array(exact.length));
          assert.deepEqual(got, exact, `${tag}: pooled planes against the pooled rows`);
        }
      }
    });
  }
}

test('a job list runs its tables until the device is reset, and refuses to run after that', () => {
  for (const { name, dev } of DEVICES) {
    dev.reset(0);
    const a = dev.alloc(8);
    const b = dev.alloc(8);
    const list = dev.allocJobs(1);
    assert.throws(() => dev.setJobs(list, []), /holds 1 jobs, not 0/, name);
    dev.commit();
    // One sample's 2 x 2 max pool of a 2 x 2 map with 1 channel on planes: the list reads whatever `a` holds.
    dev.setJobs(list, [
      { OP: CONV_OP.MAXPOOL_FWD_1P, OC: 1, KH: 2, STRIDE: 2, OH: 1, OW: 1, H: 2, MW: 2, YMW: 1, X: a, Y: b },
    ]);
    dev.f32.set([1, 4, 2, 3], a >> 2);
    dev.runJobs(list);
    assert.equal(dev.f32[b >> 2], 4, name);
    dev.f32.set([5, -1, 7, 6], a >> 2);
    dev.runJobs(list);
    assert.equal(dev.f32[b >> 2], 7, `${name}: new data in the same buffers, same tables`);
    dev.reset(0);
    dev.commit();
    assert.throws(() => dev.runJobs(list), /reset/, name);
    assert.throws(() => dev.setJobs(list, [{ OP: CONV_OP.MAXPOOL_FWD_1P }]), /reset/, name);
  }
});
