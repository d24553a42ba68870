import type { WeightFormat } from '../../protocol/modelExport';

export type { WeightFormat };

/** Weights as stored: float32, or int8 codes with one float32 scale per tensor (value = code * scale). */
export type StoredWeights =
  { kind: 'float32'; values: Float32Array } | { kind: 'int8'; codes: Int8Array; scales: Float32Array };

/** `values` as `format` stores them, a tensor being each list of indices in `groups`. */
export function storeWeights(values: Float32Array, groups: number[][], format: WeightFormat): StoredWeights {
  return format === 'int8' ? quantize(values, groups) : { kind: 'float32', values };
}

/**
 * Symmetric int8 per tensor: scale = max |w| / 127, code = round(w / scale). Symmetric (no zero point) keeps the
 * C inner loop a plain multiply-add; the range is -127..127 so that -w is representable whenever w is.
 */
export function quantize(values: Float32Array, groups: number[][]): StoredWeights {
  const codes = new Int8Array(values.length);
  const scales = new Float32Array(groups.length);
  groups.forEach((idx, g) => {
    let max = 0;
    for (const i of idx) max = Math.max(max, Math.abs(values[i]!));
    const s = Math.fround(max / 127);
    scales[g] = s;
    if (s === 0) return;
    for (const i of idx) codes[i] = Math.max(-127, Math.min(127, Math.round(values[i]! / s)));
  });
  return { kind: 'int8', codes, scales };
}
