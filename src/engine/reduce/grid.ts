import { pctPair } from '../../protocol/claims';
import { DR_METHODS, LINEAR_DR_METHODS, type DrMethod, type ReduceConfig } from '../../protocol/config';
import type { ReduceCandidate, ReduceChoice } from '../../protocol/result';
import { ReduceError } from './types';

/** A method and dimension to score; `none` is the unreduced data (dims = the raw feature count). */
export interface GridCell {
  method: ReduceChoice;
  dims: number;
}

/** The default candidate dimensions: d/2, d/4, d/8, ... while at least the class count (at least one value). */
export function defaultDims(d: number, classes: number): number[] {
  const out: number[] = [];
  for (let k = Math.floor(d / 2); k >= Math.max(1, classes); k = Math.floor(k / 2)) out.push(k);
  if (out.length === 0) out.push(Math.max(1, Math.floor(d / 2)));
  return out;
}

/** The dimensions a config asks for, checked against the feature count. */
export function configDims(cfg: ReduceConfig, d: number, classes: number, dataset: string): number[] {
  const dims = cfg.dims === undefined ? defaultDims(d, classes) : Array.isArray(cfg.dims) ? cfg.dims : [cfg.dims];
  const tooLarge = dims.filter((k) => k > d);
  if (tooLarge.length) {
    throw new ReduceError(
      `reduce.dims ${tooLarge.join(', ')} ${tooLarge.length > 1 ? 'are' : 'is'} larger than the ${d} features of ` +
        `"${dataset}"; use at most ${d}`,
    );
  }
  return [...new Set(dims)].sort((a, b) => b - a);
}

/**
 * Every (method, dims) pair the selection evaluates, in a stable order: methods as listed, larger dims first. With
 * `auto` the unreduced data comes first: reducing is itself a choice, and it must earn its place.
 */
export function gridCells(cfg: ReduceConfig, d: number, classes: number, dataset: string): GridCell[] {
  // A DR layer is a linear transform: its search leaves the manifold methods out.
  const every = cfg.as === 'layer' ? [...LINEAR_DR_METHODS] : [...DR_METHODS];
  const methods: DrMethod[] =
    cfg.method === 'auto' ? (cfg.methods ?? every) : cfg.method === 'none' ? [] : [cfg.method];
  const dims = configDims(cfg, d, classes, dataset);
  const cells: GridCell[] = [...new Set(methods)].flatMap((method) => dims.map((k) => ({ method, dims: k })));
  return cfg.method === 'auto' ? [{ method: 'none', dims: d }, ...cells] : cells;
}

/** "pca k=20", or "no reduction". */
export function cellLabel(c: GridCell): string {
  return c.method === 'none' ? 'no reduction' : `${c.method} k=${c.dims}`;
}

/** What a cell costs per inference beyond the network: its transform's multiply-accumulates (none: nothing). */
export function cellCost(c: ReduceCandidate): number {
  return c.method === 'none' ? 0 : (c.macs ?? Number.POSITIVE_INFINITY);
}

/**
 * The cost-aware choice: among the cells whose validation score is within `tolerance` of the best one, the cheapest
 * transform (`cellCost`); ties go to the higher score, then the smaller dimension, then the earlier method in
 * `DR_METHODS`. Failed cells are skipped. The unreduced cell, when present, costs nothing, so it wins whenever it is
 * within the tolerance of the best; `chooseReduction` also keeps reductions that barely beat it out of the running.
 */
export function chooseCandidate(grid: ReduceCandidate[], tolerance = 0): ReduceCandidate {
  const ok = grid.filter((c) => c.error === undefined);
  if (ok.length === 0) {
    const why = grid.map((c) => `${c.method}/${c.dims}: ${c.error ?? 'not a reduction'}`).join('; ');
    throw new ReduceError(`no DR candidate could be evaluated (${why})`);
  }
  const best = Math.max(...ok.map((c) => c.score));
  const rank = (m: ReduceChoice): number => (m === 'none' ? -1 : DR_METHODS.indexOf(m));
  const eligible = ok.filter((c) => c.score >= best - tolerance - 1e-9);
  return eligible.reduce((a, c) => {
    const order = cellCost(c) - cellCost(a) || a.score - c.score || c.dims - a.dims || rank(c.method) - rank(a.method);
    return order < 0 ? c : a;
  });
}

/** How `auto` weighs a reduction against the raw features. */
export interface ReductionRule {
  /** Scores within this of the best count as equally good (`reduce.tolerance`, a fraction). */
  tolerance?: number;
  /** Standard errors of the raw features' validation score a reduction must beat them by (`reduce.margin`). */
  margin?: number;
  /** Validation rows the grid was scored on, for that standard error. */
  validationRows?: number;
}

/** Binomial standard error of an accuracy `p` measured on `rows` rows (0 without rows). */
export function accuracyStandardError(p: number, rows: number): number {
  if (rows <= 0) return 0;
  const q = Math.min(Math.max(p, 0), 1);
  return Math.sqrt((q * (1 - q)) / rows);
}

/**
 * How much more than the raw features a reduction must score to be chosen: the tolerance, or `margin` standard
 * errors of the raw score when that is larger. The margin is there because the best of dozens of briefly trained
 * cells beats the raw features by luck alone on a small validation split (one row of 68 is 1.5 points).
 */
export function reductionGate(rawScore: number, rule: ReductionRule): number {
  return Math.max(rule.tolerance ?? 0, (rule.margin ?? 0) * accuracyStandardError(rawScore, rule.validationRows ?? 0));
}

/**
 * `auto`'s rule over the whole grid with the unreduced data as one of the candidates, worded. Only reductions that
 * score more than `reductionGate` above the raw features compete; among them, `chooseCandidate` (the cheapest
 * within the tolerance of the best). When none does, the raw features are kept: they cost nothing. The scores are
 * the same brief training of the baseline MLP on each cell's data (same epochs, window and recipe), so the
 * comparison is like for like. A grid without an unreduced cell (a fixed method searching its dimension) chooses
 * among its reductions by `chooseCandidate`.
 */
export function chooseReduction(
  grid: ReduceCandidate[],
  rule: ReductionRule = {},
): { choice: ReduceCandidate; reason?: string } {
  const tolerance = rule.tolerance ?? 0;
  const raw = grid.find((c) => c.method === 'none' && c.error === undefined);
  const reductions = grid.filter((c) => c.method !== 'none');
  if (!raw) return { choice: chooseCandidate(reductions, tolerance) };
  if (!reductions.some((c) => c.error === undefined)) {
    return { choice: raw, reason: 'no reduction could be evaluated' };
  }
  const gate = reductionGate(raw.score, rule);
  const top = chooseCandidate(reductions);
  const [t, r] = pctPair(top.score, raw.score);
  const tol = `${(100 * tolerance).toFixed(1)} pt`;
  const clear = reductions.filter((c) => c.error === undefined && c.score > raw.score + gate + 1e-9);
  if (clear.length === 0) {
    const by =
      gate > tolerance
        ? `the ${(100 * gate).toFixed(1)} pt margin (${rule.margin} standard errors of ${r} on ` +
          `${(rule.validationRows ?? 0).toLocaleString('en-US')} validation rows)`
        : `the ${tol} tolerance`;
    return {
      choice: raw,
      reason:
        top.score < raw.score - 1e-9
          ? `every reduction cost validation accuracy: best ${cellLabel(top)} ${t} vs ${r} unreduced`
          : `no reduction beat the raw features by more than ${by}: best ${cellLabel(top)} ${t} vs ${r} unreduced`,
    };
  }
  const choice = chooseCandidate(clear, tolerance);
  const [c, r2] = pctPair(choice.score, raw.score);
  const cost = `${cellCost(choice).toLocaleString('en-US')} MACs`;
  const cheaper = choice === top ? '' : `, the cheapest within ${tol} of the best (${cellLabel(top)} ${t})`;
  return { choice, reason: `validation ${c} vs ${r2} unreduced; ${cost}${cheaper}` };
}

/** Stable display order of a finished grid: the unreduced cell first, then methods as in `DR_METHODS`. */
export function sortGrid(grid: ReduceCandidate[]): ReduceCandidate[] {
  const rank = (m: ReduceChoice): number => (m === 'none' ? -1 : DR_METHODS.indexOf(m));
  return [...grid].sort((a, b) => rank(a.method) - rank(b.method) || b.dims - a.dims);
}
