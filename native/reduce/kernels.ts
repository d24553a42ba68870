// AssemblyScript source of the DR transforms' WebAssembly kernels (SIMD128), compiled by
// scripts/build-reduce-kernels.ts into src/engine/reduce/reduceKernels.wasm.ts. Pointers are byte offsets into the memory the
// caller provides (src/engine/reduce/gemm.ts lays the buffers out); the kernels allocate nothing.

/**
 * c = a b for `rows` rows (a multiple of 4): a is rows x d row-major, b is packed in panels of 8 columns
 * ([panels][d][8], zero-padded), c is rows x (8 panels) row-major. 4 x 8 tiles, 8 accumulators: the shape the
 * network kernels found fastest under V8 (larger tiles spill its 16 vector registers).
 */
export function gemm(a: usize, rows: i32, d: i32, b: usize, panels: i32, c: usize): void {
  const rowBytes = (<usize>d) << 2;
  const ldc = (<usize>panels) << 5;
  for (let p = 0; p < panels; p++) {
    const panel = b + <usize>p * (rowBytes << 3);
    for (let r = 0; r < rows; r += 4) {
      let a0 = a + <usize>r * rowBytes;
      let a1 = a0 + rowBytes;
      let a2 = a1 + rowBytes;
      let a3 = a2 + rowBytes;
      let bp = panel;
      let c00 = f32x4.splat(0);
      let c01 = c00;
      let c10 = c00;
      let c11 = c00;
      let c20 = c00;
      let c21 = c00;
      let c30 = c00;
      let c31 = c00;
      for (let j = 0; j < d; j++) {
        const b0 = v128.load(bp);
        const b1 = v128.load(bp, 16);
        const x0 = f32x4.splat(load<f32>(a0));
        c00 = f32x4.add(c00, f32x4.mul(x0, b0));
        c01 = f32x4.add(c01, f32x4.mul(x0, b1));
        const x1 = f32x4.splat(load<f32>(a1));
        c10 = f32x4.add(c10, f32x4.mul(x1, b0));
        c11 = f32x4.add(c11, f32x4.mul(x1, b1));
        const x2 = f32x4.splat(load<f32>(a2));
        c20 = f32x4.add(c20, f32x4.mul(x2, b0));
        c21 = f32x4.add(c21, f32x4.mul(x2, b1));
        const x3 = f32x4.splat(load<f32>(a3));
        c30 = f32x4.add(c30, f32x4.mul(x3, b0));
        c31 = f32x4.add(c31, f32x4.mul(x3, b1));
        a0 += 4;
        a1 += 4;
        a2 += 4;
        a3 += 4;
        bp += 32;
      }
      const o = c + <usize>r * ldc + ((<usize>p) << 5);
      v128.store(o, c00);
      v128.store(o, c01, 16);
      v128.store(o + ldc, c10);
      v128.store(o + ldc, c11, 16);
      v128.store(o + 2 * ldc, c20);
      v128.store(o + 2 * ldc, c21, 16);
      v128.store(o + 3 * ldc, c30);
      v128.store(o + 3 * ldc, c31, 16);
    }
  }
}

/**
 * Signed sums without multiplications, for projections whose non-zeros are all +s or -s: out[c] = sum of the
 * rows xt[i] for i in plus(c) less those for i in minus(c), for `width` columns (a multiple of 16) of a transposed
 * block xt (d x width row-major). index holds, per output c, its plus features then its minus features;
 * start[c], split[c] and start[c + 1] delimit them (i32 arrays). out is k x width row-major.
 */
export function signedSums(xt: usize, width: i32, index: usize, start: usize, split: usize, k: i32, out: usize): void {
  const rowBytes = (<usize>width) << 2;
  for (let c = 0; c < k; c++) {
    const s0 = load<i32>(start + ((<usize>c) << 2));
    const s1 = load<i32>(split + ((<usize>c) << 2));
    const s2 = load<i32>(start + ((<usize>(c + 1)) << 2));
    const o = out + <usize>c * rowBytes;
    for (let q: usize = 0; q < rowBytes; q += 64) {
      let v0 = f32x4.splat(0);
      let v1 = v0;
      let v2 = v0;
      let v3 = v0;
      for (let t = s0; t < s1; t++) {
        const row = xt + <usize>load<i32>(index + ((<usize>t) << 2)) * rowBytes + q;
        v0 = f32x4.add(v0, v128.load(row));
        v1 = f32x4.add(v1, v128.load(row, 16));
        v2 = f32x4.add(v2, v128.load(row, 32));
        v3 = f32x4.add(v3, v128.load(row, 48));
      }
      for (let t = s1; t < s2; t++) {
        const row = xt + <usize>load<i32>(index + ((<usize>t) << 2)) * rowBytes + q;
        v0 = f32x4.sub(v0, v128.load(row));
        v1 = f32x4.sub(v1, v128.load(row, 16));
        v2 = f32x4.sub(v2, v128.load(row, 32));
        v3 = f32x4.sub(v3, v128.load(row, 48));
      }
      v128.store(o + q, v0);
      v128.store(o + q, v1, 16);
      v128.store(o + q, v2, 32);
      v128.store(o + q, v3, 48);
    }
  }
}

/** a[r][i] -= shift[i] in place, for `rows` rows of d floats (row-major), shift d floats. */
export function subtractRows(a: usize, rows: i32, d: i32, shift: usize): void {
  const rowBytes = (<usize>d) << 2;
  const vecBytes = rowBytes & ~(<usize>15);
  for (let r = 0; r < rows; r++) {
    const row = a + <usize>r * rowBytes;
    let i: usize = 0;
    for (; i < vecBytes; i += 16) v128.store(row + i, f32x4.sub(v128.load(row + i), v128.load(shift + i)));
    for (; i < rowBytes; i += 4) store<f32>(row + i, load<f32>(row + i) - load<f32>(shift + i));
  }
}
