/**
 * One run output in its own shadow root. Built once, then updated in place: while a run goes VS Code replaces the
 * output item several times a second, and each update only re-lays out the architecture when it changed.
 */
import type { RendererToHost } from '../../src/protocol/messages';
import { schemeChoiceLine, schemeLabel } from '../../src/protocol/result';
import { buildScene } from '../components/archScene';
import { ArchitectureView, describeScene } from '../components/archView';
import { drawChart, type ChartSpec } from '../components/chart';
import { h, setChildren } from '../components/dom';
import { formatDuration } from '../components/format';
import { frontShort } from '../components/frontLayout';
import { FrontEndView } from '../components/frontView';
import { FanOutHeatmap } from '../components/heatmapView';
import { parseRunPayload, type RunView } from '../components/payload';
import { FrameScheduler } from '../components/scheduler';
import { liveSummaryTable, summaryTable, type SummaryTable } from '../components/summary';
import { readPalette, watchTheme, type Palette } from '../components/theme';
import { comparisonVerdict, reduceLine, targetHeadline, targetMetLine } from '../../src/protocol/claims';
import { pendingVerdict, runVerdict, statusLabel } from '../../src/protocol/verdict';
import { VerdictView } from '../components/verdictView';
import { accuracySpec, energySpec, lossSpec, structureSpec } from './charts';
import { adoptStyles } from './styles';

const CHART_HEIGHT = 230;
export class RunOutputView {
  private readonly root: ShadowRoot;
  private readonly container: HTMLDivElement;
  private palette: Palette;
  private pending: (() => unknown) | undefined;
  private view: RunView | undefined;
  private arch: ArchitectureView | undefined;
  private heatmap: FanOutHeatmap | undefined;
  private parts: Parts | undefined;
  private readonly scheduler: FrameScheduler;
  private readonly stopTheme: () => void;
  /** Redraws a chart whose figure changed width (the charts' grid settles its column count after a draw). */
  private readonly resize: ResizeObserver;
  private specs: (ChartSpec | undefined)[] = [];
  /** Completed renders (the live-update tests count them). */
  renders = 0;

  constructor(
    private readonly host: HTMLElement,
    private readonly post: ((m: RendererToHost) => void) | undefined,
  ) {
    this.root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    this.root.replaceChildren();
    adoptStyles(this.root);
    this.container = h('div', { class: 'run' });
    this.root.append(this.container);
    this.palette = readPalette(host);
    this.scheduler = new FrameScheduler(() => this.render());
    this.stopTheme = watchTheme(() => this.onTheme());
    this.resize = new ResizeObserver((entries) => this.onResize(entries));
  }

  /** Queues a payload; only the newest is rendered, in the next frame. `read` may throw (bad JSON). */
  update(read: () => unknown): void {
    this.pending = read;
    this.scheduler.schedule();
  }

  /** Renders a pending update now. */
  flush(): void {
    this.scheduler.flush();
  }

  dispose(): void {
    this.scheduler.cancel();
    this.stopTheme();
    this.resize.disconnect();
    this.arch?.dispose();
    this.parts?.front.dispose();
    this.root.replaceChildren();
  }

  private render(): void {
    const read = this.pending;
    this.pending = undefined;
    if (!read) return;
    let view: RunView;
    try {
      view = parseRunPayload(read());
    } catch (err) {
      this.showError(err instanceof Error ? err.message : String(err));
      return;
    }
    // A live update may leave out an unchanged architecture (it is the bulk of the payload): keep drawing the last.
    const previous = this.view;
    if (!view.graph && !view.result && previous?.graph && previous.name === view.name) {
      view.graph = previous.graph;
      view.graphKey = previous.graphKey;
      view.graphLabel = previous.graphLabel;
    }
    try {
      this.view = view;
      this.draw(view);
      this.renders++;
      this.container.dataset.renders = String(this.renders);
    } catch (err) {
      this.showError(`could not draw this run: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private showError(message: string): void {
    this.view = undefined;
    this.parts?.front.dispose();
    this.parts = undefined;
    this.resize.disconnect();
    this.arch?.dispose();
    this.arch = undefined;
    this.heatmap = undefined;
    setChildren(
      this.container,
      h(
        'div',
        { class: 'error', role: 'alert' },
        h('strong', {}, 'Cannot show this SCANN run output'),
        h('pre', {}, message),
      ),
    );
  }

  private draw(v: RunView): void {
    const p = (this.parts ??= this.build());
    // Header.
    p.title.textContent = v.name;
    p.badge.textContent = statusLabel(v.status);
    p.badge.className = `badge ${v.status}`;
    this.drawTarget(p, v.result);
    // `scheme: auto` says what it chose; the reason is in the tooltip (and in the markdown output beside it).
    const choice = v.result?.schemeChoice;
    const meta = [
      v.scheme
        ? `${schemeLabel(v.scheme).scheme}${choice ? ` (auto${choice.fromBaseline ? ', from the baseline' : ''})` : ''}`
        : '',
      v.dataset ? `${v.dataset.name} (${v.dataset.features} features, ${v.dataset.classes} classes)` : '',
      `${v.history.length} steps`,
      v.result ? formatDuration(v.result.durationMs) : '',
    ].filter(Boolean);
    p.meta.textContent = meta.join(' · ');
    p.meta.title = choice ? `${p.meta.textContent}\n${schemeChoiceLine(choice)}` : p.meta.textContent;
    p.progress.hidden = !v.progress;
    if (v.progress) {
      p.progress.max = Math.max(1, v.progress.planned);
      p.progress.value = Math.min(v.progress.done, v.progress.planned);
      p.progress.setAttribute('aria-label', `epoch ${v.progress.done} of ${v.progress.planned}`);
      p.progress.title = `epoch ${v.progress.done} of ${v.progress.planned}`;
    }
    p.open.hidden = !this.post;
    p.open.dataset.runId = v.runId ?? '';
    p.verdict.set(
      v.result
        ? runVerdict(v.result)
        : pendingVerdict({
            status: v.status === 'queued' ? 'queued' : 'running',
            ...(v.baseline ? { baseline: v.baseline } : {}),
            ...(v.history.length ? { last: v.history[v.history.length - 1]! } : {}),
            outputs: v.dataset?.classes ?? 0,
            ...(v.energyTable ? { energyTable: v.energyTable } : {}),
          }),
    );

    // Architecture. A live run keeps the section's place before its first drawing, so nothing below moves
    // when the drawing arrives.
    const graph = v.graph;
    p.archSection.hidden = !graph && !!v.result;
    p.archPending.hidden = !!graph;
    if (graph) {
      this.arch ??= this.createArch(p);
      this.arch.setScene(v.graphKey, () => buildScene(graph));
      const scene = this.arch.currentScene!;
      p.archCaption.textContent = graph.front
        ? `${v.graphLabel}: ${frontShort(graph.front)}; dense part: ${describeScene(scene)}`
        : `${v.graphLabel}: ${describeScene(scene)}`;
      this.heatmap ??= this.createHeatmap(p);
      this.heatmap.set(graph);
    }
    p.front.set(graph?.front);

    this.drawCharts();

    // Summary table.
    const table = v.result
      ? summaryTable(v.result)
      : liveSummaryTable(v.baseline, v.history[v.history.length - 1], v.dataset?.classes ?? 0, v.energyTable);
    renderTable(p.table, table);

    const r = v.result;
    p.claims.hidden = !r?.comparison && !r?.reduce && !r?.target?.met;
    setChildren(
      p.claims,
      ...(r?.comparison ? [h('p', { class: 'comparison' }, `Test accuracy, ${comparisonVerdict(r.comparison)}.`)] : []),
      ...(r?.target?.met ? [h('p', { class: 'target-met' }, `${capitalize(targetMetLine(r.target))}.`)] : []),
      ...(r?.reduce ? [h('p', { class: 'reduce' }, `DR: ${reduceLine(r.reduce)}.`)] : []),
    );
    p.footer.textContent = r
      ? `Selected by ${r.final.rule} at step ${r.final.selectedAt.step} (iteration ${r.final.selectedAt.iteration}, after ${r.final.selectedAt.op}); ` +
        `${r.history.length} steps in ${(r.durationMs / 1000).toFixed(1)} s; seed ${r.seed}, engine ${r.engine}.` +
        (r.status === 'cancelled' ? ' Cancelled: the best network found so far.' : '')
      : v.status === 'queued'
        ? 'Queued: waits for a free run slot.'
        : 'Running: updates as the synthesis goes.';
  }

  /** A missed target shows twice: a badge in the header, and the reason with what to try right under it. */
  private drawTarget(p: Parts, r: RunView['result']): void {
    const missed = targetHeadline(r?.target);
    const t = r?.target;
    p.targetBadge.hidden = !missed;
    p.targetWarning.hidden = !missed;
    if (!missed || !t) return;
    p.targetBadge.title = missed;
    setChildren(
      p.targetWarning,
      h('strong', {}, 'Target not met: '),
      t.reason ?? `no network satisfied ${t.rule}`,
      ...(t.suggestions.length
        ? [h('div', { class: 'try' }, 'Try:'), h('ul', {}, ...t.suggestions.map((s) => h('li', {}, h('code', {}, s))))]
        : []),
    );
  }

  private drawCharts(): void {
    const v = this.view;
    const p = this.parts;
    if (!v || !p) return;
    this.specs = [
      accuracySpec(v, this.palette),
      lossSpec(v, this.palette),
      v.history.length ? structureSpec(v, this.palette) : undefined,
      energySpec(v, this.palette),
    ];
    // Show or hide every figure before measuring any: the grid's column count, and so each figure's width,
    // depends on how many are shown.
    this.specs.forEach((spec, i) => {
      p.charts[i]!.hidden = !spec || spec.series.every((s) => s.x.length === 0);
    });
    this.specs.forEach((_, i) => this.drawFigure(i));
  }

  /** Draws chart `i` at its figure's current width (the resize observer redraws it if layout changes that). */
  private drawFigure(i: number): void {
    const fig = this.parts?.charts[i];
    const spec = this.specs[i];
    if (!fig || !spec || fig.hidden) return;
    const width = fig.clientWidth;
    // Not laid out yet (detached, or its output is collapsed): the observer draws it once it has a size.
    if (width <= 0) return;
    drawChart(fig.querySelector('svg')!, spec, this.palette, width, CHART_HEIGHT);
    fig.dataset.width = String(width);
  }

  private build(): Parts {
    const title = h('h3', {});
    const badge = h('span', { class: 'badge', role: 'status' });
    const targetBadge = h('span', { class: 'target-badge', hidden: true }, 'target not met');
    const targetWarning = h('div', { class: 'target-warning', role: 'note', hidden: true });
    const claims = h('section', { class: 'claims', 'aria-label': 'What this run claims', hidden: true });
    const meta = h('span', { class: 'meta' });
    const progress = h('progress', { class: 'progress', hidden: true });
    const open = h(
      'button',
      { class: 'open-dashboard', type: 'button', title: 'Open this run in the SCANN dashboard' },
      'Open dashboard',
    );
    open.addEventListener('click', () => {
      const v = this.view;
      if (!v || !this.post) return;
      const msg: RendererToHost = { type: 'openDashboard', name: v.name };
      if (v.runId) msg.runId = v.runId;
      this.post(msg);
    });
    const archCaption = h('span', { class: 'meta' });
    const archPending = h('div', { class: 'arch-pending' }, 'The network is drawn after the first synthesis step.');
    const archBody = h('div', { class: 'arch-body' }, archPending);
    const front = new FrontEndView(this.palette);
    const archSection = h(
      'section',
      { class: 'arch', 'aria-label': 'Architecture' },
      h('div', { class: 'section-head' }, h('h4', {}, 'Architecture'), archCaption, legend()),
      front.element,
      archBody,
    );
    const charts = [0, 1, 2, 3].map(() =>
      h('figure', { class: 'chart' }, document.createElementNS('http://www.w3.org/2000/svg', 'svg')),
    );
    for (const fig of charts) this.resize.observe(fig);
    const verdict = new VerdictView();
    const table = h('table', { class: 'summary' });
    const footer = h('footer', {});
    setChildren(
      this.container,
      h('header', {}, title, badge, targetBadge, meta, progress, open),
      verdict.element,
      targetWarning,
      archSection,
      h('section', { class: 'charts', 'aria-label': 'Training and synthesis charts' }, ...charts),
      h('section', { class: 'summary-section', 'aria-label': 'Summary against the baseline' }, table),
      claims,
      footer,
    );
    return {
      title,
      badge,
      targetBadge,
      targetWarning,
      meta,
      progress,
      open,
      archCaption,
      archBody,
      archPending,
      archSection,
      front,
      verdict,
      charts,
      table,
      claims,
      footer,
    };
  }

  private createArch(p: Parts): ArchitectureView {
    const view = new ArchitectureView(this.palette, {
      wheelZoom: 'modifier',
      label: 'Architecture of the synthesized network (drag to pan, Ctrl+wheel to zoom, n/p to step through neurons)',
    });
    p.archBody.prepend(view.element);
    return view;
  }

  private createHeatmap(p: Parts): FanOutHeatmap {
    const map = new FanOutHeatmap(this.palette, undefined, 140);
    p.archBody.append(map.element);
    return map;
  }

  private onTheme(): void {
    this.palette = readPalette(this.host);
    this.arch?.setPalette(this.palette);
    this.heatmap?.setPalette(this.palette);
    this.parts?.front.setPalette(this.palette);
    this.drawCharts();
  }

  private onResize(entries: ResizeObserverEntry[]): void {
    const charts = this.parts?.charts ?? [];
    for (const e of entries) {
      const i = charts.indexOf(e.target as HTMLElement);
      if (i >= 0 && charts[i]!.clientWidth !== Number(charts[i]!.dataset.width)) this.drawFigure(i);
    }
  }
}

interface Parts {
  title: HTMLElement;
  badge: HTMLElement;
  targetBadge: HTMLElement;
  targetWarning: HTMLElement;
  claims: HTMLElement;
  meta: HTMLElement;
  progress: HTMLProgressElement;
  open: HTMLButtonElement;
  archCaption: HTMLElement;
  archBody: HTMLElement;
  archPending: HTMLElement;
  archSection: HTMLElement;
  /** The conv front end's stages, above the dense drawing (hidden without one). */
  front: FrontEndView;
  verdict: VerdictView;
  charts: HTMLElement[];
  table: HTMLTableElement;
  footer: HTMLElement;
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function legend(): HTMLElement {
  const item = (cls: string, text: string, dot = false): HTMLElement =>
    h('span', {}, h('span', { class: `${dot ? 'dot' : 'swatch'} ${cls}` }), text);
  return h(
    'div',
    { class: 'legend', 'aria-hidden': 'true' },
    item('input', 'input', true),
    item('hidden', 'hidden', true),
    item('output', 'output', true),
    item('positive', 'w > 0'),
    item('negative', 'w < 0'),
    h('span', {}, 'opacity = |w|'),
  );
}

export function renderTable(table: HTMLTableElement, t: SummaryTable): void {
  setChildren(
    table,
    h('thead', {}, h('tr', {}, ...t.headers.map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      {},
      ...t.rows.map((r) => h('tr', {}, h('th', { scope: 'row' }, r[0]), h('td', {}, r[1]), h('td', {}, r[2]))),
    ),
  );
}
