import type { DrMethod } from '../../protocol/config';
import { linearFit } from './linearModel';
import type { FitInput, FittedReduce } from './types';

type RandomMethod = Extract<DrMethod, 'rpGaussian' | 'rpGaussianUnit' | 'rpSparseBinary' | 'rpSparseTernary'>;

/**
 * The four random projections of the paper (research/paper.md section 5), d x k, applied to centred features:
 * - `rpGaussian`: N(0, 1/k) entries (scikit-learn's GaussianRandomProjection; Johnson-Lindenstrauss).
 * - `rpGaussianUnit`: N(0, 1) entries, the same directions at sqrt(k) times the scale.
 * - `rpSparseBinary`: 0/1 entries, each 1 with probability 1/sqrt(d) (at least one per output): every output
 *   sums a random subset of the features, so it costs additions only. Not distance-preserving (entries are not
 *   zero-mean); it is the cheapest sketch.
 * - `rpSparseTernary`: Achlioptas, sqrt(3/k) x {+1 w.p. 1/6, 0 w.p. 2/3, -1 w.p. 1/6}.
 * Their cost is their non-zeros (sparse methods store and multiply only those).
 */
export function fitRandomProjection(method: RandomMethod, { stats, k, rng }: FitInput): FittedReduce {
  const d = stats.d;
  const m = new Float32Array(d * k);
  switch (method) {
    case 'rpGaussian': {
      const s = 1 / Math.sqrt(k);
      for (let i = 0; i < m.length; i++) m[i] = s * rng.normal();
      break;
    }
    case 'rpGaussianUnit':
      for (let i = 0; i < m.length; i++) m[i] = rng.normal();
      break;
    case 'rpSparseBinary': {
      const p = 1 / Math.sqrt(d);
      for (let c = 0; c < k; c++) {
        let any = false;
        for (let i = 0; i < d; i++) {
          if (rng.next() < p) {
            m[i * k + c] = 1;
            any = true;
          }
        }
        if (!any) m[rng.int(d) * k + c] = 1;
      }
      break;
    }
    case 'rpSparseTernary': {
      const s = Math.sqrt(3 / k);
      for (let i = 0; i < m.length; i++) {
        const u = rng.next();
        m[i] = u < 1 / 6 ? s : u < 1 / 3 ? -s : 0;
      }
      break;
    }
  }
  return linearFit(method, stats.mean, m, d, k);
}
