/**
 * The run dashboard bundle in headless Chromium under VS Code's webview CSP, with a stubbed acquireVsCodeApi and
 * the recorded run's events: architecture, scrubber (keyboard), diff overlay, inspector, heat map, plotly plots,
 * live streaming, state across a reload, themes, screenshots.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunEvent } from '../../src/protocol/events';
import type { HostToDashboard } from '../../src/protocol/messages';
import { timelineFrom } from '../../webview/dashboard/timeline';
import { buildScene, labelPadding } from '../../webview/components/archScene';
import { adjacency } from '../../webview/components/graph';
import { fitViewport, toScreen } from '../../webview/components/viewport';
import { GraphCache, positions } from '../../webview/dashboard/model';
import { claimedResult, fixtureEvents, fixtureResult } from './support/fixtures';
import {
  assertClean,
  type AppPage,
  frames,
  openPage,
  posted,
  probe,
  saveScreenshot,
  send,
  shot,
  themeRgb,
  waitFor,
} from './support/page';
import { classify, distance, pixel } from './support/png';
import { browserSuite } from './support/suite';

const env = browserSuite();

const EVENTS = fixtureEvents('optdigits-b');
const RESULT = fixtureResult('optdigits-b');
const STEPS = RESULT.history.length;

function init(events: RunEvent[] = EVENTS): HostToDashboard {
  return { type: 'init', runId: 'run-b', name: RESULT.name, events };
}

async function start(theme: 'light' | 'dark' = 'dark', events?: RunEvent[]): Promise<AppPage> {
  const app = await openPage(env.session, env.server, 'dashboard', theme, { width: 1280, height: 1000 });
  await send(app.page, init(events));
  return app;
}

const stepLabel = (app: AppPage): Promise<string | null> => app.page.locator('.step-label').textContent();

async function plotsDrawn(app: AppPage, atLeast = 1): Promise<void> {
  await waitFor(app.page, `Number(document.getElementById('app').dataset.plotDraws ?? 0) >= ${atLeast}`);
}

test('a finished run: ready message, architecture, scrubber over every step, heat map and four plots', async () => {
  const app = await openPage(env.session, env.server, 'dashboard', 'dark', { width: 1280, height: 1000 });
  assert.deepEqual(await posted(app.page), [{ messageId: 1, body: { type: 'ready' } }]);
  await send(app.page, init());
  await waitFor(app.page, `document.getElementById('app').dataset.positions === '${STEPS}'`);
  await plotsDrawn(app);
  await frames(app.page);

  assert.equal(await app.page.locator('h1.run-name').textContent(), RESULT.name);
  assert.equal(await app.page.locator('vscode-badge.status').textContent(), 'done');
  const slider = app.page.locator('#step-slider');
  // One position per step; the selected network sits at its own step, labelled as such.
  assert.equal(await slider.getAttribute('max'), String(STEPS - 1));
  assert.equal(await slider.inputValue(), String(RESULT.final.selectedAt.step));
  assert.match(
    (await stepLabel(app)) ?? '',
    new RegExp(
      `^step ${RESULT.final.selectedAt.step}: .* · selected \\(${RESULT.final.selectedAt.step + 1}/${STEPS}\\)$`,
    ),
  );
  assert.match((await app.page.locator('.caption').textContent()) ?? '', /913 connections/);
  assert.match((await app.page.locator('.heatmap-caption').textContent()) ?? '', /pixels used/);

  // Canvas: edges of both signs on the theme background.
  const bg = await themeRgb('dark', '--vscode-editor-background');
  const img = await shot(app.page.locator('canvas.arch-canvas'));
  const counts = classify(img, bg, {
    positive: await themeRgb('dark', '--vscode-charts-blue'),
    negative: await themeRgb('dark', '--vscode-charts-red'),
  });
  assert.ok(counts.positive > 2000 && counts.negative > 2000, JSON.stringify(counts));

  // Plotly drew four SVG plots; the trade-off plots have log x axes and the baseline marked.
  assert.equal(
    await app.page
      .locator('.plot')
      .filter({ has: app.page.locator('svg.main-svg') })
      .count(),
    4,
  );
  assert.equal(await app.page.locator('.plot-structure .scatterlayer .trace').count(), 2);
  assert.equal(await app.page.locator('.plot-structure .scatterlayer .trace').first().locator('.point').count(), STEPS);
  for (const plot of ['accuracy-connections', 'accuracy-energy']) {
    const axisType = await probe<string>(app.page, `document.querySelector('.plot-${plot}')._fullLayout.xaxis.type`);
    assert.equal(axisType, 'log');
    const names = await probe<string[]>(app.page, `document.querySelector('.plot-${plot}').data.map((d) => d.name)`);
    assert.deepEqual(names, ['synthesis steps', 'baseline MLP 128-64', 'selected network']);
  }
  const baselineX = await probe<number>(app.page, `document.querySelector('.plot-accuracy-energy').data[1].x[0]`);
  assert.equal(baselineX, RESULT.energy.baseline);
  // Plotly's own CSS went into the constructed sheet (its <style> element would have been blocked).
  const plotlyRules = await probe<number>(
    app.page,
    `document.adoptedStyleSheets.reduce((n, s) => n + s.cssRules.length, 0)`,
  );
  assert.ok(plotlyRules > 20, `${plotlyRules} plotly rules adopted`);
  await assertClean(app);
  await app.page.close();
});

test('keyboard scrubber, diff overlay against another step, and its counts', async () => {
  const app = await start();
  await waitFor(app.page, `document.getElementById('app').dataset.positions === '${STEPS}'`);
  const slider = app.page.locator('#step-slider');
  await slider.focus();
  await app.page.keyboard.press('Home');
  assert.match((await stepLabel(app)) ?? '', /^step 0: initial training \(1\/8\)$/);
  await app.page.keyboard.press('ArrowRight');
  assert.match((await stepLabel(app)) ?? '', /^step 1: prune: -2,001 connections \(2\/8\)$/);
  assert.equal(await slider.getAttribute('aria-valuetext'), await stepLabel(app));

  // Diff against step 0: the prune of step 1, exactly as the node-side diff computes it.
  await app.page.evaluate(
    `(() => { const s = document.querySelector('.diff-select'); s.value = '0'; s.dispatchEvent(new Event('change')); })()`,
  );
  await waitFor(app.page, `document.getElementById('app').classList.contains('diff-mode')`);
  await frames(app.page);
  const t = timelineFrom(EVENTS);
  const ps = positions(t);
  const d = new GraphCache(() => t).diff(ps[0]!, ps[1]!)!;
  const items = await app.page.locator('.diff-summary li').allTextContents();
  assert.deepEqual(items, [
    `${d.counts.grown} connections grown`,
    `${d.counts.pruned.toLocaleString('en-US')} connections pruned`,
    `${d.counts.kept.toLocaleString('en-US')} connections kept`,
    '0 neurons added',
    '0 neurons removed',
  ]);
  assert.equal(d.counts.pruned, 2001);
  // The canvas now shows pruned connections in the pruned colour.
  const bg = await themeRgb('dark', '--vscode-editor-background');
  const img = await shot(app.page.locator('canvas.arch-canvas'));
  const c = classify(img, bg, {
    pruned: await themeRgb('dark', '--vscode-charts-red'),
    grown: await themeRgb('dark', '--vscode-charts-green'),
    positive: await themeRgb('dark', '--vscode-charts-blue'),
  });
  assert.ok(c.pruned > 5000, JSON.stringify(c));
  assert.ok(c.positive < c.pruned / 20, `no sign colours in diff mode: ${JSON.stringify(c)}`);

  // Step 7 removed a neuron: diff 6 -> 7 reports it.
  await slider.focus();
  await app.page.keyboard.press('End'); // step 7, the selected network
  await app.page.evaluate(
    `(() => { const s = document.querySelector('.diff-select'); s.value = '6'; s.dispatchEvent(new Event('change')); })()`,
  );
  await frames(app.page, 3);
  const items7 = await app.page.locator('.diff-summary li').allTextContents();
  assert.equal(items7[4], '1 neurons removed');
  assert.equal(items7[1], '396 connections pruned');
  await saveScreenshot(app.page, 'dashboard-diff-dark.png');
  await assertClean(app);
  await app.page.close();
});

test('clicking a neuron fills the inspector; n / p step through neurons; wheel zooms', async () => {
  const app = await start('light');
  await waitFor(app.page, `document.getElementById('app').dataset.positions === '${STEPS}'`);
  await frames(app.page);
  const canvas = app.page.locator('canvas.arch-canvas');
  const box = (await canvas.boundingBox())!;
  const t = timelineFrom(EVENTS);
  const ps = positions(t);
  const g = new GraphCache(() => t).graph(ps[ps.length - 1]!)!;
  const scene = buildScene(g);
  const vp = fitViewport(Math.round(box.width), Math.round(box.height), labelPadding(scene));
  const unit = g.inputs + 5; // hidden neuron h5
  const [x, y] = toScreen(vp, scene.layout.x[unit]!, scene.layout.y[unit]!);
  await app.page.mouse.move(box.x + x, box.y + y);
  const tooltip = app.page.locator('.arch-tooltip');
  await tooltip.waitFor({ state: 'visible' });
  assert.match((await tooltip.textContent()) ?? '', /^h5 \(hidden, level \d+\)/);
  await app.page.mouse.click(box.x + x, box.y + y);
  const adj = adjacency(g);
  const inDeg = adj.inStart[unit + 1]! - adj.inStart[unit]!;
  const outDeg = adj.outStart[unit + 1]! - adj.outStart[unit]!;
  const inspector = app.page.locator('.inspector');
  assert.equal(await inspector.locator('.unit-name').textContent(), 'h5');
  const dl = await inspector.locator('dd').allTextContents();
  assert.equal(dl[0], 'hidden');
  assert.equal(dl[1], String(g.levels[5]));
  assert.equal(dl[2], String(inDeg));
  assert.equal(dl[3], String(outDeg));
  assert.equal(dl[4], (g.bias[5]! >= 0 ? '+' : '') + g.bias[5]!.toPrecision(3));
  assert.ok((await inspector.locator('.strongest li').count()) > 0);

  await canvas.focus();
  await app.page.keyboard.press('n');
  assert.equal(await inspector.locator('.unit-name').textContent(), 'h6');
  await app.page.keyboard.press('p');
  await app.page.keyboard.press('p');
  assert.equal(await inspector.locator('.unit-name').textContent(), 'h4');

  // Wheel zoom at the neuron keeps it under the cursor.
  const before = await shot(canvas);
  await app.page.mouse.move(box.x + x, box.y + y);
  await app.page.mouse.wheel(0, -400);
  await app.page.waitForTimeout(250);
  const afterZoom = await shot(canvas);
  let changed = 0;
  for (let i = 0; i < before.data.length; i += 4 * 97) if (before.data[i] !== afterZoom.data[i]) changed++;
  assert.ok(changed > 50, `zoom changed the drawing (${changed} samples)`);
  const state = await probe<{ view?: { scale: number } }[]>(app.page, '__scann.states');
  assert.ok((state[state.length - 1]?.view?.scale ?? 1) > 1.5, 'zoom saved in the webview state');
  await assertClean(app);
  await app.page.close();
});

test('a live run streams in: the view follows the newest step, plots are throttled, then the result', async () => {
  const firstSnapshot = EVENTS.findIndex((e) => e.type === 'snapshot');
  const app = await start('dark', EVENTS.slice(0, firstSnapshot + 1));
  await waitFor(app.page, `document.getElementById('app').dataset.positions === '1'`);
  assert.equal(await app.page.locator('vscode-badge.status').textContent(), 'running');
  assert.equal(await app.page.locator('vscode-checkbox.follow').isVisible(), true);
  const rest = EVENTS.slice(firstSnapshot + 1);
  const batches: RunEvent[][] = [];
  for (let i = 0; i < rest.length; i += 3) batches.push(rest.slice(i, i + 3));
  let seenSteps = 0;
  for (const batch of batches) {
    await send(app.page, { type: 'events', runId: 'run-b', events: batch });
    const snap = batch.find((e) => e.type === 'snapshot');
    if (snap && snap.type === 'snapshot' && snap.step === 4) {
      await frames(app.page, 2);
      // Following live: the scrubber is on the newest step.
      assert.match((await stepLabel(app)) ?? '', /^step 4: grow connections/);
      seenSteps++;
    }
  }
  assert.equal(seenSteps, 1);
  await waitFor(app.page, `document.getElementById('app').dataset.status === 'done'`);
  await plotsDrawn(app);
  await app.page.waitForTimeout(400);
  const draws = await probe<string>(app.page, `document.getElementById('app').dataset.plotDraws`);
  assert.ok(Number(draws) < batches.length / 3, `${batches.length} batches, ${draws} plot redraws`);
  // At the end the dashboard shows the selected network.
  assert.match((await stepLabel(app)) ?? '', /^step 7: .* · selected/);
  // A malformed message is reported to the host, not applied.
  await app.page.evaluate(`__scann.send({ messageId: 'x', body: { type: 'events' } })`);
  await waitFor(app.page, `__scann.posted.some((m) => m.body.type === 'error')`);
  const err = (await posted<{ type: string; message?: string }>(app.page)).find((m) => m.body.type === 'error')!;
  assert.match(err.body.message ?? '', /malformed message/);
  // Events for another run are ignored.
  await send(app.page, { type: 'events', runId: 'someone-else', events: [{ type: 'failed', message: 'not ours' }] });
  await frames(app.page);
  assert.equal(await app.page.locator('vscode-badge.status').textContent(), 'done');
  await assertClean(app);
  await app.page.close();
});

test('state survives a reload: the panel asks for its run and restores step, diff and neuron', async () => {
  const app = await start();
  await waitFor(app.page, `document.getElementById('app').dataset.positions === '${STEPS}'`);
  const slider = app.page.locator('#step-slider');
  await slider.focus();
  await app.page.keyboard.press('Home');
  await app.page.keyboard.press('ArrowRight');
  await app.page.keyboard.press('ArrowRight');
  await app.page.keyboard.press('ArrowRight'); // step 3
  await app.page.evaluate(
    `(() => { const s = document.querySelector('.diff-select'); s.value = '1'; s.dispatchEvent(new Event('change')); })()`,
  );
  await app.page.locator('canvas.arch-canvas').focus();
  await app.page.keyboard.press('n'); // h0
  await app.page.waitForTimeout(200); // state writes are debounced
  await app.page.reload();
  await waitFor(app.page, 'window.__scann && window.__scann.posted.length > 0');
  assert.deepEqual(await posted(app.page), [{ messageId: 1, body: { type: 'ready', runId: 'run-b' } }]);
  await send(app.page, init());
  await waitFor(app.page, `document.getElementById('app').dataset.positions === '${STEPS}'`);
  await frames(app.page, 3);
  assert.match((await stepLabel(app)) ?? '', /^step 3: prune/);
  assert.equal(await probe<string>(app.page, `document.querySelector('.diff-select').value`), '1');
  assert.match((await app.page.locator('.diff-summary').textContent()) ?? '', /From step 1 to step 3/);
  assert.equal(await app.page.locator('.inspector .unit-name').textContent(), 'h0');
  await assertClean(app);
  await app.page.close();
});

test('a run known only by its result, and the theme switch recolours canvas and plots', async () => {
  const app = await openPage(env.session, env.server, 'dashboard', 'light', { width: 1280, height: 1000 });
  await send(app.page, {
    type: 'init',
    runId: 'run-a',
    name: 'from output',
    events: [],
    result: fixtureResult('optdigits-a'),
  });
  await waitFor(app.page, `document.getElementById('app').dataset.positions === '1'`);
  await plotsDrawn(app);
  assert.match((await stepLabel(app)) ?? '', /^step \d+: .* · selected \(1\/1\)$/);
  assert.equal(
    await app.page.locator('.plot-structure .scatterlayer .trace').first().locator('.point').count(),
    fixtureResult('optdigits-a').history.length,
  );
  const canvas = app.page.locator('canvas.arch-canvas');
  const light = await themeRgb('light', '--vscode-editor-background');
  const dark = await themeRgb('dark', '--vscode-editor-background');
  assert.ok(distance(pixel(await shot(canvas), 2, 2), light) < 3);
  const paper = (): Promise<string> =>
    probe<string>(app.page, `getComputedStyle(document.querySelector('.plot-curves .main-svg')).backgroundColor`);
  assert.equal(await paper(), 'rgb(255, 255, 255)');
  const draws = Number(await probe<string>(app.page, `document.getElementById('app').dataset.plotDraws`));
  await app.page.evaluate("__scann.setTheme('dark')");
  await plotsDrawn(app, draws + 1);
  await frames(app.page, 2);
  assert.ok(distance(pixel(await shot(canvas), 2, 2), dark) < 3);
  assert.equal(await paper(), `rgb(${dark.join(', ')})`);
  await assertClean(app);
  await app.page.close();
});

test('screenshots in light and dark themes, wide and half width', async () => {
  for (const theme of ['light', 'dark'] as const) {
    for (const [width, suffix] of [
      [1280, ''],
      [640, '-half'],
    ] as const) {
      const app = await openPage(env.session, env.server, 'dashboard', theme, { width, height: 1000 });
      await send(app.page, init());
      await waitFor(app.page, `document.getElementById('app').dataset.positions === '${STEPS}'`);
      await plotsDrawn(app);
      await app.page.locator('canvas.arch-canvas').focus();
      await app.page.keyboard.press('n');
      await frames(app.page, 2);
      await app.page.waitForTimeout(300); // plots follow their final width
      await saveScreenshot(app.page, `dashboard-${theme}${suffix}.png`);
      await assertClean(app);
      await app.page.close();
    }
  }
});

test('a run that missed its target: a warning badge, the reason and what to try, the paired interval', async () => {
  const missed = claimedResult('optdigits-b', false);
  const events = EVENTS.map((e) => (e.type === 'done' ? { ...e, result: missed } : e));
  for (const theme of ['light', 'dark'] as const) {
    const app = await start(theme, events);
    await waitFor(app.page, `document.getElementById('app').dataset.status === 'done'`);
    await plotsDrawn(app);
    const badge = app.page.locator('header.top .target-badge');
    assert.equal(await badge.isVisible(), true);
    assert.equal(await badge.textContent(), 'target not met');
    assert.match((await badge.getAttribute('title')) ?? '', /^target NOT met: no network reached/);
    const img = await shot(badge);
    const want = await themeRgb(theme, '--vscode-editorWarning-foreground');
    assert.ok(distance(pixel(img, 3, img.height / 2), want) < 12, `${theme} badge ${pixel(img, 3, img.height / 2)}`);
    const warning = app.page.locator('.claims .target-warning');
    assert.match(
      (await warning.textContent()) ?? '',
      /^Target not met: no network reached .*\(98\.1%, as 3-epoch means\)/,
    );
    assert.deepEqual(await warning.locator('code').allTextContents(), missed.target!.suggestions);
    assert.match(
      (await app.page.locator('.claims .comparison').textContent()) ?? '',
      /^Test accuracy 96\.66% against the baseline's 96\.94%: -0\.28 pt \[-\d\.\d, \+\d\.\d\], p = 1; paired on 359 test rows/,
    );
    await saveScreenshot(app.page, `dashboard-target-${theme}.png`);
    await assertClean(app);
    await app.page.close();
  }
});

test('a met target and a DR step that kept the raw features are said as such; old results show no badge', async () => {
  const met = claimedResult('optdigits-b', true);
  const kept = {
    method: 'none' as const,
    dims: 64,
    inputs: 64,
    ratio: 1,
    selected: true,
    reason: 'every reduction cost validation accuracy: best pca k=16 96.3% vs 97.2% unreduced',
    extension: 'none' as const,
    transform: { macs: 0, parameters: 0, energyPj: 0 },
    startHidden: 64,
    parallel: { mode: 'threads' as const, workers: 2 },
    notes: [],
    durationMs: 900,
  };
  const result = {
    ...met,
    reduce: {
      ...kept,
      grid: [],
      withTransform: { connections: met.final.connections, energyPj: 1, compression: 1, energyRatio: 1 },
    },
  };
  const at = EVENTS.findIndex((e) => e.type === 'baseline') + 1;
  const events: RunEvent[] = [
    ...EVENTS.slice(0, at),
    { type: 'reduceChosen', reduce: kept },
    ...EVENTS.slice(at).map((e) => (e.type === 'done' ? { ...e, result } : e)),
  ];
  const app = await start('dark', events);
  await waitFor(app.page, `document.getElementById('app').dataset.status === 'done'`);
  await frames(app.page);
  assert.equal(await app.page.locator('header.top .target-badge').isHidden(), true);
  assert.match(
    (await app.page.locator('header.top .meta').textContent()) ?? '',
    /no DR \(auto kept the raw features\)/,
  );
  assert.match((await app.page.locator('.claims .target-met').textContent()) ?? '', /^Target met \(smallestWithin\)/);
  assert.match(
    (await app.page.locator('.claims .reduce').textContent()) ?? '',
    /^DR: auto chose none \(every reduction cost validation accuracy/,
  );
  // The recorded run predates targets: no badge, no warning, the plain delta.
  await send(app.page, init());
  await waitFor(app.page, `!document.querySelector('.claims .reduce')`);
  assert.equal(await app.page.locator('header.top .target-badge').isHidden(), true);
  assert.equal(await app.page.locator('.claims .target-warning').count(), 0);
  assert.match(
    (await app.page.locator('.claims .comparison').textContent()) ?? '',
    /-0\.28 pt \(no paired comparison saved\)/,
  );
  await assertClean(app);
  await app.page.close();
});

test('scrubber: a fixed row, diff options named by operation, caption of the selected network, kept and grown edges on top', async () => {
  const app = await start('dark');
  await waitFor(app.page, `document.getElementById('app').dataset.positions === '${STEPS}'`);
  await frames(app.page);
  const slider = app.page.locator('#step-slider');
  const row = app.page.locator('.scrubber');
  const widths: number[] = [];
  const heights: number[] = [];
  await slider.focus();
  await app.page.keyboard.press('Home');
  for (let i = 0; i < STEPS; i++) {
    widths.push((await slider.boundingBox())!.width);
    heights.push((await row.boundingBox())!.height);
    await app.page.keyboard.press('ArrowRight');
  }
  assert.equal(new Set(widths).size, 1, `slider widths ${widths.join(', ')}`);
  assert.equal(new Set(heights).size, 1, `row heights ${heights.join(', ')}`);

  // The diff options name each step's operation, the selected network marked.
  const options = await app.page.locator('.diff-select vscode-option').allTextContents();
  assert.equal(options[0], 'none');
  assert.equal(options[1], 'step 0: initial training');
  assert.match(options[2]!, /^step 1: prune: -2,001 connections$/);
  assert.match(options[STEPS]!, /^step 7: .* · selected$/);

  // Step 7 (selected) against step 6: the caption counts the selected network, not the union of both.
  await app.page.keyboard.press('End');
  await app.page.evaluate(
    `(() => { const s = document.querySelector('.diff-select'); s.value = '6'; s.dispatchEvent(new Event('change')); })()`,
  );
  await waitFor(app.page, `document.getElementById('app').classList.contains('diff-mode')`);
  await frames(app.page, 3);
  const caption = (await app.page.locator('.caption').textContent()) ?? '';
  assert.match(caption, new RegExp(`${RESULT.final.connections} connections; diff:`));
  assert.match(caption, new RegExp(`${RESULT.final.hiddenNeurons} hidden neurons`));

  // Kept and grown edges are visible over the (lighter, behind) pruned ones: diff 3 -> 4 grew 154 connections.
  await slider.focus();
  await app.page.keyboard.press('Home');
  for (let i = 0; i < 4; i++) await app.page.keyboard.press('ArrowRight');
  await app.page.evaluate(
    `(() => { const s = document.querySelector('.diff-select'); s.value = '3'; s.dispatchEvent(new Event('change')); })()`,
  );
  await frames(app.page, 3);
  const bg = await themeRgb('dark', '--vscode-editor-background');
  const img = await shot(app.page.locator('canvas.arch-canvas'));
  const c = classify(img, bg, {
    grown: await themeRgb('dark', '--vscode-charts-green'),
    kept: await themeRgb('dark', '--vscode-charts-foreground'),
    pruned: await themeRgb('dark', '--vscode-charts-red'),
  });
  assert.ok(c.grown > 1500, `grown edges visible: ${JSON.stringify(c)}`);
  assert.ok(c.kept > 3000, `kept edges visible: ${JSON.stringify(c)}`);
  await saveScreenshot(app.page, 'dashboard-diff-grow-dark.png');
  await assertClean(app);
  await app.page.close();
});
