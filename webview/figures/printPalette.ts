/**
 * The palette of publication figures: white paper, black text, and series colours from the Okabe-Ito set picked so
 * that their greyscale luminances stay far apart (black, orange, blue, grey); where two series could still meet,
 * the charts also tell them apart by dash pattern or marker shape. Pure (no DOM).
 */
import type { Palette } from '../components/palette';

/** Sans-serif fonts every paper toolchain has; the SVG keeps them as text, so it stays vector and searchable. */
const FONT = 'Helvetica, Arial, "Liberation Sans", sans-serif';

export const BLACK = '#000000';
export const ORANGE = '#e69f00';
export const BLUE = '#0072b2';
export const GREY = '#7f7f7f';

export const PRINT_PALETTE: Palette = {
  kind: 'light',
  background: '#ffffff',
  foreground: BLACK,
  muted: '#333333',
  border: '#999999',
  grid: '#b0b0b0',
  accent: BLUE,
  positive: BLUE,
  negative: ORANGE,
  input: BLACK,
  hidden: GREY,
  output: BLUE,
  grown: BLUE,
  pruned: ORANGE,
  kept: GREY,
  series: [BLACK, ORANGE, BLUE, GREY, ORANGE, GREY],
  fontFamily: FONT,
  // drawChart writes text at fontSize - 2 = 10 CSS px: 7.5 pt on paper, the usual minimum for figure text.
  fontSize: 12,
  monoFamily: 'Courier, monospace',
};
