/**
 * Stratified row selection: every subset keeps the class proportions of its source as closely as integer counts
 * allow. Rows keep their original order inside each subset (training shuffles anyway, and it makes subsets easy to
 * compare); which rows are picked depends only on the Rng.
 */
import type { Rng } from '../core/random';
import type { Table } from './types';

export function classCounts(y: Int32Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < y.length; i++) counts[y[i]!]!++;
  return counts;
}

/**
 * Per-class quotas summing to `total` (when the bounds allow), proportional to `counts`: floors first, then the
 * largest remainders get the leftover rows (ties to the lower class index, so the result is deterministic).
 */
export function stratifiedQuotas(counts: number[], total: number, min: number[], max: number[]): number[] {
  const n = counts.reduce((a, b) => a + b, 0);
  const ideal = counts.map((c) => (n > 0 ? (total * c) / n : 0));
  const q = ideal.map((v, c) => Math.min(max[c]!, Math.max(min[c]!, Math.floor(v))));
  let sum = q.reduce((a, b) => a + b, 0);
  while (sum < total) {
    let best = -1;
    for (let c = 0; c < q.length; c++) {
      if (q[c]! < max[c]! && (best < 0 || ideal[c]! - q[c]! > ideal[best]! - q[best]!)) best = c;
    }
    if (best < 0) break;
    q[best]!++;
    sum++;
  }
  while (sum > total) {
    let best = -1;
    for (let c = 0; c < q.length; c++) {
      if (q[c]! > min[c]! && (best < 0 || ideal[c]! - q[c]! < ideal[best]! - q[best]!)) best = c;
    }
    if (best < 0) break;
    q[best]!--;
    sum--;
  }
  return q;
}

/** Marks `quotas[c]` random rows of each class c. */
function pick(y: Int32Array, quotas: number[], rng: Rng): Uint8Array {
  const byClass: number[][] = quotas.map(() => []);
  for (let i = 0; i < y.length; i++) byClass[y[i]!]!.push(i);
  const marked = new Uint8Array(y.length);
  byClass.forEach((rows, c) => {
    const order = rng.shuffle(Int32Array.from(rows));
    for (let k = 0; k < quotas[c]!; k++) marked[order[k]!] = 1;
  });
  return marked;
}

/** Row indices whose mark equals `value`, in row order. */
function indicesWhere(marked: Uint8Array, value: number): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < marked.length; i++) if (marked[i] === value) out.push(i);
  return Int32Array.from(out);
}

/** The rows of `table` at `indices`. */
export function takeRows(table: Table, features: number, indices: Int32Array): Table {
  const x = new Float32Array(indices.length * features);
  const y = new Int32Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    x.set(table.x.subarray(i * features, (i + 1) * features), k * features);
    y[k] = table.y[i]!;
  }
  return { x, y, rows: indices.length };
}

export interface HoldOut {
  kept: Int32Array;
  held: Int32Array;
}

/**
 * Holds out about `fraction` of the rows (at least one when the fraction is positive), leaving at least one row of
 * every class in the kept part so that no class vanishes from training.
 */
export function holdOut(y: Int32Array, classes: number, fraction: number, rng: Rng): HoldOut {
  const counts = classCounts(y, classes);
  const max = counts.map((c) => Math.max(0, c - 1));
  const room = max.reduce((a, b) => a + b, 0);
  const total = fraction > 0 ? Math.min(room, Math.max(1, Math.round(fraction * y.length))) : 0;
  const marked = pick(y, stratifiedQuotas(counts, total, counts.map(() => 0), max), rng);
  return { kept: indicesWhere(marked, 0), held: indicesWhere(marked, 1) };
}

/** Keeps `limit` rows, stratified, with at least one row per present class when the limit allows. */
export function subsample(y: Int32Array, classes: number, limit: number, rng: Rng): Int32Array {
  const counts = classCounts(y, classes);
  const present = counts.filter((c) => c > 0).length;
  const min = counts.map((c) => (c > 0 && limit >= present ? 1 : 0));
  const marked = pick(y, stratifiedQuotas(counts, Math.min(limit, y.length), min, counts), rng);
  return indicesWhere(marked, 1);
}
