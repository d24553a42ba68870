import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { BLK, CTX, MODE } from '../../src/engine/kernels/abi';
import { CONV_OP, JOB } from '../../src/engine/kernels/convAbi';
import { kernelDir, loadKernels } from '../../src/engine/kernels/module';
import { closeThreadPool, threadPool } from '../../src/engine/kernels/pool';
import { SLOT } from '../../src/engine/kernels/slots';
import { wasm } from '../../src/engine/kernels/wasmApi';

after(() => closeThreadPool());

const native = path.join(__dirname, '..', '..', 'src', 'engine', 'kernels', 'native');
const VARIANTS = ['relaxed-plain', 'relaxed-shared', 'simd-plain', 'simd-shared'].map((v) => `kernels-${v}.wasm`);

test('abi.ts mirrors every slot of native/abi.h', () => {
  const header = readFileSync(path.join(native, 'abi.h'), 'utf8');
  const defines = new Map<string, number>();
  for (const m of header.matchAll(/^#define (CTX|BLK|MODE)_(\w+) (\d+)/gm))
    defines.set(`${m[1]}_${m[2]}`, Number(m[3]));
  const ts = new Map<string, number>();
  for (const [prefix, table] of [
    ['CTX', CTX],
    ['BLK', BLK],
    ['MODE', MODE],
  ] as const) {
    for (const [k, v] of Object.entries(table)) ts.set(`${prefix}_${k}`, v);
  }
  assert.deepEqual([...ts].sort(), [...defines].sort());
});

test('convAbi.ts mirrors every slot and operation of native/conv_abi.h', () => {
  const header = readFileSync(path.join(native, 'conv_abi.h'), 'utf8');
  const defines = new Map<string, number>();
  for (const m of header.matchAll(/^#define (\w+) (\d+)/gm)) defines.set(m[1]!, Number(m[2]));
  const ts = new Map<string, number>();
  for (const [k, v] of Object.entries(JOB)) ts.set(`JOB_${k}`, v);
  for (const [k, v] of Object.entries(CONV_OP)) ts.set(k, v);
  assert.deepEqual([...ts].sort(), [...defines].sort());
});

test('the committed modules exist and compile (relaxed SIMD where this Node allows it)', () => {
  const dir = kernelDir();
  for (const f of VARIANTS) {
    const m = loadKernels(f.startsWith('kernels-relaxed') ? 'relaxed' : 'simd', f.endsWith('shared.wasm'));
    assert.ok(!('unavailable' in m), `${f}: ${'unavailable' in m ? m.unavailable : ''}`);
    assert.ok(readFileSync(path.join(dir, f)).length > 1000, f);
  }
});

test('the committed .wasm files match a fresh build of native/ (needs clang-16)', (t) => {
  if (spawnSync('clang-16', ['--version']).status !== 0) {
    t.skip('clang-16 is not installed (apt-get install clang-16 lld-16): the committed modules are not rebuilt');
    return;
  }
  const out = mkdtempSync(path.join(tmpdir(), 'scann-kernels-'));
  try {
    execFileSync(path.join(native, 'build.sh'), [out], { stdio: 'pipe' });
    assert.deepEqual(
      readdirSync(out)
        .filter((f) => f.endsWith('.wasm'))
        .sort(),
      VARIANTS,
    );
    for (const f of VARIANTS) {
      const fresh = readFileSync(path.join(out, f));
      const committed = readFileSync(path.join(kernelDir(), f));
      assert.ok(fresh.equals(committed), `${f} differs from a fresh build: run src/engine/kernels/native/build.sh`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('a kernel that traps in a worker is reported, not waited on forever', () => {
  const m = loadKernels('simd', true);
  assert.ok(wasm && !('unavailable' in m));
  const memory = new wasm.Memory({ initial: 2, maximum: 32768, shared: true });
  const pool = threadPool();
  const id = pool.attach(m.module, memory, 1);
  // A context pointer far outside the memory: the first load traps.
  pool.post(0, SLOT.OP_PHASE_B, id, 0x7ff00000, 1);
  assert.throws(() => pool.wait(0), /kernel worker 0 failed: RuntimeError/);
  pool.detach(id, 1);
});
