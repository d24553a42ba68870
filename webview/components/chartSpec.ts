/** What a renderer chart shows (data only) and its marker shapes. Pure (no DOM): chart specs are unit-tested. */

export type MarkerShape = 'circle' | 'up' | 'down' | 'diamond' | 'square' | 'star';

export interface ChartSeries {
  name: string;
  x: readonly number[];
  y: readonly number[];
  color: string;
  dashed?: boolean;
  line?: 'linear' | 'step' | 'none';
  axis?: 'left' | 'right';
  /** Marker per point (one shape for all, or one each) with optional hover titles. */
  markers?: { shape: MarkerShape | readonly MarkerShape[]; titles?: readonly string[]; size?: number };
  /** Leave out of the legend. */
  hideInLegend?: boolean;
  /** Error bars: half-widths per point (e.g. one standard deviation over repeats); 0 or NaN draws none. */
  errorX?: readonly number[];
  errorY?: readonly number[];
}

export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  y2Label?: string;
  logX?: boolean;
  logY?: boolean;
  logY2?: boolean;
  /** Fixed axis ranges (e.g. counts from 0). */
  yRange?: [number, number];
  y2Range?: [number, number];
  /** Whole-number ticks only (counts). */
  y2Integer?: boolean;
  yTickFormat?: (v: number) => string;
  xTickFormat?: (v: number) => string;
  /** Room for the y tick labels, px (default 50); wide labels such as "96.9%" at print sizes need more. */
  marginLeft?: number;
  series: ChartSeries[];
  bands?: { x0: number; x1: number; label: string }[];
  hlines?: { y: number; label: string; color: string; axis?: 'left' | 'right' }[];
  /** Extra legend entries (e.g. marker shapes of operations). */
  legendExtra?: { label: string; color: string; shape: MarkerShape }[];
}

export function markerPath(shape: MarkerShape, x: number, y: number, s: number): string {
  const f = (v: number): string => v.toFixed(1);
  switch (shape) {
    case 'circle':
      return `M${f(x - s)},${f(y)}a${f(s)},${f(s)} 0 1,0 ${f(2 * s)},0a${f(s)},${f(s)} 0 1,0 ${f(-2 * s)},0Z`;
    case 'square':
      return `M${f(x - s)},${f(y - s)}h${f(2 * s)}v${f(2 * s)}h${f(-2 * s)}Z`;
    case 'diamond':
      return `M${f(x)},${f(y - s * 1.3)}L${f(x + s * 1.3)},${f(y)}L${f(x)},${f(y + s * 1.3)}L${f(x - s * 1.3)},${f(y)}Z`;
    case 'up':
      return `M${f(x)},${f(y - s * 1.3)}L${f(x + s * 1.2)},${f(y + s)}L${f(x - s * 1.2)},${f(y + s)}Z`;
    case 'down':
      return `M${f(x)},${f(y + s * 1.3)}L${f(x + s * 1.2)},${f(y - s)}L${f(x - s * 1.2)},${f(y - s)}Z`;
    case 'star': {
      let d = '';
      for (let k = 0; k < 10; k++) {
        const r = k % 2 ? s * 0.75 : s * 1.8;
        const a = (Math.PI * k) / 5 - Math.PI / 2;
        d += `${k ? 'L' : 'M'}${f(x + r * Math.cos(a))},${f(y + r * Math.sin(a))}`;
      }
      return d + 'Z';
    }
  }
}
