/**
 * The report and figure errors that mean bad input (exit code 2), in a module of their own so the CLI can tell
 * them apart without loading the report code, which it loads only when a report or figure is asked for.
 */
export { FigureError } from '../../webview/figures/figureError';

export class ReportInputError extends Error {
  override readonly name = 'ReportInputError';
}

export class RasterUnavailableError extends Error {
  override readonly name = 'RasterUnavailableError';
}
