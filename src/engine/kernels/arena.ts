import type { WasmApi, WasmMemory } from './wasmApi';

const PAGE = 65536;
/** Shared memories need a maximum; address space is reserved, not committed. Matches build.sh's max-memory. */
const MAX_PAGES = 32768;

/**
 * One wasm memory and a bump allocator over it. A layout allocates everything at once after `reset`; growing
 * replaces the buffer, and only this class grows the memory, so `f32`/`i32` are renewed right there (a step reads
 * them without asking the memory for its buffer). `pin` reserves memory below every layout (a resident training
 * table), which survives resets.
 */
export class Arena {
  readonly memory: WasmMemory;
  private top: number;
  f32: Float32Array;
  i32: Int32Array;

  constructor(
    api: WasmApi,
    readonly shared: boolean,
    private base: number,
  ) {
    this.memory = new api.Memory({ initial: Math.ceil(base / PAGE) + 1, maximum: MAX_PAGES, shared });
    this.top = base;
    this.f32 = new Float32Array(this.memory.buffer);
    this.i32 = new Int32Array(this.memory.buffer);
  }

  reset(): void {
    this.top = this.base;
  }

  /** Byte offset of `bytes` bytes kept across resets; invalidates the current layout's allocations. */
  pin(bytes: number): number {
    const at = (this.base + 63) & ~63;
    this.base = at + bytes;
    this.top = this.base;
    const need = Math.ceil(this.base / PAGE);
    const have = this.memory.buffer.byteLength / PAGE;
    if (need > MAX_PAGES) throw new Error('kernel memory is full');
    if (need > have) this.grow(need - have);
    return at;
  }

  /** Byte offset of `bytes` fresh bytes, 64-byte aligned (a cache line: threads' rows never share one). */
  alloc(bytes: number): number {
    const at = (this.top + 63) & ~63;
    this.top = at + Math.max(0, bytes);
    return at;
  }

  allocF32(n: number): number {
    return this.alloc(4 * n);
  }

  /** Grows the memory to hold everything allocated, and zeroes it (a new layout starts from a clean slate). */
  commit(): void {
    const need = Math.ceil(this.top / PAGE);
    const have = this.memory.buffer.byteLength / PAGE;
    if (need > MAX_PAGES) throw new Error(`the network needs ${need * 64} KiB of kernel memory, more than 2 GiB`);
    if (need > have) this.grow(need - have);
    new Uint8Array(this.memory.buffer, this.base, this.top - this.base).fill(0);
  }

  private grow(pages: number): void {
    this.memory.grow(pages);
    this.f32 = new Float32Array(this.memory.buffer);
    this.i32 = new Int32Array(this.memory.buffer);
  }
}
