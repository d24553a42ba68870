import type { DrMethod } from '../../protocol/config';
import { operationsEnergy } from '../../protocol/energy';
import type { EnergyTable } from '../../protocol/result';
import { fitFactorAnalysis } from './factorAnalysis';
import { fitIca } from './ica';
import { fitIsomap } from './isomap';
import { fitPca } from './pca';
import { fitRandomProjection } from './randomProjection';
import { fitSpectral } from './spectral';
import { ReduceError, type FitInput, type FittedReduce } from './types';

/** Fits one DR method on the training split (inside `input.stats`); the energy of its cost uses `table`. */
export function fitReduce(method: DrMethod, input: FitInput, table?: EnergyTable): FittedReduce {
  const { k, stats } = input;
  if (!Number.isInteger(k) || k < 1 || k > stats.d) {
    throw new ReduceError(`${method}: dims must be between 1 and the feature count ${stats.d}, got ${k}`);
  }
  const fitted = dispatch(method, input);
  // A transform is MACs and parameter reads only (no ReLU comparisons).
  const { macs, parameters } = fitted.cost;
  if (table) fitted.cost.energyPj = operationsEnergy({ macs, reads: parameters, compares: 0 }, table);
  return fitted;
}

function dispatch(method: DrMethod, input: FitInput): FittedReduce {
  switch (method) {
    case 'pca':
      return fitPca(input);
    case 'factorAnalysis':
      return fitFactorAnalysis(input);
    case 'ica':
      return fitIca(input);
    case 'isomap':
      return fitIsomap(input);
    case 'spectral':
      return fitSpectral(input);
    case 'rpGaussian':
    case 'rpGaussianUnit':
    case 'rpSparseBinary':
    case 'rpSparseTernary':
      return fitRandomProjection(method, input);
  }
}
