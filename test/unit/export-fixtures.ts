/**
 * Models for the export tests, made by actually training (small budgets), with the raw held-out rows the
 * engine never saw. Not a test file itself (no `.test.ts`): the export-*.test.ts files import it.
 */
import * as path from 'node:path';
import { encodeFloat32 } from '../../src/protocol/base64';
import { configSchema, type ScannConfigInput } from '../../src/protocol/config';
import type { ModelJson } from '../../src/protocol/model';
import { loadDataset } from '../../src/engine/data/load';
import { prepareData } from '../../src/engine/data/prepare';
import { Rng } from '../../src/engine/core/random';
import { runSynthesis } from '../../src/engine/run/run';

export const dataDir = path.join(__dirname, '..', '..', 'data');

export interface Fixture {
  name: string;
  model: ModelJson;
  /** Raw (unscaled) row-major held-out rows. */
  raw: Float32Array;
  rows: number;
  /** True classes of the rows, when they come from the dataset. */
  labels?: Int32Array;
}

const QUICK = { baseline: { epochs: 6, hidden: [24, 12] }, train: { epochs: 3 } } as const;

/** Trains `config` and returns its model with the raw rows of the run's own test split. */
export async function trained(name: string, config: ScannConfigInput): Promise<Fixture> {
  const cfg = configSchema.parse({ ...QUICK, ...config });
  const result = await runSynthesis(cfg, { baseDir: dataDir, dataDir });
  if (!result.model) throw new Error('the run returned no model');
  // The run splits with rng.fork('split') of its seed; the split does not depend on scaling, so this gives the
  // same test rows, unscaled.
  const raw = await loadDataset(cfg.dataset, { baseDir: dataDir, dataDir });
  const data = prepareData(raw, { ...cfg.dataset, scaling: 'none' }, new Rng(cfg.seed).fork('split'));
  return { name, model: result.model, raw: data.test.x, rows: data.test.rows, labels: data.test.y };
}

/**
 * The same network behind a synthetic linear DR transform: `rawFeatures` raw columns with arbitrary offsets and
 * scales, a random mean and matrix mapping them onto the network's inputs, and random raw rows to predict.
 */
export function withLinearReduce(base: Fixture, rawFeatures: number, seed: number): Fixture {
  const rng = new Rng(seed);
  const k = base.model.inputs;
  const offset = Float32Array.from({ length: rawFeatures }, () => rng.normal() * 50);
  const scale = Float32Array.from({ length: rawFeatures }, () => 0.05 + rng.next());
  const mean = Float32Array.from({ length: rawFeatures }, () => rng.normal() * 0.2);
  const matrix = Float32Array.from({ length: rawFeatures * k }, () => rng.normal() / Math.sqrt(rawFeatures));
  const model: ModelJson = {
    ...base.model,
    featureNames: Array.from({ length: rawFeatures }, (_, j) => `raw${j}`),
    scaler: { kind: 'zscore', offset: encodeFloat32(offset), scale: encodeFloat32(scale) },
    reduce: {
      kind: 'linear',
      method: 'synthetic',
      inputs: rawFeatures,
      outputs: k,
      mean: encodeFloat32(mean),
      matrix: encodeFloat32(matrix),
    },
  };
  const rows = 60;
  const raw = new Float32Array(rows * rawFeatures);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < rawFeatures; j++) raw[r * rawFeatures + j] = offset[j]! + (rng.normal() * 1.5) / scale[j]!;
  }
  return { name: `${base.name} + linear DR ${rawFeatures}->${k}`, model, raw, rows };
}

/**
 * Scheme B (DAG: skip and hidden->hidden edges), scheme C (MLP space), scheme A, B behind a linear DR, and B with
 * a PCA layer (linear hidden neurons).
 */
export async function exportFixtures(): Promise<Fixture[]> {
  const b = await trained('wine scheme B', {
    dataset: { source: 'builtin:wine' },
    scheme: 'B',
    iterations: 2,
    seed: 3,
  });
  const c = await trained('wine scheme C', {
    dataset: { source: 'builtin:wine' },
    scheme: 'C',
    iterations: 2,
    seed: 5,
  });
  const a = await trained('iris scheme A', {
    dataset: { source: 'builtin:iris' },
    scheme: 'A',
    iterations: 2,
    seed: 2,
  });
  // A DR transform as the network's first layer: linear hidden neurons reading the raw features.
  const layer = await trained('wine scheme B, PCA as a layer', {
    dataset: { source: 'builtin:wine' },
    scheme: 'B',
    iterations: 2,
    seed: 4,
    reduce: { method: 'pca', dims: 6, as: 'layer', compressedMlp: false },
  });
  if (!layer.model.hidden.some((n) => n.activation === 'linear'))
    throw new Error('the layer fixture has no linear neurons');
  return [b, c, a, withLinearReduce(b, 20, 11), layer];
}

export function argmax(p: Float32Array, row: number, c: number): number {
  let best = 0;
  for (let o = 1; o < c; o++) if (p[row * c + o]! > p[row * c + best]!) best = o;
  return best;
}

/** Largest |a - b| over all entries, and the rows whose argmax differs. */
export function compareProbs(
  a: Float32Array,
  b: Float32Array,
  rows: number,
  c: number,
): { maxDiff: number; argmaxDiffers: number[] } {
  let maxDiff = 0;
  const argmaxDiffers: number[] = [];
  for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i]! - b[i]!));
  for (let r = 0; r < rows; r++) if (argmax(a, r, c) !== argmax(b, r, c)) argmaxDiffers.push(r);
  return { maxDiff, argmaxDiffers };
}

/** Counts each connection group of a model (unit ids: inputs, then hidden by position). */
export function edgeKinds(model: ModelJson): { skip: number; hiddenHidden: number } {
  let skip = 0;
  let hiddenHidden = 0;
  for (const n of model.output) skip += n.sources.filter((u) => u < model.inputs).length;
  for (const n of model.hidden) hiddenHidden += n.sources.filter((u) => u >= model.inputs).length;
  return { skip, hiddenHidden };
}
