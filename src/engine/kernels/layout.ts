import type { Network } from '../core/network';

/**
 * One level of the network as the kernels see it: its targets in consecutive activation rows, the union of their
 * active sources, and dense panels or CSR. Positions map back to `network.weights` through `widx` (-1: padding).
 */
export interface BlockLayout {
  sparse: boolean;
  /** A hidden level's ReLU neurons; false for its linear neurons and for the output level. */
  relu: boolean;
  /** First activation row, targets, and rows reserved (a multiple of 4). */
  t0: number;
  nt: number;
  ntp: number;
  /** Network target id of each row. */
  targets: Int32Array;
  /** Dense: sources padded to a multiple of 4, their activation rows (the zero row for padding). */
  ns: number;
  srcRows: Int32Array;
  /** Dense: first source (multiple of 4) from which hidden sources start, and each source's gradient row. */
  dxj0: number;
  dxRows: Int32Array;
  /** CSR: offsets per target, first hidden entry per target, activation row per entry. */
  rowptr: Int32Array;
  hsplit: Int32Array;
  col: Int32Array;
  /** Network weight index per stored position: dense [ntp/4][ns][4], CSR [nnz]; -1 for padding. */
  widx: Int32Array;
  /** Dense: 0/1 per stored position. */
  mask: Float32Array;
  active: number;
  /** Active connections over targets x (unpadded) sources. */
  density: number;
}

export interface NetLayout {
  inputs: number;
  outputs: number;
  /** Activation rows: inputs, hidden levels, the sink row, outputs, the zero row. */
  rows: number;
  outRow: number;
  sinkRow: number;
  zeroRow: number;
  blocks: BlockLayout[];
  /** Network target id per row, -1 for inputs and padding. */
  rowTarget: Int32Array;
}

const pad4 = (n: number): number => (n + 3) & ~3;

/**
 * Per-step costs (ns per 128-sample step, one thread, relaxed SIMD) measured with bench/engine.ts's networks: a
 * dense position in the 4x8 micro-kernels (forward, dW and the dX share), packing per source and per target row
 * of a dense block, a CSR connection (forward, dW, dX and its Adam update), and a CSR target row. Dense panels win
 * above about 65 % density on large levels (784x300); below that, and on small levels (every level of a SCANN
 * DAG: 2-4 neurons), CSR wins: 784x300 at 50 % trains in 2.1 ms as CSR vs 2.7 ms dense, the DAG of case c in
 * 65 us vs 154 us.
 */
const TRAIN_COST = { densePosition: 10.4, denseEdge: 120, sparseConnection: 16, sparseTarget: 100 };
/**
 * Inference of 2-7 samples (ns per call and column): the dense GEMV reads six panels per broadcast input; CSR is
 * one scalar FMA chain per target and column there (latency-bound, ~4 cycles a connection), so it wins below about
 * 6 % density or on small levels.
 */
const COLUMN_COST = { densePosition: 0.05, denseEdge: 1, sparseConnection: 1, sparseTarget: 1 };
/**
 * Inference of one sample (rows of one float): CSR runs four targets' chains at once, one per lane (sparse.h
 * fwd_sparse_one), measured 0.5 ns a connection on 800 x 500 levels of 10-20 % density against the GEMV's 0.05 ns a
 * position (under load), so it wins below about 10 % density.
 */
const ONE_COLUMN_COST = { densePosition: 0.05, denseEdge: 1, sparseConnection: 0.5, sparseTarget: 1 };

/**
 * How a layout's forward passes use the batch columns: training steps and batches of 8 or more (`batch`), forward
 * passes of 2-7 samples on the per-column kernels (`few`), or of one sample in rows of one float (`one`).
 */
export type ColumnMode = 'batch' | 'few' | 'one';

/** Whether a level of `nt` targets over `ns` sources with `active` connections runs faster as CSR. */
export function preferSparse(nt: number, ns: number, active: number, columns: ColumnMode = 'batch'): boolean {
  const cost = columns === 'one' ? ONE_COLUMN_COST : columns === 'few' ? COLUMN_COST : TRAIN_COST;
  const ntp = pad4(nt);
  const dense = cost.densePosition * ntp * pad4(ns) + cost.denseEdge * (ns + ntp);
  const sparse = cost.sparseConnection * active + cost.sparseTarget * nt;
  return sparse < dense;
}

/**
 * Levels by longest path from the inputs (a neuron with no hidden source is at level 1): all neurons of a level
 * depend only on earlier levels, so each level is one batched product (two when it has linear and ReLU neurons). The outputs are the last block. Each
 * level is stored dense or as CSR by the cost model above on its measured density, or, with `sparseBelow`, as
 * CSR exactly when its density is below that (tests force one format or a mix with it). A network with a conv
 * front end also needs the gradient of its inputs (the front end's output), so its inputs take part in the input
 * gradient pass as hidden sources do.
 */
export function compileLayout(net: Network, sparseBelow?: number, columns: ColumnMode = 'batch'): NetLayout {
  const inputGrads = !!net.front;
  const d = net.inputs;
  const S = net.sources;
  const { mask } = net;
  const level = new Int32Array(net.capacity);
  let depth = 0;
  for (const s of net.order) {
    let lv = 1;
    const row = s * S;
    for (let src = d; src < S; src++) if (mask[row + src] && level[src - d]! + 1 > lv) lv = level[src - d]! + 1;
    level[s] = lv;
    depth = Math.max(depth, lv);
  }
  // A block has one activation, so a level's linear neurons (a DR layer's units) form a block of their own before
  // its ReLU ones; neither reads the other, so the order between them does not matter.
  const byLevel: number[][] = Array.from({ length: 2 * depth }, () => []);
  for (const s of net.order) byLevel[2 * (level[s]! - 1) + (net.linear[s] ? 0 : 1)]!.push(s);
  const groups = byLevel.filter((g) => g.length > 0);

  // Rows: inputs, hidden levels (each padded to 4 rows), sink, outputs (padded), zero.
  const rowOfSlot = new Int32Array(net.capacity).fill(-1);
  let row = d;
  const starts: number[] = [];
  for (const g of groups) {
    starts.push(row);
    g.forEach((s, i) => (rowOfSlot[s] = row + i));
    row += pad4(g.length);
  }
  const sinkRow = row++;
  const outRow = row;
  row += pad4(net.outputs);
  const zeroRow = row++;
  const rows = row;
  const rowTarget = new Int32Array(rows).fill(-1);
  groups.forEach((g, l) => g.forEach((s, i) => (rowTarget[starts[l]! + i] = s)));
  for (let o = 0; o < net.outputs; o++) rowTarget[outRow + o] = net.outputTarget(o);

  const srcRow = (src: number): number => (src < d ? src : rowOfSlot[src - d]!);
  const choose = (nt: number, ns: number, active: number): boolean =>
    sparseBelow === undefined ? preferSparse(nt, ns, active, columns) : active < sparseBelow * nt * ns;
  const blocks: BlockLayout[] = groups.map((g, l) =>
    block(net, g, starts[l]!, !net.linear[g[0]!], srcRow, choose, zeroRow, sinkRow, inputGrads),
  );
  const outs = Array.from({ length: net.outputs }, (_, o) => net.outputTarget(o));
  blocks.push(block(net, outs, outRow, false, srcRow, choose, zeroRow, sinkRow, inputGrads));
  return { inputs: d, outputs: net.outputs, rows, outRow, sinkRow, zeroRow, blocks, rowTarget };
}

function block(
  net: Network,
  targets: number[],
  t0: number,
  relu: boolean,
  srcRow: (src: number) => number,
  sparseFor: (nt: number, ns: number, active: number) => boolean,
  zeroRow: number,
  sinkRow: number,
  inputGrads: boolean,
): BlockLayout {
  const S = net.sources;
  // Sources below this get no gradient (the inputs, unless a front end needs theirs).
  const d = inputGrads ? 0 : net.inputs;
  const { mask } = net;
  const nt = targets.length;
  const ntp = pad4(nt);
  // Each target's active sources, ordered by activation row (inputs first): the summation order of both formats.
  const lists = targets.map((t) => {
    const l: number[] = [];
    for (let src = 0; src < S; src++) if (mask[t * S + src]) l.push(src);
    return l.sort((a, b) => srcRow(a) - srcRow(b));
  });
  const active = lists.reduce((n, l) => n + l.length, 0);
  const union = [...new Set(lists.flat())].sort((a, b) => srcRow(a) - srcRow(b));
  const density = nt && union.length ? active / (nt * union.length) : 1;
  const common = { relu, t0, nt, ntp, targets: Int32Array.from(targets), active, density };
  const none = new Int32Array(0);
  if (nt && union.length && sparseFor(nt, union.length, active)) {
    const rowptr = new Int32Array(nt + 1);
    const hsplit = new Int32Array(nt);
    const col = new Int32Array(active);
    const widx = new Int32Array(active);
    let k = 0;
    lists.forEach((l, i) => {
      hsplit[i] = k + l.filter((src) => src < d).length;
      for (const src of l) {
        col[k] = srcRow(src);
        widx[k++] = targets[i]! * S + src;
      }
      rowptr[i + 1] = k;
    });
    return {
      ...common,
      sparse: true,
      ns: 0,
      srcRows: none,
      dxj0: 0,
      dxRows: none,
      rowptr,
      hsplit,
      col,
      widx,
      mask: new Float32Array(0),
    };
  }
  const ns = pad4(union.length);
  const srcRows = new Int32Array(ns).fill(zeroRow);
  const dxRows = new Int32Array(ns).fill(sinkRow);
  let firstHidden = ns;
  union.forEach((src, j) => {
    srcRows[j] = srcRow(src);
    if (src >= d) {
      dxRows[j] = srcRow(src);
      firstHidden = Math.min(firstHidden, j);
    }
  });
  const widx = new Int32Array(ntp * ns).fill(-1);
  const m = new Float32Array(ntp * ns);
  for (let r = 0; r < nt; r++) {
    const t = targets[r]!;
    const at = (r >> 2) * ns * 4 + (r & 3);
    union.forEach((src, j) => {
      const i = t * S + src;
      widx[at + 4 * j] = i;
      m[at + 4 * j] = mask[i]!;
    });
  }
  return {
    ...common,
    sparse: false,
    ns,
    srcRows,
    dxj0: firstHidden & ~3,
    dxRows,
    rowptr: none,
    hsplit: none,
    col: none,
    widx,
    mask: m,
  };
}
