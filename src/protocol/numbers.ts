/**
 * The number formats every surface prints (CLI table, markdown summary, renderer, dashboard, compare view,
 * pickers): one formatter per kind of number, so "376x" never reads "376.0x" somewhere else. Pure.
 */

/** An accuracy as a percentage with two decimals: "97.22%". */
export const formatPct = (x: number): string => `${(100 * x).toFixed(2)}%`;

/** A count with thousands separators: "22,410". */
export const formatInt = (x: number): string => Math.round(x).toLocaleString('en-US');

/** A ratio such as a compression: "24.5x" below 100, "376x" from 100 on, "n/a" when it is not finite. */
export function formatRatio(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  return `${x >= 100 ? x.toFixed(0) : x.toFixed(1)}x`;
}

/** Energy in the most readable unit: "812.0 pJ", "1.23 nJ", "4.56 uJ". */
export function formatEnergy(pj: number): string {
  if (pj >= 1e6) return `${(pj / 1e6).toFixed(2)} uJ`;
  if (pj >= 1e3) return `${(pj / 1e3).toFixed(2)} nJ`;
  return `${pj.toFixed(1)} pJ`;
}
