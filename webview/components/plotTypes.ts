/**
 * Plotly figure parts as plain data. The pure figure builders use these (not plotly's module types), so they
 * compile and unit-test without the DOM.
 */
export type PlotData = Record<string, unknown>;
export type PlotLayout = Record<string, unknown>;
