/**
 * The notebook renderer bundle in headless Chromium under VS Code's webview CSP, fed the recorded run: what is
 * drawn (DOM text, canvas pixels, chart elements), theme changes, live updates, broken outputs, screenshots.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeFloat32 } from '../../src/protocol/base64';
import type { ModelJson } from '../../src/protocol/model';
import type { ReduceResult, RunResult } from '../../src/protocol/result';
import { markdownSummary, runOutput } from '../../src/protocol/runOutput';
import { connectionsCell } from '../../src/protocol/countedCost';
import { buildScene, labelPadding } from '../../webview/components/archScene';
import { graphFromModel } from '../../webview/components/graph';
import { fitViewport, toScreen } from '../../webview/components/viewport';
import { claimedResult, fixtureResult, livePayload } from './support/fixtures';
import {
  assertClean,
  type AppPage,
  frames,
  openPage,
  probe,
  saveScreenshot,
  shot,
  themeRgb,
  waitFor,
} from './support/page';
import { classify, distance, type Image, pixel, type Rgb } from './support/png';
import { browserSuite } from './support/suite';

const env = browserSuite();

/** The output item as the CLI and the extension write it. */
function savedPayload(name = 'optdigits-b', runId = 'run-42'): RunResult & { runId?: string } {
  return runOutput(fixtureResult(name), runId).items[0]!.data as unknown as RunResult & { runId?: string };
}

async function render(app: AppPage, id: string, payload: unknown): Promise<void> {
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  await app.page.evaluate(`__scann.render(${JSON.stringify(id)}, ${JSON.stringify(text)})`);
}

async function rendered(app: AppPage, id: string, renders = 1): Promise<void> {
  await waitFor(
    app.page,
    `Number(document.getElementById(${JSON.stringify(id)})?.shadowRoot?.querySelector('.run')?.dataset.renders ?? 0) >= ${renders}`,
  );
  await frames(app.page);
}

test('a saved output: header, summary table equal to the markdown summary, four charts, no CSP problem', async () => {
  const app = await openPage(env.session, env.server, 'renderer', 'dark');
  const r = fixtureResult('optdigits-b');
  await render(app, 'out', savedPayload());
  await rendered(app, 'out');
  const out = app.page.locator('#out');
  assert.equal(await out.locator('header h3').textContent(), r.name);
  assert.equal(await out.locator('.badge').textContent(), 'done');

  // Every cell of the table equals the markdown summary written next to it in the notebook.
  const rows: string[][] = [];
  for (const tr of await out.locator('table.summary tr').all()) {
    rows.push((await tr.locator('th, td').allTextContents()).map((c) => c.trim()));
  }
  const md = markdownSummary(r)
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('|---'))
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
  assert.deepEqual(rows, md);

  // Charts: accuracy, loss, structure (one marker per step + the selected star), energy.
  assert.equal(await out.locator('figure.chart:not([hidden]) svg').count(), 4);
  const structure = out.locator('figure.chart').nth(2);
  assert.equal(await structure.locator('.chart-marker').count(), r.history.length + 1);
  assert.match((await structure.locator('.chart-marker title').first().textContent()) ?? '', /^step 0 \(iteration 0\)/);
  assert.equal(await out.locator('figure.chart').nth(0).locator('.chart-band').count(), 1);
  assert.equal(await out.locator('figure.chart').nth(3).locator('.chart-hline').count(), 1);
  assert.match((await out.locator('.section-head .meta').textContent()) ?? '', /913 connections/);
  assert.match((await out.locator('.heatmap-caption').textContent()) ?? '', /^Input fan-out: \d+\/64 pixels used$/);

  // The canvas is drawn: dark background with edges of both signs.
  const bg = await themeRgb('dark', '--vscode-editor-background');
  const img = await shot(out.locator('canvas.arch-canvas'));
  const counts = classify(img, bg, {
    positive: await themeRgb('dark', '--vscode-charts-blue'),
    negative: await themeRgb('dark', '--vscode-charts-red'),
  });
  const total = img.width * img.height;
  assert.ok(counts.background > total * 0.2, `background around the drawing: ${JSON.stringify(counts)}`);
  assert.ok(counts.positive > total * 0.01, `positive edges drawn: ${JSON.stringify(counts)}`);
  assert.ok(counts.negative > total * 0.01, `negative edges drawn: ${JSON.stringify(counts)}`);

  // "Open dashboard" posts the run id through the renderer context.
  await out.locator('button.open-dashboard').click();
  assert.deepEqual(await probe(app.page, '__scann.posted'), [{ type: 'openDashboard', name: r.name, runId: 'run-42' }]);
  await assertClean(app);
  await app.page.close();
});

/** A 2-2-1 network whose edges have known signs, to check colours where each edge runs. */
function signModel(): ModelJson {
  return {
    format: 'scann-model',
    version: 1,
    inputs: 2,
    outputs: 1,
    space: 'dag',
    hidden: [
      { bias: 0, sources: [0], weights: encodeFloat32(Float32Array.of(2)) },
      { bias: 0, sources: [1], weights: encodeFloat32(Float32Array.of(-2)) },
    ],
    output: [{ bias: 0, sources: [2, 3], weights: encodeFloat32(Float32Array.of(2, -2)) }],
    featureNames: ['a', 'b'],
    labelNames: ['yes'],
    scaler: { kind: 'none', offset: '', scale: '' },
  };
}

/** Median colour of a small disc around a point (anti-aliased lines are thin). */
function around(img: Image, x: number, y: number, bg: Rgb): Rgb {
  let best: Rgb = pixel(img, x, y);
  let bestD = -1;
  for (let dy = -2; dy <= 2; dy++) {
    for (let dx = -2; dx <= 2; dx++) {
      const p = pixel(img, x + dx, y + dy);
      const d = distance(p, bg);
      if (d > bestD) {
        bestD = d;
        best = p;
      }
    }
  }
  return best;
}

test('edge colours follow the weight sign where each edge runs, and change with the theme', async () => {
  const app = await openPage(env.session, env.server, 'renderer', 'light');
  const payload = { ...savedPayload(), model: signModel() };
  await render(app, 'sign', payload);
  await rendered(app, 'sign');
  const canvas = app.page.locator('#sign canvas.arch-canvas');
  const box = (await canvas.boundingBox())!;
  // The same layout maths as the view: positions of units 0..4 on this canvas.
  const scene = buildScene(graphFromModel(signModel()));
  const vp = fitViewport(Math.round(box.width), Math.round(box.height), labelPadding(scene));
  const at = (u: number): [number, number] => toScreen(vp, scene.layout.x[u]!, scene.layout.y[u]!);
  const mid = (a: number, b: number): [number, number] => {
    const [x1, y1] = at(a);
    const [x2, y2] = at(b);
    return [(x1 + x2) / 2, (y1 + y2) / 2];
  };
  const check = async (theme: 'light' | 'dark' | 'high-contrast'): Promise<void> => {
    const img = await shot(canvas);
    const bg = await themeRgb(theme, '--vscode-editor-background');
    assert.ok(distance(pixel(img, 3, 3), bg) < 3, `${theme} background ${pixel(img, 3, 3)}`);
    const pos = await themeRgb(theme, '--vscode-charts-blue');
    const neg = await themeRgb(theme, '--vscode-charts-red');
    for (const [a, b, sign] of [
      [0, 2, 1],
      [1, 3, -1],
      [2, 4, 1],
      [3, 4, -1],
    ] as const) {
      const [x, y] = mid(a, b);
      const c = around(img, x, y, bg);
      assert.ok(distance(c, bg) > 30, `${theme}: edge ${a}->${b} drawn at (${x | 0},${y | 0})`);
      const want = sign > 0 ? pos : neg;
      const other = sign > 0 ? neg : pos;
      assert.ok(distance(c, want) < distance(c, other), `${theme}: edge ${a}->${b} at (${x | 0},${y | 0}) is ${c}`);
    }
  };
  await check('light');
  await app.page.evaluate("__scann.setTheme('dark')");
  await frames(app.page, 3);
  await check('dark');
  await app.page.evaluate("__scann.setTheme('high-contrast')");
  await frames(app.page, 3);
  await check('high-contrast');
  await assertClean(app);
  await app.page.close();
});

test('live updates render in place, coalesced, and end with the final result', async () => {
  const app = await openPage(env.session, env.server, 'renderer', 'dark');
  await render(app, 'live', livePayload('optdigits-b', 2, 44));
  await rendered(app, 'live');
  const out = app.page.locator('#live');
  assert.equal(await out.locator('.badge').textContent(), 'running');
  assert.equal(
    await out.locator('progress').getAttribute('aria-label'),
    `epoch ${livePayload('optdigits-b', 2, 44).epochsDone} of 44`,
  );
  assert.match(
    (await out.locator('.section-head .meta').textContent()) ?? '',
    /^latest network \(live\): .*2,202 connections/,
  );
  assert.match((await out.locator('table.summary thead').textContent()) ?? '', /SCANN \(step 1\)/);

  // A burst of 20 replacements (VS Code replaces the item as the run goes) renders at most a few times.
  const before = Number(await out.locator('.run').getAttribute('data-renders'));
  await app.page.evaluate(
    `for (let i = 0; i < 20; i++) __scann.render('live', ${JSON.stringify(JSON.stringify(livePayload('optdigits-b', 3, 44)))});`,
  );
  await render(app, 'live', livePayload('optdigits-b', 5, 44));
  await frames(app.page, 3);
  const after = Number(await out.locator('.run').getAttribute('data-renders'));
  assert.ok(after - before <= 2, `21 updates in one burst rendered ${after - before} times`);
  assert.match((await out.locator('.section-head .meta').textContent()) ?? '', /1,190 connections/);
  assert.equal(await app.page.locator('#live').evaluate((el) => el.shadowRoot?.querySelectorAll('.run').length), 1);

  // An update without the (unchanged) architecture keeps the last one drawn.
  const { architecture: _a, ...lean } = livePayload('optdigits-b', 5, 44);
  await render(app, 'live', { ...lean, epochsDone: lean.epochsDone + 1 });
  await rendered(app, 'live', after + 1);
  assert.match((await out.locator('.section-head .meta').textContent()) ?? '', /1,190 connections/);
  assert.equal(await out.locator('section.arch').isVisible(), true);

  await render(app, 'live', savedPayload());
  await rendered(app, 'live', after + 2);
  assert.equal(await out.locator('.badge').textContent(), 'done');
  assert.equal(await out.locator('progress').isHidden(), true);
  await assertClean(app);
  await app.page.close();
});

test('broken outputs show an error box with the reason, next to intact outputs', async () => {
  const app = await openPage(env.session, env.server, 'renderer', 'dark');
  const badWeights = savedPayload();
  badWeights.model.hidden[1]!.weights = '%%%';
  const cases: [string, unknown, RegExp][] = [
    ['not-json', '{"version": 1, "status": "done", ', /JSON/],
    ['future', { ...savedPayload(), version: 7 }, /^version: unsupported version 7/],
    ['truncated', { ...savedPayload(), final: undefined }, /^final: expected an object/],
    ['bad-weights', badWeights, /^model: Invalid base64/],
  ];
  await render(app, 'good', savedPayload());
  for (const [id, payload] of cases) await render(app, id, payload);
  await rendered(app, 'good');
  for (const [id, , message] of cases) {
    const box = app.page.locator(`#${id} [role=alert]`);
    await box.waitFor();
    assert.match((await box.locator('strong').textContent()) ?? '', /Cannot show this SCANN run output/);
    assert.match((await box.locator('pre').textContent()) ?? '', message);
  }
  // Each output has its own shadow root; the good one is untouched.
  assert.equal(await app.page.locator('#good .badge').textContent(), 'done');
  assert.equal(await app.page.locator('.output').evaluateAll((els) => els.filter((e) => e.shadowRoot).length), 5);
  // A broken output that is fixed (a re-run) renders again.
  await render(app, 'future', savedPayload());
  await rendered(app, 'future');
  assert.equal(await app.page.locator('#future .badge').textContent(), 'done');
  const csp = await probe<string[]>(app.page, '__scann.csp');
  assert.deepEqual(csp, []);
  await app.page.close();
});

test('screenshots in light and dark themes', async () => {
  for (const theme of ['light', 'dark'] as const) {
    const app = await openPage(env.session, env.server, 'renderer', theme, { width: 940, height: 900 });
    await render(app, 'out', savedPayload());
    await render(app, 'live', livePayload('optdigits-b', 4, 44));
    await rendered(app, 'out');
    await rendered(app, 'live');
    const file = await saveScreenshot(app.page, `renderer-${theme}.png`);
    assert.ok(file.endsWith('.png'));
    await assertClean(app);
    await app.page.close();
  }
});

/** The fixture run as if `reduce: auto` had kept the raw features. */
function keptFeatures(r: RunResult): ReduceResult {
  const d = r.dataset.features;
  return {
    method: 'none',
    dims: d,
    inputs: d,
    ratio: 1,
    selected: true,
    reason: 'every reduction cost validation accuracy: best pca k=16 96.3% vs 97.2% unreduced',
    extension: 'none',
    transform: { macs: 0, parameters: 0, energyPj: 0 },
    withTransform: {
      connections: r.final.connections,
      energyPj: r.energy.final,
      compression: r.compression,
      energyRatio: r.energy.ratio,
    },
    startHidden: 64,
    grid: [],
    parallel: { mode: 'threads', workers: 2 },
    notes: [],
    durationMs: 1200,
  };
}

test('a missed target: a warning badge in the header, the reason and what to try; the interval in the table', async () => {
  for (const theme of ['light', 'dark'] as const) {
    const app = await openPage(env.session, env.server, 'renderer', theme, { width: 940, height: 1300 });
    const missed = claimedResult('optdigits-b', false);
    const met = { ...claimedResult('optdigits-b', true), reduce: keptFeatures(missed) };
    await render(app, 'missed', runOutput(missed, 'run-m').items[0]!.data);
    await render(app, 'met', runOutput(met, 'run-ok').items[0]!.data);
    await rendered(app, 'missed');
    await rendered(app, 'met');
    const out = app.page.locator('#missed');

    const badge = out.locator('header .target-badge');
    assert.equal(await badge.isVisible(), true);
    assert.equal(await badge.textContent(), 'target not met');
    assert.match((await badge.getAttribute('title')) ?? '', /^target NOT met: no network reached the baseline's/);
    const warning = out.locator('.target-warning');
    assert.equal(await warning.isVisible(), true);
    assert.match(
      (await warning.textContent()) ?? '',
      /Target not met: no network reached .* \(98\.1%, as 3-epoch means\); best 97\.2%/,
    );
    assert.deepEqual(await warning.locator('li').allTextContents(), missed.target!.suggestions);
    // The badge is drawn in the theme's warning colour.
    const img = await shot(badge);
    const want = await themeRgb(theme, '--vscode-editorWarning-foreground');
    assert.ok(distance(pixel(img, 3, img.height / 2), want) < 12, `${theme} badge ${pixel(img, 3, img.height / 2)}`);

    // The test accuracy cell carries the paired interval and p-value, as in the markdown next to it.
    const cell = out.locator('table.summary tbody tr').first().locator('td').nth(1);
    assert.match((await cell.textContent()) ?? '', /^96\.66% \(-0\.28 pt \[-\d\.\d+, \+\d\.\d+\], p = [\d.]+\)$/);
    assert.ok(markdownSummary(missed).includes(`| ${(await cell.textContent())!} |`));
    assert.match(markdownSummary(missed), /> \*\*Warning: target NOT met: no network reached/);
    assert.match(
      (await out.locator('.claims .comparison').textContent()) ?? '',
      /^Test accuracy, paired on 359 test rows \(only the baseline right on 5, only SCANN on 4\): no significant difference/,
    );

    // A met target: no badge, no warning; the claims say so, and a kept-features DR choice is named.
    const ok = app.page.locator('#met');
    assert.equal(await ok.locator('.target-badge').isHidden(), true);
    assert.equal(await ok.locator('.target-warning').isHidden(), true);
    assert.match((await ok.locator('.claims .target-met').textContent()) ?? '', /^Target met \(smallestWithin\)/);
    assert.match(
      (await ok.locator('.claims .reduce').textContent()) ?? '',
      /^DR: auto chose none \(every reduction cost validation accuracy: best pca k=16 96\.3% vs 97\.2% unreduced\)\.$/,
    );
    await saveScreenshot(app.page, `renderer-target-${theme}.png`);
    await assertClean(app);
    await app.page.close();
  }
});

test('outputs saved before targets and comparisons existed render without them; broken ones name the field', async () => {
  const app = await openPage(env.session, env.server, 'renderer', 'dark');
  await render(app, 'old', savedPayload());
  const bad = { ...savedPayload(), target: { met: 'no', rule: 'smallestWithin' } };
  await render(app, 'bad', bad);
  await rendered(app, 'old');
  const old = app.page.locator('#old');
  assert.equal(await old.locator('.target-badge').isHidden(), true);
  assert.equal(await old.locator('.claims').isHidden(), true);
  assert.match((await old.locator('table.summary tbody tr').first().textContent()) ?? '', /\(-0\.28 pt\)$/);
  const box = app.page.locator('#bad [role=alert] pre');
  await box.waitFor();
  assert.match((await box.textContent()) ?? '', /^target\.met: expected true or false/);
  await app.page.close();
});

test('a DR+SCANN result: the summary table leads with the transform counted, the network alone beside it', async () => {
  const app = await openPage(env.session, env.server, 'renderer', 'dark', { width: 940, height: 700 });
  const base = claimedResult('optdigits-b', true);
  const transform = { macs: 1024, parameters: 1024, energyPj: 1024 * 9.6 };
  const counted = base.final.connections + transform.macs;
  const r: RunResult = {
    ...base,
    compressionWithTransform: base.baseline.connections / counted,
    energy: {
      ...base.energy,
      final: base.final.energyPj + transform.energyPj,
      ratio: base.energy.baseline / (base.final.energyPj + transform.energyPj),
      transform: transform.energyPj,
    },
    reduce: {
      ...keptFeatures(base),
      method: 'pca',
      dims: 16,
      ratio: 4,
      reason: 'validation 97.9% vs 97.2% unreduced; 1,024 MACs',
      extension: 'linear',
      transform,
    },
  };
  await render(app, 'dr', runOutput(r, 'run-dr').items[0]!.data);
  await rendered(app, 'dr');
  const rows = app.page.locator('#dr table.summary tbody tr');
  const connections = (await rows.nth(2).locator('td').allTextContents()).map((c) => c.trim());
  assert.equal(connections[1], connectionsCell(r));
  assert.match(
    connections[1]!,
    new RegExp(`^${counted.toLocaleString('en-US')} \\(\\d+\\.\\dx fewer, DR transform counted; network alone `),
  );
  const energy = (await rows.nth(5).locator('td').allTextContents()).map((c) => c.trim());
  assert.match(energy[1]!, /less, DR transform counted; network alone /);
  await saveScreenshot(app.page, 'renderer-dr-counted.png');
  await assertClean(app);
  await app.page.close();
});
