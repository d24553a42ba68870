import type { ConvFront, ConvLayer } from '../core/convFront';
import type { Arena } from './arena';
import { JOB } from './convAbi';
import { scratchBytes, type JobFields } from './convJob';
import { convScratch, planesSize, rowsShape } from './convRows';
import { mapRows, type FrontLayout } from './frontLayout';

/** Where one front layer's rows, weights and state are in wasm memory (byte offsets; 0: not needed). */
export interface FrontLayerPlace {
  /** The rows the layer reads (its padded grid for a conv layer with padding), and its output rows. */
  x: number;
  y: number;
  /** Gradient rows of the output, and where the input gradient goes (a padded grid, cropped into the layer below's `dy`). */
  dy: number;
  dx: number;
  /** Max pooling: the window position of each maximum, rows like `y`. */
  argmax: number;
  /** Conv: weights (dense [outC][kh][kw][inC], or per active tap), gradient, optimizer state, 0/1 mask (dense). */
  w: number;
  g: number;
  /** Sparse: dL/dW of every kernel weight for growth probes (a dense layer's `g` already has them all). */
  gAll: number;
  m: number;
  v: number;
  mask: number;
  /** Conv, one sample on planes: the input as channel planes. */
  planes: number;
  /** Conv, sparse: CSR of the active taps. */
  rowptr: number;
  roff: number;
  b: number;
  gb: number;
  mb: number;
  vb: number;
}

export interface FrontPlacement {
  /** The first layer's input rows (a grid with the first conv's padding). */
  input: number;
  /** conv_run's job table, and the per-thread scratch its conv jobs use. */
  job: number;
  scratch: number;
  scratchBytes: number;
  /** Floats per row the forward buffers have room for. */
  actStride: number;
  layers: FrontLayerPlace[];
  /** A one-sample layout's forward pass: its jobs, and where their tables go (written once, run as one list). */
  list?: { at: number; jobs: JobFields[] };
}

export interface FrontPlacementSpec {
  /** Row stride of forward buffers (the larger of the training and forward-only strides), and of gradients. */
  actStride: number;
  trainStride: number;
  adam: boolean;
  threads: number;
  /** The dense part's activation and gradient rows: the last layer's output is their input rows 0..units-1. */
  act: number;
  grad: number;
}

/** A few floats of slack after every array: the last tile of a kernel may read (never use) just past it. */
const SLACK = 16;

/**
 * Allocates a front end's buffers in an arena that place() is filling (before its commit, which zeroes them: the
 * borders of padded grids must be 0 and stay so, since no kernel writes them).
 */
export function allocFront(a: Arena, layout: FrontLayout, spec: FrontPlacementSpec): FrontPlacement {
  const training = spec.trainStride > 0;
  const f = (n: number): number => a.allocF32(n + SLACK);
  const opt = (n: number): number => (training ? f(n) : 0);
  const job = a.alloc(4 * JOB.SIZE);
  const first = layout.layers[0]!;
  const pad0 = first.kind === 'conv' ? first.spec.pad : 0;
  const inputRows = (layout.input.h + 2 * pad0) * (layout.input.w + 2 * pad0) * layout.input.c;
  const input = f(inputRows * spec.actStride);
  const last = layout.layers.length - 1;
  const layers: FrontLayerPlace[] = [];
  layout.layers.forEach((l, i) => {
    const below = layers[i - 1];
    const outRows = mapRows(l.out);
    const y = i === last ? spec.act : f(outRows * spec.actStride);
    const dy = i === last ? spec.grad : opt(outRows * spec.trainStride);
    const place: FrontLayerPlace = {
      x: below ? below.y : input,
      y,
      dy,
      dx: 0,
      argmax: 0,
      w: 0,
      g: 0,
      gAll: 0,
      m: 0,
      v: 0,
      mask: 0,
      planes: 0,
      rowptr: 0,
      roff: 0,
      b: 0,
      gb: 0,
      mb: 0,
      vb: 0,
    };
    if (l.kind === 'conv') {
      const padded = i > 0 && l.spec.pad > 0;
      const gridRows = l.gridH * l.gridW * l.in.c;
      if (padded) place.x = f(gridRows * spec.actStride);
      if (l.needDx && training) place.dx = l.spec.pad > 0 ? f(gridRows * spec.trainStride) : below!.dy;
      const n = l.stored;
      place.w = f(n);
      place.g = opt(n);
      place.m = opt(n);
      place.v = spec.adam ? opt(n) : 0;
      // The mask is for the optimizer (as floats it multiplies gradients by): a forward-only layout needs none.
      place.mask = l.csr || !training ? 0 : f(n);
      if (l.planes) place.planes = f(planesSize(rowsShape({ n: 1, ...l.in }, l.spec.pad, true), l.planes.pitch));
      if (l.csr) {
        place.rowptr = f(l.spec.outC + 1);
        place.roff = f(n);
        place.gAll = opt(l.spec.outC * l.spec.kh * l.spec.kw * l.in.c);
      }
      const oc = l.spec.outC;
      place.b = f(l.biasStored);
      place.gb = opt(oc);
      place.mb = opt(oc);
      place.vb = spec.adam ? opt(oc) : 0;
    } else {
      if (l.kind === 'maxPool') place.argmax = f(outRows * spec.actStride);
      if (l.needDx && training) place.dx = below!.dy;
    }
    layers.push(place);
  });
  const most = Math.max(0, ...layout.layers.map((l) => (l.kind === 'conv' ? convScratch(l.in.c, l.spec) : 0)));
  const bytes = scratchBytes(most);
  const scratch = a.alloc(bytes * spec.threads);
  return { input, job, scratch, scratchBytes: bytes, actStride: spec.actStride, layers };
}

/**
 * Writes what does not change between steps, after the arena's commit: the job table's scratch, the dense layers'
 * masks (as floats, which the optimizer multiplies gradients by) and the sparse layers' CSR.
 */
export function writeFront(a: Arena, layout: FrontLayout, at: FrontPlacement, front: ConvFront): void {
  a.i32[(at.job >> 2) + JOB.SCRATCH] = at.scratch;
  a.i32[(at.job >> 2) + JOB.SCRATCH_SIZE] = at.scratchBytes;
  layout.layers.forEach((l, i) => {
    if (l.kind !== 'conv') return;
    const p = at.layers[i]!;
    if (l.csr) {
      a.i32.set(l.csr.rowptr, p.rowptr >> 2);
      a.i32.set(l.csr.roff, p.roff >> 2);
    } else if (p.mask) {
      const mask = (front.layers[l.layer] as ConvLayer).mask;
      const m = p.mask >> 2;
      for (let k = 0; k < l.stored; k++) a.f32[m + k] = mask[k]!;
    }
  });
}
