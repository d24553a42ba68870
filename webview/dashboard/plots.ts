/**
 * The four live plotly plots of the dashboard. A plot is redrawn (Plotly.react) only when what it shows changed,
 * and changed plots are redrawn one per animation frame: a plotly redraw costs tens of milliseconds, four in one
 * frame would stall the webview during a live run.
 */
import '../components/plotlyCsp';
import Plotly from 'plotly.js-basic-dist-min';
import type { RunTimeline } from './timeline';
import { h } from '../components/dom';
import type { Palette } from '../components/palette';
import { PLOT_CONFIG } from '../components/plotTheme';
import {
  accuracyConnectionsFigure,
  accuracyEnergyFigure,
  curvesFigure,
  type Figure,
  structureFigure,
} from './plotData';

interface PlotSpec {
  name: string;
  /** Changes exactly when the figure would change. */
  key: (t: RunTimeline, p: Palette, step: number | undefined) => string;
  figure: (t: RunTimeline, p: Palette, step: number | undefined) => Figure;
}

const steps = (t: RunTimeline): string => `${t.steps.length}:${t.steps.filter((s) => s?.history).length}`;

const PLOTS: PlotSpec[] = [
  { name: 'curves', key: (t, p, s) => `${t.epochs.length}:${s}:${p.background}`, figure: curvesFigure },
  { name: 'structure', key: (t, p, s) => `${steps(t)}:${s}:${p.background}`, figure: structureFigure },
  {
    name: 'accuracy-connections',
    key: (t, p) => `${steps(t)}:${t.baseline ? 1 : 0}:${t.result ? 1 : 0}:${p.background}`,
    figure: (t, p) => accuracyConnectionsFigure(t, p),
  },
  {
    name: 'accuracy-energy',
    key: (t, p) => `${steps(t)}:${t.baseline ? 1 : 0}:${t.result ? 1 : 0}:${t.energyTable?.name}:${p.background}`,
    figure: (t, p) => accuracyEnergyFigure(t, p),
  },
];

const nextFrame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));

export class DashboardPlots {
  readonly element: HTMLElement;
  private readonly hosts: HTMLElement[];
  private readonly titles: HTMLElement[];
  private readonly keys: string[] = PLOTS.map(() => '');
  /** Update passes that redrew something (tests check that live updates are coalesced). */
  draws = 0;
  /** Single plots redrawn. */
  plotDraws = 0;

  constructor() {
    this.hosts = PLOTS.map((s) => h('div', { class: `plot plot-${s.name}`, 'data-plot': s.name, role: 'img' }));
    this.titles = PLOTS.map(() => h('h3', { class: 'plot-title' }));
    this.element = h(
      'section',
      { class: 'plots', 'aria-label': 'Training and synthesis plots' },
      ...this.hosts.map((host, i) => h('figure', { class: 'plot-figure' }, this.titles[i]!, host)),
    );
    // Plotly sizes a plot when drawn; follow the panel's size.
    const resize = new ResizeObserver((entries) => {
      for (const e of entries)
        if (e.target.classList.contains('js-plotly-plot')) void Plotly.Plots.resize(e.target as HTMLElement);
    });
    for (const host of this.hosts) resize.observe(host);
  }

  async update(t: RunTimeline, p: Palette, currentStep: number | undefined): Promise<void> {
    let drew = false;
    for (let i = 0; i < PLOTS.length; i++) {
      const spec = PLOTS[i]!;
      const key = spec.key(t, p, currentStep);
      if (key === this.keys[i]) continue;
      // Yield a frame before each plot: the architecture frame of the same update goes to the screen first.
      await nextFrame();
      const f = spec.figure(t, p, currentStep);
      const host = this.hosts[i]!;
      host.setAttribute('aria-label', f.title);
      this.titles[i]!.textContent = f.title;
      await Plotly.react(host, f.data, f.layout, PLOT_CONFIG);
      this.keys[i] = key;
      this.plotDraws++;
      drew = true;
    }
    if (drew) this.draws++;
  }

  dispose(): void {
    for (const host of this.hosts) Plotly.purge(host);
  }
}
