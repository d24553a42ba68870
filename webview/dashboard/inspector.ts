/** The neuron inspector: what the selected unit is, its degrees, bias and weight statistics. */
import { h, setChildren } from '../components/dom';
import type { UnitInfo, WeightSummary } from '../components/graph';
import { weight } from '../components/format';

export class Inspector {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;

  constructor() {
    this.body = h('div', { class: 'inspector-body' });
    this.element = h(
      'section',
      { class: 'panel inspector', 'aria-label': 'Neuron inspector', 'aria-live': 'polite' },
      h('h2', {}, 'Neuron'),
      this.body,
    );
    this.show(null);
  }

  show(info: UnitInfo | null): void {
    if (!info) {
      setChildren(
        this.body,
        h('p', { class: 'hint' }, 'Hover or click a neuron (or focus the drawing and press n / p) to inspect it.'),
      );
      return;
    }
    const row = (k: string, v: string): HTMLElement[] => [h('dt', {}, k), h('dd', {}, v)];
    setChildren(
      this.body,
      h('div', { class: 'unit-name' }, info.name),
      h(
        'dl',
        {},
        ...row('kind', info.kind),
        ...row('level', String(info.level)),
        ...row('in-degree', String(info.incoming.count)),
        ...row('out-degree', String(info.outgoing.count)),
        ...row('bias', info.bias === null ? '—' : weight(info.bias)),
        ...row('incoming', summary(info.incoming)),
        ...row('outgoing', summary(info.outgoing)),
      ),
      info.strongestIn.length
        ? h(
            'div',
            { class: 'strongest' },
            h('h3', {}, 'Strongest inputs'),
            h('ol', {}, ...info.strongestIn.map((s) => h('li', {}, `${s.name}: ${weight(s.weight)}`))),
          )
        : null,
    );
  }
}

function summary(s: WeightSummary): string {
  if (s.count === 0) return 'none';
  return `${s.positive}+ / ${s.negative}−, mean |w| ${s.meanAbs.toPrecision(3)}, max |w| ${s.maxAbs.toPrecision(3)}`;
}
