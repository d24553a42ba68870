/** Pareto front for "more accuracy, less cost" (connections or energy). Pure (no DOM). */

export interface ParetoPoint {
  /** Cost: smaller is better. */
  cost: number;
  /** Accuracy: larger is better. */
  accuracy: number;
}

/**
 * Indices of the non-dominated points, by increasing cost. A point is dominated when another is at least as good
 * in both and better in one; of exact duplicates the first is kept. Non-finite points never make the front.
 */
export function paretoFront(points: readonly ParetoPoint[]): number[] {
  const idx = points
    .map((_, i) => i)
    .filter((i) => Number.isFinite(points[i]!.cost) && Number.isFinite(points[i]!.accuracy))
    .sort((a, b) => points[a]!.cost - points[b]!.cost || points[b]!.accuracy - points[a]!.accuracy || a - b);
  const front: number[] = [];
  let best = -Infinity;
  for (const i of idx) {
    if (points[i]!.accuracy > best) {
      front.push(i);
      best = points[i]!.accuracy;
    }
  }
  return front;
}
