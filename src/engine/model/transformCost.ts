import { landmarkCost } from '../reduce/manifold';
import type { DecodedModel } from './decode';

/**
 * The DR transform's multiply-accumulates per inference, as the run counted them: a linear matrix its non-zeros
 * (sparse random projections store zeros), a landmark extension its distance, neighbour and projection work.
 */
export function transformMacs(d: DecodedModel): number {
  if (d.reduce) return d.reduce.matrix.reduce((n, v) => n + (v !== 0 ? 1 : 0), 0);
  const r = d.model.reduce;
  if (r?.kind !== 'landmarks') return 0;
  return landmarkCost({ count: r.count, d: r.inputs }, r.neighbors, r.outputs, r.method === 'isomap').macs;
}
