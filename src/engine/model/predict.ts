import type { ModelJson } from '../../protocol/model';
import { applyScaler } from '../data/prepare';
import { applyTransform, type ReduceTransform } from '../reduce/transform';
import { predictProba } from '../training/inference';
import { ModelError } from './error';
import { fromModel } from './format';

/** Class probabilities for raw (unscaled) row-major features: scaling, then the DR transform if any, then the net. */
export function predictRaw(model: ModelJson, raw: Float32Array, rows: number): Float32Array {
  const { net, ctx } = fromModel(model);
  const rawFeatures = ctx.reduce ? ctx.reduce.d : net.rowSize;
  const scaled = applyScaler(ctx.scaler, raw, rawFeatures);
  const x = ctx.reduce ? applyReduce(ctx.reduce, scaled, rows) : scaled;
  return predictProba(net, x, rows);
}

/** A model's DR transform on scaled row-major features, refusing a table of the wrong width. */
function applyReduce(reduce: ReduceTransform, x: Float32Array, rows: number): Float32Array {
  if (x.length !== rows * reduce.d) {
    throw new ModelError(`reduce: expected ${rows} rows of ${reduce.d} features, got ${x.length} values`);
  }
  return applyTransform(reduce, x, rows);
}
