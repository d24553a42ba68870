/**
 * A method of the suite is a transform of the default run config (`dataset` + `seed` and nothing else). Adding one
 * (a pruning peer as `{ ...c, scheme: 'imp' }`, a tolerance setting, ...) is one entry here; the runner, the cache
 * and the report pick it up by id.
 */
import type { ScannConfigInput } from '../../src/protocol/config';

export interface Method {
  id: string;
  title: string;
  config(base: ScannConfigInput): ScannConfigInput;
}

export const METHODS: Method[] = [
  { id: 'default', title: 'engine defaults: only dataset and seed set', config: (c) => c },
  { id: 'A', title: 'scheme A (constructive DAG)', config: (c) => ({ ...c, scheme: 'A' }) },
  { id: 'B', title: 'scheme B (destructive DAG)', config: (c) => ({ ...c, scheme: 'B' }) },
  { id: 'C', title: 'scheme C (destructive MLP)', config: (c) => ({ ...c, scheme: 'C' }) },
  {
    id: 'imp',
    title: 'the pruning peer: iterative magnitude pruning of the trained baseline (20% per round, retrained)',
    config: (c) => ({ ...c, scheme: 'imp' }),
  },
];

export function methodsById(ids: string[]): Method[] {
  return ids.map((id) => {
    const m = METHODS.find((x) => x.id === id);
    if (!m) throw new Error(`unknown method ${id}; known: ${METHODS.map((x) => x.id).join(', ')}`);
    return m;
  });
}
