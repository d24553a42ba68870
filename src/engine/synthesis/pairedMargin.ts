import { marginOf } from './selector';
import type { SelectConfig } from '../../protocol/config';

/** How a candidate and the baseline split the validation rows: only the baseline right, only the candidate right. */
export interface ValidationPairs {
  onlyBaseline: number;
  onlyCandidate: number;
  rows: number;
}

/**
 * Counts the pairs from per-row correct flags (1/0, the same rows in the same order). Only the rows on which the two
 * disagree carry information about which is more accurate: the rest add nothing to either side.
 */
export function validationPairs(baseline: ArrayLike<number>, candidate: ArrayLike<number>): ValidationPairs {
  if (baseline.length !== candidate.length) {
    throw new Error(`paired validation of ${baseline.length} and ${candidate.length} rows`);
  }
  let onlyBaseline = 0;
  let onlyCandidate = 0;
  for (let i = 0; i < baseline.length; i++) {
    if (baseline[i] && !candidate[i]) onlyBaseline++;
    else if (candidate[i] && !baseline[i]) onlyCandidate++;
  }
  return { onlyBaseline, onlyCandidate, rows: baseline.length };
}

/**
 * The rows by which the candidate must out-score the baseline: `margin` standard errors of McNemar's statistic
 * (sqrt(b + c) rows under "equally accurate"), less what `tolerance` allows. Unlike a binomial margin at the
 * baseline's accuracy, it grows with the disagreement: a network that classifies nearly every row as the baseline
 * does needs almost nothing, one that differs on many rows needs a clear win, because its equal score could as well
 * be a loss on the next rows.
 */
export function pairedRequirement(p: ValidationPairs, margin: number, tolerance: number): number {
  return margin * Math.sqrt(p.onlyBaseline + p.onlyCandidate) - tolerance * p.rows;
}

/** Whether the candidate clears the paired requirement (c - b >= margin x sqrt(b + c) - tolerance x rows). */
export function pairedConfirms(p: ValidationPairs, cfg: Pick<SelectConfig, 'margin' | 'tolerance'>): boolean {
  const need = pairedRequirement(p, marginOf(cfg, p.rows), cfg.tolerance);
  return p.onlyCandidate - p.onlyBaseline >= need - 1e-9;
}

/** "c - b = +2 of 176 rows (12 disagree; needs >= +3.5)": what a log line says about a paired confirmation. */
export function describePairs(p: ValidationPairs, cfg: Pick<SelectConfig, 'margin' | 'tolerance'>): string {
  const diff = p.onlyCandidate - p.onlyBaseline;
  const need = pairedRequirement(p, marginOf(cfg, p.rows), cfg.tolerance);
  const signed = (x: number, digits: number) => `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`;
  return (
    `c - b = ${signed(diff, 0)} of ${p.rows} rows (${p.onlyBaseline + p.onlyCandidate} disagree; ` +
    `needs >= ${signed(need, 1)})`
  );
}
