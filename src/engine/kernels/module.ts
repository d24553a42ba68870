import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type { KernelChoice } from './settings';
import { wasm, type WasmApi, type WasmModule } from './wasmApi';

export type Simd = 'simd' | 'relaxed';

export interface KernelModule {
  module: WasmModule;
  simd: Simd;
  shared: boolean;
}

/** Why the kernels cannot run here, or the compiled module (cached per variant). */
export type Loaded = KernelModule | { unavailable: string };

const cache = new Map<string, Loaded>();

/**
 * The kernel module for a choice and memory kind. Relaxed SIMD is behind a V8 flag in Node 20 (on by default
 * from Node 22): the flag can only be set from inside the process, so it is set here, before compiling, and then
 * checked with WebAssembly.validate; where it does not take, `wasm` falls back to the SIMD128 build.
 */
export function loadKernels(choice: Exclude<KernelChoice, 'reference'>, shared: boolean): Loaded {
  const key = `${choice}-${shared}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = load(choice, shared);
    cache.set(key, hit);
  }
  return hit;
}

function load(choice: Exclude<KernelChoice, 'reference'>, shared: boolean): Loaded {
  if (!wasm) return { unavailable: 'WebAssembly is not available' };
  const api: WasmApi = wasm;
  const mem = shared ? 'shared' : 'plain';
  let dir: string;
  try {
    dir = kernelDir();
  } catch (err) {
    return { unavailable: (err as Error).message };
  }
  const read = (simd: Simd): Uint8Array => readFileSync(path.join(dir, `kernels-${simd}-${mem}.wasm`));
  if (choice !== 'simd') {
    const bytes = read('relaxed');
    if (relaxedSupported(api, bytes)) return { module: new api.Module(bytes), simd: 'relaxed', shared };
    if (choice === 'relaxed') return { unavailable: 'this Node does not support relaxed SIMD' };
  }
  const bytes = read('simd');
  if (!api.validate(bytes)) return { unavailable: 'this Node does not support WebAssembly SIMD128' };
  return { module: new api.Module(bytes), simd: 'simd', shared };
}

function relaxedSupported(api: WasmApi, bytes: Uint8Array): boolean {
  if (api.validate(bytes)) return true;
  try {
    setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch {
    return false;
  }
  return api.validate(bytes);
}

const PROBE = 'kernels-simd-plain.wasm';

/**
 * The folder of the kernel binaries: next to the bundle (esbuild.mjs copies them into dist/), or wasm/ beside
 * this file when running from source. Searched rather than resolved, which a bundler would try at build time.
 */
export function kernelDir(): string {
  const candidates = [__dirname, path.join(__dirname, 'wasm'), path.join(__dirname, 'kernels', 'wasm')];
  const found = candidates.find((d) => existsSync(path.join(d, PROBE)));
  if (!found) throw new Error(`the kernel binaries (${PROBE}) are not next to ${__dirname}`);
  return found;
}
