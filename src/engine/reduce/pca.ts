import { leadingColumns } from './linalg';
import { linearFit } from './linearModel';
import type { FitInput, FittedReduce } from './types';

/** PCA: projection on the k leading eigenvectors of the training covariance (no whitening, as scikit-learn). */
export function fitPca({ stats, k }: FitInput): FittedReduce {
  const { vectors, values } = stats.leading(k);
  const total = stats.totalVariance;
  const kept = values.slice(0, k).reduce((s, v) => s + Math.max(0, v), 0);
  const notes = [`PCA keeps ${total > 0 ? ((100 * kept) / total).toFixed(1) : '0'}% of the training variance`];
  return linearFit('pca', stats.mean, leadingColumns(vectors, k), stats.d, k, notes);
}
