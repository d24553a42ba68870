import { writeFileSync } from 'node:fs';
import { Rng } from '../../../src/engine/core/random';

/** 8x8 grey images of three classes: a horizontal bar, a vertical bar, or a diagonal, anywhere, in noise. */
export function barImages(seed: number, rows: number): { x: Float32Array; y: Int32Array } {
  const rng = new Rng(seed);
  const x = new Float32Array(rows * 64);
  const y = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const k = r % 3;
    y[r] = k;
    const img = x.subarray(r * 64, r * 64 + 64);
    for (let i = 0; i < 64; i++) img[i] = 0.3 * rng.next();
    const a = 1 + rng.int(6);
    for (let t = 0; t < 6; t++) {
      const [py, px] = k === 0 ? [a, 1 + t] : k === 1 ? [1 + t, a] : [1 + t, 1 + t];
      img[py * 8 + px] = 1;
    }
  }
  return { x, y };
}

/** The images of `barImages` as a CSV: pixels p0..p63 to three decimals, then the class name (h, v, d). */
export function writeBarCsv(file: string, seed: number, rows: number, withLabel = true): void {
  const { x, y } = barImages(seed, rows);
  const lines = [[...Array.from({ length: 64 }, (_, j) => `p${j}`), ...(withLabel ? ['label'] : [])].join(',')];
  for (let r = 0; r < rows; r++) {
    const px = Array.from(x.subarray(r * 64, r * 64 + 64), (v) => v.toFixed(3));
    lines.push([...px, ...(withLabel ? [['h', 'v', 'd'][y[r]!]!] : [])].join(','));
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}
