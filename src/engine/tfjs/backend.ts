import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type * as TfCore from '@tensorflow/tfjs-core';

/** The TF.js API: tfjs-core's, which `@tensorflow/tfjs-node` re-exports (with more). */
export type Tf = typeof TfCore;

export type TfBackendName = 'tfjs-node' | 'tfjs-wasm';

export interface TfBackend {
  tf: Tf;
  name: TfBackendName;
  /** Why tfjs-node is not used, when it is not (not installed, or installed without its native library). */
  nodeUnavailable?: string;
}

let loading: Promise<TfBackend> | undefined;

/**
 * TF.js on the fastest backend this machine has: `@tensorflow/tfjs-node` (an optional dependency: native
 * TensorFlow, only present when its install could download libtensorflow) or else tfjs-core on the WebAssembly
 * backend, which is pure npm and always installed. Loaded once per process, on first use, so the builtin engine
 * never pays for it. `SCANN_TFJS_BACKEND=wasm` skips tfjs-node (to compare backends).
 */
export function loadTf(): Promise<TfBackend> {
  loading ??= load().catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}

async function load(): Promise<TfBackend> {
  let nodeUnavailable: string;
  if (process.env['SCANN_TFJS_BACKEND'] === 'wasm') {
    nodeUnavailable = 'skipped (SCANN_TFJS_BACKEND=wasm)';
  } else {
    const node = await tryTfjsNode();
    if (typeof node !== 'string') return { tf: node, name: 'tfjs-node' };
    nodeUnavailable = node;
  }
  const tf = await import('@tensorflow/tfjs-core');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // Before the backend initialises: where its .wasm binaries are.
  wasm.setWasmPaths(wasmDir());
  if (!(await tf.setBackend('wasm'))) {
    throw new Error(`the TF.js WebAssembly backend failed to start (its .wasm files are in ${wasmDir()})`);
  }
  await tf.ready();
  return { tf, name: 'tfjs-wasm', nodeUnavailable };
}

/** tfjs-node, or why it cannot be used. Any failure (absent package, missing native addon) falls back to wasm. */
async function tryTfjsNode(): Promise<Tf | string> {
  let mod: unknown;
  try {
    // A plain require the bundler leaves alone (tfjs-node is external in esbuild.mjs): resolved at run time.
    mod = require('@tensorflow/tfjs-node') as unknown;
  } catch (err) {
    const { code, message } = err as { code?: unknown; message?: unknown };
    // Only the package itself missing means "not installed"; a missing piece inside it is a broken install.
    const absent = code === 'MODULE_NOT_FOUND' && String(message).includes("'@tensorflow/tfjs-node'");
    return absent ? 'not installed' : `failed to load: ${String(message)}`;
  }
  const tf = mod as Partial<Tf>;
  if (typeof tf.setBackend !== 'function' || typeof tf.matMul !== 'function') return 'unexpected module shape';
  try {
    // tfjs-node registers its backend on import; selecting it explicitly surfaces a native library that fails.
    if (!(await tf.setBackend!('tensorflow'))) return "its 'tensorflow' backend failed to start";
  } catch (err) {
    return `its 'tensorflow' backend is unavailable: ${(err as Error).message}`;
  }
  return mod as Tf;
}

const WASM_FILE = 'tfjs-backend-wasm.wasm';

/**
 * The folder holding the tfjs-backend-wasm binaries, with a trailing slash: next to the bundle (esbuild.mjs
 * copies them into dist/), else the package's dist/ in the nearest node_modules (running from source, tests).
 * Searched rather than `require.resolve`d, which a bundler would try to resolve at build time.
 */
export function wasmDir(): string {
  const candidates = [__dirname];
  for (let dir = __dirname; ;) {
    candidates.push(path.join(dir, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist'));
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  const found = candidates.find((d) => existsSync(path.join(d, WASM_FILE)));
  if (!found) {
    throw new Error(
      `the TF.js WebAssembly binaries (${WASM_FILE}) are neither next to ${__dirname} nor in node_modules`,
    );
  }
  return `${found}${path.sep}`;
}
