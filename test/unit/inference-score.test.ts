import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { trainSchema } from '../../src/protocol/config';
import { dagNetwork, mlpNetwork } from '../../src/engine/core/init';
import type { Network } from '../../src/engine/core/network';
import { Rng } from '../../src/engine/core/random';
import { closeThreadPool, type KernelOptions } from '../../src/engine/kernels';
import { scoreTables } from '../../src/engine/training/inference';
import { Trainer } from '../../src/engine/training/trainer';
import { blobs } from './helpers/synthetic';

after(() => closeThreadPool());

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

async function trained(make: () => Network, options: KernelOptions): Promise<Trainer> {
  const net = make();
  const train = blobs(1, 400, net.inputs, net.outputs);
  const t = new Trainer(
    net,
    train,
    blobs(1, 100, net.inputs, net.outputs),
    trainSchema.parse({}),
    new Rng(5),
    undefined,
    options,
  );
  for (let e = 0; e < 3; e++) await t.epoch();
  return t;
}

test("the inference-only scorer gives the trainer's accuracy and loss on every table, on both paths", async () => {
  const mlp = (): Network => mlpNetwork(6, 3, { layers: [16, 8], inputDensity: 1, initialBias: 0 }, new Rng(3));
  const dag = (): Network =>
    dagNetwork(
      6,
      3,
      { hidden: 12, capacity: 20, inputDensity: 0.7, hiddenDensity: 0.4, skipConnections: true, initialBias: 0 },
      new Rng(4),
    );
  for (const make of [mlp, dag]) {
    for (const options of [{}, { kernels: 'reference' } as const]) {
      const trainer = await trained(make, options);
      const net = trainer.net;
      // One table of a single pass, one of several, one large enough for the threaded path.
      const tables = [blobs(1, 90, 6, 3), blobs(1, 1300, 6, 3), blobs(1, 5000, 6, 3)];
      const scores = scoreTables(net, tables, options);
      tables.forEach((table, i) => {
        const expected = trainer.evaluate(table);
        const got = scores[i]!;
        assert.equal(got.accuracy, expected.accuracy, `accuracy on table ${i} (${JSON.stringify(options)})`);
        assert.ok(close(got.loss, expected.loss), `loss ${got.loss} vs ${expected.loss} (${JSON.stringify(options)})`);
      });
      assert.ok(scores[0]!.accuracy > 0.5, 'the network learned something, so the comparison is not trivial');
    }
  }
});

test('per-row correct flags come from the same pass: they sum to the accuracy and agree across paths', async () => {
  const make = (): Network => mlpNetwork(6, 3, { layers: [16, 8], inputDensity: 1, initialBias: 0 }, new Rng(3));
  const trainer = await trained(make, {});
  // A hard table (wide spread), so that some rows are wrong; one large enough for the threaded kernels.
  const tables = [blobs(2, 1300, 6, 3, 2.5), blobs(2, 5000, 6, 3, 2.5)];
  const fast = scoreTables(trainer.net, tables, {}, [true, true]);
  const reference = scoreTables(trainer.net, tables, { kernels: 'reference' }, [true, true]);
  tables.forEach((t, i) => {
    const flags = fast[i]!.correct!;
    assert.equal(flags.length, t.rows);
    const right = flags.reduce((s, v) => s + v, 0);
    assert.ok(right > 0 && right < t.rows, `table ${i}: ${right} of ${t.rows} right (a mix, so the check bites)`);
    assert.equal(right / t.rows, fast[i]!.accuracy);
    assert.deepEqual(reference[i]!.correct, flags, `table ${i}: the reference path flags the same rows`);
  });
  // Flags only where asked for.
  assert.equal(scoreTables(trainer.net, tables, {}, [false, true])[0]!.correct, undefined);
});
