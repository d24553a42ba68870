/**
 * Conv networks for the export tests: random front ends (shapes, stride, padding, max and average pooling, kernels
 * masked at several densities, free channel slots, a channel whose kernels are all pruned but whose bias is not)
 * in front of an MLP or a DAG, and a LeNet-5-shaped network pruned as a synthesis leaves it. Not a test file
 * itself: the export-conv-*.test.ts files import it.
 */
import type { FrontLayerSpec, ImageShape } from '../../src/engine/core/convFront';
import { dagNetwork, frontNetwork, mlpNetwork } from '../../src/engine/core/init';
import type { Network } from '../../src/engine/core/network';
import { Rng } from '../../src/engine/core/random';
import { toModel } from '../../src/engine/model/format';
import type { ModelJson } from '../../src/protocol/model';
import { trained } from './export-fixtures';

export interface ConvFixture {
  name: string;
  model: ModelJson;
  /** Raw (unscaled) row-major rows, `rows` x (h * w * c). */
  raw: Float32Array;
  rows: number;
  /** True classes of the rows, when they come from a dataset. */
  labels?: Int32Array;
}

/** A front layer with, for conv layers, the share of kernel weights left active in the channels in use. */
export type CaseLayer = FrontLayerSpec & { density?: number };

export interface ConvCase {
  name: string;
  seed: number;
  input: ImageShape;
  layers: CaseLayer[];
  /** MLP layer sizes, or a DAG of that many hidden neurons with skip connections. */
  dense: { mlp: number[] } | { dag: number };
  /** Share of the dense part's connections kept. */
  denseDensity?: number;
  classes: number;
  /** In the first conv layer, one channel in use loses every kernel weight but keeps its bias (a constant map). */
  constantChannel?: boolean;
  /** The first hidden neurons that are linear (identity) units, as a DR layer's are. */
  linearHidden?: number;
  rows?: number;
}

export function convFixture(spec: ConvCase): ConvFixture {
  const rng = new Rng(spec.seed);
  const net = frontNetwork(
    spec.input,
    spec.layers,
    (inputs) =>
      'mlp' in spec.dense
        ? mlpNetwork(inputs, spec.classes, { layers: spec.dense.mlp, inputDensity: 1, initialBias: 0.05 }, rng)
        : dagNetwork(
            inputs,
            spec.classes,
            {
              hidden: spec.dense.dag,
              capacity: spec.dense.dag,
              inputDensity: 0.5,
              hiddenDensity: 0.5,
              skipConnections: true,
              initialBias: 0.05,
            },
            rng,
          ),
    rng,
  );
  thin(net, spec, rng);
  for (const slot of net.order.slice(0, spec.linearHidden ?? 0)) net.linear[slot] = 1;
  const d = spec.input.h * spec.input.w * spec.input.c;
  const offset = Float32Array.from({ length: d }, () => rng.normal() * 20);
  const scale = Float32Array.from({ length: d }, () => 0.05 + rng.next());
  const model = toModel(net, {
    featureNames: Array.from({ length: d }, (_, j) => `px${j}`),
    labelNames: Array.from({ length: spec.classes }, (_, o) => `class ${o}`),
    scaler: { kind: 'zscore', offset, scale },
  });
  const linear = model.hidden.filter((n) => n.activation === 'linear').length;
  if (linear !== (spec.linearHidden ?? 0)) throw new Error(`${spec.name}: ${linear} linear units in the model`);
  const rows = spec.rows ?? 40;
  const raw = new Float32Array(rows * d);
  for (let r = 0; r < rows; r++) for (let j = 0; j < d; j++) raw[r * d + j] = offset[j]! + rng.normal() / scale[j]!;
  return { name: spec.name, model: JSON.parse(JSON.stringify(model)) as ModelJson, raw, rows };
}

/** Masks kernels to their density, gives channels in use a bias, thins the dense part; masked weights become 0. */
function thin(net: Network, spec: ConvCase, rng: Rng): void {
  const front = net.front!;
  let conv = 0;
  front.layers.forEach((l, i) => {
    if (l.kind !== 'conv') return;
    const density = (spec.layers[i] as CaseLayer).density ?? 1;
    const per = l.weights.length / l.spec.outC;
    for (let c = 0; c < l.spec.outC; c++) {
      if (!l.active[c]) continue;
      l.bias[c] = 0.2 * rng.normal();
      // He scale for the weights left, so that thinned layers still pass a signal of the same size on.
      for (let k = c * per; k < (c + 1) * per; k++) {
        if (l.mask[k] && rng.next() >= density) l.mask[k] = 0;
        l.weights[k] = l.weights[k]! / Math.sqrt(density);
      }
    }
    if (spec.constantChannel && conv === 0) {
      const c = l.active.indexOf(1);
      l.mask.fill(0, c * per, (c + 1) * per);
      l.bias[c] = 0.5;
    }
    conv++;
  });
  const keep = spec.denseDensity ?? 1;
  if (keep < 1) {
    for (let i = 0; i < net.mask.length; i++) {
      if (net.mask[i] && rng.next() >= keep) net.mask[i] = 0;
      net.weights[i] = net.weights[i]! / Math.sqrt(keep);
    }
  }
  net.applyMask();
}

const conv = (
  channels: number,
  kernel: number,
  o: { stride?: number; padding?: number; activation?: 'relu' | 'linear'; active?: number; density?: number } = {},
): CaseLayer => ({
  kind: 'conv',
  channels,
  kernel,
  stride: o.stride ?? 1,
  padding: o.padding ?? 0,
  activation: o.activation ?? 'relu',
  ...(o.active !== undefined ? { active: o.active } : {}),
  ...(o.density !== undefined ? { density: o.density } : {}),
});
const pool = (kind: 'maxPool' | 'avgPool', size: number, stride = size): CaseLayer => ({ kind, size, stride });

/** Random conv networks covering the layer options the model format has. */
export const RANDOM_CASES: ConvCase[] = [
  {
    name: 'pad 1 relu (3 of 4 channels) -> max 2 -> linear 2x2 -> avg 2/1, MLP',
    seed: 1,
    input: { h: 8, w: 7, c: 2 },
    layers: [
      conv(4, 3, { padding: 1, active: 3, density: 0.5 }),
      pool('maxPool', 2),
      conv(3, 2, { activation: 'linear' }),
      pool('avgPool', 2, 1),
    ],
    dense: { mlp: [6] },
    classes: 3,
  },
  {
    name: 'stride 2 pad 2 at 10% -> dense 3x3 pad 1 -> overlapping max 3/2, two hidden layers (3 linear units)',
    seed: 2,
    input: { h: 12, w: 12, c: 1 },
    layers: [
      conv(6, 5, { stride: 2, padding: 2, density: 0.1 }),
      conv(5, 3, { padding: 1, density: 1 }),
      pool('maxPool', 3, 2),
    ],
    dense: { mlp: [8, 5] },
    classes: 4,
    denseDensity: 0.6,
    linearHidden: 3,
  },
  {
    name: 'one linear conv, stride 3, 30% density, no pooling, outputs read the flatten',
    seed: 3,
    input: { h: 9, w: 9, c: 3 },
    layers: [conv(4, 3, { stride: 3, activation: 'linear', density: 0.3 })],
    dense: { mlp: [] },
    classes: 2,
  },
  {
    name: 'avg pooling first, then pad 1 relu with 1 of 3 channels in use and a constant channel, DAG',
    seed: 4,
    input: { h: 10, w: 10, c: 2 },
    layers: [
      pool('avgPool', 2),
      conv(3, 3, { padding: 1, active: 2, density: 0.7 }),
      conv(4, 2, { stride: 2, active: 3, density: 0.25 }),
      pool('maxPool', 2, 1),
    ],
    dense: { dag: 5 },
    classes: 3,
    constantChannel: true,
  },
  {
    name: 'a conv layer with no channel in use (its map is all zeros), pad 2',
    seed: 5,
    input: { h: 6, w: 6, c: 1 },
    layers: [conv(2, 3, { padding: 2, active: 0 }), pool('maxPool', 2), conv(3, 2, { padding: 1, density: 0.5 })],
    dense: { mlp: [4] },
    classes: 2,
  },
];

/**
 * Caffe's LeNet-5 (conv 20@5x5, max-pool 2, conv 50@5x5, max-pool 2, fc 500, fc 10; linear convs as the preset has
 * them) thinned as a synthesis leaves it: 12 of 20 and 30 of 50 channels in use, 20% and 5% of their kernel
 * weights, 2% of the dense connections. Raw pixels 0..255 with min-max scaling, as MNIST is read.
 */
export function lenetFixture(rows = 30): ConvFixture {
  const spec: ConvCase = {
    name: 'LeNet-5 (Caffe) thinned',
    seed: 9,
    input: { h: 28, w: 28, c: 1 },
    layers: [
      conv(20, 5, { activation: 'linear', active: 12, density: 0.2 }),
      pool('maxPool', 2),
      conv(50, 5, { activation: 'linear', active: 30, density: 0.05 }),
      pool('maxPool', 2),
    ],
    dense: { mlp: [500] },
    denseDensity: 0.02,
    classes: 10,
    rows,
  };
  const f = convFixture(spec);
  const d = 28 * 28;
  const rng = new Rng(10);
  f.model.scaler = {
    kind: 'minmax',
    offset: Buffer.from(new Float32Array(d).buffer).toString('base64'),
    scale: Buffer.from(new Float32Array(d).fill(1 / 255).buffer).toString('base64'),
  };
  // Blobs of ink on a blank page rather than noise: most pixels 0, strokes near 255.
  for (let r = 0; r < rows; r++)
    for (let j = 0; j < d; j++) f.raw[r * d + j] = rng.next() < 0.2 ? Math.round(128 + 127 * rng.next()) : 0;
  return f;
}

/** A conv network trained on optdigits' 8x8 images (baseline, then scheme C pruning), with its held-out rows. */
export function trainedConvFixture(): Promise<ConvFixture> {
  return trained('optdigits conv 6@3x3 pad 1, max-pool, fc 24, scheme C', {
    dataset: { source: 'builtin:optdigits', shape: [8, 8, 1] },
    baseline: {
      conv: [{ layer: 'conv2d', channels: 6, kernel: 3, padding: 1 }, { layer: 'maxPool' }, { layer: 'flatten' }],
      hidden: [24],
      epochs: 4,
    },
    scheme: 'C',
    iterations: 2,
    seed: 6,
  });
}
