import { convWeightCount, type ConvSpec, type PoolSpec } from '../core/conv';
import type { ConvFront, ImageShape } from '../core/convFront';
import { convCsr, type ConvCsr } from './convCsr';

/** A conv layer of the front end as the kernels run it. */
export interface FrontConvLayout {
  kind: 'conv';
  /** Index in `front.layers`, and among its conv layers (the order of optimizer state and gradients). */
  layer: number;
  conv: number;
  spec: ConvSpec;
  in: ImageShape;
  out: ImageShape;
  relu: boolean;
  /** Input grid: the map inside a zero border of the layer's padding. */
  gridH: number;
  gridW: number;
  /** CSR of the active taps when the layer runs on the sparse kernels (weights then stored per tap). */
  csr: ConvCsr | undefined;
  /** Weights stored on the device: every kernel weight (dense) or the active taps (sparse). */
  stored: number;
  /** Whether the backward pass needs this layer's input gradient (a conv layer trains below it). */
  needDx: boolean;
}

export interface FrontPoolLayout {
  kind: 'maxPool' | 'avgPool';
  layer: number;
  pool: PoolSpec;
  in: ImageShape;
  out: ImageShape;
  needDx: boolean;
}

export type FrontLayerLayout = FrontConvLayout | FrontPoolLayout;

export interface FrontLayout {
  input: ImageShape;
  /** Floats per image (the training table's row length). */
  inputSize: number;
  layers: FrontLayerLayout[];
}

/**
 * Share of active weights below which a conv layer runs on the sparse kernels. The sparse kernels measure 6-10
 * GMAC/s of useful work against the dense ones' 21-22 on LeNet-5's second conv (docs/performance.md), so they win
 * below roughly a third; at half, sparse and dense cost about the same.
 */
export const CONV_SPARSE_BELOW = 0.4;

/**
 * The conv front end for the kernels: per layer its grids, and dense or sparse weights by its density (`sparseBelow`,
 * when given, forces the choice as it does for the dense levels).
 */
export function compileFront(front: ConvFront, sparseBelow?: number): FrontLayout {
  let conv = 0;
  let seenConv = false;
  const layers = front.layers.map((l, layer): FrontLayerLayout => {
    // Nothing trains below the first conv layer, so no layer up to it needs an input gradient.
    const needDx = seenConv;
    if (l.kind !== 'conv') return { kind: l.kind, layer, pool: l.pool, in: l.in, out: l.out, needDx };
    seenConv = true;
    const count = convWeightCount(l.spec, l.in.c);
    let active = 0;
    for (let i = 0; i < count; i++) active += l.mask[i]!;
    const sparse = active < (sparseBelow ?? CONV_SPARSE_BELOW) * count;
    const gridW = l.in.w + 2 * l.spec.pad;
    const csr = sparse ? convCsr(l.mask, l.spec, l.in.c, gridW) : undefined;
    return {
      kind: 'conv',
      layer,
      conv: conv++,
      spec: l.spec,
      in: l.in,
      out: l.out,
      relu: l.activation === 'relu',
      gridH: l.in.h + 2 * l.spec.pad,
      gridW,
      csr,
      stored: csr ? csr.widx.length : count,
      needDx,
    };
  });
  return { input: front.input, inputSize: front.inputSize, layers };
}

/** Rows of a map (one per unit y, x, c). */
export function mapRows(s: ImageShape): number {
  return s.h * s.w * s.c;
}
