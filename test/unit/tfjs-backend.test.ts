import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';

/**
 * tfjs-node cannot be installed here, so its detection is tested by standing in for the package in a child
 * process: a `require` hook answers '@tensorflow/tfjs-node' with a broken install (native addon missing, what an
 * install without libtensorflow leaves), with the wrong backend, or with a working stand-in (tfjs-core whose
 * 'tensorflow' backend runs the cpu kernels), and the child reports which engine `chooseEngine('tfjs')` picked
 * and the loss of one epoch on it.
 */
const root = path.join(__dirname, '..', '..');
const work = mkdtempSync(path.join(tmpdir(), 'scann-tfjs-backend-'));
after(() => rmSync(work, { recursive: true, force: true }));
const tsx = pathToFileURL(require.resolve('tsx')).href;

const hook = `
const Module = require('node:module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request !== '@tensorflow/tfjs-node') return load.call(this, request, ...rest);
  const mode = process.env.FAKE_TFJS_NODE;
  if (mode === 'broken') throw new Error('The Node.js native addon module (tfjs_binding.node) can not be found');
  const tf = load.call(this, '@tensorflow/tfjs-core', ...rest);
  const cpu = load.call(this, '@tensorflow/tfjs-backend-cpu', ...rest);
  if (mode === 'working') {
    for (const k of tf.getKernelsForBackend('cpu')) tf.registerKernel({ ...k, backendName: 'tensorflow' });
    tf.registerBackend('tensorflow', () => new cpu.MathBackendCPU(), 100);
  }
  return tf;
};
`;

const main = `
import { chooseEngine } from ${JSON.stringify(path.join(root, 'src/engine/run/engines'))};
import { loadTf } from ${JSON.stringify(path.join(root, 'src/engine/tfjs/backend'))};
import { mlpNetwork } from ${JSON.stringify(path.join(root, 'src/engine/core/init'))};
import { Rng } from ${JSON.stringify(path.join(root, 'src/engine/core/random'))};
import { noYield } from ${JSON.stringify(path.join(root, 'src/engine/training/yielder'))};
import { trainSchema } from ${JSON.stringify(path.join(root, 'src/protocol/config'))};
import { blobs } from ${JSON.stringify(path.join(root, 'test/unit/helpers/synthetic'))};
(async () => {
  const engine = await chooseEngine('tfjs');
  const { tf, nodeUnavailable } = await loadTf();
  const net = mlpNetwork(4, 3, { layers: [8], inputDensity: 1, initialBias: 0 }, new Rng(1));
  const t = blobs(2, 90, 4, 3);
  const trainer = engine.create(net, t, t, trainSchema.parse({}), new Rng(3), noYield);
  const s = await trainer.epoch();
  process.stdout.write(JSON.stringify({ name: engine.name, backend: tf.getBackend(), nodeUnavailable, loss: s.trainLoss }));
})();
`;

function child(mode: string): { name: string; backend: string; nodeUnavailable?: string; loss: number } {
  writeFileSync(path.join(work, 'hook.cjs'), hook);
  writeFileSync(path.join(work, 'main.ts'), main);
  const r = spawnSync(
    process.execPath,
    ['--require', path.join(work, 'hook.cjs'), '--import', tsx, path.join(work, 'main.ts')],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, FAKE_TFJS_NODE: mode },
    },
  );
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { name: string; backend: string; nodeUnavailable?: string; loss: number };
}

test('tfjs-node is used when it loads, and any failure to load falls back to wasm with the reason kept', () => {
  const working = child('working');
  const broken = child('broken');
  const wrong = child('wrong-backend');
  assert.deepEqual([working.name, working.backend], ['tfjs-node', 'tensorflow']);
  assert.equal(working.nodeUnavailable, undefined);
  assert.deepEqual([broken.name, broken.backend], ['tfjs-wasm', 'wasm']);
  assert.match(broken.nodeUnavailable!, /failed to load: The Node.js native addon module/);
  assert.deepEqual([wrong.name, wrong.backend], ['tfjs-wasm', 'wasm']);
  assert.match(wrong.nodeUnavailable!, /its 'tensorflow' backend is unavailable/);
  // Same network, data and seed: the engines differ only in float32 rounding.
  assert.ok(Math.abs(working.loss - broken.loss) <= 1e-5 * broken.loss, `${working.loss} vs ${broken.loss}`);
});
