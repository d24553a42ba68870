/**
 * Inputs of an image dataset as a picture: each pixel's colour is its fan-out (active outgoing connections), so
 * which parts of the image the synthesized network still reads is visible at a glance.
 */
import { h } from './dom';
import { type ArchGraph, inputFanOut } from './graph';
import type { Palette } from './palette';

export class FanOutHeatmap {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly caption: HTMLElement;
  private graph: ArchGraph | undefined;
  private fanOut: Int32Array = new Int32Array(0);
  private cell = 1;
  private marked: number | null = null;

  constructor(
    private palette: Palette,
    private readonly onPick?: (input: number) => void,
    private readonly maxSize = 160,
  ) {
    // Not focusable: the same inputs are reachable from the architecture view's keyboard (n / p).
    this.canvas = h('canvas', { class: 'heatmap-canvas', role: 'img' });
    this.caption = h('div', { class: 'heatmap-caption' });
    this.element = h('figure', { class: 'heatmap' }, this.canvas, this.caption);
    this.canvas.addEventListener('pointermove', (e) => this.onHover(e));
    this.canvas.addEventListener('pointerleave', () => this.updateCaption(null));
    if (onPick) this.canvas.addEventListener('click', (e) => this.onClick(e));
  }

  /** Shows the graph's inputs; hides itself when the dataset is not an image set. */
  set(graph: ArchGraph): void {
    this.graph = graph;
    this.element.hidden = !graph.imageShape;
    if (!graph.imageShape) return;
    this.fanOut = inputFanOut(graph);
    const [rows, cols] = graph.imageShape;
    this.cell = Math.max(2, Math.floor(this.maxSize / Math.max(rows, cols)));
    this.draw();
    this.updateCaption(null);
  }

  setPalette(p: Palette): void {
    this.palette = p;
    this.draw();
  }

  /** Outlines one input pixel (the selected input neuron), or none. */
  mark(input: number | null): void {
    this.marked = input;
    this.draw();
  }

  private draw(): void {
    const g = this.graph;
    if (!g?.imageShape) return;
    const [rows, cols] = g.imageShape;
    const dpr = Math.min(2, window.devicePixelRatio || 1);
    const c = this.cell;
    this.canvas.width = cols * c * dpr;
    this.canvas.height = rows * c * dpr;
    this.canvas.style.width = `${cols * c}px`;
    this.canvas.style.height = `${rows * c}px`;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.globalAlpha = 1;
    ctx.fillStyle = this.palette.background;
    ctx.fillRect(0, 0, cols * c, rows * c);
    const max = Math.max(1, ...this.fanOut);
    ctx.fillStyle = this.palette.positive;
    for (let i = 0; i < g.inputs; i++) {
      const v = this.fanOut[i]!;
      if (v === 0) continue;
      ctx.globalAlpha = 0.15 + 0.85 * (v / max);
      ctx.fillRect((i % cols) * c, Math.floor(i / cols) * c, c, c);
    }
    ctx.globalAlpha = 1;
    ctx.strokeStyle = this.palette.border;
    ctx.lineWidth = 1;
    ctx.strokeRect(0.5, 0.5, cols * c - 1, rows * c - 1);
    if (this.marked !== null && this.marked < g.inputs) {
      ctx.strokeStyle = this.palette.accent;
      ctx.lineWidth = 2;
      ctx.strokeRect((this.marked % cols) * c + 1, Math.floor(this.marked / cols) * c + 1, c - 2, c - 2);
    }
    const used = this.fanOut.reduce((n, v) => n + (v > 0 ? 1 : 0), 0);
    this.canvas.setAttribute(
      'aria-label',
      `Input fan-out heat map, ${rows} by ${cols} pixels: ${used} of ${g.inputs} inputs connected, at most ${max} connections per pixel`,
    );
  }

  private pixelAt(e: MouseEvent): number | null {
    const g = this.graph;
    if (!g?.imageShape) return null;
    const r = this.canvas.getBoundingClientRect();
    const col = Math.floor((e.clientX - r.left) / this.cell);
    const row = Math.floor((e.clientY - r.top) / this.cell);
    const [rows, cols] = g.imageShape;
    if (row < 0 || col < 0 || row >= rows || col >= cols) return null;
    return row * cols + col;
  }

  private onHover(e: MouseEvent): void {
    this.updateCaption(this.pixelAt(e));
  }

  private onClick(e: MouseEvent): void {
    const p = this.pixelAt(e);
    if (p !== null) this.onPick?.(p);
  }

  private updateCaption(pixel: number | null): void {
    const g = this.graph;
    if (!g?.imageShape) return;
    const cols = g.imageShape[1];
    if (pixel === null) {
      const used = this.fanOut.reduce((n, v) => n + (v > 0 ? 1 : 0), 0);
      this.caption.textContent = `Input fan-out: ${used}/${g.inputs} pixels used`;
    } else {
      const name = g.inputNames?.[pixel] ?? `x${pixel}`;
      this.caption.textContent = `${name} (row ${Math.floor(pixel / cols)}, col ${pixel % cols}): ${this.fanOut[pixel]} connections`;
    }
  }
}
