import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { LenetOnKernels, syntheticDigits } from '../../bench/lenetKernels';
import { ConvDevice } from '../../src/engine/kernels/convDevice';
import { closeThreadPool } from '../../src/engine/kernels/pool';

after(() => closeThreadPool());

function device(threads: number): ConvDevice {
  const dev = ConvDevice.create({ threads });
  if ('unavailable' in dev) throw new Error(dev.unavailable);
  return dev;
}

// Case f's batch-1 inference (one job list of one-sample kernels: planes between the conv layers, blocks in the fully
// connected ones) computes what its training forward pass computes on a batch, with the same weights.
for (const density of [1, 0.1]) {
  for (const threads of [1, 2]) {
    test(`case f's one-sample LeNet-5 forward pass gives the batch pass's logits: density ${density}, ${threads} thread(s)`, () => {
      const B = 8;
      const data = syntheticDigits(B, 3);
      const batch = new LenetOnKernels(device(threads), B, density, 5);
      batch.forward(data.x);
      const one = new LenetOnKernels(device(threads), 1, density, 5, true);
      const want = new Float32Array(10);
      const got = new Float32Array(10);
      for (let n = 0; n < B; n++) {
        batch.logits(n, want);
        assert.ok(new Set(want).size === 10, `sample ${n}: ten distinct logits`);
        one.forward(data.x.subarray(n * 784, (n + 1) * 784));
        one.logits(0, got);
        for (let k = 0; k < 10; k++) {
          const d = Math.abs(got[k]! - want[k]!);
          assert.ok(d <= 1e-4 * (1 + Math.abs(want[k]!)), `sample ${n}, logit ${k}: ${got[k]} vs ${want[k]}`);
        }
      }
    });
  }
}
