import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { isRunCancelled, RunCancelled } from '../../src/engine/training/cancel';

test('a cancellation is recognised as one, and nothing else is', () => {
  assert.ok(isRunCancelled(new RunCancelled()));
  assert.equal(isRunCancelled(new Error('run cancelled')), false);
  assert.equal(isRunCancelled('RunCancelled'), false);
  assert.equal(isRunCancelled({ name: 'RunCancelled' }), false);
  assert.equal(isRunCancelled(undefined), false);
});

test('a cancellation thrown in a worker thread is still recognised where instanceof fails', async () => {
  const tsx = createRequire(__filename).resolve('tsx/cjs/api');
  const cancel = path.join(__dirname, '..', '..', 'src', 'engine', 'training', 'cancel.ts');
  const source =
    `require(${JSON.stringify(tsx)}).register();` +
    `const { RunCancelled } = require(${JSON.stringify(cancel)}); throw new RunCancelled();`;
  const err = await new Promise<unknown>((resolve) => new Worker(source, { eval: true }).on('error', resolve));
  assert.equal(err instanceof RunCancelled, false, 'the class does not cross the boundary');
  assert.ok(isRunCancelled(err));
});
