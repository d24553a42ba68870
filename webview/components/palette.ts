/** The colours and fonts drawings use (read from the theme by theme.ts). Pure types, no DOM. */

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export interface Palette {
  kind: ThemeKind;
  background: string;
  foreground: string;
  muted: string;
  border: string;
  grid: string;
  accent: string;
  /** Edge colours by sign. */
  positive: string;
  negative: string;
  /** Neuron colours by kind. */
  input: string;
  hidden: string;
  output: string;
  /** Diff overlay. */
  grown: string;
  pruned: string;
  kept: string;
  /** Series colours of the charts. */
  series: string[];
  fontFamily: string;
  fontSize: number;
  monoFamily: string;
}
