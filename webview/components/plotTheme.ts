/** Plotly layouts in the colours of the current VS Code theme. */
import type { PlotLayout } from './plotTypes';
import type { Palette } from './palette';

export function themedAxis(p: Palette, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    gridcolor: p.grid,
    linecolor: p.border,
    zerolinecolor: p.grid,
    tickcolor: p.grid,
    tickfont: { color: p.muted },
    title: { font: { color: p.muted } },
    automargin: true,
    ...extra,
  };
}

export function plotTitle(text: string): Record<string, unknown> {
  return {
    text,
    x: 0.01,
    xanchor: 'left',
    xref: 'paper',
    y: 0.985,
    yref: 'container',
    yanchor: 'top',
    font: { size: 13 },
  };
}

export function themedLayout(p: Palette, extra: PlotLayout = {}): PlotLayout {
  return {
    paper_bgcolor: p.background,
    plot_bgcolor: p.background,
    font: { family: p.fontFamily, size: Math.max(10, p.fontSize - 1), color: p.foreground },
    colorway: p.series,
    // Legend above the plot; plotly grows the top margin to fit it when it wraps. Titles are HTML above the plot.
    margin: { l: 56, r: 16, t: 12, b: 44 },
    legend: { orientation: 'h', x: 0, xanchor: 'left', y: 1.02, yanchor: 'bottom', font: { color: p.muted } },
    hoverlabel: { bgcolor: p.background, bordercolor: p.border, font: { color: p.foreground } },
    ...extra,
  };
}

/** Plotly's config for webviews: no mode bar (its download button cannot save from a webview), no logo. */
export const PLOT_CONFIG = { displayModeBar: false, displaylogo: false, responsive: true } as const;
