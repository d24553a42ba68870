/**
 * The views' side of a conv front end, in node: the graph built from a conv model (its inputs are the front end's
 * outputs, not pixels), the stage layout at LeNet-5's size, and what hovering each part says.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { architectureSnapshot } from '../../src/engine/core/metrics';
import { toModel } from '../../src/engine/model/format';
import type { ConvStage } from '../../src/protocol/frontSnapshot';
import { frontHitAt, frontHitText, layoutFront } from '../../webview/components/frontLayout';
import { graphFromModel, graphFromSnapshot } from '../../webview/components/graph';
import { lenetShaped } from '../webview/support/convSynthetic';

/** LeNet-5's front end (the second conv with 44 of 50 slots in use) and a small dense part, kernels pruned. */
const lenet = () => lenetShaped(true);

const pixels = Array.from({ length: 784 }, (_, j) => `px${j}`);
const ctx = {
  featureNames: pixels,
  labelNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  scaler: { kind: 'none' as const, offset: new Float32Array(784), scale: new Float32Array(784).fill(1) },
  imageShape: [28, 28] as [number, number],
};

test('a conv model: the dense inputs are named by channel and position, and no pixel map is claimed for them', () => {
  const net = lenet();
  const g = graphFromModel(toModel(net, ctx));
  assert.equal(g.inputs, 800);
  // The model keeps the image's 28x28 shape, but these 800 inputs are not its pixels.
  assert.equal(g.imageShape, undefined);
  assert.ok(g.front, 'the graph carries the front end');
  assert.equal(g.inputNames?.[0], 'ch0 (0,0)');
  assert.equal(g.inputNames?.[50 * 5 + 7], 'ch7 (1,1)');
  const live = graphFromSnapshot(architectureSnapshot(net), { imageShape: [28, 28], inputNames: pixels });
  assert.equal(live.imageShape, undefined);
  assert.equal(live.inputNames?.[799], 'ch49 (3,3)');
  assert.deepEqual(live.front, g.front);
});

test('LeNet-5 stages fit a notebook width in one row; a narrow view gets the smallest cells', () => {
  const front = architectureSnapshot(lenet()).front!;
  const l = layoutFront(front, 900, 11);
  assert.deepEqual(
    l.boxes.map((b) => b.lines[0]),
    ['input', 'conv 1 · 5×5', 'max pool 2×2', 'conv 2 · 5×5', 'max pool 2×2', 'flatten'],
  );
  assert.ok(l.width <= 900, `layout width ${l.width}`);
  for (let i = 1; i < l.boxes.length; i++)
    assert.ok(l.boxes[i]!.x >= l.boxes[i - 1]!.x + l.boxes[i - 1]!.width + 10, `box ${i} clear of box ${i - 1}`);
  const maps = l.boxes.flatMap((b) => (b.map ? [b.map] : []));
  assert.deepEqual(
    maps.map((m) => [m.columns, m.rows]),
    [
      [20, 1],
      [50, 20],
    ],
  );
  assert.ok(
    maps.every((m) => m.cellW >= 5),
    `cells ${maps.map((m) => m.cellW)}`,
  );
  // A one-row map uses the height a single row can have.
  assert.ok(maps[0]!.cellH > maps[0]!.cellW);
  const narrow = layoutFront(front, 300, 11);
  assert.ok(narrow.boxes.every((b) => !b.map || b.map.cellW === 3));
  assert.ok(narrow.width > 300, 'too narrow even at the smallest cells: the drawing is scaled down');
});

test('hovering a kernel cell, a channel of the strip and a stage says what it is', () => {
  const front = architectureSnapshot(lenet()).front!;
  const l = layoutFront(front, 900, 11);
  const box = l.boxes[3]!;
  const m = box.map!;
  const s = front.stages[2] as ConvStage;
  const [o, i] = [31, 6];
  const hit = frontHitAt(l, m.x + (o + 0.5) * m.cellW, m.y + (i + 0.5) * m.cellH);
  assert.deepEqual(hit, { kind: 'kernel', stage: 2, out: o, in: i });
  const n = s.kernelWeights[o * 20 + i]!;
  assert.equal(
    frontHitText(l, hit!),
    `conv 2, channel ${o} ← input channel ${i}: ${n} of 25 kernel weights (${Math.round(n * 4)}%) · channel in use`,
  );
  const strip = frontHitAt(l, m.x + 46.5 * m.cellW, m.stripY + 1);
  assert.deepEqual(strip, { kind: 'channel', stage: 2, out: 46 });
  assert.match(
    frontHitText(l, strip!),
    /^conv 2, channel 46: free slot \(removed, or room for channel growth\) · 0 of 500/,
  );
  const stage = frontHitAt(l, l.boxes[2]!.x + 2, 3);
  assert.deepEqual(stage, { kind: 'stage', stage: 1 });
  assert.equal(frontHitText(l, stage!), 'max pool 2×2: 24×24×20 → 12×12×20');
  assert.equal(frontHitAt(l, l.width + 50, 3), null);
});
