import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildScene } from '../../webview/components/archScene';
import {
  defaultTopK,
  focusBuckets,
  importanceRanks,
  inputImportance,
  kToSlider,
  magnitudesDescending,
  skipConnections,
  sliderToK,
  strongCount,
  strongestPath,
  thresholdForTop,
  weakAlpha,
} from '../../webview/components/edgeFocus';
import { adjacency, type ArchGraph, graphFromModel, longestPathLevels } from '../../webview/components/graph';
import { layoutGraph } from '../../webview/components/layout';
import { fixtureResult } from '../webview/support/fixtures';

/** 2 inputs, h2 <- x0, x1; h3 <- h2, x1; outputs y4 <- h3, x0 (skip); y5 <- h2. */
function small(): ArchGraph {
  const src = Int32Array.from([0, 1, 2, 1, 3, 0, 2]);
  const dst = Int32Array.from([2, 2, 3, 3, 4, 4, 5]);
  return {
    inputs: 2,
    hidden: 2,
    outputs: 2,
    src,
    dst,
    weight: Float32Array.from([0.5, -2, 1, 0.1, -3, 0.2, 0.4]),
    bias: new Float32Array(4),
    levels: longestPathLevels(2, 2, src, dst),
  };
}

test('top-k threshold and count by |w|, ties kept together', () => {
  const m = magnitudesDescending(Float32Array.from([0.5, -2, 1, 0.1, -3, 0.2, 0.4]));
  assert.deepEqual(Array.from(m), Array.from(Float32Array.from([3, 2, 1, 0.5, 0.4, 0.2, 0.1])));
  assert.equal(thresholdForTop(m, 3), 1);
  assert.equal(strongCount(m, 1), 3);
  assert.equal(strongCount(m, thresholdForTop(m, 7)), 7);
  assert.equal(thresholdForTop(m, 0), Infinity);
  const ties = magnitudesDescending(Float32Array.from([1, -1, 1, 0.5]));
  assert.equal(strongCount(ties, thresholdForTop(ties, 2)), 3);
});

test('focus buckets: every edge once, weak ones in one faded bucket first, strong ones by sign', () => {
  const g = small();
  const buckets = focusBuckets(g.weight, 1);
  assert.equal(buckets[0]!.color, 'weak');
  assert.deepEqual(Array.from(buckets[0]!.edges).sort(), [0, 3, 5, 6]);
  const strong = buckets.slice(1);
  const all = strong.flatMap((b) => Array.from(b.edges)).sort();
  assert.deepEqual(all, [1, 2, 4]);
  for (const b of strong) {
    for (const e of b.edges) assert.equal(b.color, g.weight[e]! < 0 ? 'negative' : 'positive');
    assert.ok(b.alpha >= 0.45 && b.alpha > buckets[0]!.alpha);
  }
  assert.equal(focusBuckets(g.weight, 1, false)[0]!.color !== 'weak', true);
  // Faded edges fade more as they get more numerous, within bounds.
  assert.ok(weakAlpha(100) > weakAlpha(100_000));
  assert.ok(weakAlpha(100_000) > 0);
});

test('default k: all of a small network, a readable few of a big one', () => {
  assert.equal(defaultTopK(150), 150);
  assert.equal(defaultTopK(913), 100);
  assert.equal(defaultTopK(3000), 300);
  assert.equal(defaultTopK(100_000), 600);
});

test('the log slider covers 1..edges and round-trips', () => {
  assert.equal(sliderToK(0, 100_000), 1);
  assert.equal(sliderToK(1000, 100_000), 100_000);
  for (const k of [1, 10, 100, 600, 5000, 100_000]) {
    const back = sliderToK(kToSlider(k, 100_000), 100_000);
    assert.ok(Math.abs(back - k) / k < 0.012, `${k} -> ${back}`);
  }
});

test('strongest path follows the largest |w| back to an input and on to an output', () => {
  const g = small();
  const adj = adjacency(g);
  // Through h3: back along h3 <- h2 (|1| > |0.1|), h2 <- x1 (|-2|); forward h3 -> y4.
  assert.deepEqual(strongestPath(g, adj, 3), [1, 2, 4]);
  // From an input: forward only.
  assert.deepEqual(strongestPath(g, adj, 1), [1, 2, 4]);
  // From an output: backward only.
  assert.deepEqual(strongestPath(g, adj, 5), [1, 6]);
});

test('input importance: shares of the inputs’ outgoing |w|, ranks, and skip connections', () => {
  const g = small();
  const imp = inputImportance(g);
  const total = 0.5 + 2 + 0.1 + 0.2;
  assert.ok(Math.abs(imp[0]! - 0.7 / total) < 1e-6);
  assert.ok(Math.abs(imp[1]! - 2.1 / total) < 1e-6);
  assert.deepEqual(Array.from(importanceRanks(imp)), [2, 1]);
  // x0 -> y4 jumps from column 0 to 3; x1 -> h3 from 0 to 2; h2 -> y5 from 1 to 3.
  assert.equal(skipConnections(g, layoutGraph(g).column), 3);
});

test('a recorded model: importance sums to one, unused inputs are zero', () => {
  const g = graphFromModel(fixtureResult('optdigits-b').model);
  const scene = buildScene(g);
  const sum = scene.importance.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - 1) < 1e-4);
  const used = new Set(Array.from(g.src).filter((s) => s < g.inputs));
  for (let i = 0; i < g.inputs; i++) assert.equal(scene.importance[i]! > 0, used.has(i));
  assert.equal(scene.magnitudes.length, g.src.length);
});
