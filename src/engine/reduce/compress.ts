/**
 * Layer compression of DR+SCANN (research/paper.md section 5): after reducing d features to k, every hidden layer
 * of the starting network shrinks by the feature compression ratio r = d / k, n' = max(1, round(n / r)).
 */
export function shrinkCount(n: number, ratio: number): number {
  return ratio > 1 ? Math.max(1, Math.round(n / ratio)) : n;
}

export function shrinkLayers(layers: number[], ratio: number): number[] {
  return layers.map((n) => shrinkCount(n, ratio));
}
