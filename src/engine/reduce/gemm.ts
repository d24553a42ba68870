/**
 * Float32 matrix products for the DR fits and transforms, on the WebAssembly SIMD kernels of native/reduce/kernels.ts
 * (a 4 x 8 register-tiled GEMM, and sums without multiplications for +-s projections). Applying a d x k transform
 * to 60,000 MNIST rows is 9 billion multiply-adds: a plain JavaScript loop takes about 20 s, these kernels well
 * under a second. Where WebAssembly SIMD is unavailable the same products run as plain loops (the reference the
 * tests compare the kernels with).
 *
 * The kernels are small and process-wide: one memory, grown on demand, holds the packed right-hand side and one
 * block of rows at a time, so inputs of any size stream through a few megabytes.
 */
import { REDUCE_KERNELS_WASM } from './reduceKernels.wasm';

interface WasmMemoryLike {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmLike {
  Memory: new (d: { initial: number }) => WasmMemoryLike;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: { env: { memory: WasmMemoryLike } }) => { exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}

interface Kernels {
  memory: WasmMemoryLike;
  gemm(a: number, rows: number, d: number, b: number, panels: number, c: number): void;
  signedSums(xt: number, width: number, index: number, start: number, split: number, k: number, out: number): void;
  subtractRows(a: number, rows: number, d: number, shift: number): void;
}

let kernels: Kernels | null | undefined;

/** The kernels, or null where WebAssembly SIMD is not available (or `SCANN_REDUCE_KERNELS=js` asks for the loops). */
function loadKernels(): Kernels | null {
  if (kernels !== undefined) return kernels;
  kernels = null;
  const api = (globalThis as { WebAssembly?: WasmLike }).WebAssembly;
  if (!api || process.env['SCANN_REDUCE_KERNELS'] === 'js') return kernels;
  const bytes = Uint8Array.from(Buffer.from(REDUCE_KERNELS_WASM, 'base64'));
  if (!api.validate(bytes)) return kernels;
  const memory = new api.Memory({ initial: 1 });
  const { exports } = new api.Instance(new api.Module(bytes), { env: { memory } });
  kernels = { memory, ...(exports as Pick<Kernels, 'gemm' | 'signedSums' | 'subtractRows'>) };
  return kernels;
}

/** Whether the products below run on the WebAssembly kernels here. */
export function reduceKernelsAvailable(): boolean {
  return loadKernels() !== null;
}

/** The memory, at least `bytes` long; views must be taken after this (growing detaches the old ones). */
function reserve(k: Kernels, bytes: number): ArrayBuffer {
  const have = k.memory.buffer.byteLength;
  if (bytes > have) k.memory.grow(Math.ceil((bytes - have) / 65536));
  return k.memory.buffer;
}

/** Rows per block: about 256 KB of left-hand side (it is re-read once per 8-column panel, from L2). */
function blockRows(d: number): number {
  return Math.max(4, Math.floor(65536 / Math.max(1, d) / 4) * 4);
}

/**
 * out = (a - shift) b, a rows x d row-major, b d x k row-major, shift per column of a (omitted: none), out
 * rows x k row-major float32 (accumulated in float32).
 */
export function matmul(
  a: Float32Array,
  rows: number,
  d: number,
  b: Float32Array,
  k: number,
  shift?: ArrayLike<number>,
): Float32Array {
  const out = new Float32Array(rows * k);
  const kern = loadKernels();
  if (!kern) return matmulLoop(a, rows, d, b, k, shift, out);
  const panels = Math.ceil(k / 8);
  const packed = packPanels(b, d, k, panels);
  const block = Math.min(blockRows(d), Math.ceil(rows / 4) * 4);
  const bOff = 0;
  const hOff = packed.byteLength;
  const aOff = hOff + Math.ceil(d / 4) * 16;
  const cOff = aOff + block * d * 4;
  const buf = reserve(kern, cOff + block * panels * 32);
  new Float32Array(buf, bOff, packed.length).set(packed);
  if (shift) new Float32Array(buf, hOff, d).set(shift);
  const A = new Float32Array(buf, aOff, block * d);
  const C = new Float32Array(buf, cOff, block * panels * 8);
  const ldc = panels * 8;
  for (let r0 = 0; r0 < rows; r0 += block) {
    const n = Math.min(block, rows - r0);
    A.set(a.subarray(r0 * d, (r0 + n) * d));
    // Centred in float32 before the product (as the loop does), not after: a large offset would cancel badly.
    if (shift) kern.subtractRows(aOff, n, d, hOff);
    const n4 = Math.ceil(n / 4) * 4;
    A.fill(0, n * d, n4 * d);
    kern.gemm(aOff, n4, d, bOff, panels, cOff);
    if (ldc === k) out.set(C.subarray(0, n * k), r0 * k);
    else for (let r = 0; r < n; r++) out.set(C.subarray(r * ldc, r * ldc + k), (r0 + r) * k);
  }
  return out;
}

/** b (d x k row-major) as panels of 8 columns, [panels][d][8], zero-padded past column k. */
function packPanels(b: Float32Array, d: number, k: number, panels: number): Float32Array {
  const out = new Float32Array(panels * d * 8);
  for (let p = 0; p < panels; p++) {
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < 8 && p * 8 + j < k; j++) out[(p * d + i) * 8 + j] = b[i * k + p * 8 + j]!;
    }
  }
  return out;
}

/** The plain loop of `matmul` (float64 sums), where the kernels are unavailable. */
export function matmulLoop(
  a: Float32Array,
  rows: number,
  d: number,
  b: Float32Array,
  k: number,
  shift: ArrayLike<number> | undefined,
  out: Float32Array,
): Float32Array {
  const acc = new Float64Array(k);
  for (let r = 0; r < rows; r++) {
    acc.fill(0);
    for (let i = 0; i < d; i++) {
      const v = a[r * d + i]! - (shift ? shift[i]! : 0);
      if (v === 0) continue;
      const row = i * k;
      for (let j = 0; j < k; j++) acc[j]! += v * b[row + j]!;
    }
    for (let j = 0; j < k; j++) out[r * k + j] = acc[j]!;
  }
  return out;
}

/**
 * A d x k matrix whose non-zeros are all +scale or -scale (the binary and ternary random projections), by output
 * column: output c adds the features index[start[c] .. split[c]) and subtracts index[split[c] .. start[c + 1]).
 */
export interface SignedProjection {
  d: number;
  k: number;
  scale: number;
  index: Int32Array;
  start: Int32Array;
  split: Int32Array;
}

/** The signed form of `m` (d x k row-major), or null when its non-zeros are not all +-(one value). */
export function signedProjection(m: Float32Array, d: number, k: number): SignedProjection | null {
  let scale = 0;
  for (let i = 0; i < m.length; i++) {
    const v = Math.abs(m[i]!);
    if (v === 0) continue;
    if (scale === 0) scale = v;
    else if (v !== scale) return null;
  }
  if (scale === 0) return null;
  const start = new Int32Array(k + 1);
  const split = new Int32Array(k);
  const index: number[] = [];
  for (let c = 0; c < k; c++) {
    start[c] = index.length;
    for (let i = 0; i < d; i++) if (m[i * k + c]! > 0) index.push(i);
    split[c] = index.length;
    for (let i = 0; i < d; i++) if (m[i * k + c]! < 0) index.push(i);
  }
  start[k] = index.length;
  return { d, k, scale, index: Int32Array.from(index), start, split };
}

/** Columns of the transposed block signedSums works on (a multiple of its 16 lanes). */
const SIGNED_BLOCK = 256;

/** out = (a - shift) m for a signed projection m: additions and subtractions only, then one scaling per output. */
export function applySigned(
  p: SignedProjection,
  a: Float32Array,
  rows: number,
  shift?: ArrayLike<number>,
): Float32Array {
  const { d, k, scale, index, start, split } = p;
  const out = new Float32Array(rows * k);
  const kern = loadKernels();
  if (!kern) return signedLoop(p, a, rows, shift, out);
  const W = SIGNED_BLOCK;
  const iOff = 0;
  const sOff = iOff + index.byteLength;
  const pOff = sOff + start.byteLength;
  const xOff = Math.ceil((pOff + split.byteLength) / 16) * 16;
  const oOff = xOff + d * W * 4;
  const buf = reserve(kern, oOff + k * W * 4);
  new Int32Array(buf, iOff, index.length).set(index);
  new Int32Array(buf, sOff, start.length).set(start);
  new Int32Array(buf, pOff, split.length).set(split);
  const X = new Float32Array(buf, xOff, d * W);
  const O = new Float32Array(buf, oOff, k * W);
  for (let r0 = 0; r0 < rows; r0 += W) {
    const n = Math.min(W, rows - r0);
    // Transposed, so that each feature's values over the block are contiguous (whole vectors to add).
    for (let r = 0; r < n; r++) {
      const src = (r0 + r) * d;
      for (let i = 0; i < d; i++) X[i * W + r] = a[src + i]! - (shift ? shift[i]! : 0);
    }
    if (n < W) for (let i = 0; i < d; i++) X.fill(0, i * W + n, (i + 1) * W);
    kern.signedSums(xOff, W, iOff, sOff, pOff, k, oOff);
    for (let r = 0; r < n; r++) {
      const dst = (r0 + r) * k;
      for (let c = 0; c < k; c++) out[dst + c] = scale * O[c * W + r]!;
    }
  }
  return out;
}

/** The plain loop of `applySigned`, where the kernels are unavailable. */
export function signedLoop(
  { d, k, scale, index, start, split }: SignedProjection,
  a: Float32Array,
  rows: number,
  shift: ArrayLike<number> | undefined,
  out: Float32Array,
): Float32Array {
  const v = new Float64Array(d);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < d; i++) v[i] = a[r * d + i]! - (shift ? shift[i]! : 0);
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let t = start[c]!; t < split[c]!; t++) s += v[index[t]!]!;
      for (let t = split[c]!; t < start[c + 1]!; t++) s -= v[index[t]!]!;
      out[r * k + c] = scale * s;
    }
  }
  return out;
}
