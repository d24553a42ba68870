/**
 * The conv front end above the dense drawing: its stages in a row with each conv layer's kernel density heat map
 * and channel states (frontLayout.ts, frontDraw.ts), laid out to the width it has, with hover text for every
 * kernel, channel and stage. Hidden when the network has no front end.
 */
import type { FrontSnapshot } from '../../src/protocol/frontSnapshot';
import { h, svg } from './dom';
import { drawFront, drawFrontLegend } from './frontDraw';
import { describeFront, frontHitAt, frontHitText, layoutFront, type FrontLayout } from './frontLayout';
import type { Palette } from './palette';

export class FrontEndView {
  readonly element: HTMLElement;
  private readonly svgEl: SVGSVGElement;
  private readonly tooltip: HTMLElement;
  private readonly resize: ResizeObserver;
  private front: FrontSnapshot | undefined;
  private before: FrontSnapshot | undefined;
  private layout: FrontLayout | undefined;
  private width = 0;

  constructor(private palette: Palette) {
    this.svgEl = svg('svg', { class: 'front-svg', role: 'img' });
    this.tooltip = h('div', { class: 'front-tooltip', role: 'tooltip', hidden: true });
    this.element = h('figure', { class: 'front-view', hidden: true }, this.svgEl, this.tooltip);
    this.svgEl.addEventListener('pointermove', (e) => this.onHover(e));
    this.svgEl.addEventListener('pointerleave', () => {
      this.tooltip.hidden = true;
    });
    this.resize = new ResizeObserver(() => {
      if (this.element.clientWidth !== this.width) this.draw();
    });
    this.resize.observe(this.element);
  }

  /**
   * Shows `front` (undefined hides the view), compared with `before` when given (the dashboard's diff against an
   * earlier step: changes coloured, only when both have the same shape); the same pair is not redrawn.
   */
  set(front: FrontSnapshot | undefined, before?: FrontSnapshot): void {
    if (front === this.front && before === this.before) return;
    this.front = front;
    this.before = before;
    this.element.hidden = !front;
    this.draw();
  }

  setPalette(p: Palette): void {
    this.palette = p;
    this.draw();
  }

  get currentLayout(): FrontLayout | undefined {
    return this.layout;
  }

  dispose(): void {
    this.resize.disconnect();
  }

  private draw(): void {
    const f = this.front;
    if (!f) {
      this.layout = undefined;
      this.svgEl.replaceChildren();
      return;
    }
    this.width = this.element.clientWidth;
    const p = this.palette;
    const fontPx = Math.max(10, p.fontSize - 2);
    // Before the element is laid out, lay out for a notebook's width; the observer redraws at the real one.
    const l = layoutFront(f, this.width > 0 ? this.width : 900, fontPx, this.before);
    this.layout = l;
    const legendH = fontPx + 10;
    const height = l.height + legendH;
    const width = Math.max(l.width, 10);
    this.svgEl.setAttribute('viewBox', `0 0 ${width} ${height}`);
    this.svgEl.setAttribute('width', String(width));
    this.svgEl.setAttribute('height', String(height));
    this.svgEl.setAttribute('aria-label', describeFront(f));
    this.svgEl.replaceChildren(drawFront(l, p), drawFrontLegend(p, fontPx, height - 4, width, !!l.before));
    this.element.classList.toggle('diff', !!l.before);
  }

  private onHover(e: PointerEvent): void {
    const l = this.layout;
    if (!l) return;
    const r = this.svgEl.getBoundingClientRect();
    // The drawing scales down when the view is narrower than its layout: back to layout units.
    const scale = r.width > 0 ? l.width / r.width : 1;
    const hit = frontHitAt(l, (e.clientX - r.left) * scale, (e.clientY - r.top) * scale);
    if (!hit) {
      this.tooltip.hidden = true;
      return;
    }
    this.tooltip.textContent = frontHitText(l, hit);
    this.tooltip.hidden = false;
    const box = this.element.getBoundingClientRect();
    const x = e.clientX - box.left;
    this.tooltip.style.left = `${Math.max(0, Math.min(x + 12, box.width - 320))}px`;
    this.tooltip.style.top = `${e.clientY - box.top + 16}px`;
  }
}
