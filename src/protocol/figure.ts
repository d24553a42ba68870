/**
 * Publication figures (`scann figure`, the Markdown report): what can be drawn, in which file formats and at which
 * sizes. Names only, so CLI arguments and the editor are checked without loading the drawing code.
 */

export const FIGURE_KINDS = ['architecture', 'curves', 'energy', 'pareto'] as const;
export type FigureKind = (typeof FIGURE_KINDS)[number];

export const FIGURE_FORMATS = ['svg', 'png', 'pdf'] as const;
export type FigureFormat = (typeof FIGURE_FORMATS)[number];

/**
 * Text widths of the usual two-column paper layouts (IEEE, ACM): one column is 3.5 in, the full page width 7.16 in.
 * Figures are laid out in CSS pixels (96 per inch) at exactly this width, so their text sizes hold when printed.
 */
export const FIGURE_SIZES = {
  'one-column': { widthIn: 3.5 },
  'two-column': { widthIn: 7.16 },
} as const;
export type FigureSize = keyof typeof FIGURE_SIZES;

export const isFigureKind = (x: string): x is FigureKind => (FIGURE_KINDS as readonly string[]).includes(x);
export const isFigureFormat = (x: string): x is FigureFormat => (FIGURE_FORMATS as readonly string[]).includes(x);
export const isFigureSize = (x: string): x is FigureSize => Object.hasOwn(FIGURE_SIZES, x);
