import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timelineFrom } from '../../webview/dashboard/timeline';
import { GraphCache, historyEnergy, positions, sameNeurons, timelineFromResult } from '../../webview/dashboard/model';
import { curvesFigure, integerDtick, stepEpochRange, structureFigure } from '../../webview/dashboard/plotData';
import { fixtureEvents, fixtureResult } from '../webview/support/fixtures';

const palette = {
  kind: 'light' as const,
  background: '#fff',
  foreground: '#000',
  muted: '#777',
  border: '#ddd',
  grid: '#eee',
  accent: '#05b',
  positive: '#00f',
  negative: '#f00',
  input: '#a0a',
  hidden: '#fa0',
  output: '#0a0',
  grown: '#0f0',
  pruned: '#f00',
  kept: '#999',
  series: ['#1', '#2', '#3', '#4', '#5', '#6'],
  fontFamily: 'sans-serif',
  fontSize: 13,
  monoFamily: 'monospace',
};

test('scrubber positions: one per step; the selected network at its own step, labelled as such', () => {
  const t = timelineFrom(fixtureEvents('optdigits-b'));
  const r = fixtureResult('optdigits-b');
  const ps = positions(t);
  assert.equal(ps.length, r.history.length);
  assert.deepEqual(
    ps.map((p) => p.step),
    r.history.map((h) => h.step),
  );
  assert.equal(ps[0]!.label, 'step 0: initial training');
  assert.match(ps[1]!.label, /^step 1: prune: -[\d,]+ connections$/);
  const finals = ps.filter((p) => p.final);
  assert.equal(finals.length, 1);
  assert.equal(finals[0]!.step, r.final.selectedAt.step);
  assert.match(finals[0]!.label, new RegExp(`^step ${r.final.selectedAt.step}: .* · selected$`));
});

test('scrubber positions: a selected step before the last one stays in step order', () => {
  const t = timelineFrom(fixtureEvents('optdigits-b'));
  const r = structuredClone(t.result!);
  r.final.selectedAt = { ...r.final.selectedAt, step: 3 };
  t.result = r;
  const ps = positions(t);
  assert.equal(ps.length, 8);
  assert.equal(ps[3]!.final, true);
  assert.equal(ps[7]!.key, 'step:7');
});

test('neurons are the same across steps only without neuron operations in between', () => {
  const t = timelineFrom(fixtureEvents('optdigits-b'));
  assert.equal(sameNeurons(t, 0, 6), true);
  assert.equal(sameNeurons(t, 6, 7), false); // step 7 removed a neuron
  assert.equal(sameNeurons(t, 7, 2), false);
});

test('graph cache: the final network and diffs between positions', () => {
  const t = timelineFrom(fixtureEvents('optdigits-b'));
  const cache = new GraphCache(() => t);
  const ps = positions(t);
  const final = ps[ps.length - 1]!;
  const g = cache.graph(final)!;
  assert.equal(g.src.length, fixtureResult('optdigits-b').final.connections);
  assert.equal(cache.graph(final), g);
  const d = cache.diff(final, ps[5]!)!; // order does not matter: always earlier -> later
  assert.equal(d.counts.kept + d.counts.grown, g.src.length);
  assert.equal(cache.diff(ps[5]!, final), d);
});

test('a result-only timeline has no snapshots but all steps and energies', () => {
  const r = fixtureResult('optdigits-a');
  const t = timelineFromResult(r);
  const ps = positions(t);
  assert.equal(ps.length, 1);
  assert.equal(ps[0]!.final, true);
  const e = historyEnergy(t);
  assert.equal(e.length, r.history.length);
  const sel = r.history.findIndex((h) => h.step === r.final.selectedAt.step);
  assert.ok(Math.abs(e[sel]! - r.energy.final) < 1e-6);
});

test('plot data: curves per phase with the current step highlighted; op symbols per step', () => {
  const t = timelineFrom(fixtureEvents('optdigits-b'));
  const range = stepEpochRange(t, 3)!;
  const f = curvesFigure(t, palette, 3);
  assert.equal(f.data.length, 8);
  const shapes = f.layout.shapes as { x0: number; x1: number }[];
  assert.equal(shapes.length, 2);
  assert.deepEqual([shapes[1]!.x0, shapes[1]!.x1], [range[0] - 0.5, range[1] + 0.5]);
  const s = structureFigure(t, palette, 3);
  const symbols = (s.data[0]!.marker as { symbol: string[] }).symbol;
  assert.equal(symbols[0], 'circle');
  assert.equal(symbols[1], 'triangle-down');
  assert.equal(symbols[2], 'triangle-up');
});

test('plot axes: steps from the first step, whole hidden-neuron ticks, train and validation told apart', () => {
  const t = timelineFrom(fixtureEvents('optdigits-b'));
  const s = structureFigure(t, palette, 3);
  const x = s.layout.xaxis as { range: number[]; dtick: number; tick0: number };
  assert.ok(x.range[0]! > -1 && x.range[0]! < 0, `step axis from ${x.range[0]}`);
  assert.equal(x.tick0, 0);
  assert.ok(Number.isInteger(x.dtick) && x.dtick >= 1);
  const y2 = s.layout.yaxis2 as { dtick: number; tick0: number; range: number[] };
  assert.ok(Number.isInteger(y2.dtick) && y2.dtick >= 1, `neuron ticks every ${y2.dtick}`);
  assert.equal(y2.tick0, 0);
  assert.equal(integerDtick(47), 10);
  assert.equal(integerDtick(3), 1);
  assert.equal(integerDtick(12), 5);
  // Four curves of the synthesis phase: each (colour, dash) pair distinct; train solid, validation dashed.
  const f = curvesFigure(t, palette, undefined);
  const synthesis = f.data.filter((d) => d.showlegend);
  const styles = synthesis.map((d) => {
    const line = d.line as { color: string; dash: string };
    return `${line.color}/${line.dash}`;
  });
  assert.equal(new Set(styles).size, 4, styles.join(' '));
  assert.equal(new Set(synthesis.map((d) => (d.line as { color: string }).color)).size, 4);
  for (const d of synthesis) {
    assert.equal((d.line as { dash: string }).dash, String(d.name).startsWith('train') ? 'solid' : 'dash');
  }
  assert.equal(f.title, 'Accuracy and loss per epoch');
  assert.equal(f.layout.title, undefined, 'titles are drawn above the plot, not by plotly');
});
