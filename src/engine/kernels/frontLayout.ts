import { convWeightCount, type ConvSpec, type PoolSpec } from '../core/conv';
import type { ConvFront, ImageShape } from '../core/convFront';
import { convCsr, type ConvCsr } from './convCsr';
import { oneBiasCount, oneWeightCount, planesFit, planesPitch, rowsShape } from './convRows';

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
  /**
   * CSR of the active taps when the layer runs on the sparse kernels (weights then stored per tap); on planes, its
   * offsets are into channel planes (see `planes`).
   */
  csr: ConvCsr | undefined;
  /**
   * Weights stored on the device: every kernel weight (dense) or the active taps (sparse). A dense layer of a
   * one-sample pass stores them transposed for CONV_FWD_1 (convRows.ts transposeWeights), with its bias padded.
   */
  stored: number;
  biasStored: number;
  /** One-sample dense: transposed weights, in panels of 32 channels when the output is one pixel (`fc`). */
  transposed: { fc: boolean } | undefined;
  /** One-sample sparse on channel planes (CONV_FWD_SPARSE_1P): their row pitch in floats. */
  planes: { pitch: number } | undefined;
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
  /** Laid out for forward passes of one sample on the one-sample kernels (see oneSampleFits), not for batches. */
  oneSample: boolean;
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
 * Whether a front end's forward pass can run on the one-sample kernels (native/conv_one.h): they have a max pool but
 * no average pool, and a border only for the first layer's input (TO_ROWS makes it; PAD_ROWS needs batch columns).
 */
export function oneSampleFits(front: ConvFront): boolean {
  return front.layers.every((l, i) => l.kind === 'maxPool' || (l.kind === 'conv' && (i === 0 || l.spec.pad === 0)));
}

/**
 * The conv front end for the kernels: per layer its grids, and dense or sparse weights by its density (`sparseBelow`,
 * when given, forces the choice as it does for the dense levels). `oneSample`: for forward passes of one sample
 * (the front end must fit them, see oneSampleFits), sparse layers on channel planes where the kernel allows.
 */
export function compileFront(front: ConvFront, sparseBelow?: number, oneSample = false): FrontLayout {
  if (oneSample && !oneSampleFits(front)) throw new Error('this conv front end has no one-sample forward pass');
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
    const input = rowsShape({ n: 1, ...l.in }, l.spec.pad, true);
    const out = { n: 1, ...l.out };
    const planes = oneSample && sparse && planesFit(l.spec, out) ? { pitch: planesPitch(input, out) } : undefined;
    const geometry = planes ? { gridH: input.gridH, pitch: planes.pitch } : undefined;
    const csr = sparse ? convCsr(l.mask, l.spec, l.in.c, gridW, geometry) : undefined;
    const transposed = oneSample && !sparse ? { fc: l.out.h * l.out.w === 1 } : undefined;
    const K = count / l.spec.outC;
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
      stored: csr ? csr.widx.length : transposed ? oneWeightCount(l.spec.outC, K, transposed.fc) : count,
      biasStored: transposed ? oneBiasCount(l.spec.outC, transposed.fc) : l.spec.outC,
      transposed,
      planes,
      needDx,
    };
  });
  return { oneSample, input: front.input, inputSize: front.inputSize, layers };
}

/** Rows of a map (one per unit y, x, c). */
export function mapRows(s: ImageShape): number {
  return s.h * s.w * s.c;
}
