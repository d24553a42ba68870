/**
 * One sweep output in its own shadow root: while the sweep runs, its jobs in a grid of worker by state (running
 * jobs with their epoch progress); once it has ended, the summary: parallel coordinates of the swept fields against
 * test accuracy and connections, the Pareto plot of the configurations with error bars over repeats, and the
 * table the markdown summary also holds. Built once, then updated in place as VS Code replaces the output.
 */
import { jobCounts, SWEEP_JOB_STATES, sweepGroupTable, valuesLine } from '../../src/protocol/sweepOutput';
import type { SweepJobView, SweepPayload } from '../../src/protocol/sweepOutput';
import { parseSweepPayload } from '../../src/protocol/sweepOutputGuards';
import { drawChart } from '../components/chart';
import { h, setChildren } from '../components/dom';
import { formatDuration } from '../components/format';
import { drawParallel } from '../components/parallelCoords';
import { FrameScheduler } from '../components/scheduler';
import { readPalette, watchTheme, type Palette } from '../components/theme';
import { paretoSpec, parallelSpec } from './sweepCharts';
import { adoptStyles } from './styles';
import type { RendererToHost } from '../../src/protocol/messages';

const PARALLEL_HEIGHT = 300;
const PARETO_HEIGHT = 300;
/** Jobs without a worker yet (queued, or cancelled before they started). */
const UNASSIGNED = 'not started';

export class SweepOutputView {
  private readonly root: ShadowRoot;
  private readonly container: HTMLDivElement;
  private palette: Palette;
  private pending: (() => unknown) | undefined;
  private payload: SweepPayload | undefined;
  private parts: Parts | undefined;
  private readonly scheduler: FrameScheduler;
  private readonly stopTheme: () => void;
  private readonly resize: ResizeObserver;
  /** Completed renders (the tests wait on them). */
  renders = 0;

  constructor(
    private readonly host: HTMLElement,
    private readonly post: ((m: RendererToHost) => void) | undefined,
  ) {
    this.root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    this.root.replaceChildren();
    adoptStyles(this.root);
    this.container = h('div', { class: 'run sweep' });
    this.root.append(this.container);
    this.palette = readPalette(host);
    this.scheduler = new FrameScheduler(() => this.render());
    this.stopTheme = watchTheme(() => {
      this.palette = readPalette(this.host);
      this.drawFigures();
    });
    this.resize = new ResizeObserver(() => this.drawFigures(true));
  }

  /** Queues a payload; only the newest is rendered, in the next frame. `read` may throw (bad JSON). */
  update(read: () => unknown): void {
    this.pending = read;
    this.scheduler.schedule();
  }

  dispose(): void {
    this.scheduler.cancel();
    this.stopTheme();
    this.resize.disconnect();
    this.root.replaceChildren();
  }

  private render(): void {
    const read = this.pending;
    this.pending = undefined;
    if (!read) return;
    try {
      this.payload = parseSweepPayload(read());
      this.draw(this.payload);
      this.renders++;
      this.container.dataset.renders = String(this.renders);
    } catch (err) {
      this.payload = undefined;
      this.parts = undefined;
      this.resize.disconnect();
      setChildren(
        this.container,
        h(
          'div',
          { class: 'error', role: 'alert' },
          h('strong', {}, 'Cannot show this SCANN sweep output'),
          h('pre', {}, err instanceof Error ? err.message : String(err)),
        ),
      );
    }
  }

  private draw(p: SweepPayload): void {
    const parts = (this.parts ??= this.build());
    parts.title.textContent = p.name;
    parts.badge.textContent = p.status === 'running' ? 'sweep running' : `sweep ${p.status}`;
    parts.badge.className = `badge ${p.status === 'failed' ? 'cancelled' : p.status}`;
    const counts = jobCounts(p.jobs);
    const finished = counts.done + counts.failed + counts.cancelled;
    parts.meta.textContent = [
      `${p.sweepId}`,
      p.backend === 'queue' ? 'through the queue' : 'on this machine',
      `${p.jobs.length} jobs over ${p.fields.join(', ') || 'no fields'}`,
      p.endedAt ? formatDuration(p.endedAt - p.startedAt) : '',
    ]
      .filter(Boolean)
      .join(' · ');
    parts.meta.title = parts.meta.textContent;
    parts.progress.hidden = p.status !== 'running';
    parts.progress.max = Math.max(1, p.jobs.length);
    parts.progress.value = finished;
    parts.progress.title = `${finished} of ${p.jobs.length} jobs finished`;
    // Runs with a result (done, or cancelled with the best network kept) are in the run history to compare.
    const comparable = p.jobs
      .filter((j) => j.state === 'done' || j.state === 'cancelled')
      .map((j) => j.runId ?? j.jobId);
    parts.compare.hidden = !this.post || p.status === 'running' || comparable.length === 0;
    parts.compare.dataset.runIds = comparable.join(' ');
    parts.message.hidden = !p.message;
    parts.message.textContent = p.message ? `The sweep failed: ${p.message}` : '';

    this.drawGrid(parts, p);

    const summary = !!p.summary;
    parts.summary.hidden = !summary;
    if (summary) {
      const t = sweepGroupTable(p);
      const pareto = t.headers.length - 1;
      const fields = p.fields.length;
      setChildren(
        parts.table,
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...t.headers.map((c, i) => h('th', { scope: 'col', class: i < fields ? 'field' : undefined }, c)),
          ),
        ),
        h(
          'tbody',
          {},
          ...t.rows.map((r) =>
            h(
              'tr',
              { class: r[pareto] ? 'on-front' : undefined },
              ...r.map((c, i) => h('td', { class: i < fields ? 'field' : undefined }, c)),
            ),
          ),
        ),
      );
    }
    const failed = p.jobs.filter((j) => j.state === 'failed');
    parts.failures.hidden = failed.length === 0;
    setChildren(
      parts.failures,
      h('h4', {}, `${failed.length} failed job${failed.length === 1 ? '' : 's'}`),
      h(
        'ul',
        {},
        ...failed.map((j) =>
          h('li', {}, h('code', {}, j.jobId), ` (${valuesLine(p.fields, j.values)}): `, j.error ?? 'no message'),
        ),
      ),
    );
    this.drawFigures();
  }

  /** Rows are workers, columns the job states; each job a tile, a running one with its epoch progress. */
  private drawGrid(parts: Parts, p: SweepPayload): void {
    const workers = [...new Set(p.jobs.map((j) => j.worker ?? UNASSIGNED))].sort((a, b) =>
      a === UNASSIGNED ? 1 : b === UNASSIGNED ? -1 : a.localeCompare(b, 'en', { numeric: true }),
    );
    const counts = jobCounts(p.jobs);
    const states = SWEEP_JOB_STATES;
    setChildren(
      parts.grid,
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'worker'),
          ...states.map((s) => h('th', { scope: 'col', class: `state ${s}` }, `${s} (${counts[s]})`)),
        ),
      ),
      h(
        'tbody',
        {},
        ...workers.map((w) =>
          h(
            'tr',
            { 'data-worker': w },
            h('th', { scope: 'row' }, w),
            ...states.map((s) =>
              h(
                'td',
                { class: `state ${s}` },
                ...p.jobs.filter((j) => (j.worker ?? UNASSIGNED) === w && j.state === s).map((j) => tile(j, p)),
              ),
            ),
          ),
        ),
      ),
    );
  }

  /** Draws the summary figures at their current width; `ifResized` skips figures whose width did not change. */
  private drawFigures(ifResized = false): void {
    const p = this.payload;
    const parts = this.parts;
    if (!p || !parts || !p.summary) return;
    const par = parallelSpec(p);
    const pareto = paretoSpec(p, this.palette);
    parts.parallel.hidden = !par;
    parts.pareto.hidden = !pareto;
    const width = (fig: HTMLElement): number | undefined => {
      const w = fig.clientWidth;
      if (w <= 0 || (ifResized && w === Number(fig.dataset.width))) return undefined;
      fig.dataset.width = String(w);
      return w;
    };
    const w1 = par ? width(parts.parallel) : undefined;
    if (par && w1) drawParallel(parts.parallel.querySelector('svg')!, par, this.palette, w1, PARALLEL_HEIGHT);
    const w2 = pareto ? width(parts.pareto) : undefined;
    if (pareto && w2) drawChart(parts.pareto.querySelector('svg')!, pareto, this.palette, w2, PARETO_HEIGHT);
  }

  private build(): Parts {
    const svgIn = (cls: string): HTMLElement =>
      h('figure', { class: `chart ${cls}` }, document.createElementNS('http://www.w3.org/2000/svg', 'svg'));
    const parts: Parts = {
      title: h('h3', {}),
      badge: h('span', { class: 'badge', role: 'status' }),
      meta: h('span', { class: 'meta' }),
      progress: h('progress', { class: 'progress' }),
      compare: h(
        'button',
        { class: 'open-dashboard', type: 'button', title: "Open this sweep's finished runs in Compare Runs" },
        'Compare runs',
      ),
      message: h('div', { class: 'error', role: 'alert', hidden: true }),
      grid: h('table', { class: 'job-grid', 'aria-label': 'Jobs by worker and state' }),
      summary: h('section', { class: 'sweep-summary', 'aria-label': 'Sweep summary', hidden: true }),
      parallel: svgIn('parallel'),
      pareto: svgIn('pareto'),
      table: h('table', { class: 'summary groups', 'aria-label': 'Configurations' }),
      failures: h('section', { class: 'failures', 'aria-label': 'Failed jobs', hidden: true }),
    };
    parts.compare.addEventListener('click', () => {
      const runIds = (parts.compare.dataset.runIds ?? '').split(' ').filter(Boolean);
      if (runIds.length) this.post?.({ type: 'compareRuns', runIds });
    });
    this.resize.observe(parts.parallel);
    this.resize.observe(parts.pareto);
    setChildren(parts.summary, parts.parallel, parts.pareto, h('div', { class: 'table-wrap' }, parts.table));
    setChildren(
      this.container,
      h('header', {}, parts.title, parts.badge, parts.meta, parts.progress, parts.compare),
      parts.message,
      parts.summary,
      h(
        'section',
        { class: 'jobs', 'aria-label': 'Jobs' },
        h('div', { class: 'section-head' }, h('h4', {}, 'Jobs')),
        h('div', { class: 'table-wrap' }, parts.grid),
      ),
      parts.failures,
    );
    return parts;
  }
}

function tile(j: SweepJobView, p: SweepPayload): HTMLElement {
  const what = `${j.jobId}: ${valuesLine(p.fields, j.values)}, seed ${j.seed}`;
  const progress =
    j.state === 'running' && j.plannedEpochs ? Math.min(1, (j.epoch ?? 0) / Math.max(1, j.plannedEpochs)) : undefined;
  const detail =
    j.state === 'running'
      ? j.plannedEpochs
        ? `epoch ${j.epoch ?? 0} of ${j.plannedEpochs}`
        : 'starting'
      : j.state === 'failed'
        ? (j.error ?? 'failed')
        : j.state;
  const attempts = j.attempts > 1 ? `, attempt ${j.attempts}` : '';
  const el = h(
    'span',
    { class: `job ${j.state}`, title: `${what} (${detail}${attempts})`, 'data-job': j.jobId },
    `#${j.index + 1}`,
  );
  if (progress !== undefined) {
    const bar = h('span', { class: 'job-progress', 'aria-hidden': 'true' });
    // A width set through the CSSOM is not an inline style attribute, so the webview CSP allows it.
    bar.style.width = `${(100 * progress).toFixed(1)}%`;
    el.append(bar);
    el.setAttribute('aria-label', `job ${j.index + 1}, ${detail}`);
  }
  return el;
}

interface Parts {
  title: HTMLElement;
  badge: HTMLElement;
  meta: HTMLElement;
  progress: HTMLProgressElement;
  compare: HTMLButtonElement;
  message: HTMLElement;
  grid: HTMLTableElement;
  summary: HTMLElement;
  parallel: HTMLElement;
  pareto: HTMLElement;
  table: HTMLTableElement;
  failures: HTMLElement;
}
