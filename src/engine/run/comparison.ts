/**
 * The paired comparison of two classifiers scored on the same rows (the synthesized network against its baseline on
 * the test split). Pairing matters: both see the same rows, so the question is only how the rows on which they
 * disagree split, which is far sharper than comparing two independent accuracies.
 */

import type { PairedComparison } from '../../protocol/result';

/** A paired 2x2 table: rows both classify right, only A, only B, neither. */
export interface PairedCounts {
  both: number;
  onlyA: number;
  onlyB: number;
  neither: number;
}

/** The two-sided 97.5% normal quantile. */
const Z95 = 1.959963984540054;

export function pairedCounts(
  correctA: ArrayLike<boolean | number>,
  correctB: ArrayLike<boolean | number>,
): PairedCounts {
  if (correctA.length !== correctB.length) {
    throw new Error(`paired comparison of ${correctA.length} and ${correctB.length} rows`);
  }
  const t: PairedCounts = { both: 0, onlyA: 0, onlyB: 0, neither: 0 };
  for (let i = 0; i < correctA.length; i++) {
    const a = Boolean(correctA[i]);
    const b = Boolean(correctB[i]);
    if (a && b) t.both++;
    else if (a) t.onlyA++;
    else if (b) t.onlyB++;
    else t.neither++;
  }
  return t;
}

/** Wilson score interval of a proportion x / n. */
export function wilson(x: number, n: number, z = Z95): [number, number] {
  if (n === 0) return [0, 1];
  const p = x / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * 95% interval of accuracy(A) - accuracy(B) from paired data: Newcombe (1998, Statistics in Medicine 17:2635),
 * method 10, the Wilson intervals of both accuracies combined through the correlation of the pairs. Chosen over
 * the Wald interval because that one collapses to a point when the classifiers never disagree, and over a
 * bootstrap because it is exact arithmetic: the same table always gives the same interval.
 */
export function newcombePaired(t: PairedCounts, z = Z95): [number, number] {
  const { both: a, onlyA: b, onlyB: c, neither: d } = t;
  const n = a + b + c + d;
  if (n === 0) return [-1, 1];
  const p1 = (a + b) / n;
  const p2 = (a + c) / n;
  const [l1, u1] = wilson(a + b, n, z);
  const [l2, u2] = wilson(a + c, n, z);
  const denom = (a + b) * (c + d) * (a + c) * (b + d);
  let phi = 0;
  if (denom > 0) {
    const ad = a * d;
    const bc = b * c;
    // Newcombe's continuity correction of phi, applied only to a positive association.
    const num = ad > bc ? Math.max(ad - bc - n / 2, 0) : ad - bc;
    phi = num / Math.sqrt(denom);
  }
  const diff = p1 - p2;
  const below = Math.sqrt(Math.max(0, (p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2));
  const above = Math.sqrt(Math.max(0, (u1 - p1) ** 2 - 2 * phi * (u1 - p1) * (p2 - l2) + (p2 - l2) ** 2));
  return [Math.max(-1, diff - below), Math.min(1, diff + above)];
}

const LOG_FACTORIALS: number[] = [0];
function logFactorial(n: number): number {
  for (let i = LOG_FACTORIALS.length; i <= n; i++) LOG_FACTORIALS.push(LOG_FACTORIALS[i - 1]! + Math.log(i));
  return LOG_FACTORIALS[n]!;
}

/**
 * Two-sided exact McNemar test: if A and B are equally accurate, every row only one of them gets right is a fair
 * coin, so p = 2 P(X <= min(b, c)) for X ~ Binomial(b + c, 1/2), capped at 1.
 */
export function mcnemarExact(onlyA: number, onlyB: number): number {
  const n = onlyA + onlyB;
  if (n === 0) return 1;
  const k = Math.min(onlyA, onlyB);
  // The tail is summed in log space relative to its largest term: no overflow for large n, no lost small terms.
  const logs: number[] = [];
  for (let i = 0; i <= k; i++) logs.push(logFactorial(n) - logFactorial(i) - logFactorial(n - i) - n * Math.LN2);
  const top = Math.max(...logs);
  let sum = 0;
  for (const l of logs) sum += Math.exp(l - top);
  return Math.min(1, 2 * Math.exp(top) * sum);
}

/**
 * The result's comparison of the synthesized network with the baseline from their per-row correct flags on the
 * test split. The delta is taken from the two reported accuracies (so it equals their difference exactly); the
 * counts give the same number up to rounding.
 */
export function compareOnTest(
  synthesized: { testAccuracy: number; correct: ArrayLike<boolean | number> },
  baseline: { testAccuracy: number; correct: ArrayLike<boolean | number> },
): PairedComparison {
  const t = pairedCounts(synthesized.correct, baseline.correct);
  return {
    testAccuracyDelta: synthesized.testAccuracy - baseline.testAccuracy,
    ci95: newcombePaired(t),
    pValue: mcnemarExact(t.onlyA, t.onlyB),
    method: 'mcnemar-exact+newcombe',
    testRows: synthesized.correct.length,
    onlyBaselineRight: t.onlyB,
    onlySynthesizedRight: t.onlyA,
  };
}
