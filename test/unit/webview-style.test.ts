import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildScene, DIFF_ALPHA } from '../../webview/components/archScene';
import { diffGraphs } from '../../webview/components/diff';
import {
  ALPHA_LEVELS,
  alphaLevel,
  bucketEdges,
  edgeAlpha,
  MAX_ALPHA,
  MIN_ALPHA,
  weightScale,
} from '../../webview/components/edgeStyle';
import { graphFromModel, graphFromSnapshot } from '../../webview/components/graph';
import { fixtureEvents, fixtureResult } from '../webview/support/fixtures';

test('weight scale is a high percentile of |w|, robust to one outlier', () => {
  const w = Float32Array.from({ length: 100 }, (_, i) => (i % 2 ? -1 : 1) * (i / 100));
  w[0] = 1000;
  const s = weightScale(w);
  assert.ok(s > 0.9 && s < 1, `scale ${s}`);
  assert.equal(weightScale(new Float32Array(0)), 1);
  assert.equal(weightScale(Float32Array.of(0, 0)), 1);
});

test('opacity grows with |w| between the bounds and ignores the sign', () => {
  assert.equal(edgeAlpha(0, 1), MIN_ALPHA);
  assert.equal(edgeAlpha(5, 1), MAX_ALPHA);
  assert.equal(edgeAlpha(-0.5, 1), edgeAlpha(0.5, 1));
  assert.ok(edgeAlpha(0.2, 1) < edgeAlpha(0.6, 1));
  assert.equal(alphaLevel(0, 1), 0);
  assert.equal(alphaLevel(1, 1), ALPHA_LEVELS - 1);
  assert.equal(alphaLevel(-0.99, 1), ALPHA_LEVELS - 1);
});

test('buckets partition the edges by sign and strength, faint first', () => {
  const w = Float32Array.of(0.05, -0.05, 0.5, -0.9, 1, 0, -0.3);
  const buckets = bucketEdges(w, 1);
  const all = buckets.flatMap((b) => Array.from(b.edges)).sort((a, b) => a - b);
  assert.deepEqual(all, [0, 1, 2, 3, 4, 5, 6]);
  for (const b of buckets) {
    for (const e of b.edges) assert.equal(w[e]! < 0 ? -1 : 1, b.sign, `edge ${e} in a ${b.sign} bucket`);
    assert.ok(b.edges.length > 0);
  }
  for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i]!.alpha >= buckets[i - 1]!.alpha);
  const top = buckets.filter((b) => b.alpha === MAX_ALPHA).flatMap((b) => Array.from(b.edges));
  assert.deepEqual(top.sort(), [3, 4]);
});

test('scene of a recorded model: sign colours cover every edge once', () => {
  const g = graphFromModel(fixtureResult('optdigits-b').model);
  const scene = buildScene(g);
  const colours = new Set(scene.buckets.map((b) => b.color));
  assert.deepEqual([...colours].sort(), ['negative', 'positive']);
  const n = scene.buckets.reduce((s, b) => s + b.edges.length, 0);
  assert.equal(n, g.src.length);
  for (const b of scene.buckets) {
    for (const e of b.edges) assert.equal(g.weight[e]! < 0, b.color === 'negative');
  }
});

test('diff scene: pruned light and behind, kept and grown drawn over it', () => {
  const snaps = fixtureEvents('optdigits-b').flatMap((e) => (e.type === 'snapshot' ? [e.architecture] : []));
  const d = diffGraphs(graphFromSnapshot(snaps[2]!), graphFromSnapshot(snaps[3]!), true);
  const scene = buildScene(d.graph, d);
  assert.deepEqual(
    scene.buckets.map((b) => b.color),
    ['pruned', 'kept'],
  );
  assert.equal(scene.buckets[0]!.alpha, DIFF_ALPHA.pruned);
  assert.equal(scene.buckets[0]!.edges.length, d.counts.pruned);
  assert.ok(DIFF_ALPHA.pruned < DIFF_ALPHA.kept && DIFF_ALPHA.kept < DIFF_ALPHA.grown);
  assert.equal(scene.graph, d.graph);
});
