import type { DrMethod } from '../../protocol/config';
import type { LinearTransform } from './transform';
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
  const transform: LinearTransform = { kind: 'linear', method, d, k, mean: Float32Array.from(mean), matrix };
  return { method, transform, extension: 'linear', cost: { macs: nonZeros, parameters: nonZeros, energyPj: 0 }, notes };
}
