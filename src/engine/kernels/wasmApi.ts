/**
 * The slice of the WebAssembly JS API the kernels use, typed here because the engine compiles without DOM
 * types (and @types/node 20 has none); taken from globalThis so a runtime without WebAssembly is detected.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(deltaPages: number): number;
}

/** A compiled module (opaque; shareable with workers). */
export interface WasmModule {
  readonly __wasmModule?: never;
}

export interface WasmGlobal {
  readonly value: unknown;
}

export interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: { env: { memory: WasmMemory } }) => { exports: object };
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  validate(bytes: Uint8Array): boolean;
}

export const wasm: WasmApi | undefined = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
