import assert from 'node:assert/strict';
import { test } from 'node:test';
import { logTicks, niceTicks, paddedRange, tickLabel } from '../../webview/components/ticks';
import {
  fitViewport,
  MAX_SCALE,
  panBy,
  toLayout,
  toScreen,
  wheelFactor,
  zoomAt,
} from '../../webview/components/viewport';

const close = (a: number, b: number): boolean => Math.abs(a - b) < 1e-9;

test('screen and layout coordinates are inverse', () => {
  let v = fitViewport(800, 600);
  v = zoomAt(panBy(v, 30, -20), 100, 100, 2.5);
  for (const [x, y] of [
    [0, 0],
    [1, 1],
    [0.3, 0.7],
  ] as const) {
    const [sx, sy] = toScreen(v, x, y);
    const [lx, ly] = toLayout(v, sx, sy);
    assert.ok(close(lx, x) && close(ly, y));
  }
  const [x0, y0] = toScreen(fitViewport(800, 600), 0, 0);
  assert.equal(x0, fitViewport(800, 600).pad.left);
  assert.equal(y0, fitViewport(800, 600).pad.top);
});

test('zoom keeps the point under the cursor fixed and is clamped', () => {
  const v = fitViewport(800, 600);
  const before = toLayout(v, 250, 140);
  const z = zoomAt(v, 250, 140, 3);
  const after = toLayout(z, 250, 140);
  assert.ok(close(before[0], after[0]) && close(before[1], after[1]));
  assert.equal(z.scale, 3);
  assert.equal(zoomAt(v, 0, 0, 1e9).scale, MAX_SCALE);
  assert.ok(wheelFactor(-100) > 1 && wheelFactor(100) < 1);
  assert.ok(close(wheelFactor(100) * wheelFactor(-100), 1));
});

test('nice ticks are round and cover the range', () => {
  assert.deepEqual(niceTicks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(0.93, 0.99, 4), [0.94, 0.96, 0.98]);
  assert.deepEqual(niceTicks(3, 3), [3]);
  assert.deepEqual(logTicks(7, 15000), [1, 10, 100, 1000, 10000, 100000]);
  assert.deepEqual(paddedRange([1, 1]), [0.9, 1.1]);
  assert.equal(tickLabel(17024), '17k');
  assert.equal(tickLabel(1500000), '1.5M');
  assert.equal(tickLabel(0.25), '0.25');
});
