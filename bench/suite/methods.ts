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
  // Selection ablation (issue 11): each idea alone and combined, on the default scheme.
  { id: 'ft', title: 'fine-tune the selected network 15 epochs', config: (c) => withSelect(c, { finetune: 15 }) },
  { id: 'm1', title: 'selection margin of 1 standard error', config: (c) => withSelect(c, { margin: 1 }) },
  {
    id: 'ft-c3',
    title: 'fine-tune up to 3 candidates, take the first confirmed',
    config: (c) => withSelect(c, { finetune: 15, confirm: 3 }),
  },
  {
    id: 'ft-c3-m1',
    title: 'fine-tune up to 3 candidates with a 1 SE margin',
    config: (c) => withSelect(c, { finetune: 15, confirm: 3, margin: 1 }),
  },
  { id: 'fbC', title: 'scheme C when B misses the target', config: (c) => withSelect(c, { fallback: 'C' }) },
  {
    id: 'ft-c3-fbC',
    title: 'fine-tune up to 3 candidates; scheme C when B misses the target',
    config: (c) => withSelect(c, { finetune: 15, confirm: 3, fallback: 'C' }),
  },
];

function withSelect(c: ScannConfigInput, select: NonNullable<ScannConfigInput['select']>): ScannConfigInput {
  return { ...c, select: { ...c.select, ...select } };
}

export function methodsById(ids: string[]): Method[] {
  return ids.map((id) => {
    const m = METHODS.find((x) => x.id === id);
    if (!m) throw new Error(`unknown method ${id}; known: ${METHODS.map((x) => x.id).join(', ')}`);
    return m;
  });
}
