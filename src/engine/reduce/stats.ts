import type { Matrix } from 'ml-matrix';
import { Rng } from '../core/random';
import { columnMeans, covariance, symmetricEigen, type SymmetricEigen } from './linalg';
import { randomizedPays, topEigen } from './randomizedEigen';

/**
 * The training split's statistics that several DR methods share (PCA, factor analysis and ICA all start from the
 * covariance). Computed once per split and reused across the candidates of a selection grid.
 */
export class TrainingStats {
  private meanCache?: Float64Array;
  private covCache?: Matrix;
  private eigenCache?: SymmetricEigen;
  private leadingCache = new Map<number, SymmetricEigen>();

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

  /**
   * At least the k leading eigenpairs of the covariance: from the full decomposition when it is already known or k
   * is a large share of d, else by the randomized solver (cached per k). Its random block comes from a fixed seed,
   * so a cell's transform does not depend on which other cells shared this object (threads, order).
   */
  leading(k: number): SymmetricEigen {
    if (this.eigenCache || !randomizedPays(this.d, k)) return this.eigen;
    let e = this.leadingCache.get(k);
    if (!e) {
      e = topEigen(this.covariance, k, { rng: new Rng(0x5ca11).fork(`eigen:${k}`) });
      this.leadingCache.set(k, e);
    }
    return e;
  }

  /** The total variance (the covariance's trace, the sum of all its eigenvalues). */
  get totalVariance(): number {
    let s = 0;
    for (let i = 0; i < this.d; i++) s += this.covariance.get(i, i);
    return s;
  }
}
