import type { Matrix } from 'ml-matrix';
import { columnMeans, covariance, symmetricEigen, type SymmetricEigen } from './linalg';

/**
 * The training split's statistics that several DR methods share (PCA, factor analysis and ICA all start from the
 * covariance). Computed once per split and reused across the candidates of a selection grid.
 */
export class TrainingStats {
  private meanCache?: Float64Array;
  private covCache?: Matrix;
  private eigenCache?: SymmetricEigen;

  constructor(
    readonly x: Float32Array,
    readonly rows: number,
    readonly d: number,
  ) {}

  get mean(): Float64Array {
    this.meanCache ??= columnMeans(this.x, this.rows, this.d);
    return this.meanCache;
  }

  get covariance(): Matrix {
    this.covCache ??= covariance(this.x, this.rows, this.d, this.mean);
    return this.covCache;
  }

  /** Eigen-decomposition of the covariance: the principal axes, largest variance first. */
  get eigen(): SymmetricEigen {
    this.eigenCache ??= symmetricEigen(this.covariance);
    return this.eigenCache;
  }
}
