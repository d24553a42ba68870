/**
 * The part of plotly.js (basic partial bundle, 4.x) the webviews use. Figures are plain data objects; their
 * shape is plotly's and is not re-typed here.
 */
declare module 'plotly.js-basic-dist-min' {
  export type PlotData = Record<string, unknown>;
  export type PlotLayout = Record<string, unknown>;
  export type PlotConfig = Record<string, unknown>;

  export interface PlotlyHTMLElement extends HTMLElement {
    on(event: string, handler: (data: unknown) => void): void;
  }

  export interface ImageOptions {
    format: 'png' | 'svg' | 'jpeg' | 'webp';
    width?: number;
    height?: number;
    scale?: number;
  }

  export interface PlotlyStatic {
    react(root: HTMLElement, data: PlotData[], layout?: PlotLayout, config?: PlotConfig): Promise<PlotlyHTMLElement>;
    newPlot(root: HTMLElement, data: PlotData[], layout?: PlotLayout, config?: PlotConfig): Promise<PlotlyHTMLElement>;
    purge(root: HTMLElement): void;
    /** A drawn plot, or a figure drawn off-screen for the image only. */
    toImage(root: HTMLElement | { data: PlotData[]; layout: PlotLayout }, options: ImageOptions): Promise<string>;
    Plots: { resize(root: HTMLElement): Promise<void> | void };
    version: string;
  }

  const Plotly: PlotlyStatic;
  export default Plotly;
}
