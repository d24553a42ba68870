import type { BlockLayout, NetLayout } from './layout';

/** A share of phase B: panels (dense) or targets (CSR) [from, to) of one block. */
export interface WorkItem {
  block: number;
  from: number;
  to: number;
}

/**
 * Phase-B cost of a CSR connection in dense micro-kernel positions: dW as dot products runs at about 18 GMAC/s,
 * the dense 4x8 tiles at about 29 (784x300, one thread).
 */
const SPARSE_COST = 1.6;

/**
 * Splits the weight-gradient and update work into `threads` contiguous shares of about equal cost. Each weight
 * row has one owner, so no two threads write the same cache line and the sums never depend on the split.
 */
export function splitWork(layout: NetLayout, threads: number, training: boolean): WorkItem[][] {
  const shares: WorkItem[][] = Array.from({ length: threads }, () => []);
  if (!training) return shares;
  const units: { block: number; index: number; cost: number }[] = [];
  layout.blocks.forEach((b, block) => {
    if (b.sparse) {
      for (let t = 0; t < b.nt; t++) {
        units.push({ block, index: t, cost: 1 + SPARSE_COST * (b.rowptr[t + 1]! - b.rowptr[t]!) });
      }
    } else {
      for (let p = 0; p < b.ntp >> 2; p++) units.push({ block, index: p, cost: 1 + 4 * b.ns });
    }
  });
  const total = units.reduce((s, u) => s + u.cost, 0);
  let acc = 0;
  for (const u of units) {
    const share = Math.min(threads - 1, Math.floor((acc / Math.max(1, total)) * threads));
    acc += u.cost;
    const list = shares[share]!;
    const last = list[list.length - 1];
    if (last && last.block === u.block && last.to === u.index) last.to++;
    else list.push({ block: u.block, from: u.index, to: u.index + 1 });
  }
  return shares;
}

/** Panels per pass of native/dense.h's fwd_dense_gemv. */
const GEMV_PANELS = 6;

/** Below this many multiply-adds a level is not worth a round trip to another thread (~0.3 us). */
const MIN_SPLIT_MACS = 20000;

/**
 * For inference of a few samples: T + 1 cut points over a block's panels (dense) or targets (CSR) of about
 * equal cost, or none when the level is too small to share.
 */
export function splitTargets(b: BlockLayout, T: number): Int32Array {
  const units = b.sparse ? b.nt : b.ntp >> 2;
  const cost = (u: number): number => (b.sparse ? 1 + b.rowptr[u + 1]! - b.rowptr[u]! : 4 * b.ns);
  let total = 0;
  for (let u = 0; u < units; u++) total += cost(u);
  if (total < MIN_SPLIT_MACS || units < T) return new Int32Array(0);
  const cuts = new Int32Array(T + 1);
  let acc = 0;
  let w = 1;
  for (let u = 0; u < units && w < T; u++) {
    acc += cost(u);
    if (acc >= (w * total) / T) cuts[w++] = u + 1;
  }
  for (; w <= T; w++) cuts[w] = units;
  // Dense shares in whole passes of the GEMV (6 panels) where that keeps them about even.
  if (!b.sparse && units >= 4 * GEMV_PANELS * T) {
    for (let i = 1; i < T; i++) cuts[i] = GEMV_PANELS * Math.round(cuts[i]! / GEMV_PANELS);
  }
  return cuts;
}
