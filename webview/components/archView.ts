/**
 * The interactive architecture canvas: draws an ArchScene, zooms (wheel), pans (drag, arrow keys), shows a neuron
 * and its strongest path on hover and selects it on click or with the keyboard.
 *
 * Readable by default: above ALL_STRONG_BELOW connections only the k strongest by |w| are drawn in colour (a
 * slider on a log scale sets k), the rest faded; "All" shows the exact drawing with every edge by sign and |w|.
 *
 * Big networks: a full frame at 100k edges costs tens of milliseconds in software rendering. While the user pans or
 * zooms, frames then re-project the last full frame as a bitmap (a few ms) and the full drawing follows once the
 * gesture rests, so interaction stays fluid at any size. Small networks are simply redrawn every frame.
 * Hovering a big network redraws only the focus overlay on top of the cached base frame.
 */
import { drawBase, drawFocus, unitPositions, columnRadii } from './archDraw';
import { h } from './dom';
import {
  defaultTopK,
  focusBuckets,
  importanceRanks,
  kToSlider,
  SLIDER_STEPS,
  sliderToK,
  strongCount,
  thresholdForTop,
} from './edgeFocus';
import { type ArchGraph, maxLevel, unitCount, unitInfo, type UnitInfo } from './graph';
import { int, weight as fmtWeight } from './format';
import { FrameScheduler } from './scheduler';
import type { Palette } from './palette';
import { type ArchScene, type DrawBucket, labelPadding } from './archScene';
import { fitViewport, panBy, resizeViewport, type Viewport, wheelFactor, withPadding, zoomAt } from './viewport';

export interface ArchViewOptions {
  /** `always`: the wheel zooms (dashboard). `modifier`: only Ctrl/Cmd+wheel does, so a notebook still scrolls. */
  wheelZoom: 'always' | 'modifier';
  /** Accessible name of the view, e.g. "Architecture of optdigits-scheme-B". */
  label: string;
  /** A unit was clicked or chosen with the keyboard (null: selection cleared). */
  onSelect?: (info: UnitInfo | null) => void;
  /** The pointer moved onto a unit (its info) or off every unit (the selection's info, or null). */
  onHover?: (info: UnitInfo | null) => void;
  onViewportChange?: (vp: Viewport) => void;
  onEdgeFilterChange?: (f: EdgeFilter) => void;
}

/** Which connections the view draws in colour: the k strongest (null: the default for the size) or all. */
export interface EdgeFilter {
  mode: 'strongest' | 'all';
  top: number | null;
}

/**
 * Interaction frames use the bitmap fast path when a full frame took longer than this, or when the network is big
 * enough that rasterising it (which happens after our JS returns, so it is not in `lastDrawMs`) would drop frames.
 */
const FAST_PATH_MS = 14;
const FAST_PATH_EDGES = 15000;
/** Quiet time after a gesture before the full-quality frame. */
const SETTLE_MS = 140;
const MAX_MEASURES = 2000;

export class ArchitectureView {
  readonly element: HTMLDivElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly stage: HTMLDivElement;
  private readonly controls: {
    bar: HTMLDivElement;
    strongest: HTMLButtonElement;
    all: HTMLButtonElement;
    slider: HTMLInputElement;
    label: HTMLOutputElement;
  };
  private filter: EdgeFilter = { mode: 'strongest', top: null };
  /** Buckets of the readable view for the current scene and threshold. */
  private focusCache: { scene: ArchScene; threshold: number; buckets: DrawBucket[] } | undefined;
  private ranks: { scene: ArchScene; rank: Int32Array } | undefined;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly cache: HTMLCanvasElement;
  private readonly tooltip: HTMLDivElement;
  private readonly live: HTMLDivElement;
  private readonly resize: ResizeObserver;
  private readonly scheduler: FrameScheduler;
  private scene: ArchScene | undefined;
  private key = '';
  private vp: Viewport = fitViewport(300, 200);
  private cacheVp: Viewport | undefined;
  private dpr = 1;
  private hover: number | null = null;
  private selected: number | null = null;
  private fastFrame = false;
  /** Only the focus changed since the last full frame: blit the cached base and draw the overlay. */
  private focusFrame = false;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  private drag: { x: number; y: number; moved: number; id: number } | undefined;
  /** Duration of the last full frame, ms. */
  lastDrawMs = 0;
  fullDraws = 0;

  constructor(
    private palette: Palette,
    private readonly opts: ArchViewOptions,
  ) {
    this.canvas = h('canvas', {
      tabindex: 0,
      role: 'application',
      'aria-roledescription': 'architecture view',
      'aria-label': opts.label,
      class: 'arch-canvas',
    });
    const ctx = this.canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('canvas 2D context unavailable');
    this.ctx = ctx;
    this.cache = document.createElement('canvas');
    this.tooltip = h('div', { class: 'arch-tooltip', role: 'tooltip', hidden: true });
    this.live = h('div', { class: 'visually-hidden', 'aria-live': 'polite' });
    this.controls = this.buildControls();
    this.stage = h('div', { class: 'arch-stage' }, this.canvas, this.tooltip);
    this.element = h('div', { class: 'arch-view' }, this.controls.bar, this.stage, this.live);
    this.scheduler = new FrameScheduler(() => this.frame());
    this.resize = new ResizeObserver(() => this.onResize());
    this.resize.observe(this.stage);
    this.bindEvents();
  }

  private buildControls(): ArchitectureView['controls'] {
    const toggle = (text: string, title: string): HTMLButtonElement =>
      h('button', { type: 'button', class: 'arch-mode', title, 'aria-pressed': 'false' }, text);
    const strongest = toggle('Strongest', 'Draw the strongest connections in colour, the others faded');
    const all = toggle('All', 'Exact drawing: every connection by sign, opacity by |w|');
    strongest.dataset.mode = 'strongest';
    all.dataset.mode = 'all';
    const slider = h('input', {
      type: 'range',
      class: 'arch-strength',
      min: 0,
      max: SLIDER_STEPS,
      step: 1,
      value: SLIDER_STEPS,
      'aria-label': 'Connections drawn in colour (strongest first)',
    });
    const label = h('output', { class: 'arch-strength-label' });
    strongest.addEventListener('click', () => this.setEdgeFilter({ ...this.filter, mode: 'strongest' }));
    all.addEventListener('click', () => this.setEdgeFilter({ ...this.filter, mode: 'all' }));
    slider.addEventListener('input', () => {
      const edges = this.scene?.graph.src.length ?? 0;
      this.setEdgeFilter({ mode: 'strongest', top: sliderToK(Number(slider.value), edges) });
    });
    const bar = h(
      'div',
      { class: 'arch-controls', role: 'group', 'aria-label': 'Connections shown' },
      h('span', { class: 'arch-mode-group' }, strongest, all),
      slider,
      label,
    );
    return { bar, strongest, all, slider, label };
  }

  get edgeFilter(): EdgeFilter {
    return { ...this.filter };
  }

  /** Strongest-k or exact drawing; `top` is kept across networks (clamped to each one's size). */
  setEdgeFilter(f: EdgeFilter): void {
    this.filter = { ...f };
    this.opts.onEdgeFilterChange?.(this.edgeFilter);
    this.syncControls();
    this.cacheVp = undefined;
    this.requestDraw();
  }

  /** k and |w| threshold in force for the current scene (k = all edges in the exact view). */
  shownStrong(): { k: number; threshold: number; strong: number; edges: number } {
    const s = this.scene;
    const edges = s?.graph.src.length ?? 0;
    if (!s || s.diff || this.filter.mode === 'all') return { k: edges, threshold: 0, strong: edges, edges };
    const k = Math.min(edges, this.filter.top ?? defaultTopK(edges));
    const threshold = thresholdForTop(s.magnitudes, k);
    return { k, threshold, strong: strongCount(s.magnitudes, threshold), edges };
  }

  private drawBuckets(): DrawBucket[] {
    const s = this.scene!;
    if (s.diff || this.filter.mode === 'all') return s.buckets;
    const { threshold, strong, edges } = this.shownStrong();
    if (strong >= edges) return s.buckets;
    if (this.focusCache?.scene !== s || this.focusCache.threshold !== threshold) {
      this.focusCache = { scene: s, threshold, buckets: focusBuckets(s.graph.weight, threshold) };
    }
    return this.focusCache.buckets;
  }

  private syncControls(): void {
    const c = this.controls;
    const s = this.scene;
    c.bar.hidden = !s || !!s.diff || s.graph.src.length === 0;
    const all = this.filter.mode === 'all';
    c.strongest.setAttribute('aria-pressed', String(!all));
    c.all.setAttribute('aria-pressed', String(all));
    c.slider.disabled = all;
    if (!s) return;
    const { k, threshold, strong, edges } = this.shownStrong();
    if (!all) c.slider.value = String(kToSlider(k, edges));
    c.label.textContent = all
      ? `all ${int(edges)} connections, opacity by |w|`
      : strong >= edges
        ? `all ${int(edges)} connections`
        : `strongest ${int(strong)} of ${int(edges)} (|w| ≥ ${threshold.toPrecision(2)}), the rest faded`;
    this.element.dataset.shownStrong = String(strong);
  }

  /** Shows the scene of `key`, building it only when the key changes (live updates resend the same network). */
  setScene(key: string, build: () => ArchScene): void {
    if (key === this.key && this.scene) return;
    const t0 = performance.now();
    this.scene = build();
    measure('scann:arch-scene', t0, { edges: this.scene.graph.src.length });
    this.vp = withPadding(this.vp, labelPadding(this.scene));
    this.key = key;
    this.cacheVp = undefined;
    if (this.selected !== null && this.selected >= unitCount(this.scene.graph)) this.selected = null;
    this.hover = null;
    this.canvas.setAttribute('aria-label', `${this.opts.label}: ${describeScene(this.scene)}`);
    this.syncControls();
    this.requestDraw();
  }

  get currentScene(): ArchScene | undefined {
    return this.scene;
  }

  setPalette(p: Palette): void {
    this.palette = p;
    this.cacheVp = undefined;
    this.requestDraw();
  }

  get viewport(): Viewport {
    return this.vp;
  }

  setViewport(v: { scale: number; x: number; y: number }): void {
    this.vp = { ...this.vp, scale: v.scale, x: v.x, y: v.y };
    this.requestDraw();
  }

  fit(): void {
    this.vp = fitViewport(this.vp.width, this.vp.height, this.vp.pad);
    this.changedViewport(false);
  }

  zoom(factor: number): void {
    this.vp = zoomAt(this.vp, this.vp.width / 2, this.vp.height / 2, factor);
    this.changedViewport(true);
  }

  select(unit: number | null): void {
    this.selected = unit;
    const info = unit !== null && this.scene ? unitInfo(this.scene.graph, this.scene.adjacency, unit) : null;
    this.live.textContent = info ? describeUnit(info) : '';
    this.opts.onSelect?.(info);
    this.requestDraw();
  }

  get selectedUnit(): number | null {
    return this.selected;
  }

  requestDraw(): void {
    this.fastFrame = false;
    this.focusFrame = false;
    this.scheduler.schedule();
  }

  /** The focus (hover) changed: the base frame stays valid when it is cached for this viewport. */
  private requestFocusDraw(): void {
    if (this.cacheVp !== this.vp || this.fastFrame) {
      this.requestDraw();
      return;
    }
    this.focusFrame = true;
    this.scheduler.schedule();
  }

  /** Draws now if a frame is pending (screenshots, benchmarks). */
  flush(): void {
    this.scheduler.flush();
  }

  dispose(): void {
    this.resize.disconnect();
    this.scheduler.cancel();
    if (this.settleTimer !== undefined) clearTimeout(this.settleTimer);
  }

  // -- drawing

  private onResize(): void {
    const rect = this.stage.getBoundingClientRect();
    const w = Math.max(50, Math.round(rect.width));
    const hgt = Math.max(50, Math.round(rect.height));
    this.dpr = Math.min(2, window.devicePixelRatio || 1);
    if (w === this.vp.width && hgt === this.vp.height && this.canvas.width === Math.round(w * this.dpr)) return;
    this.vp = resizeViewport(this.vp, w, hgt);
    this.canvas.width = Math.round(w * this.dpr);
    this.canvas.height = Math.round(hgt * this.dpr);
    this.canvas.style.width = `${w}px`;
    this.canvas.style.height = `${hgt}px`;
    this.cacheVp = undefined;
    this.requestDraw();
  }

  private frame(): void {
    if (this.fastFrame && this.cacheVp) this.blit(this.cacheVp);
    else if (this.focusFrame && this.cacheVp === this.vp && this.scene) {
      const t0 = performance.now();
      this.blit(this.vp);
      this.drawFocusLayer();
      measure('scann:arch-focus', t0, { edges: this.scene.graph.src.length });
    } else this.fullDraw();
    this.focusFrame = false;
  }

  private drawFocusLayer(): void {
    if (!this.scene) return;
    const focus = this.hover ?? this.selected;
    drawFocus(this.ctx, this.scene, this.vp, this.palette, this.dpr, focus, this.hover !== null);
  }

  private fullDraw(): void {
    const t0 = performance.now();
    const { ctx } = this;
    if (!this.scene) {
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.fillStyle = this.palette.background;
      ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
      return;
    }
    drawBase(ctx, this.scene, this.vp, this.palette, this.dpr, this.drawBuckets(), true);
    this.lastDrawMs = performance.now() - t0;
    this.fullDraws++;
    // The canvas calls only: copying the frame below makes the browser rasterise it on the spot.
    measure('scann:arch-draw', t0, { edges: this.scene.graph.src.length });
    // Keep the base (without focus) for the pan/zoom and hover fast paths (only worth it when frames are slow).
    if (this.lastDrawMs > FAST_PATH_MS || this.scene.graph.src.length > FAST_PATH_EDGES) {
      if (this.cache.width !== this.canvas.width || this.cache.height !== this.canvas.height) {
        this.cache.width = this.canvas.width;
        this.cache.height = this.canvas.height;
      }
      this.cache.getContext('2d')?.drawImage(this.canvas, 0, 0);
      this.cacheVp = this.vp;
    } else {
      this.cacheVp = undefined;
    }
    this.drawFocusLayer();
  }

  /** Re-projects the last full frame to the current zoom/pan. */
  private blit(from: Viewport): void {
    const t0 = performance.now();
    const f = this.vp.scale / from.scale;
    const ox = this.vp.x - from.x * f;
    const oy = this.vp.y - from.y * f;
    const { ctx } = this;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalAlpha = 1;
    ctx.fillStyle = this.palette.background;
    ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.setTransform(f, 0, 0, f, ox * this.dpr, oy * this.dpr);
    ctx.drawImage(this.cache, 0, 0);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    measure('scann:arch-blit', t0, {});
  }

  private changedViewport(interactive: boolean): void {
    this.opts.onViewportChange?.(this.vp);
    this.hideTooltip();
    if (interactive && this.cacheVp) {
      this.fastFrame = true;
      this.scheduler.schedule();
      if (this.settleTimer !== undefined) clearTimeout(this.settleTimer);
      this.settleTimer = setTimeout(() => {
        this.settleTimer = undefined;
        this.requestDraw();
      }, SETTLE_MS);
    } else {
      this.requestDraw();
    }
  }

  // -- interaction

  /** Nearest unit to a canvas point, within a few pixels of its disc. */
  unitAt(x: number, y: number): number | null {
    if (!this.scene) return null;
    const { sx, sy } = unitPositions(this.scene, this.vp);
    const radii = columnRadii(this.scene, this.vp);
    const col = this.scene.layout.column;
    let best: number | null = null;
    let bestD = Infinity;
    for (let u = 0; u < sx.length; u++) {
      const dx = sx[u]! - x;
      const dy = sy[u]! - y;
      const d = dx * dx + dy * dy;
      const reach = radii[col[u]!]! + 4;
      if (d <= reach * reach && d < bestD) {
        bestD = d;
        best = u;
      }
    }
    return best;
  }

  /** Canvas (CSS pixel) position of a unit, for tests and tooltips. */
  unitPoint(unit: number): [number, number] | null {
    if (!this.scene || unit >= unitCount(this.scene.graph)) return null;
    const { sx, sy } = unitPositions(this.scene, this.vp);
    return [sx[unit]!, sy[unit]!];
  }

  private bindEvents(): void {
    const c = this.canvas;
    const local = (e: MouseEvent): [number, number] => {
      const r = c.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top];
    };
    c.addEventListener(
      'wheel',
      (e) => {
        if (this.opts.wheelZoom === 'modifier' && !(e.ctrlKey || e.metaKey)) return;
        e.preventDefault();
        const [x, y] = local(e);
        this.vp = zoomAt(this.vp, x, y, wheelFactor(e.deltaMode === 1 ? e.deltaY * 33 : e.deltaY));
        this.changedViewport(true);
      },
      { passive: false },
    );
    c.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      c.setPointerCapture(e.pointerId);
      this.drag = { x: e.clientX, y: e.clientY, moved: 0, id: e.pointerId };
    });
    c.addEventListener('pointermove', (e) => {
      if (this.drag && this.drag.id === e.pointerId) {
        const dx = e.clientX - this.drag.x;
        const dy = e.clientY - this.drag.y;
        this.drag.x = e.clientX;
        this.drag.y = e.clientY;
        this.drag.moved += Math.abs(dx) + Math.abs(dy);
        if (this.drag.moved > 3) {
          c.classList.add('dragging');
          this.vp = panBy(this.vp, dx, dy);
          this.changedViewport(true);
        }
        return;
      }
      const [x, y] = local(e);
      const u = this.unitAt(x, y);
      if (u !== this.hover) this.setHover(u);
      if (u === null) this.hideTooltip();
      else this.showTooltip(u, x, y);
    });
    const endDrag = (e: PointerEvent): void => {
      if (!this.drag || this.drag.id !== e.pointerId) return;
      const click = this.drag.moved <= 3;
      this.drag = undefined;
      c.classList.remove('dragging');
      if (click && e.type === 'pointerup') {
        const [x, y] = local(e);
        this.select(this.unitAt(x, y));
      }
    };
    c.addEventListener('pointerup', endDrag);
    c.addEventListener('pointercancel', endDrag);
    c.addEventListener('pointerleave', () => {
      if (this.hover !== null) this.setHover(null);
      this.hideTooltip();
    });
    c.addEventListener('dblclick', () => this.fit());
    c.addEventListener('keydown', (e) => this.onKey(e));
  }

  private setHover(u: number | null): void {
    this.hover = u;
    this.requestFocusDraw();
    if (!this.opts.onHover || !this.scene) return;
    const shown = u ?? this.selected;
    this.opts.onHover(shown === null ? null : unitInfo(this.scene.graph, this.scene.adjacency, shown));
  }

  /** Hovered unit (null when the pointer is on no unit). */
  get hoveredUnit(): number | null {
    return this.hover;
  }

  private onKey(e: KeyboardEvent): void {
    const step = 40;
    const handled = (() => {
      switch (e.key) {
        case 'ArrowLeft':
          this.vp = panBy(this.vp, step, 0);
          break;
        case 'ArrowRight':
          this.vp = panBy(this.vp, -step, 0);
          break;
        case 'ArrowUp':
          this.vp = panBy(this.vp, 0, step);
          break;
        case 'ArrowDown':
          this.vp = panBy(this.vp, 0, -step);
          break;
        case '+':
        case '=':
          this.vp = zoomAt(this.vp, this.vp.width / 2, this.vp.height / 2, 1.25);
          break;
        case '-':
          this.vp = zoomAt(this.vp, this.vp.width / 2, this.vp.height / 2, 0.8);
          break;
        case '0':
          this.fit();
          return true;
        case 'n':
        case ']':
          this.cycle(1);
          return true;
        case 'p':
        case '[':
          this.cycle(-1);
          return true;
        case 'Escape':
          this.select(null);
          return true;
        default:
          return false;
      }
      this.changedViewport(true);
      return true;
    })();
    if (handled) e.preventDefault();
  }

  /** Next/previous unit in reading order: hidden neurons first, then outputs, then inputs. */
  private cycle(dir: 1 | -1): void {
    if (!this.scene) return;
    const n = unitCount(this.scene.graph);
    const first = this.scene.graph.inputs;
    const order = (u: number): number => (u - first + n) % n;
    const from = this.selected === null ? (dir > 0 ? -1 : 0) : order(this.selected);
    const next = (((from + dir) % n) + n) % n;
    this.select((next + first) % n);
  }

  private showTooltip(unit: number, x: number, y: number): void {
    if (!this.scene) return;
    const info = unitInfo(this.scene.graph, this.scene.adjacency, unit);
    let text = describeUnit(info);
    if (info.kind === 'input' && !this.scene.diff) {
      if (this.ranks?.scene !== this.scene)
        this.ranks = { scene: this.scene, rank: importanceRanks(this.scene.importance) };
      text += ` · importance ${(this.scene.importance[unit]! * 100).toFixed(1)}% (rank ${this.ranks.rank[unit]} of ${this.scene.graph.inputs})`;
    }
    this.tooltip.textContent = text;
    this.tooltip.hidden = false;
    const w = this.vp.width;
    this.tooltip.style.left = `${Math.min(x + 12, w - 220)}px`;
    this.tooltip.style.top = `${y + 14}px`;
  }

  private hideTooltip(): void {
    this.tooltip.hidden = true;
  }
}

export function describeUnit(i: UnitInfo): string {
  const parts = [`${i.name} (${i.kind}, level ${i.level})`, `${i.incoming.count} in, ${i.outgoing.count} out`];
  if (i.bias !== null) parts.push(`bias ${fmtWeight(i.bias)}`);
  return parts.join(' · ');
}

export function describeGraph(g: ArchGraph): string {
  return `${g.inputs} inputs, ${g.hidden} hidden neurons in ${maxLevel(g)} levels, ${g.outputs} outputs, ${int(g.src.length)} connections`;
}

/**
 * The network shown, in words. A diff scene draws the union of two networks; `shown` is the one the user selected,
 * whose counts the caption gives (the union's would count pruned connections and removed neurons as present).
 */
export function describeScene(s: ArchScene, shown: ArchGraph = s.graph): string {
  const base = describeGraph(shown);
  if (!s.diff) return s.skips > 0 ? `${base} (${int(s.skips)} skip levels)` : base;
  const c = s.diff.counts;
  return `${base}; diff: ${int(c.kept)} kept, ${int(c.grown)} grown, ${int(c.pruned)} pruned, ${c.neuronsAdded} neurons added, ${c.neuronsRemoved} removed`;
}

function measure(name: string, start: number, detail: Record<string, number>): void {
  try {
    performance.measure(name, { start, end: performance.now(), detail });
    if (performance.getEntriesByName(name).length > MAX_MEASURES) performance.clearMeasures(name);
  } catch {
    // User Timing is diagnostics only.
  }
}
