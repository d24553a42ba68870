/** Figures of a report source as SVG text (drawn by webview/figures on a server-side DOM). */
import type { FigureKind, FigureSize } from '../protocol/figure';
import type { RunResult } from '../protocol/result';
import { FigureError, paretoFigure, runFigure } from '../../webview/figures/figures';
import type { SourceRun } from './sources';
import { svgText, withDocument } from './svgDocument';

export { FigureError };

export function runFigureSvg(kind: Exclude<FigureKind, 'pareto'>, run: SourceRun, size: FigureSize): string {
  return withDocument(() => svgText(runFigure(kind, run.view, size)));
}

/** The Pareto figure of the finished runs among `runs` (live or queued ones have no test accuracy yet). */
export function paretoSvg(runs: readonly SourceRun[], size: FigureSize): string {
  const results = runs.flatMap((r) => (r.view.result ? [r.view.result as RunResult] : []));
  return withDocument(() => svgText(paretoFigure(results, size)));
}

/** A file name part from a run name: letters, digits, dot, dash and underscore only. */
export function slug(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '');
  return s.slice(0, 80) || 'run';
}
