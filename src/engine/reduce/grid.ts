import { DR_METHODS, type DrMethod, type ReduceConfig } from '../../protocol/config';
import type { ReduceCandidate } from '../../protocol/result';
import { ReduceError } from './types';

export interface GridCell {
  method: DrMethod;
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

/** Every (method, dims) pair the selection evaluates, in a stable order: methods as listed, larger dims first. */
export function gridCells(cfg: ReduceConfig, d: number, classes: number, dataset: string): GridCell[] {
  const methods: DrMethod[] =
    cfg.method === 'auto' ? (cfg.methods ?? [...DR_METHODS]) : cfg.method === 'none' ? [] : [cfg.method];
  const dims = configDims(cfg, d, classes, dataset);
  return [...new Set(methods)].flatMap((method) => dims.map((k) => ({ method, dims: k })));
}

/**
 * The selection rule: the best validation score; ties (to 1e-9) go to the smaller dimension (more compression),
 * then to the earlier method in `DR_METHODS`.
 */
export function chooseCandidate(grid: ReduceCandidate[]): ReduceCandidate {
  const ok = grid.filter((c) => c.error === undefined);
  if (ok.length === 0) {
    const why = grid.map((c) => `${c.method}/${c.dims}: ${c.error}`).join('; ');
    throw new ReduceError(`no DR candidate could be evaluated (${why})`);
  }
  const rank = (m: DrMethod) => DR_METHODS.indexOf(m);
  return ok.reduce((best, c) => {
    if (c.score > best.score + 1e-9) return c;
    if (Math.abs(c.score - best.score) <= 1e-9) {
      if (c.dims < best.dims || (c.dims === best.dims && rank(c.method) < rank(best.method))) return c;
    }
    return best;
  });
}

/** Stable display order of a finished grid. */
export function sortGrid(grid: ReduceCandidate[]): ReduceCandidate[] {
  return [...grid].sort((a, b) => DR_METHODS.indexOf(a.method) - DR_METHODS.indexOf(b.method) || b.dims - a.dims);
}
