/**
 * The verdict strip: the four answers of `src/protocol/verdict.ts` as cells at the top of a run view (renderer,
 * dashboard, and any page that reuses these views). Built once, updated in place; every cell keeps one line of
 * value and one of detail (the full detail in its tooltip), so the strip keeps its height from the first live
 * update to the final result. Plain DOM, no host API.
 */
import type { Verdict, VerdictItem } from '../../src/protocol/verdict';
import { h, setChildren } from './dom';

export class VerdictView {
  readonly element: HTMLElement;
  private key = '';

  constructor() {
    this.element = h('section', { class: 'verdict', 'aria-label': 'Did it work?' });
  }

  set(v: Verdict): void {
    const key = JSON.stringify(v);
    if (key === this.key) return;
    this.key = key;
    this.element.dataset.status = v.status;
    setChildren(this.element, ...v.items.map(cell));
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
