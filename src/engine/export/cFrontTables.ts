import type { ImageShape } from '../model/decode';
import { unsignedType } from './cText';
import type { PlannedConv, PlannedFront, PlannedPool } from './frontPlan';
import { storeWeights, type StoredWeights, type WeightFormat } from './quantize';

/**
 * Where the generated C keeps a feature map: one of two stack buffers used in turn (`fa`, `fb`), or, for the last
 * map, the unit array `u` whose first values are the dense part's inputs (the flatten is the HWC layout itself).
 * A map a conv layer reads carries that layer's zero padding around it, so the conv loops need no bounds checks.
 */
export interface MapLayout {
  shape: ImageShape;
  pad: number;
  buffer: 'fa' | 'fb' | 'u';
  /** Floats the map takes with its padding. */
  floats: number;
}

/**
 * A conv layer's tables. Each output channel is one tensor (its own int8 scale). `dense` stores every kernel
 * weight, zeros included, and the C loops over whole kernel rows; `sparse` stores only the active weights, with
 * output channel n's taps at [start[n], start[n + 1]) and, per tap, the offset of its input in the padded input
 * window, (ky * paddedWidth + kx) * channels + c. The export takes whichever needs fewer bytes.
 */
export interface CConvTables {
  kind: 'conv';
  layer: PlannedConv;
  storage: 'dense' | 'sparse';
  /** Tap ranges per output channel (for `dense`, every weight is a tap; only `sparse` writes these tables). */
  start: Int32Array;
  offset: Int32Array;
  weights: StoredWeights;
  /** Bytes of the layer's tables (weights, scales, bias, and for `sparse` start and offset). */
  bytes: number;
  /** Multiply-accumulates the C code runs per inference: stored weights x output positions. */
  macs: number;
}

export interface CPoolTables {
  kind: 'maxPool' | 'avgPool';
  layer: PlannedPool;
}

export interface CFrontTables {
  plan: PlannedFront;
  /** Maps 0..L: the scaled image, then every layer's output (the last one in `u`). */
  maps: MapLayout[];
  layers: (CConvTables | CPoolTables)[];
  /** Floats of the two stack buffers (0 when unused). */
  buffers: { fa: number; fb: number };
  /** Multiply-accumulates of all conv layers per inference, as the C code runs them. */
  macs: number;
}

export function padded(m: MapLayout): { h: number; w: number; c: number } {
  return { h: m.shape.h + 2 * m.pad, w: m.shape.w + 2 * m.pad, c: m.shape.c };
}

/** The front end's tables and buffer layout for the C export. */
export function buildFrontTables(plan: PlannedFront, format: WeightFormat): CFrontTables {
  const L = plan.layers.length;
  const maps: MapLayout[] = [];
  for (let i = 0; i <= L; i++) {
    const shape = i === 0 ? plan.input : plan.layers[i - 1]!.out;
    const next = plan.layers[i];
    const pad = next?.kind === 'conv' ? next.padding : 0;
    const floats = (shape.h + 2 * pad) * (shape.w + 2 * pad) * shape.c;
    maps.push({ shape, pad, buffer: i === L ? 'u' : i % 2 === 0 ? 'fa' : 'fb', floats });
  }
  const buffers = { fa: 0, fb: 0 };
  for (const m of maps) if (m.buffer !== 'u') buffers[m.buffer] = Math.max(buffers[m.buffer], m.floats);
  let macs = 0;
  const layers = plan.layers.map((l, i): CConvTables | CPoolTables => {
    if (l.kind !== 'conv') return { kind: l.kind, layer: l };
    const t = convTables(l, padded(maps[i]!).w, format);
    macs += t.macs;
    return t;
  });
  return { plan, maps, layers, buffers, macs };
}

function convTables(l: PlannedConv, paddedWidth: number, format: WeightFormat): CConvTables {
  const { kernel: k, in: inShape, out } = l;
  const C = inShape.c;
  const per = k * k * C;
  const outC = out.c;
  const tapOffset = (t: number): number => {
    const ic = t % C;
    const kk = (t - ic) / C;
    return ((kk - (kk % k)) / k) * paddedWidth * C + (kk % k) * C + ic;
  };
  const activeTaps: number[] = [];
  for (let i = 0; i < l.mask.length; i++) if (l.mask[i]) activeTaps.push(i);
  const weightBytes = format === 'int8' ? 1 : 4;
  const scaleBytes = format === 'int8' ? 4 * outC : 0;
  const offsetType = unsignedType(activeTaps.reduce((m, i) => Math.max(m, tapOffset(i % per)), 0));
  const denseBytes = per * outC * weightBytes;
  const sparseBytes =
    Math.max(1, activeTaps.length) * (weightBytes + offsetType.bytes) +
    (outC + 1) * unsignedType(activeTaps.length).bytes;
  const storage = sparseBytes < denseBytes ? 'sparse' : 'dense';
  const taps = storage === 'sparse' ? activeTaps : Array.from({ length: per * outC }, (_, i) => i);
  const start = new Int32Array(outC + 1);
  for (let n = 0, k = 0; n < outC; n++) {
    while (k < taps.length && taps[k]! < (n + 1) * per) k++;
    start[n + 1] = k;
  }
  const offset = Int32Array.from(taps, (i) => tapOffset(i % per));
  const values = Float32Array.from(taps, (i) => l.weights[i]!);
  const groups = Array.from({ length: outC }, (_, n) =>
    Array.from({ length: start[n + 1]! - start[n]! }, (_, j) => start[n]! + j),
  );
  return {
    kind: 'conv',
    layer: l,
    storage,
    start,
    offset,
    weights: storeWeights(values, groups, format),
    bytes: (storage === 'sparse' ? sparseBytes : denseBytes) + scaleBytes + 4 * outC,
    macs: taps.length * out.h * out.w,
  };
}

/**
 * The generated front end's arithmetic in float32 (`Math.fround` after every operation, in the C's order and on
 * its padded buffers): `scaled` is one row of scaled features, `u` receives the flatten. Used by `simulateC`.
 */
export function simulateFront(t: CFrontTables, scaled: Float32Array, u: Float32Array): void {
  const f = Math.fround;
  const buf = { fa: new Float32Array(t.buffers.fa), fb: new Float32Array(t.buffers.fb), u };
  const m0 = t.maps[0]!;
  const p0 = padded(m0);
  const a = buf[m0.buffer];
  a.fill(0, 0, m0.floats);
  const { h, w, c } = m0.shape;
  for (let y = 0; y < h; y++)
    for (let i = 0; i < w * c; i++) a[((y + m0.pad) * p0.w + m0.pad) * c + i] = scaled[y * w * c + i]!;
  t.layers.forEach((l, i) => {
    const inMap = t.maps[i]!;
    const outMap = t.maps[i + 1]!;
    const x = buf[inMap.buffer];
    const y = buf[outMap.buffer];
    if (outMap.pad > 0) y.fill(0, 0, outMap.floats);
    const W = padded(inMap).w;
    const C = inMap.shape.c;
    const OW = padded(outMap).w;
    const OC = outMap.shape.c;
    const q = outMap.pad;
    const stride = l.layer.stride;
    for (let oy = 0; oy < outMap.shape.h; oy++)
      for (let ox = 0; ox < outMap.shape.w; ox++) {
        const xb = (oy * stride * W + ox * stride) * C;
        const yb = ((oy + q) * OW + ox + q) * OC;
        if (l.kind === 'conv') {
          const wt = l.weights;
          for (let n = 0; n < OC; n++) {
            let acc = wt.kind === 'float32' ? l.layer.bias[n]! : 0;
            for (let k = l.start[n]!; k < l.start[n + 1]!; k++) {
              const wk = wt.kind === 'float32' ? wt.values[k]! : wt.codes[k]!;
              acc = f(acc + f(wk * x[xb + l.offset[k]!]!));
            }
            if (wt.kind === 'int8') acc = f(l.layer.bias[n]! + f(wt.scales[n]! * acc));
            y[yb + n] = l.layer.activation === 'relu' && !(acc > 0) ? 0 : acc;
          }
          continue;
        }
        const K = l.layer.size;
        for (let n = 0; n < OC; n++) {
          let v = l.kind === 'maxPool' ? x[xb + n]! : 0;
          for (let ky = 0; ky < K; ky++)
            for (let kx = 0; kx < K; kx++) {
              const xi = x[xb + (ky * W + kx) * C + n]!;
              if (l.kind === 'maxPool') v = xi > v ? xi : v;
              else v = f(v + xi);
            }
          y[yb + n] = l.kind === 'maxPool' ? v : f(v * f(1 / (K * K)));
        }
      }
  });
}
