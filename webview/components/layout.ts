/**
 * Layered layout: inputs in column 0, each hidden neuron in the column of its level (longest path from the inputs),
 * outputs in the last column. Coordinates are in a unit square (x, y in [0, 1]); the view maps them to pixels.
 * Pure (no DOM).
 */
import { type ArchGraph, edgeOrderByTarget, maxLevel, unitCount } from './graph';

export interface Layout {
  /** Per unit, in [0, 1]. */
  x: Float32Array;
  y: Float32Array;
  /** Per unit: its column (0 = inputs, depth + 1 = outputs). */
  column: Int32Array;
  columns: number;
  /** Units per column. */
  columnSize: Int32Array;
}

/**
 * Within a hidden column, neurons are ordered by the mean height of their neighbours (barycenter heuristic, a few
 * alternating sweeps): it removes many crossings of a layered drawing at linear cost per sweep, which matters at
 * 100k edges. Inputs and outputs keep their natural order (pixel index, class index), so drawings stay comparable.
 */
/** Ordering sweeps after the first forward pass; more gain little and cost O(edges) each. */
const SWEEPS = 4;

export function layoutGraph(g: ArchGraph): Layout {
  const units = unitCount(g);
  const depth = maxLevel(g);
  const columns = depth + 2;
  const column = new Int32Array(units);
  for (let k = 0; k < g.hidden; k++) column[g.inputs + k] = g.levels[k]!;
  for (let o = 0; o < g.outputs; o++) column[g.inputs + g.hidden + o] = columns - 1;

  const columnSize = new Int32Array(columns);
  for (let u = 0; u < units; u++) columnSize[column[u]!]!++;

  const x = new Float32Array(units);
  const y = new Float32Array(units);
  for (let u = 0; u < units; u++) x[u] = columns > 1 ? column[u]! / (columns - 1) : 0.5;
  const slot = (i: number, n: number): number => (i + 0.5) / n;
  for (let i = 0; i < g.inputs; i++) y[i] = slot(i, g.inputs);

  // Barycenters of the hidden neurons, level by level (sources are always in earlier columns).
  const order = edgeOrderByTarget(g.dst);
  const byLevel: number[][] = Array.from({ length: columns }, () => []);
  for (let k = 0; k < g.hidden; k++) byLevel[g.levels[k]!]!.push(g.inputs + k);
  // Start of each unit's incoming edges in `order` (edges sorted by target).
  const inStart = new Int32Array(units + 1);
  for (let e = 0; e < g.dst.length; e++) inStart[g.dst[e]! + 1]!++;
  for (let u = 0; u < units; u++) inStart[u + 1]! += inStart[u]!;
  // Outputs are fixed (class order) from the start, so backward sweeps can pull neurons towards their targets.
  for (let o = 0; o < g.outputs; o++) y[g.inputs + g.hidden + o] = slot(o, g.outputs);
  const outStart = new Int32Array(units + 1);
  for (let e = 0; e < g.src.length; e++) outStart[g.src[e]! + 1]!++;
  for (let u = 0; u < units; u++) outStart[u + 1]! += outStart[u]!;
  const outEdges = new Int32Array(g.src.length);
  const fill = outStart.slice(0, units);
  for (let e = 0; e < g.src.length; e++) outEdges[fill[g.src[e]!]!++] = e;

  const place = (members: number[], key: (u: number) => number): void => {
    const k = new Map(members.map((u) => [u, key(u)] as const));
    members.sort((a, b) => k.get(a)! - k.get(b)! || a - b);
    members.forEach((u, i) => (y[u] = slot(i, members.length)));
  };
  const mean = (u: number, sources: boolean, targets: boolean): number => {
    let sum = 0;
    let cnt = 0;
    if (sources) {
      for (let k = inStart[u]!; k < inStart[u + 1]!; k++) {
        sum += y[g.src[order[k]!]!]!;
        cnt++;
      }
    }
    if (targets) {
      for (let k = outStart[u]!; k < outStart[u + 1]!; k++) {
        sum += y[g.dst[outEdges[k]!]!]!;
        cnt++;
      }
    }
    return cnt > 0 ? sum / cnt : 0.5;
  };
  // One forward sweep by sources, then alternating sweeps by all neighbours (the classic layered heuristic).
  for (let level = 1; level <= depth; level++) place(byLevel[level]!, (u) => mean(u, true, false));
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    const down = sweep % 2 === 1;
    for (let i = 1; i <= depth; i++) {
      const level = down ? i : depth + 1 - i;
      place(byLevel[level]!, (u) => mean(u, true, true));
    }
  }
  for (let o = 0; o < g.outputs; o++) y[g.inputs + g.hidden + o] = slot(o, g.outputs);
  return { x, y, column, columns, columnSize };
}
