/**
 * The verdict strip: the four answers of `src/protocol/verdict.ts` as cells at the top of a run view (renderer,
 * dashboard, and any page that reuses these views). Built once, updated in place; every cell keeps one line of
 * value and one of detail (the full detail in its tooltip), so the strip keeps its height from the first live
 * update to the final result. Plain DOM, no host API.
 */
import type { Verdict, VerdictItem } from '../../src/protocol/verdict';
import { h, setChildren } from './dom';

export class VerdictView {
  /** The strip's box: a size container, so the strip picks four, two or one column by its own width. */
  readonly element: HTMLElement;
  private readonly grid: HTMLElement;
  private key = '';

  constructor() {
    this.grid = h('section', { class: 'verdict', 'aria-label': 'Did it work?' });
    this.element = h('div', { class: 'verdict-box' }, this.grid);
  }

  set(v: Verdict): void {
    const key = JSON.stringify(v);
    if (key === this.key) return;
    this.key = key;
    this.grid.dataset.status = v.status;
    setChildren(this.grid, ...v.items.map(cell));
  }
}

function cell(item: VerdictItem): HTMLElement {
  return h(
    'div',
    { class: `verdict-item ${item.key} ${item.tone}`, title: `${item.label}: ${item.value}. ${item.detail}` },
    h('div', { class: 'verdict-label' }, item.label),
    h('div', { class: 'verdict-value' }, item.value),
    h('div', { class: 'verdict-detail' }, item.detail),
  );
}
