/**
 * The words and numbers of what a run claims: whether it met its selection target, how it compares with the
 * baseline on the test split, and what the DR step chose. One wording for every surface (CLI table, markdown
 * summary, renderer, dashboard, compare view), so none can soften what another says. Pure.
 */
import { formatRatio } from './numbers';
import type { PairedComparison, ReduceResult, RunTarget } from './result';

/** Two accuracies as percentages with the fewest decimals (1 to 3) that keep unequal values apart. */
export function pctPair(a: number, b: number): [string, string] {
  for (const digits of [1, 2]) {
    const x = (100 * a).toFixed(digits);
    const y = (100 * b).toFixed(digits);
    if (x !== y || a === b) return [`${x}%`, `${y}%`];
  }
  return [`${(100 * a).toFixed(3)}%`, `${(100 * b).toFixed(3)}%`];
}

const signed = (x: number, digits: number): string => {
  const s = x.toFixed(digits);
  // -0.00 reads as a loss; a value that rounds to zero has no sign.
  if (Number(s) === 0) return (0).toFixed(digits);
  return x > 0 ? `+${s}` : s;
};

/** A p-value with two significant digits; tiny ones as a bound. */
export function formatP(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  if (p >= 0.995) return 'p = 1';
  return `p = ${Number(p.toPrecision(2))}`;
}

/** The 95% interval in points, "[-1.4, +0.3]": one decimal, two when the interval is narrower than a point. */
export function formatCi(ci: readonly [number, number]): string {
  const digits = (ci[1] - ci[0]) * 100 < 1 ? 2 : 1;
  return `[${signed(100 * ci[0], digits)}, ${signed(100 * ci[1], digits)}]`;
}

/** "-0.56 pt [-1.4, +0.3], p = 0.27": the accuracy delta against the baseline, its interval and p-value. */
export function comparisonText(c: PairedComparison): string {
  return `${signed(100 * c.testAccuracyDelta, 2)} pt ${formatCi(c.ci95)}, ${formatP(c.pValue)}`;
}

/** "-0.3 pt [-0.9, +0.3]": the short form for narrow cells and tooltips. */
export function comparisonShort(c: PairedComparison): string {
  return `${signed(100 * c.testAccuracyDelta, 1)} pt ${formatCi(c.ci95)}`;
}

/** What the comparison supports, in words: whether the 95% interval excludes zero, and the counts behind it. */
export function comparisonVerdict(c: PairedComparison): string {
  const [lo, hi] = c.ci95;
  const verdict =
    hi < 0
      ? 'SCANN is less accurate than the baseline'
      : lo > 0
        ? 'SCANN is more accurate than the baseline'
        : 'no significant difference from the baseline';
  return (
    `paired on ${c.testRows.toLocaleString('en-US')} test rows (only the baseline right on ${c.onlyBaselineRight}, ` +
    `only SCANN on ${c.onlySynthesizedRight}): ${verdict} at 95%`
  );
}

/** "target NOT met: <reason>", or undefined when met (or unknown, in results saved before targets existed). */
export function targetHeadline(t: RunTarget | undefined): string | undefined {
  if (!t || t.met) return undefined;
  return `target NOT met: ${t.reason ?? `no network satisfied ${t.rule}`}`;
}

/** "target met (smallestWithin): validation 95.2% against the baseline's 95.2%". */
export function targetMetLine(t: RunTarget): string {
  const [sel, base] = pctPair(t.selectedValidation, t.baselineValidation);
  return `target met (${t.rule}): validation ${sel} against the baseline's ${base}`;
}

/** The DR step in one line: "auto chose none (every reduction cost ...)" or "pca 64 -> 16 features (...)". */
export function reduceLine(
  r: Pick<ReduceResult, 'method' | 'dims' | 'inputs' | 'selected' | 'reason'> & Pick<Partial<ReduceResult>, 'as'>,
): string {
  if (r.method === 'none') return `auto chose none${r.reason ? ` (${r.reason})` : ''}`;
  const how = r.reason ? `auto: ${r.reason}` : r.selected ? 'chosen from the grid' : '';
  const layer = r.as === 'layer' ? ", as the network's first layer" : '';
  return `${r.method} ${r.inputs} -> ${r.dims} features${layer}${how ? ` (${how})` : ''}`;
}

/**
 * How the synthesized network compares with the baseline on a cost, from `ratio` = baseline / synthesized:
 * "4.2x fewer" (or `less`), and "1.5x more" when the synthesized network costs more; a ratio below 1 printed as
 * "0.7x less" would claim the opposite of what happened.
 */
export function costChange(ratio: number, smaller: 'fewer' | 'less'): string {
  if (!(ratio > 0) || !Number.isFinite(ratio)) return 'n/a';
  return ratio >= 1 ? `${formatRatio(ratio)} ${smaller}` : `${formatRatio(1 / ratio)} more`;
}
