import { encodeFloat32 } from '../../protocol/base64';
import type { DrMethod } from '../../protocol/config';
import type { ModelReduceLinear } from '../../protocol/model';
import type { FittedReduce } from './types';

/**
 * Wraps a d x k projection as a fitted linear transform. The mean subtraction is not counted as a cost: it folds
 * into the first layer's biases ((x - mean) M = x M - mean M), so a deployed model pays only for the non-zeros.
 */
export function linearFit(
  method: DrMethod,
  mean: ArrayLike<number>,
  matrix: Float32Array,
  d: number,
  k: number,
  notes: string[] = [],
): FittedReduce {
  let nonZeros = 0;
  for (let i = 0; i < matrix.length; i++) if (matrix[i] !== 0) nonZeros++;
  const model: ModelReduceLinear = {
    kind: 'linear',
    method,
    inputs: d,
    outputs: k,
    mean: encodeFloat32(Float32Array.from(mean)),
    matrix: encodeFloat32(matrix),
  };
  return { method, model, extension: 'linear', cost: { macs: nonZeros, parameters: nonZeros, energyPj: 0 }, notes };
}
