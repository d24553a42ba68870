import { pctPair } from '../../protocol/claims';
import { DR_METHODS, type DrMethod, type ReduceConfig } from '../../protocol/config';
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
  const methods: DrMethod[] =
    cfg.method === 'auto' ? (cfg.methods ?? [...DR_METHODS]) : cfg.method === 'none' ? [] : [cfg.method];
  const dims = configDims(cfg, d, classes, dataset);
  const cells: GridCell[] = [...new Set(methods)].flatMap((method) => dims.map((k) => ({ method, dims: k })));
  return cfg.method === 'auto' ? [{ method: 'none', dims: d }, ...cells] : cells;
}

/** "pca k=20", or "no reduction". */
export function cellLabel(c: GridCell): string {
  return c.method === 'none' ? 'no reduction' : `${c.method} k=${c.dims}`;
}

/**
 * The choice among reductions: the best validation score; ties (to 1e-9) go to the smaller dimension (more
 * compression), then to the earlier method in `DR_METHODS`. The unreduced cell, if any, is left to `chooseReduction`.
 */
export function chooseCandidate(grid: ReduceCandidate[]): ReduceCandidate {
  const ok = grid.filter((c) => c.error === undefined && c.method !== 'none');
  if (ok.length === 0) {
    const why = grid.map((c) => `${c.method}/${c.dims}: ${c.error ?? 'not a reduction'}`).join('; ');
    throw new ReduceError(`no DR candidate could be evaluated (${why})`);
  }
  const rank = (m: ReduceChoice) => DR_METHODS.indexOf(m as DrMethod);
  return ok.reduce((best, c) => {
    if (c.score > best.score + 1e-9) return c;
    if (Math.abs(c.score - best.score) <= 1e-9) {
      if (c.dims < best.dims || (c.dims === best.dims && rank(c.method) < rank(best.method))) return c;
    }
    return best;
  });
}

/**
 * `auto`'s rule: the best reduction (`chooseCandidate`) if it scores at least as well as the unreduced data, else no
 * reduction. The scores are the same brief training of the baseline MLP on each cell's data (same epochs, window
 * and recipe), so the comparison is like for like. A tie goes to the reduction (the same accuracy with fewer
 * features); any loss, however small, keeps the raw features: a reduction must not cost validation accuracy, and
 * the synthesis that follows cannot win back what the features lost. A grid without an unreduced cell (a fixed
 * method searching its dimension) chooses among reductions only.
 */
export function chooseReduction(grid: ReduceCandidate[]): { choice: ReduceCandidate; reason?: string } {
  const raw = grid.find((c) => c.method === 'none' && c.error === undefined);
  const reductions = grid.filter((c) => c.method !== 'none');
  if (!raw) return { choice: chooseCandidate(reductions) };
  if (!reductions.some((c) => c.error === undefined)) {
    return { choice: raw, reason: 'no reduction could be evaluated' };
  }
  const best = chooseCandidate(reductions);
  const [b, r] = pctPair(best.score, raw.score);
  if (best.score >= raw.score - 1e-9) return { choice: best, reason: `validation ${b} vs ${r} unreduced` };
  return {
    choice: raw,
    reason: `every reduction cost validation accuracy: best ${cellLabel(best)} ${b} vs ${r} unreduced`,
  };
}

/** Stable display order of a finished grid: the unreduced cell first, then methods as in `DR_METHODS`. */
export function sortGrid(grid: ReduceCandidate[]): ReduceCandidate[] {
  const rank = (m: ReduceChoice): number => (m === 'none' ? -1 : DR_METHODS.indexOf(m));
  return [...grid].sort((a, b) => rank(a.method) - rank(b.method) || b.dims - a.dims);
}
