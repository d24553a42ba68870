import type { DecodedModel } from '../model/decode';

/**
 * Level of every hidden neuron (1 + the highest level among its hidden sources; inputs are level 0), so that a
 * level only reads inputs and lower levels: the unit a dense-layer format can evaluate in one step.
 */
export function hiddenLevels(d: DecodedModel): Int32Array {
  const level = new Int32Array(d.hidden.length);
  d.hidden.forEach((n, k) => {
    let lv = 1;
    for (const u of n.sources) if (u >= d.inputs) lv = Math.max(lv, level[u - d.inputs]! + 1);
    level[k] = lv;
  });
  return level;
}
