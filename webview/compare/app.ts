/**
 * Compare runs: a sortable table of run summaries and a Pareto plot of test accuracy against connections and
 * energy, baselines included. Exports (CSV, SVG, PNG) are posted to the host, which saves them with a dialog:
 * a webview cannot write files or trigger downloads.
 */
import '../components/plotlyCsp';
import Plotly from 'plotly.js-basic-dist-min';
import { MessageChannel } from '../../src/protocol/channel';
import { isHostToCompare } from '../../src/protocol/messageGuards';
import type { CompareState, CompareToHost, HostToCompare, SaveFormat } from '../../src/protocol/messages';
import type { RunSummary } from '../../src/protocol/runSummary';
import { encodeBase64 } from '../../src/protocol/base64';
import { toCsv } from '../components/csv';
import { h, hx, setChildren } from '../components/dom';
import { PLOT_CONFIG } from '../components/plotTheme';
import { FrameScheduler } from '../components/scheduler';
import { readPalette, watchTheme, type Palette } from '../components/theme';
import { vscodeApi } from '../components/vscodeApi';
import { COLUMNS, CSV_COLUMNS, mergeRuns, sortRuns } from './columns';
import { exportLayout, PARETO_TITLE, paretoFigure } from './paretoData';
import { runDate } from '../../src/protocol/runDate';

const EXPORT_SIZE = { width: 1200, height: 520 };
/** Below this plot width the two panels are stacked: side by side they would squeeze titles and legend together. */
const STACK_BELOW_PX = 760;

export class CompareApp {
  private readonly api = vscodeApi<CompareState>();
  private readonly channel: MessageChannel<CompareToHost, HostToCompare>;
  private state: CompareState;
  private palette: Palette;
  private readonly table: HTMLTableElement;
  private readonly plot: HTMLElement;
  private readonly plotFigure: HTMLElement;
  private stacked = false;
  private readonly status: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly scheduler = new FrameScheduler(() => void this.render());
  /** Completed plot draws (tests wait on it). */
  draws = 0;

  constructor(private readonly root: HTMLElement) {
    this.palette = readPalette(document.body);
    const saved = this.api.getState();
    this.state =
      saved?.version === 1 ? saved : { version: 1, runs: [], sort: { key: 'testAccuracy', descending: true } };
    this.channel = new MessageChannel<CompareToHost, HostToCompare>(
      (envelope) => this.api.postMessage(envelope),
      (message) => this.onMessage(message),
      isHostToCompare,
    );

    const button = (icon: string, label: string, onClick: () => void): HTMLElement => {
      const b = hx('vscode-button', { icon, secondary: true }, label);
      b.addEventListener('click', onClick);
      return b;
    };
    this.table = h('table', { class: 'runs', 'aria-label': 'Runs' });
    this.plot = h('div', { class: 'pareto', role: 'img', 'aria-label': PARETO_TITLE });
    this.plotFigure = h(
      'figure',
      { class: 'pareto-figure' },
      h('h2', { class: 'plot-title' }, PARETO_TITLE),
      this.plot,
    );
    this.status = h('div', { class: 'status', role: 'status', 'aria-live': 'polite' });
    this.empty = h(
      'p',
      { class: 'notice' },
      'No runs yet. Use "Add runs…" to pick runs from this workspace\'s run history.',
    );
    setChildren(
      root,
      h(
        'header',
        { class: 'top' },
        h('h1', {}, 'Compare runs'),
        h('span', { class: 'spacer' }),
        button('add', 'Add runs…', () => void this.pickRuns()),
        button('table', 'Export CSV', () => void this.exportTable()),
        button('file-media', 'Export SVG', () => void this.exportPlot('svg')),
        button('file-media', 'Export PNG', () => void this.exportPlot('png')),
      ),
      this.status,
      this.empty,
      h('div', { class: 'table-wrap' }, this.table),
      this.plotFigure,
    );

    window.addEventListener('message', (e: MessageEvent<unknown>) => {
      void this.channel.receive(e.data).then((ok) => {
        if (!ok) this.channel.notify({ type: 'error', message: 'ignored a malformed message from the extension' });
      });
    });
    // Plotly sizes a plot when drawn; follow the panel's size (and a plot first drawn while hidden).
    new ResizeObserver(() => {
      if (this.plotFigure.hidden || this.draws === 0) return;
      if (this.wantStacked() !== this.stacked) this.scheduler.schedule();
      else void Plotly.Plots.resize(this.plot);
    }).observe(this.plot);
    watchTheme(() => {
      this.palette = readPalette(document.body);
      this.scheduler.schedule();
    });
    this.renderTable();
    this.scheduler.schedule();
    this.channel.notify({ type: 'ready', runIds: this.state.runs.map((r) => r.runId) });
  }

  private onMessage(m: HostToCompare): void {
    if (m.type === 'runs') this.setRuns(m.runs);
    // `pickedRuns` and `saved` only come as replies (handled by the requests).
  }

  private setRuns(runs: RunSummary[]): void {
    this.state = { ...this.state, runs };
    this.api.setState(this.state);
    this.renderTable();
    this.scheduler.schedule();
  }

  private sorted(): RunSummary[] {
    return sortRuns(this.state.runs, this.state.sort.key, this.state.sort.descending);
  }

  private renderTable(): void {
    const runs = this.sorted();
    this.empty.hidden = runs.length > 0;
    this.table.hidden = runs.length === 0;
    const { key, descending } = this.state.sort;
    const head = h(
      'tr',
      {},
      ...COLUMNS.map((c) => {
        const sorted = c.key === key;
        const th = h(
          'th',
          {
            scope: 'col',
            class: c.numeric ? 'num' : '',
            'aria-sort': sorted ? (descending ? 'descending' : 'ascending') : 'none',
          },
          h(
            'button',
            { type: 'button', class: 'sort', 'data-key': c.key, title: `Sort by ${c.label}` },
            c.label,
            h('span', {
              class: `codicon codicon-${sorted ? (descending ? 'arrow-down' : 'arrow-up') : 'blank'}`,
              'aria-hidden': 'true',
            }),
          ),
        );
        th.querySelector('button')!.addEventListener('click', () => {
          this.state.sort = { key: c.key, descending: sorted ? !descending : c.numeric };
          this.api.setState(this.state);
          this.renderTable();
        });
        return th;
      }),
      h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')),
    );
    const rows = runs.map((r) => {
      const open = h('button', { type: 'button', class: 'link', title: 'Open the run dashboard' }, r.name);
      // Runs of one name are common (a config run again): the date and run id tell them apart.
      const when = h(
        'span',
        { class: 'run-when' },
        `${r.createdAt !== undefined ? `${runDate(r.createdAt)} · ` : ''}${r.runId}`,
      );
      open.addEventListener('click', () => this.channel.notify({ type: 'openDashboard', runId: r.runId }));
      const remove = h(
        'button',
        { type: 'button', class: 'icon', title: `Remove ${r.name}`, 'aria-label': `Remove ${r.name}` },
        h('span', { class: 'codicon codicon-close', 'aria-hidden': 'true' }),
      );
      remove.addEventListener('click', () => this.setRuns(this.state.runs.filter((x) => x.runId !== r.runId)));
      return h(
        'tr',
        { 'data-run-id': r.runId },
        ...COLUMNS.map((c, i) => {
          if (i === 0) return h('th', { scope: 'row' }, open, when);
          const title = c.title?.(r);
          const cls = [c.numeric ? 'num' : '', c.cellClass?.(r) ?? ''].filter(Boolean).join(' ');
          return h('td', { class: cls, ...(title ? { title } : {}) }, c.text(r));
        }),
        h('td', {}, remove),
      );
    });
    setChildren(this.table, h('thead', {}, head), h('tbody', {}, ...rows));
  }

  private wantStacked(): boolean {
    const w = this.plot.getBoundingClientRect().width;
    return w > 0 && w < STACK_BELOW_PX;
  }

  private async render(): Promise<void> {
    this.plotFigure.hidden = this.state.runs.length === 0;
    if (this.plotFigure.hidden) return;
    this.stacked = this.wantStacked();
    this.plot.classList.toggle('stacked', this.stacked);
    this.root.dataset.plotLayout = this.stacked ? 'stacked' : 'side-by-side';
    const fig = paretoFigure(this.state.runs, this.palette, this.stacked);
    try {
      await Plotly.react(this.plot, fig.data, fig.layout, PLOT_CONFIG);
      this.draws++;
      this.root.dataset.plotDraws = String(this.draws);
    } catch (err) {
      this.channel.notify({ type: 'error', message: `plot: ${err instanceof Error ? err.message : String(err)}` });
    }
  }

  private async pickRuns(): Promise<void> {
    const exclude = this.state.runs.map((r) => r.runId);
    const reply = await this.channel.request({ type: 'pickRuns', exclude }, 'pickedRuns');
    if (reply.runs.length) this.setRuns(mergeRuns(this.state.runs, reply.runs));
  }

  private async exportTable(): Promise<void> {
    await this.save('csv', 'utf8', toCsv(CSV_COLUMNS, this.sorted()));
  }

  private async exportPlot(format: 'svg' | 'png'): Promise<void> {
    if (this.state.runs.length === 0) {
      this.status.textContent = 'Nothing to export yet.';
      return;
    }
    // Exported files have no page around them: side by side, with the title drawn by plotly.
    const fig = paretoFigure(this.state.runs, this.palette);
    const url = await Plotly.toImage({ data: fig.data, layout: exportLayout(fig) }, { format, ...EXPORT_SIZE });
    if (format === 'svg') {
      await this.save('svg', 'utf8', decodeDataUrl(url).text);
    } else {
      await this.save('png', 'base64', encodeBase64(decodeDataUrl(url).bytes));
    }
  }

  private async save(format: SaveFormat, encoding: 'utf8' | 'base64', data: string): Promise<void> {
    const suggestedName = `scann-compare.${format}`;
    this.status.textContent = `Saving ${format.toUpperCase()}…`;
    const reply = await this.channel.request({ type: 'save', format, suggestedName, encoding, data }, 'saved');
    this.status.textContent = reply.ok
      ? `Saved ${reply.path ?? suggestedName}`
      : reply.message
        ? `Not saved: ${reply.message}`
        : 'Not saved.';
  }
}

/** `data:` URLs from plotly: SVG comes URL-encoded, PNG base64. */
export function decodeDataUrl(url: string): { mime: string; text: string; bytes: Uint8Array } {
  const comma = url.indexOf(',');
  const header = url.slice(5, comma);
  const body = url.slice(comma + 1);
  const mime = header.split(';')[0] ?? '';
  if (header.endsWith(';base64')) {
    const bin = atob(body);
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    return { mime, bytes, text: new TextDecoder().decode(bytes) };
  }
  const text = decodeURIComponent(body);
  return { mime, text, bytes: new TextEncoder().encode(text) };
}
