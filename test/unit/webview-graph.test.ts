import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeFloat32 } from '../../src/protocol/base64';
import type { ArchitectureSnapshot } from '../../src/protocol/events';
import type { ModelJson } from '../../src/protocol/model';
import {
  adjacency,
  type ArchGraph,
  GraphError,
  graphFromModel,
  graphFromSnapshot,
  inputFanOut,
  longestPathLevels,
  unitInfo,
} from '../../webview/components/graph';
import { layoutGraph } from '../../webview/components/layout';
import { fixtureEvents, fixtureResult } from '../webview/support/fixtures';

/** 3 inputs (0-2), hidden 3-6, outputs 7-8: h0 <- x0,x1; h1 <- x2; h2 <- h0,x1; h3 <- h2,h1; outputs from h3, h0, x0. */
function sample(): ArchitectureSnapshot {
  return {
    inputs: 3,
    outputs: 2,
    hidden: 4,
    levels: [1, 1, 2, 3],
    edges: [
      [0, 3],
      [1, 3],
      [2, 4],
      [3, 5],
      [1, 5],
      [5, 6],
      [4, 6],
      [6, 7],
      [3, 8],
      [0, 8],
    ],
    weights: [0.5, -0.25, 1, 2, -1, 0.75, -0.5, 1.5, -2, 0.1],
    biases: [0.1, 0.2, 0.3, 0.4],
  };
}

test('longest path levels: inputs only -> 1, each hidden hop +1', () => {
  const g = graphFromSnapshot(sample());
  assert.deepEqual(Array.from(g.levels), [1, 1, 2, 3]);
});

test('levels match the engine on every snapshot of a recorded run', () => {
  const snaps = fixtureEvents('optdigits-b').flatMap((e) => (e.type === 'snapshot' ? [e.architecture] : []));
  assert.ok(snaps.length >= 5);
  for (const s of snaps) assert.deepEqual(Array.from(graphFromSnapshot(s).levels), s.levels);
});

test('a backward hidden edge is rejected', () => {
  const s = sample();
  s.edges.push([6, 4]);
  s.weights.push(1);
  assert.throws(() => graphFromSnapshot(s), GraphError);
  assert.throws(() => longestPathLevels(1, 2, Int32Array.of(2), Int32Array.of(1)), /topological/);
});

test('edges to or from impossible units are rejected', () => {
  const s = sample();
  s.edges[0] = [0, 1]; // input -> input
  assert.throws(() => graphFromSnapshot(s), /target 1/);
});

test('graph from a model decodes base64 weights and keeps names', () => {
  const model: ModelJson = {
    format: 'scann-model',
    version: 1,
    inputs: 2,
    outputs: 2,
    space: 'dag',
    hidden: [
      { bias: 0.5, sources: [0, 1], weights: encodeFloat32(Float32Array.of(1, -2)) },
      { bias: -0.5, sources: [2], weights: encodeFloat32(Float32Array.of(3)) },
    ],
    output: [
      { bias: 0, sources: [3], weights: encodeFloat32(Float32Array.of(4)) },
      { bias: 1, sources: [0, 2], weights: encodeFloat32(Float32Array.of(-5, 6)) },
    ],
    featureNames: ['a', 'b'],
    labelNames: ['no', 'yes'],
    scaler: { kind: 'none', offset: '', scale: '' },
  };
  const g = graphFromModel(model);
  assert.equal(g.hidden, 2);
  assert.deepEqual(Array.from(g.src), [0, 1, 2, 3, 0, 2]);
  assert.deepEqual(Array.from(g.dst), [2, 2, 3, 4, 5, 5]);
  assert.deepEqual(Array.from(g.weight), [1, -2, 3, 4, -5, 6]);
  assert.deepEqual(Array.from(g.levels), [1, 2]);
  assert.deepEqual(Array.from(g.bias), [0.5, -0.5, 0, 1]);
  assert.deepEqual(g.outputNames, ['no', 'yes']);
  model.hidden[0]!.weights = encodeFloat32(Float32Array.of(1));
  assert.throws(() => graphFromModel(model), /2 sources but 1 weights/);
});

test('the recorded final model has the counts of its result', () => {
  const r = fixtureResult('optdigits-b');
  const g = graphFromModel(r.model);
  assert.equal(g.src.length, r.final.connections);
  assert.equal(g.hidden, r.final.hiddenNeurons);
  assert.equal(Math.max(...g.levels), r.final.depth);
  assert.deepEqual(g.imageShape, [8, 8]);
});

test('unit info: degrees, bias, weight summaries, strongest inputs', () => {
  const g = graphFromSnapshot(sample());
  const adj = adjacency(g);
  const h0 = unitInfo(g, adj, 3);
  assert.equal(h0.kind, 'hidden');
  assert.equal(h0.level, 1);
  assert.equal(h0.bias, Math.fround(0.1));
  assert.equal(h0.incoming.count, 2);
  assert.equal(h0.outgoing.count, 2);
  assert.equal(h0.incoming.positive, 1);
  assert.equal(h0.incoming.negative, 1);
  assert.equal(h0.outgoing.maxAbs, 2);
  assert.deepEqual(
    h0.strongestIn.map((s) => s.unit),
    [0, 1],
  );
  const out = unitInfo(g, adj, 8);
  assert.equal(out.kind, 'output');
  assert.equal(out.level, 4);
  assert.equal(out.bias, null); // snapshots carry no output biases
  const x1 = unitInfo(g, adj, 1);
  assert.equal(x1.outgoing.count, 2);
  assert.equal(x1.level, 0);
});

test('input fan-out counts outgoing connections per input', () => {
  const g = graphFromSnapshot(sample());
  assert.deepEqual(Array.from(inputFanOut(g)), [2, 2, 1]);
});

/** Crossing pairs among edges that span the same two columns. */
function crossings(g: ArchGraph, y: Float32Array, column: Int32Array): number {
  let n = 0;
  for (let a = 0; a < g.src.length; a++) {
    for (let b = a + 1; b < g.src.length; b++) {
      const [s1, t1, s2, t2] = [g.src[a]!, g.dst[a]!, g.src[b]!, g.dst[b]!];
      if (s1 === s2 || t1 === t2) continue;
      if (column[s1] !== column[s2] || column[t1] !== column[t2]) continue;
      if ((y[s1]! - y[s2]!) * (y[t1]! - y[t2]!) < 0) n++;
    }
  }
  return n;
}

test('layout: columns by level, coordinates in the unit square, outputs last', () => {
  const g = graphFromSnapshot(sample());
  const l = layoutGraph(g);
  assert.equal(l.columns, 5);
  assert.deepEqual(Array.from(l.column), [0, 0, 0, 1, 1, 2, 3, 4, 4]);
  assert.deepEqual(Array.from(l.columnSize), [3, 2, 1, 1, 2]);
  for (let u = 0; u < 9; u++) {
    assert.ok(l.x[u]! >= 0 && l.x[u]! <= 1 && l.y[u]! > 0 && l.y[u]! < 1);
    assert.equal(l.x[u], l.column[u]! / 4);
  }
});

test('barycentric ordering crosses fewer edges than the natural order on a recorded network', () => {
  const g = graphFromModel(fixtureResult('optdigits-b').model);
  const l = layoutGraph(g);
  const natural = new Float32Array(l.y.length);
  const seen = new Int32Array(l.columns);
  for (let u = 0; u < natural.length; u++) {
    natural[u] = (seen[l.column[u]!]!++ + 0.5) / l.columnSize[l.column[u]!]!;
  }
  const a = crossings(g, l.y, l.column);
  const b = crossings(g, natural, l.column);
  assert.ok(a < b, `barycentric ${a} vs natural ${b}`);
});

test('barycentric ordering untangles a twisted network completely', () => {
  // Hidden neuron k reads input n-1-k and feeds output n-1-k: in natural order every pair of paths crosses.
  const n = 6;
  const edges: [number, number][] = [];
  for (let k = 0; k < n; k++) edges.push([n - 1 - k, n + k], [n + k, 2 * n + (n - 1 - k)]);
  const g = graphFromSnapshot({
    inputs: n,
    outputs: n,
    hidden: n,
    levels: new Array<number>(n).fill(1),
    edges,
    weights: edges.map(() => 1),
    biases: new Array<number>(n).fill(0),
  });
  const l = layoutGraph(g);
  const natural = Float32Array.from(l.y, (_, u) => ((u % n) + 0.5) / n);
  assert.equal(crossings(g, natural, l.column), ((n * (n - 1)) / 2) * 2);
  assert.equal(crossings(g, l.y, l.column), 0);
});
