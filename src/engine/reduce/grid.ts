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
 * within the tolerance of the best: a reduction is chosen only when it scores more than `tolerance` above the raw
 * features, and then the cheapest one that does about as well as the best (a sparse projection over a dense matrix,
 * a smaller dimension over a larger one).
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

/**
 * `auto`'s rule, `chooseCandidate` over the whole grid with the unreduced data as one of the candidates, worded.
 * The scores are the same brief training of the baseline MLP on each cell's data (same epochs, window and recipe),
 * so the comparison is like for like. A grid without an unreduced cell (a fixed method searching its dimension)
 * chooses among its reductions by the same rule.
 */
export function chooseReduction(grid: ReduceCandidate[], tolerance = 0): { choice: ReduceCandidate; reason?: string } {
  const raw = grid.find((c) => c.method === 'none' && c.error === undefined);
  const reductions = grid.filter((c) => c.method !== 'none');
  if (!raw) return { choice: chooseCandidate(reductions, tolerance) };
  if (!reductions.some((c) => c.error === undefined)) {
    return { choice: raw, reason: 'no reduction could be evaluated' };
  }
  const choice = chooseCandidate(grid, tolerance);
  const top = chooseCandidate(reductions);
  const tol = `${(100 * tolerance).toFixed(1)} pt`;
  const [t, r] = pctPair(top.score, raw.score);
  if (choice.method === 'none') {
    return {
      choice,
      reason:
        top.score < raw.score - 1e-9
          ? `every reduction cost validation accuracy: best ${cellLabel(top)} ${t} vs ${r} unreduced`
          : `no reduction beat the raw features by more than the ${tol} tolerance: best ${cellLabel(top)} ${t} vs ${r} unreduced`,
    };
  }
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
