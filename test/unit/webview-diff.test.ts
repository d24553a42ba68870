import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ArchitectureSnapshot, RunEvent } from '../../src/protocol/events';
import { alignHidden, diffGraphs, EdgeStatus, jaccard, UnitStatus } from '../../webview/components/diff';
import { graphFromSnapshot } from '../../webview/components/graph';
import { fixtureEvents } from '../webview/support/fixtures';

/** inputs 0-3, hidden neurons each reading a distinct pair of inputs, one output after them. */
function chain(hiddenInputs: number[][]): ArchitectureSnapshot {
  const inputs = 4;
  const h = hiddenInputs.length;
  const edges: [number, number][] = [];
  hiddenInputs.forEach((srcs, k) => {
    for (const s of srcs) edges.push([s, inputs + k]);
    edges.push([inputs + k, inputs + h]);
  });
  return {
    inputs,
    outputs: 1,
    hidden: h,
    levels: hiddenInputs.map(() => 1),
    edges,
    weights: edges.map((_, i) => (i % 2 ? -1 : 1) * (i + 1)),
    biases: hiddenInputs.map(() => 0),
  };
}

test('jaccard similarity of sorted key lists', () => {
  assert.equal(jaccard(Int32Array.of(1, 2, 3), Int32Array.of(2, 3, 4)), 0.5);
  assert.equal(jaccard(Int32Array.of(), Int32Array.of()), 1);
  assert.equal(jaccard(Int32Array.of(1), Int32Array.of(2)), 0);
});

test('identical networks: everything kept', () => {
  const g = graphFromSnapshot(
    chain([
      [0, 1],
      [2, 3],
      [1, 2],
    ]),
  );
  const d = diffGraphs(g, g);
  assert.deepEqual(d.counts, { kept: g.src.length, grown: 0, pruned: 0, neuronsAdded: 0, neuronsRemoved: 0 });
  assert.ok(d.edgeStatus.every((s) => s === EdgeStatus.Kept));
});

test('pruned and grown connections without neuron changes', () => {
  const a = graphFromSnapshot(
    chain([
      [0, 1],
      [2, 3],
    ]),
  );
  const b = graphFromSnapshot(chain([[0], [2, 3, 1]]));
  const d = diffGraphs(a, b, true);
  assert.equal(d.counts.pruned, 1); // x1 -> h0
  assert.equal(d.counts.grown, 1); // x1 -> h1
  assert.equal(d.counts.kept, 5);
  assert.equal(d.graph.src.length, 7); // union: B's 6 edges + the pruned one
  const pruned = [...d.edgeStatus.keys()].filter((e) => d.edgeStatus[e] === EdgeStatus.Pruned);
  assert.deepEqual([d.graph.src[pruned[0]!], d.graph.dst[pruned[0]!]], [1, 4]);
});

test('an inserted neuron is found by alignment, not by position', () => {
  // B = A with a new neuron (reading x3, x0) inserted at position 1: every later neuron shifts by one.
  const a = graphFromSnapshot(
    chain([
      [0, 1],
      [2, 3],
      [1, 2],
    ]),
  );
  const b = graphFromSnapshot(
    chain([
      [0, 1],
      [3, 0],
      [2, 3],
      [1, 2],
    ]),
  );
  const al = alignHidden(a, b);
  assert.deepEqual(Array.from(al.aToB), [0, 2, 3]);
  assert.deepEqual(Array.from(al.bToA), [0, -1, 1, 2]);
  const d = diffGraphs(a, b);
  assert.equal(d.counts.neuronsAdded, 1);
  assert.equal(d.counts.neuronsRemoved, 0);
  assert.equal(d.counts.grown, 3); // the new neuron's two inputs and its output edge
  assert.equal(d.counts.pruned, 0);
  assert.equal(d.counts.kept, a.src.length);
  assert.equal(d.unitStatus[4 + 1], UnitStatus.Added);
});

test('a removed neuron and its connections show as removed and pruned', () => {
  const a = graphFromSnapshot(
    chain([
      [0, 1],
      [2, 3],
      [1, 2],
    ]),
  );
  const b = graphFromSnapshot(
    chain([
      [0, 1],
      [1, 2],
    ]),
  );
  const d = diffGraphs(a, b);
  assert.equal(d.counts.neuronsRemoved, 1);
  assert.equal(d.counts.pruned, 3);
  assert.equal(d.counts.kept, b.src.length);
  assert.equal(d.unitStatus[4 + 1], UnitStatus.Removed);
  // The union stays a valid feed-forward graph with every unit of both.
  assert.equal(d.graph.hidden, 3);
  assert.deepEqual(Array.from(d.fromA.slice(4, 7)), [4, 5, 6]);
  assert.deepEqual(Array.from(d.fromB.slice(4, 6)), [4, 6]);
});

test('networks with different inputs cannot be compared', () => {
  const a = graphFromSnapshot(chain([[0, 1]]));
  const b = graphFromSnapshot({
    ...chain([[0, 1]]),
    inputs: 5,
    edges: [
      [0, 5],
      [5, 6],
    ],
    weights: [1, 1],
  });
  assert.throws(() => diffGraphs(a, b), /cannot compare/);
});

test('on a recorded run, consecutive snapshots differ exactly by what each operation reported', () => {
  const events = fixtureEvents('optdigits-b');
  const snaps = new Map<number, ArchitectureSnapshot>();
  const ops = new Map<number, Extract<RunEvent, { type: 'operation' }>>();
  for (const e of events) {
    if (e.type === 'snapshot') snaps.set(e.step, e.architecture);
    if (e.type === 'operation') ops.set(e.step, e);
  }
  let checked = 0;
  for (const [step, op] of ops) {
    const a = snaps.get(step - 1);
    const b = snaps.get(step);
    if (!a || !b) continue;
    const same = op.neuronsAdded === 0 && op.neuronsRemoved === 0;
    const d = diffGraphs(graphFromSnapshot(a), graphFromSnapshot(b), same);
    assert.equal(d.counts.grown, op.connectionsAdded, `step ${step} grown`);
    assert.equal(d.counts.pruned, op.connectionsRemoved, `step ${step} pruned`);
    assert.equal(d.counts.neuronsAdded, op.neuronsAdded, `step ${step} neurons added`);
    assert.equal(d.counts.neuronsRemoved, op.neuronsRemoved, `step ${step} neurons removed`);
    checked++;
  }
  assert.ok(checked >= 6, `checked ${checked} steps`);
  assert.ok(
    [...ops.values()].some((o) => o.neuronsRemoved > 0),
    'the fixture removes a neuron somewhere',
  );
});
