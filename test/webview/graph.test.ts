/**
 * Reading a synthesized graph in the dashboard: the strongest connections in colour with the rest faded (a count
 * slider on a log scale, "All" for the exact drawing), hover paths, input importance, at ~1,000 connections (the
 * recorded run) and at 100,000 (a synthetic MNIST-shaped network). Screenshots light and dark, wide and half width.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HostToDashboard } from '../../src/protocol/messages';
import { buildScene, labelPadding } from '../../webview/components/archScene';
import { defaultTopK, kToSlider, strongCount, thresholdForTop } from '../../webview/components/edgeFocus';
import { graphFromSnapshot } from '../../webview/components/graph';
import { fitViewport, toScreen } from '../../webview/components/viewport';
import { GraphCache, positions } from '../../webview/dashboard/model';
import { timelineFrom } from '../../webview/dashboard/timeline';
import * as path from 'node:path';
import { fixtureEvents, fixtureResult, RESULTS_DIR } from './support/fixtures';
import {
  assertClean,
  type AppPage,
  frames,
  openPage,
  probe,
  saveScreenshot,
  send,
  shot,
  themeRgb,
  waitFor,
} from './support/page';
import { classify } from './support/png';
import { browserSuite } from './support/suite';
import { mnistShaped, mnistShapedStarted } from './support/synthetic';

const env = browserSuite();

const EVENTS = fixtureEvents('optdigits-b');
const RESULT = fixtureResult('optdigits-b');
const WIDE = { width: 1280, height: 1000 };
const HALF = { width: 640, height: 1000 };

async function dashboard(
  theme: 'light' | 'dark',
  init: HostToDashboard,
  size = WIDE,
  positionsWanted = 1,
): Promise<AppPage> {
  const app = await openPage(env.session, env.server, 'dashboard', theme, size);
  await send(app.page, init);
  await waitFor(app.page, `Number(document.getElementById('app').dataset.positions) >= ${positionsWanted}`, 60000);
  await waitFor(app.page, `performance.getEntriesByName('scann:arch-draw').length > 0`, 60000);
  await frames(app.page);
  return app;
}

const recorded = (): HostToDashboard => ({ type: 'init', runId: 'run-b', name: RESULT.name, events: EVENTS });

function big(edges: number): HostToDashboard {
  const started = mnistShapedStarted('mnist-shaped');
  return {
    type: 'init',
    runId: `big-${edges}`,
    name: 'mnist-shaped',
    events: [started, { type: 'snapshot', step: 0, architecture: mnistShaped(edges) }],
  };
}

/** The recorded run's selected network, as the dashboard shows it by default. */
function finalGraph() {
  const t = timelineFrom(EVENTS);
  const ps = positions(t);
  return new GraphCache(() => t).graph(ps.find((p) => p.final)!)!;
}

async function edgePixels(app: AppPage, theme: 'light' | 'dark'): Promise<{ positive: number; negative: number }> {
  const bg = await themeRgb(theme, '--vscode-editor-background');
  const img = await shot(app.page.locator('canvas.arch-canvas'));
  const c = classify(img, bg, {
    positive: await themeRgb(theme, '--vscode-charts-blue'),
    negative: await themeRgb(theme, '--vscode-charts-red'),
  });
  return { positive: c.positive ?? 0, negative: c.negative ?? 0 };
}

const shownStrong = (app: AppPage): Promise<number> =>
  probe<number>(app.page, `Number(document.querySelector('.arch-view').dataset.shownStrong)`);

test('about 1,000 connections: the strongest in colour, the rest faded; the slider sets how many; "All" is exact', async () => {
  const app = await dashboard('dark', recorded());
  const g = finalGraph();
  const edges = g.src.length;
  assert.ok(edges > 800 && edges < 1200, `${edges} connections`);
  const scene = buildScene(g);
  const k = defaultTopK(edges);
  const want = strongCount(scene.magnitudes, thresholdForTop(scene.magnitudes, k));
  assert.equal(await shownStrong(app), want);
  assert.ok(want < edges / 3, `${want} of ${edges} in colour by default`);
  const label = (await app.page.locator('.arch-strength-label').textContent()) ?? '';
  assert.match(label, new RegExp(`^strongest ${want} of ${edges.toLocaleString('en-US')} \\(\\|w\\| ≥ [\\d.]+\\)`));
  assert.equal(await app.page.locator('.arch-mode[data-mode="strongest"]').getAttribute('aria-pressed'), 'true');
  const readable = await edgePixels(app, 'dark');
  assert.ok(readable.positive > 100 && readable.negative > 100, `both signs drawn: ${JSON.stringify(readable)}`);

  // The exact view is one click away, with many more coloured pixels (every edge by sign).
  await app.page.locator('.arch-mode[data-mode="all"]').click();
  await frames(app.page, 3);
  assert.equal(await app.page.locator('.arch-mode[data-mode="all"]').getAttribute('aria-pressed'), 'true');
  assert.equal(await shownStrong(app), edges);
  assert.equal(await app.page.locator('.arch-strength').isDisabled(), true);
  const exact = await edgePixels(app, 'dark');
  assert.ok(
    exact.positive + exact.negative > 1.5 * (readable.positive + readable.negative),
    `exact ${JSON.stringify(exact)} vs readable ${JSON.stringify(readable)}`,
  );

  // The slider (log scale) asks for about 500: strongest mode again, and the label says how many.
  await app.page.locator('.arch-mode[data-mode="strongest"]').click();
  await app.page.evaluate(
    `(() => { const s = document.querySelector('.arch-strength'); s.value = '${kToSlider(500, edges)}'; s.dispatchEvent(new Event('input')); })()`,
  );
  await frames(app.page, 3);
  const n = await shownStrong(app);
  assert.ok(Math.abs(n - 500) <= 10, `about 500 shown: ${n}`);
  const more = await edgePixels(app, 'dark');
  assert.ok(more.positive + more.negative > readable.positive + readable.negative);
  // Keyboard on the slider works too (a native range input).
  await app.page.locator('.arch-strength').focus();
  await app.page.keyboard.press('Home');
  await frames(app.page, 3);
  assert.equal(await shownStrong(app), 1);
  await assertClean(app);
  await app.page.close();
});

test('hovering a neuron fades the rest, draws its connections and strongest path, and fills the inspector', async () => {
  const app = await dashboard('light', recorded());
  const g = finalGraph();
  const canvas = app.page.locator('canvas.arch-canvas');
  const box = (await canvas.boundingBox())!;
  const scene = buildScene(g);
  const vp = fitViewport(Math.round(box.width), Math.round(box.height), labelPadding(scene));
  const unit = g.inputs + 3;
  const [x, y] = toScreen(vp, scene.layout.x[unit]!, scene.layout.y[unit]!);
  const accent = await themeRgb('light', '--vscode-focusBorder');
  const bg = await themeRgb('light', '--vscode-editor-background');
  const accentPixels = async (): Promise<number> => classify(await shot(canvas), bg, { accent }).accent ?? 0;
  const before = await accentPixels();
  await app.page.mouse.move(box.x + x, box.y + y);
  await frames(app.page, 3);
  // No click: the inspector follows the pointer.
  assert.equal(await app.page.locator('.inspector .unit-name').textContent(), 'h3');
  const during = await accentPixels();
  assert.ok(during > before + 200, `strongest path drawn in the accent colour: ${before} -> ${during}`);
  // Off the unit: the hint again (nothing pinned).
  await app.page.mouse.move(box.x + 2, box.y + box.height - 2);
  await frames(app.page, 3);
  assert.equal(await app.page.locator('.inspector .unit-name').count(), 0);
  // A click pins it; hovering another unit shows that one, leaving shows the pinned one again.
  await app.page.mouse.click(box.x + x, box.y + y);
  const other = g.inputs + 6;
  const [ox, oy] = toScreen(vp, scene.layout.x[other]!, scene.layout.y[other]!);
  await app.page.mouse.move(box.x + ox, box.y + oy);
  assert.equal(await app.page.locator('.inspector .unit-name').textContent(), 'h6');
  await app.page.mouse.move(box.x + 2, box.y + box.height - 2);
  assert.equal(await app.page.locator('.inspector .unit-name').textContent(), 'h3');
  // Input tooltips say how much the input matters.
  await app.page.mouse.move(box.x + 2, box.y + 2);
  const input = Array.from(scene.importance).findIndex((v) => v > 0);
  const [ix, iy] = toScreen(vp, scene.layout.x[input]!, scene.layout.y[input]!);
  await app.page.mouse.move(box.x + ix, box.y + iy);
  assert.match((await app.page.locator('.arch-tooltip').textContent()) ?? '', /importance \d+\.\d% \(rank \d+ of 64\)/);
  await assertClean(app);
  await app.page.close();
});

test('100,000 connections: the strongest 600 in colour, and hovering redraws only the overlay', async () => {
  const app = await dashboard('dark', big(100_000));
  assert.equal(await shownStrong(app), 600);
  const label = (await app.page.locator('.arch-strength-label').textContent()) ?? '';
  assert.match(label, /^strongest 600 of 100,000/);
  const canvas = app.page.locator('canvas.arch-canvas');
  const box = (await canvas.boundingBox())!;
  const draws = await probe<number>(app.page, `performance.getEntriesByName('scann:arch-draw').length`);
  // A hidden neuron of the last level (100 neurons over the canvas height: easy to hit).
  const g = buildScene(graphFromSnapshot(mnistShaped(100_000)));
  const unit = g.graph.inputs + 950;
  const vp = fitViewport(Math.round(box.width), Math.round(box.height), labelPadding(g));
  const [x, y] = toScreen(vp, g.layout.x[unit]!, g.layout.y[unit]!);
  await app.page.mouse.move(box.x + x, box.y + y);
  await waitFor(app.page, `performance.getEntriesByName('scann:arch-focus').length > 0`);
  assert.match((await app.page.locator('.inspector .unit-name').textContent()) ?? '', /^h950$/);
  assert.equal(
    await probe<number>(app.page, `performance.getEntriesByName('scann:arch-draw').length`),
    draws,
    'no full redraw on hover',
  );
  await saveScreenshot(app.page, 'graph-100k-hover-dark.png');
  await assertClean(app);
  await app.page.close();
});

test('inputs without an image layout: the panel says why there is no map and lists the inputs that matter', async () => {
  // The recorded run without its image shape, as a CSV dataset without names would arrive.
  const events = structuredClone(EVENTS).map((e) => {
    if (e.type === 'started') delete e.dataset.imageShape;
    if (e.type === 'done' && e.result) {
      delete e.result.dataset.imageShape;
      delete e.result.model.imageShape;
    }
    return e;
  });
  const app = await dashboard('dark', { type: 'init', runId: 'csv', name: 'csv', events });
  const note = app.page.locator('.inputs-note');
  assert.equal(await note.isVisible(), true);
  assert.match((await note.locator('.hint').first().textContent()) ?? '', /No input map: .*64 inputs have no image/);
  const items = await note.locator('.top-inputs li').allTextContents();
  assert.equal(items.length, 8);
  assert.match(items[0]!, /^\S+: \d+\.\d%$/);
  assert.equal(await app.page.locator('.heatmap').isVisible(), false);
  await assertClean(app);
  await app.page.close();
});

test('screenshots of the graph at 1k and 100k connections, light and dark, wide and half width', async () => {
  for (const theme of ['light', 'dark'] as const) {
    for (const [size, width] of [
      [WIDE, 'wide'],
      [HALF, 'half'],
    ] as const) {
      const one = await dashboard(theme, recorded(), size);
      await one.page
        .locator('.arch-panel')
        .screenshot({ path: path.join(RESULTS_DIR, `graph-1k-${theme}-${width}.png`) });
      if (width === 'wide') {
        await one.page.locator('.arch-mode[data-mode="all"]').click();
        await frames(one.page, 3);
        await one.page
          .locator('.arch-panel')
          .screenshot({ path: path.join(RESULTS_DIR, `graph-1k-exact-${theme}.png`) });
      }
      await assertClean(one);
      await one.page.close();
      const hundred = await dashboard(theme, big(100_000), size);
      await hundred.page
        .locator('.arch-panel')
        .screenshot({ path: path.join(RESULTS_DIR, `graph-100k-${theme}-${width}.png`) });
      await assertClean(hundred);
      await hundred.page.close();
    }
  }
});
