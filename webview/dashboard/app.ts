/**
 * The run dashboard: a large architecture view (pan, zoom, inspector, heat map of input fan-out), a scrubber over
 * the synthesis steps with a diff overlay against any other step, and live plots. The host sends `init` (the run
 * so far) and then batches of events; the view state survives reloads through setState.
 */
import { MessageChannel } from '../../src/protocol/channel';
import { isHostToDashboard } from '../../src/protocol/messageGuards';
import type { DashboardState, DashboardToHost, HostToDashboard } from '../../src/protocol/messages';
import type { RunEvent } from '../../src/protocol/events';
import type { RunResult } from '../../src/protocol/result';
import {
  comparisonText,
  comparisonVerdict,
  reduceLine,
  targetHeadline,
  targetMetLine,
} from '../../src/protocol/claims';
import { schemeLabel } from '../../src/protocol/result';
import { type ArchScene, buildScene } from '../components/archScene';
import { importanceRanks, inputImportance } from '../components/edgeFocus';
import { type ArchGraph, inputFanOut, unitName } from '../components/graph';
import { ArchitectureView, describeScene } from '../components/archView';
import { h, hx, setChildren } from '../components/dom';
import { formatDuration, int, pct } from '../components/format';
import { frontShort } from '../components/frontLayout';
import { FrontEndView } from '../components/frontView';
import { FanOutHeatmap } from '../components/heatmapView';
import { FrameScheduler } from '../components/scheduler';
import { readPalette, watchTheme, type Palette } from '../components/theme';
import { VerdictView } from '../components/verdictView';
import { vscodeApi } from '../components/vscodeApi';
import { pendingVerdict, runVerdict, statusLabel } from '../../src/protocol/verdict';
import { Inspector } from './inspector';
import { GraphCache, order, type Position, positions, timelineFromResult } from './model';
import type { FrontSnapshot } from '../../src/protocol/frontSnapshot';
import { DashboardPlots } from './plots';
import { applyRunEvent, emptyTimeline, type RunTimeline } from './timeline';

/** Plots cost more than the canvas; at most ~3 redraws a second while a run streams. */
const PLOT_INTERVAL_MS = 300;

type ValueElement = HTMLElement & { value: string; checked: boolean };

export class DashboardApp {
  private readonly api = vscodeApi<DashboardState>();
  private readonly channel: MessageChannel<DashboardToHost, HostToDashboard>;
  private timeline: RunTimeline = emptyTimeline();
  private runId: string | undefined;
  private runName = '';
  private palette: Palette;
  private readonly graphs = new GraphCache(() => this.timeline);
  private positions: Position[] = [];
  private state: DashboardState;
  private restored: DashboardState | undefined;
  /** Selection of the restored state, applied once its network is drawn. */
  private restoreSelection: number | null = null;

  private readonly arch: ArchitectureView;
  private readonly heatmap: FanOutHeatmap;
  /** A conv front end's stages above the dense drawing. */
  private readonly front: FrontEndView;
  private readonly inspector = new Inspector();
  /** For inputs without an image layout: why there is no map, and the inputs that matter most. */
  private readonly inputsNote: HTMLElement;
  private inputsNoteGraph: ArchGraph | undefined;
  private lastStatus: RunTimeline['status'] | undefined;
  private readonly plots = new DashboardPlots();
  private readonly verdict = new VerdictView();
  private readonly ui: {
    title: HTMLElement;
    status: HTMLElement;
    targetBadge: HTMLElement;
    meta: HTMLElement;
    claims: HTMLElement;
    notice: HTMLElement;
    caption: HTMLElement;
    slider: HTMLInputElement;
    stepLabel: HTMLElement;
    diff: ValueElement;
    follow: ValueElement;
    diffSummary: HTMLElement;
  };
  private readonly viewScheduler = new FrameScheduler(() => this.render());
  private readonly plotScheduler = new FrameScheduler(() => void this.renderPlots(), PLOT_INTERVAL_MS);
  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly root: HTMLElement) {
    this.palette = readPalette(document.body);
    this.restored = this.api.getState();
    this.state = this.restored?.version === 1 ? { ...this.restored } : defaultState();
    this.channel = new MessageChannel<DashboardToHost, HostToDashboard>(
      (envelope) => this.api.postMessage(envelope),
      (message) => this.onMessage(message),
      isHostToDashboard,
    );

    this.arch = new ArchitectureView(this.palette, {
      wheelZoom: 'always',
      label: 'Architecture (drag to pan, wheel or +/- to zoom, 0 to fit, n/p to step through neurons)',
      // The inspector follows the pointer; a click pins a unit, shown again when the pointer leaves.
      onHover: (info) => this.inspector.show(info),
      onSelect: (info) => {
        this.inspector.show(info);
        this.heatmap.mark(info?.kind === 'input' ? info.unit : null);
        this.state.selectedUnit = info?.unit ?? null;
        this.saveState();
      },
      onViewportChange: (vp) => {
        this.state.view = { scale: vp.scale, x: vp.x, y: vp.y };
        this.saveState();
      },
    });
    this.heatmap = new FanOutHeatmap(this.palette, (input) => this.arch.select(input), 200);
    this.front = new FrontEndView(this.palette);
    this.inputsNote = h('div', { class: 'inputs-note' });
    this.ui = this.build();
    if (this.state.view) this.arch.setViewport(this.state.view);

    window.addEventListener('message', (e: MessageEvent<unknown>) => {
      void this.channel.receive(e.data).then((ok) => {
        if (!ok) this.reportError(`ignored a malformed message from the extension`);
      });
    });
    watchTheme(() => this.onTheme());
    this.channel.notify(this.runIdOrReady());
  }

  private runIdOrReady(): DashboardToHost {
    return this.state.runId !== undefined ? { type: 'ready', runId: this.state.runId } : { type: 'ready' };
  }

  // -- messages

  private onMessage(m: HostToDashboard): void {
    if (m.type === 'init') {
      this.runId = m.runId;
      this.runName = m.name;
      const t = m.events.length === 0 && m.result ? timelineFromResult(m.result) : emptyTimeline();
      this.timeline = t;
      this.graphs.clear();
      this.apply(m.events);
      if (m.result && !t.result) this.apply([{ type: 'done', result: m.result }]);
      // A different run than the restored state's: start from its defaults.
      if (this.state.runId !== m.runId) this.state = { ...defaultState(), ...(m.runId ? { runId: m.runId } : {}) };
      this.state.name = m.name;
      this.saveState();
      this.restoreSelection = this.state.selectedUnit;
      this.viewScheduler.schedule();
      this.plotScheduler.schedule();
      return;
    }
    if (m.runId !== undefined && this.runId !== undefined && m.runId !== this.runId) return;
    this.apply(m.events);
    this.viewScheduler.schedule();
    this.plotScheduler.schedule();
  }

  private apply(events: RunEvent[]): void {
    for (const e of events) applyRunEvent(this.timeline, e);
  }

  private reportError(message: string): void {
    this.channel.notify({ type: 'error', message });
  }

  // -- state

  private saveState(): void {
    if (this.saveTimer !== undefined) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.api.setState(this.state);
    }, 100);
  }

  // -- building

  private build(): DashboardApp['ui'] {
    const title = h('h1', { class: 'run-name' }, 'SCANN dashboard');
    const status = hx('vscode-badge', { class: 'status', variant: 'default' }, 'waiting');
    const targetBadge = h('span', { class: 'target-badge', hidden: true }, 'target not met');
    const meta = h('span', { class: 'meta' });
    const claims = h('section', { class: 'claims', 'aria-label': 'What this run claims', hidden: true });
    const notice = h('div', { class: 'notice', role: 'status' }, 'Waiting for the run…');
    const caption = h('div', { class: 'caption' });

    const zoomIn = hx('vscode-button', {
      icon: 'zoom-in',
      'icon-only': true,
      secondary: true,
      title: 'Zoom in (+)',
      'aria-label': 'Zoom in',
    });
    const zoomOut = hx('vscode-button', {
      icon: 'zoom-out',
      'icon-only': true,
      secondary: true,
      title: 'Zoom out (-)',
      'aria-label': 'Zoom out',
    });
    const fit = hx('vscode-button', {
      icon: 'screen-normal',
      'icon-only': true,
      secondary: true,
      title: 'Fit (0)',
      'aria-label': 'Fit to view',
    });
    zoomIn.addEventListener('click', () => this.arch.zoom(1.4));
    zoomOut.addEventListener('click', () => this.arch.zoom(1 / 1.4));
    fit.addEventListener('click', () => this.arch.fit());

    const slider = h('input', {
      type: 'range',
      id: 'step-slider',
      class: 'slider',
      min: 0,
      max: 0,
      step: 1,
      value: 0,
      'aria-label': 'Synthesis step',
      disabled: true,
    });
    slider.addEventListener('input', () => this.onScrub(Number(slider.value)));
    const stepLabel = h('output', { class: 'step-label', for: 'step-slider' });
    const diff = hx('vscode-single-select', {
      class: 'diff-select',
      'aria-label': 'Diff against step',
    }) as ValueElement;
    diff.addEventListener('change', () => {
      this.state.diffFrom = diff.value === '' ? null : Number(diff.value);
      this.saveState();
      this.viewScheduler.schedule();
    });
    const follow = hx('vscode-checkbox', { class: 'follow', label: 'Follow live' }, 'Follow live') as ValueElement;
    follow.addEventListener('change', () => {
      this.state.followLive = follow.checked;
      this.saveState();
      this.viewScheduler.schedule();
    });
    const diffSummary = h('div', { class: 'diff-summary', role: 'status' });

    const archHost = h('div', { class: 'arch-host' }, this.arch.element);
    const legend = h(
      'div',
      { class: 'legend', 'aria-hidden': 'true' },
      ...[
        ['dot input', 'input'],
        ['dot hidden', 'hidden'],
        ['dot output', 'output'],
        ['swatch positive', 'w > 0'],
        ['swatch negative', 'w < 0'],
      ].map(([cls, text]) => h('span', { class: 'normal-only' }, h('span', { class: cls! }), text!)),
      ...[
        ['swatch grown', 'grown'],
        ['swatch pruned', 'pruned'],
        ['swatch kept', 'kept'],
        ['dot grown', 'added neuron'],
        ['dot pruned', 'removed neuron'],
      ].map(([cls, text]) => h('span', { class: 'diff-only' }, h('span', { class: cls! }), text!)),
    );

    const archPanel = h(
      'section',
      { class: 'panel arch-panel', 'aria-label': 'Architecture' },
      h(
        'div',
        { class: 'toolbar' },
        h('h2', {}, 'Architecture'),
        legend,
        h('span', { class: 'spacer' }),
        zoomIn,
        zoomOut,
        fit,
      ),
      caption,
      this.front.element,
      archHost,
      h(
        'div',
        { class: 'scrubber' },
        h('label', { for: 'step-slider' }, 'Step'),
        slider,
        stepLabel,
        h('span', { class: 'diff-label' }, 'Diff against'),
        diff,
        follow,
      ),
    );
    const sidebar = h(
      'aside',
      { class: 'sidebar' },
      this.inspector.element,
      h(
        'section',
        { class: 'panel heatmap-panel', 'aria-label': 'Input fan-out' },
        h('h2', {}, 'Inputs'),
        this.heatmap.element,
        this.inputsNote,
      ),
      h('section', { class: 'panel diff-panel', 'aria-label': 'Diff' }, h('h2', {}, 'Changes'), diffSummary),
    );
    setChildren(
      this.root,
      h('header', { class: 'top' }, title, status, targetBadge, meta),
      this.verdict.element,
      notice,
      claims,
      h('div', { class: 'workspace' }, archPanel, sidebar),
      this.plots.element,
    );
    return { title, status, targetBadge, meta, claims, notice, caption, slider, stepLabel, diff, follow, diffSummary };
  }

  // -- rendering

  private currentPosition(): Position | undefined {
    const ps = this.positions;
    if (ps.length === 0) return undefined;
    if (this.state.step === null) return ps.find((p) => p.final) ?? ps[ps.length - 1];
    return ps.find((p) => !p.final && p.step === this.state.step) ?? ps[ps.length - 1];
  }

  private diffPosition(current: Position | undefined): Position | undefined {
    const from = this.state.diffFrom;
    if (from === null || !current) return undefined;
    const p = this.positions.find((q) => q.step === from);
    return p && p.key !== current.key ? p : undefined;
  }

  private onScrub(index: number): void {
    const p = this.positions[index];
    if (!p) return;
    this.state.step = p.final ? null : p.step;
    // Moving away from the newest position stops following the live run.
    if (index < this.positions.length - 1 && this.timeline.status === 'running') this.state.followLive = false;
    if (index === this.positions.length - 1 && this.timeline.status === 'running') this.state.followLive = true;
    this.saveState();
    this.render();
    this.plotScheduler.schedule();
  }

  private render(): void {
    const t = this.timeline;
    const running = t.status === 'running';
    const before = this.positions.length;
    this.positions = positions(t);
    if (running && this.state.followLive && this.positions.length > 0) {
      this.state.step = this.positions[this.positions.length - 1]!.step;
    } else if (!running && before > 0 && this.lastStatus === 'running' && this.state.followLive) {
      // The run just ended: show the selected network.
      this.state.step = null;
    }
    this.lastStatus = t.status;
    const current = this.currentPosition();
    const diffFrom = this.diffPosition(current);
    this.renderHeader();
    this.renderScrubber(current);

    if (current) {
      const graph = this.graphs.graph(current);
      const diff = diffFrom ? this.graphs.diff(diffFrom, current) : undefined;
      if (graph) {
        this.arch.setScene(`${this.runId ?? ''}|${current.key}|${diffFrom?.key ?? ''}`, () => buildScene(graph, diff));
        this.heatmap.set(graph);
        this.front.set(...this.frontPair(current, diffFrom, graph));
        const scene = this.arch.currentScene!;
        this.renderInputsNote(graph, scene);
        this.ui.caption.textContent = graph.front
          ? `${current.label} — ${frontShort(graph.front)}; dense part: ${describeScene(scene, graph)}`
          : `${current.label} — ${describeScene(scene, graph)}`;
        this.root.classList.toggle('diff-mode', !!diff);
        this.renderDiffSummary(diffFrom, current, diff?.counts);
        if (this.restoreSelection !== null) {
          const unit = this.restoreSelection;
          this.restoreSelection = null;
          if (unit < scene.graph.inputs + scene.graph.hidden + scene.graph.outputs) this.arch.select(unit);
        } else if (this.arch.selectedUnit !== null) {
          this.arch.select(this.arch.selectedUnit);
        }
      }
    }
    this.ui.notice.hidden = this.positions.length > 0 && t.status !== 'failed';
    if (t.status === 'failed') this.ui.notice.textContent = `The run failed: ${t.failure ?? 'unknown error'}`;
    else if (this.positions.length === 0) {
      this.ui.notice.textContent =
        t.eventCount > 0 ? 'Training the baseline; the synthesis starts soon…' : 'Waiting for the run…';
    }
    this.root.dataset.status = t.status;
    this.root.dataset.positions = String(this.positions.length);
    // Draw the architecture in this frame, before the (slower) plots of the same update.
    this.arch.flush();
  }

  private renderHeader(): void {
    const t = this.timeline;
    const name = t.name ?? this.runName;
    this.ui.title.textContent = name || 'SCANN dashboard';
    document.title = `SCANN: ${name}`;
    this.ui.status.textContent = statusLabel(t.status);
    this.ui.status.dataset.status = t.status;
    const steps = this.positions.filter((p) => !p.final).length;
    const d = t.dataset;
    const parts = [
      t.config ? schemeLabel(t.config.scheme).scheme : t.result ? schemeLabel(t.result.scheme).scheme : '',
      d ? `${d.name}: ${d.features} features, ${d.classes} classes, ${int(d.trainRows)} train rows` : '',
      t.reduce
        ? t.reduce.method === 'none'
          ? 'no DR (auto kept the raw features)'
          : `DR ${t.reduce.method} to ${t.reduce.dims} dims${t.reduce.as === 'layer' ? ' as the first layer' : ''}`
        : '',
      `${steps} steps`,
      `${t.epochs.length} epochs`,
      t.result ? formatDuration(t.result.durationMs) : '',
    ];
    this.ui.meta.textContent = parts.filter(Boolean).join(' · ');
    this.ui.meta.title = this.ui.meta.textContent;
    this.renderVerdict();
    this.renderClaims();
  }

  /** The four answers under the header: final once the run has a result, "so far" while it goes. */
  private renderVerdict(): void {
    const t = this.timeline;
    this.verdict.element.hidden = t.status === 'failed';
    if (t.result) {
      this.verdict.set(runVerdict(t.result));
      return;
    }
    const last = [...t.steps].reverse().find((s) => s?.history)?.history;
    this.verdict.set(
      pendingVerdict({
        status: 'running',
        ...(t.baseline ? { baseline: t.baseline } : {}),
        ...(last ? { last } : {}),
        outputs: t.dataset?.classes ?? 0,
        ...(t.energyTable ? { energyTable: t.energyTable } : {}),
      }),
    );
  }

  /**
   * What the finished run claims, under the header: the test accuracy against the baseline with its paired
   * interval, the selection target (a missed one as a warning with what to try) and the DR choice.
   */
  private renderClaims(): void {
    const r = this.timeline.result;
    const reduce = r?.reduce ?? this.timeline.reduce;
    const missed = targetHeadline(r?.target);
    this.ui.targetBadge.hidden = !missed;
    if (missed) this.ui.targetBadge.title = missed;
    const key = `${r ? `${r.name}|${r.durationMs}` : ''}|${reduce?.method ?? ''}|${reduce?.dims ?? ''}`;
    if (this.ui.claims.dataset.key === key) return;
    this.ui.claims.dataset.key = key;
    const lines: HTMLElement[] = [];
    const t = r?.target;
    if (missed && t) {
      lines.push(
        h(
          'div',
          { class: 'target-warning', role: 'note' },
          h('strong', {}, 'Target not met: '),
          t.reason ?? `no network satisfied ${t.rule}`,
          ...(t.suggestions.length
            ? [h('div', { class: 'try' }, 'Try:'), ...t.suggestions.map((s) => h('code', {}, s))]
            : []),
        ),
      );
    }
    if (r) {
      const c = r.comparison;
      lines.push(
        h(
          'p',
          { class: 'comparison' },
          h('strong', {}, `Test accuracy ${pct(r.final.testAccuracy)}`),
          ` against the baseline's ${pct(r.baseline.testAccuracy)}: `,
          c ? `${comparisonText(c)}; ${comparisonVerdict(c)}.` : `${signedPoints(r)} (no paired comparison saved).`,
        ),
      );
    }
    if (t?.met) lines.push(h('p', { class: 'target-met' }, `${capitalize(targetMetLine(t))}.`));
    if (reduce) lines.push(h('p', { class: 'reduce' }, `DR: ${reduceLine(reduce)}.`));
    this.ui.claims.hidden = lines.length === 0;
    setChildren(this.ui.claims, ...lines);
  }

  /** The front end to draw, and in diff mode the earlier one it is compared with (as the dense diff: earlier to later). */
  private frontPair(
    current: Position,
    diffFrom: Position | undefined,
    graph: ArchGraph,
  ): [FrontSnapshot | undefined, FrontSnapshot | undefined] {
    if (!diffFrom || !graph.front) return [graph.front, undefined];
    const [from, to] = order(diffFrom, current);
    return [this.graphs.graph(to)?.front, this.graphs.graph(from)?.front];
  }

  private renderScrubber(current: Position | undefined): void {
    const { slider, stepLabel, diff, follow } = this.ui;
    const n = this.positions.length;
    slider.disabled = n <= 1;
    slider.max = String(Math.max(0, n - 1));
    const index = current ? this.positions.indexOf(current) : 0;
    slider.value = String(index);
    const text = current ? `${current.label} (${index + 1}/${n})` : 'no steps yet';
    stepLabel.textContent = text;
    stepLabel.title = text;
    slider.setAttribute('aria-valuetext', text);

    // Diff options: every position, named by its step and operation; rebuilt only when the positions change.
    const signature = this.positions.map((p) => p.key).join(',');
    if (diff.dataset.signature !== signature) {
      diff.dataset.signature = signature;
      setChildren(
        diff,
        hx('vscode-option', { value: '' }, 'none'),
        ...this.positions.map((p) => hx('vscode-option', { value: String(p.step) }, p.label)),
      );
    }
    const want = this.state.diffFrom === null ? '' : String(this.state.diffFrom);
    if (diff.value !== want) diff.value = want;
    follow.hidden = this.timeline.status !== 'running';
    if (follow.checked !== this.state.followLive) follow.checked = this.state.followLive;
  }

  private renderDiffSummary(
    from: Position | undefined,
    to: Position,
    counts: { kept: number; grown: number; pruned: number; neuronsAdded: number; neuronsRemoved: number } | undefined,
  ): void {
    if (!from || !counts) {
      setChildren(
        this.ui.diffSummary,
        h('p', { class: 'hint' }, 'Choose a step under "Diff against" to see what changed.'),
      );
      return;
    }
    const [a, b] = from.step <= to.step ? [from, to] : [to, from];
    setChildren(
      this.ui.diffSummary,
      h(
        'p',
        {},
        `From step ${a.step}${a.final ? ' (selected)' : ''} to step ${b.step}${b.final ? ' (selected)' : ''}:`,
      ),
      h(
        'ul',
        {},
        h('li', { class: 'grown' }, `${int(counts.grown)} connections grown`),
        h('li', { class: 'pruned' }, `${int(counts.pruned)} connections pruned`),
        h('li', { class: 'kept' }, `${int(counts.kept)} connections kept`),
        h('li', { class: 'grown' }, `${counts.neuronsAdded} neurons added`),
        h('li', { class: 'pruned' }, `${counts.neuronsRemoved} neurons removed`),
      ),
    );
  }

  /**
   * Without an image layout there is no input map: say why, and list the inputs that matter most (their share of
   * the |w| leaving the inputs, as the bars left of the drawing show).
   */
  private renderInputsNote(graph: ArchGraph, scene: ArchScene): void {
    if (this.inputsNoteGraph === graph) return;
    this.inputsNoteGraph = graph;
    this.inputsNote.hidden = !!graph.imageShape;
    if (graph.imageShape) return;
    if (graph.front) {
      const out = graph.front.stages[graph.front.stages.length - 1]!.output;
      const unread = inputFanOut(graph).filter((v) => v === 0).length;
      setChildren(
        this.inputsNote,
        h(
          'p',
          { class: 'hint' },
          `The dense part reads the conv front end's ${graph.inputs} outputs (${out.join('×')}, channel by channel); `,
          'its kernels are drawn above the network.',
        ),
        unread > 0 ? h('p', { class: 'hint' }, `${unread} of ${graph.inputs} of them are not read.`) : null,
      );
      return;
    }
    const imp = scene.diff ? inputImportance(graph) : scene.importance;
    const ranks = importanceRanks(imp);
    const top = Array.from(imp.keys())
      .filter((i) => imp[i]! > 0)
      .sort((a, b) => ranks[a]! - ranks[b]!)
      .slice(0, 8);
    const unused = imp.filter((v) => v === 0).length;
    setChildren(
      this.inputsNote,
      h(
        'p',
        { class: 'hint' },
        `No input map: this dataset's ${graph.inputs} inputs have no image layout (CSV or ARFF columns). `,
        'The bars left of the drawing show how much each input matters.',
      ),
      top.length
        ? h(
            'ol',
            { class: 'top-inputs', 'aria-label': 'Inputs that matter most' },
            ...top.map((i) => h('li', {}, `${unitName(graph, i)}: ${(imp[i]! * 100).toFixed(1)}%`)),
          )
        : null,
      unused > 0 ? h('p', { class: 'hint' }, `${unused} of ${graph.inputs} inputs are no longer read.`) : null,
    );
  }

  private plotsBusy = false;

  private async renderPlots(): Promise<void> {
    // One pass at a time; a pass spreads its plots over frames, so updates arriving meanwhile wait for the next.
    if (this.plotsBusy) {
      this.plotScheduler.schedule();
      return;
    }
    this.plotsBusy = true;
    const current = this.currentPosition();
    try {
      await this.plots.update(this.timeline, this.palette, current?.step);
      this.root.dataset.plotDraws = String(this.plots.draws);
    } catch (err) {
      this.reportError(`plots: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.plotsBusy = false;
    }
  }

  private onTheme(): void {
    this.palette = readPalette(document.body);
    this.arch.setPalette(this.palette);
    this.heatmap.setPalette(this.palette);
    this.front.setPalette(this.palette);
    this.plotScheduler.schedule();
  }
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function signedPoints(r: RunResult): string {
  const d = (r.final.testAccuracy - r.baseline.testAccuracy) * 100;
  return `${d >= 0 ? '+' : ''}${d.toFixed(2)} pt`;
}

function defaultState(): DashboardState {
  return { version: 1, step: null, diffFrom: null, followLive: true, selectedUnit: null };
}
