/**
 * A network with a conv front end in the views: the notebook renderer (saved and live outputs), the dashboard and
 * the architecture figure draw its stages before the dense part, with a kernel density heat map per conv layer and
 * dead or removed channels greyed; hover text names each kernel and channel. LeNet-5's size, light and dark.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import type { ConvStage } from '../../src/protocol/frontSnapshot';
import type { HostToDashboard } from '../../src/protocol/messages';
import { runOutput } from '../../src/protocol/runOutput';
import { runSummary } from '../../src/protocol/runSummary';
import { serializeNotebook } from '../../src/protocol/notebook';
import { htmlReport, readReportAssets } from '../../src/report/htmlReport';
import { loadSource } from '../../src/report/sources';
import { COLUMNS } from '../../webview/compare/columns';
import { parseRunPayload } from '../../webview/components/payload';
import { runFigureSvg } from '../../src/report/figures';
import { convRun, LENET_MARKS, lenetEvents, lenetLive, lenetResult, lenetSnapshot } from './support/convSynthetic';
import { fixtureResult, RESULTS_DIR } from './support/fixtures';
import {
  assertClean,
  type AppPage,
  frames,
  openPage,
  probe,
  saveScreenshot,
  send,
  themeRgb,
  waitFor,
  shot,
  type ThemeName,
} from './support/page';
import { classify } from './support/png';
import { browserSuite } from './support/suite';

const env = browserSuite();

async function render(app: AppPage, id: string, payload: unknown, shows = '.run[data-renders]'): Promise<void> {
  const text = JSON.stringify(payload);
  await app.page.evaluate(`__scann.render(${JSON.stringify(id)}, ${JSON.stringify(text)})`);
  await waitFor(app.page, `document.getElementById(${JSON.stringify(id)})?.shadowRoot?.querySelector('${shows}')`);
  await frames(app.page, 3);
}

const saved = () => runOutput(lenetResult(), 'run-conv').items[0]!.data;
const stages = () => lenetSnapshot(true).front!.stages;
const conv2 = (): ConvStage => stages()[2] as ConvStage;

/** Screen point of kernel cell (out, in) of the `n`-th heat map (or of channel `out` in its strip), from its frame. */
async function cellPoint(
  app: AppPage,
  scope: string,
  n: number,
  s: ConvStage,
  out: number,
  inC: number,
  strip = false,
): Promise<[number, number]> {
  const frame = app.page.locator(`${scope} .kernel-map .map-frame`).nth(n);
  const box = (await frame.boundingBox())!;
  const cellW = (box.width - 1) / s.channels;
  const cellH = (box.height - 1) / s.input[2];
  const x = box.x + 0.5 + (out + 0.5) * cellW;
  const y = strip ? box.y + box.height + 2 + Math.min(cellW, 5) / 2 : box.y + 0.5 + (inC + 0.5) * cellH;
  return [x, y];
}

test('a saved conv output: its stages before the dense part, heat maps, greyed channels, hover text', async () => {
  for (const theme of ['light', 'dark'] as ThemeName[]) {
    const app = await openPage(env.session, env.server, 'renderer', theme, { width: 1100, height: 1000 });
    await render(app, 'out', saved());
    const out = '#out .front-view';
    const view = app.page.locator(out);
    assert.equal(await view.isVisible(), true, 'the front end is drawn');
    // Input, conv, pool, conv, pool, flatten: each stage labelled, the two conv layers with their heat maps.
    const texts = await app.page.locator(`${out} .front-drawing > text`).allTextContents();
    for (const want of ['input', '28×28×1', 'conv 1 · 5×5', '19/20 ch · 24×24', 'max pool 2×2', '12×12×20'])
      assert.ok(texts.includes(want), `${want} in ${JSON.stringify(texts)}`);
    assert.ok(texts.includes('conv 2 · 5×5') && texts.includes('4×4×50') && texts.includes('800 inputs'));
    assert.equal(await app.page.locator(`${out} .kernel-map`).count(), 2);
    // Channel strips: conv 1 has one free slot; conv 2 six free slots and two dead channels.
    assert.equal(await app.page.locator(`${out} .kernel-map >> nth=0 >> rect.channel.free`).count(), 1);
    assert.equal(await app.page.locator(`${out} .kernel-map >> nth=1 >> rect.channel.free`).count(), 6);
    assert.equal(await app.page.locator(`${out} .kernel-map >> nth=1 >> rect.channel.unread`).count(), 1);
    assert.equal(await app.page.locator(`${out} .kernel-map >> nth=1 >> rect.channel.constant`).count(), 1);
    assert.equal(await app.page.locator(`${out} .kernel-map >> nth=1 >> rect.channel.active`).count(), 42);
    assert.match(
      (await app.page.locator('#out .section-head .meta').textContent()) ?? '',
      /^selected network \(step \d+\): conv 19 → 44 channels, [\d,]+ kernel weights; dense part: 800 inputs/,
    );
    // The pixel heat map is for networks that read the pixels; this one reads the front end's outputs.
    assert.equal(await app.page.locator('#out .heatmap').isVisible(), false);

    // Hover: a kernel of conv 2, a removed channel of conv 1 (via its strip), a dead channel of conv 2.
    const s = conv2();
    const [o, i] = [12, 4];
    await app.page.mouse.move(...(await cellPoint(app, out, 1, s, o, i)));
    const tip = app.page.locator(`${out} .front-tooltip`);
    await waitFor(app.page, `!document.getElementById('out').shadowRoot.querySelector('.front-tooltip').hidden`);
    const n = s.kernelWeights[o * 20 + i]!;
    assert.equal(
      await tip.textContent(),
      `conv 2, channel ${o} ← input channel ${i}: ${n} of 25 kernel weights (${Math.round((100 * n) / 25)}%) · channel in use`,
    );
    const s1 = stages()[0] as ConvStage;
    await app.page.mouse.move(...(await cellPoint(app, out, 0, s1, LENET_MARKS.removed1, 0, true)));
    await frames(app.page);
    assert.match(
      (await tip.textContent()) ?? '',
      /^conv 1, channel 17: free slot \(removed, or room for channel growth\)/,
    );
    await app.page.mouse.move(...(await cellPoint(app, out, 1, s, LENET_MARKS.constant2, 0, true)));
    await frames(app.page);
    assert.match((await tip.textContent()) ?? '', /^conv 2, channel 7: dead: no kernel weight left/);
    await app.page.mouse.move(...(await cellPoint(app, out, 1, s, LENET_MARKS.unread2, 0, true)));
    await frames(app.page);
    assert.match((await tip.textContent()) ?? '', /^conv 2, channel 3: dead: nothing reads its output/);
    await app.page.mouse.move(1, 1);

    // The heat map is drawn in the theme's blue on the theme's background, the greyed bands in neither.
    const img = await shot(app.page.locator(`${out} svg`));
    const c = classify(img, await themeRgb(theme, '--vscode-editor-background'), {
      density: await themeRgb(theme, '--vscode-charts-blue'),
      channel: await themeRgb(theme, '--vscode-charts-orange'),
    });
    assert.ok(c.density > 2000, `kernel cells drawn: ${JSON.stringify(c)}`);
    assert.ok(c.channel > 200, `channel strips drawn: ${JSON.stringify(c)}`);
    await saveScreenshot(app.page, `conv-renderer-${theme}.png`);
    await app.page
      .locator('#out section.arch')
      .screenshot({ path: path.join(RESULTS_DIR, `conv-renderer-architecture-${theme}.png`) });
    await assertClean(app);
    await app.page.close();
  }
});

test('a live conv output draws its front end; a broken one names the field', async () => {
  const app = await openPage(env.session, env.server, 'renderer', 'dark', { width: 760, height: 900 });
  await render(app, 'live', lenetLive());
  assert.equal(await app.page.locator('#live .front-view').isVisible(), true);
  assert.match(
    (await app.page.locator('#live .section-head .meta').textContent()) ?? '',
    /^latest network \(live\): conv 19 → 44/,
  );
  // Narrower than the layout: the drawing scales down instead of overflowing.
  const box = (await app.page.locator('#live .front-svg').boundingBox())!;
  const section = (await app.page.locator('#live section.arch').boundingBox())!;
  assert.ok(
    box.x + box.width <= section.x + section.width,
    `drawing ${JSON.stringify(box)} in ${JSON.stringify(section)}`,
  );
  await saveScreenshot(app.page, 'conv-renderer-live-narrow-dark.png');

  const broken = lenetLive();
  const st = broken.architecture!.front!.stages[2] as ConvStage;
  st.kernelWeights = st.kernelWeights.slice(1);
  await render(app, 'broken', broken, '.error');
  assert.match(
    (await app.page.locator('#broken .error pre').textContent()) ?? '',
    /^architecture\.front: stages\[2\]\.kernelWeights: expected 1000 counts$/,
  );
  await assertClean(app);
  await app.page.close();
});

async function dashboard(theme: ThemeName): Promise<AppPage> {
  const app = await openPage(env.session, env.server, 'dashboard', theme, { width: 1280, height: 1000 });
  const init: HostToDashboard = { type: 'init', runId: 'run-conv', name: 'lenet5-shaped', events: lenetEvents() };
  await send(app.page, init);
  await waitFor(app.page, `Number(document.getElementById('app').dataset.positions) >= 2`, 60000);
  await waitFor(app.page, `performance.getEntriesByName('scann:arch-draw').length > 0`, 60000);
  await frames(app.page, 3);
  return app;
}

test('the dashboard draws the front end of the step shown, says what the dense part reads, screenshots', async () => {
  for (const theme of ['light', 'dark'] as ThemeName[]) {
    const app = await dashboard(theme);
    const view = app.page.locator('.arch-panel .front-view');
    assert.equal(await view.isVisible(), true);
    // Following the run: step 1, pruned, with its dead and free channels.
    assert.equal(await app.page.locator('.arch-panel .kernel-map >> nth=1 >> rect.channel.free').count(), 6);
    assert.equal(await app.page.locator('.arch-panel .kernel-map >> nth=1 >> rect.channel.unread').count(), 1);
    assert.match((await app.page.locator('.caption').textContent()) ?? '', /step 1: .* — conv 19 → 44 channels/);
    assert.match(
      (await app.page.locator('.inputs-note').textContent()) ?? '',
      /The dense part reads the conv front end's 800 outputs \(4×4×50, channel by channel\)/,
    );
    await saveScreenshot(app.page, `conv-dashboard-${theme}.png`);
    await app.page
      .locator('.arch-panel')
      .screenshot({ path: path.join(RESULTS_DIR, `conv-dashboard-architecture-${theme}.png`) });

    // Step 0: every kernel weight of the channels in use, no dead channel.
    await app.page.locator('#step-slider').focus();
    await app.page.keyboard.press('Home');
    await frames(app.page, 3);
    assert.match((await app.page.locator('.caption').textContent()) ?? '', /step 0: start — conv 20 → 44 channels/);
    assert.equal(await app.page.locator('.arch-panel .kernel-map >> nth=1 >> rect.channel.unread').count(), 0);
    const s = lenetSnapshot(false).front!.stages[2] as ConvStage;
    assert.equal(s.kernelWeights.filter((n) => n === 25).length, 44 * 20);
    await assertClean(app);
    await app.page.close();
  }
});

test('the architecture figure draws the front end above the dense part (SVG through the report code)', async () => {
  const payload = saved();
  const svgText = runFigureSvg(
    'architecture',
    { cell: 0, payload, view: parseRunPayload(payload) } as never,
    'two-column',
  );
  assert.match(svgText, /<title>lenet5-shaped: conv 19 → 44 channels, [\d,]+ kernel weights; dense part 24 hidden/);
  assert.equal((svgText.match(/class="kernel-map"/g) ?? []).length, 2);
  const file = path.join(RESULTS_DIR, 'conv-architecture-figure.svg');
  writeFileSync(file, svgText);
  // Look at it as a browser draws it.
  const page = await env.session.newPage(720, 560);
  await page.setContent(`<!DOCTYPE html><html><body style="margin:0">${svgText}</body></html>`);
  await page.screenshot({ path: path.join(RESULTS_DIR, 'conv-architecture-figure.png'), fullPage: true });
  const width = await probe<number>(page, `document.querySelector('svg').getBoundingClientRect().width`);
  assert.ok(width > 600, `figure width ${width}`);
  await page.close();
});

test('Compare Runs shows the conv kernel weights in their own column, counted in Connections', async () => {
  const conv = lenetResult();
  const runs = [runSummary(conv, 'conv-run'), runSummary(fixtureResult('optdigits-b'), 'dense-run')];
  const app = await openPage(env.session, env.server, 'compare', 'dark', { width: 1300, height: 900 });
  await send(app.page, { type: 'runs', runs });
  await waitFor(app.page, `Number(document.getElementById('app').dataset.plotDraws ?? 0) >= 1`);
  const cell = (id: string, key: string) =>
    app.page.locator(`tr[data-run-id="${id}"] td`).nth(COLUMNS.findIndex((c) => c.key === key) - 1);
  const weights = conv.final.conv!.weights;
  assert.equal(weights, 5750);
  assert.equal(await cell('conv-run', 'convWeights').textContent(), '5,750');
  assert.equal(
    await cell('conv-run', 'convWeights').getAttribute('title'),
    'kernel weights of the conv front end (counted in Connections); channels in use per conv layer: 19, 44',
  );
  assert.equal(await cell('dense-run', 'convWeights').textContent(), '—');
  assert.equal(await cell('conv-run', 'connections').textContent(), conv.final.connections.toLocaleString('en-US'));
  await app.page.locator('table.runs').screenshot({ path: path.join(RESULTS_DIR, 'conv-compare-dark.png') });
  await assertClean(app);
  await app.page.close();
});

test('the HTML report draws the front end of a saved conv output, offline', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'scann-conv-report-'));
  const nbFile = path.join(dir, 'conv.scann');
  writeFileSync(
    nbFile,
    serializeNotebook({
      metadata: {},
      cells: [
        {
          kind: 'config',
          source: 'name: lenet5-shaped\ndataset: { source: builtin:mnist }\nbaseline: { preset: lenet5 }\n',
          outputs: [runOutput(lenetResult(), 'run-conv')],
        },
      ],
    }),
  );
  const file = path.join(dir, 'conv.html');
  writeFileSync(
    file,
    htmlReport(await loadSource(nbFile), await readReportAssets(), { includeConfig: true, version: 'test' }),
  );
  const page = await env.session.newPage(1200, 900);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  await page.context().setOffline(true);
  await page.goto(pathToFileURL(file).href);
  await waitFor(page, `document.querySelector('.run-output')?.shadowRoot?.querySelector('.run[data-renders]')`);
  await frames(page, 3);
  const out = page.locator('.run-output');
  assert.equal(await out.locator('.front-view').isVisible(), true);
  assert.equal(await out.locator('.front-view .kernel-map').count(), 2);
  assert.match((await out.locator('.arch .section-head .meta').textContent()) ?? '', /conv 19 → 44 channels/);
  await saveScreenshot(page, 'conv-report-light.png');
  await page.context().setOffline(false);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a real conv run: its events in the dashboard draw the front end of every step as the engine described it', async () => {
  const { events, result } = await convRun(mkdtempSync(path.join(tmpdir(), 'scann-conv-run-')));
  const snaps = events.filter((e): e is Extract<typeof e, { type: 'snapshot' }> => e.type === 'snapshot');
  const app = await openPage(env.session, env.server, 'dashboard', 'dark', { width: 1280, height: 1000 });
  await send(app.page, { type: 'init', runId: 'run-bars', name: result.name, events });
  await waitFor(app.page, `Number(document.getElementById('app').dataset.positions) >= ${snaps.length}`, 60000);
  await frames(app.page, 3);
  // Step by step from the first: each position's strips hold the states its snapshot has.
  await app.page.locator('#step-slider').focus();
  await app.page.keyboard.press('Home');
  for (const [k, snap] of snaps.entries()) {
    await frames(app.page, 2);
    const convs = snap.architecture.front!.stages.filter((s): s is ConvStage => s.kind === 'conv');
    const shown = [];
    for (let n = 0; n < convs.length; n++) {
      const map = app.page.locator('.arch-panel .kernel-map').nth(n);
      shown.push(await map.locator('rect.channel').evaluateAll((els) => els.map((e) => e.getAttribute('class'))));
    }
    // The selected step shows the network as trained (the model), with the same structure as its snapshot.
    assert.deepEqual(
      shown,
      convs.map((c) => c.channelStates.map((st) => `channel ${st}`)),
      `step ${snap.step}`,
    );
    if (k < snaps.length - 1) await app.page.keyboard.press('ArrowRight');
  }
  // Channel growth filled free slots at some step (pruning may remove channels again later).
  const used = (i: number) =>
    snaps[i]!.architecture.front!.stages.flatMap((s) => (s.kind === 'conv' ? s.channelStates : [])).filter(
      (st) => st !== 'free',
    ).length;
  const most = Math.max(...snaps.map((_, i) => used(i)));
  assert.ok(most > used(0), `channels in use: ${snaps.map((_, i) => used(i)).join(', ')}`);
  await app.page
    .locator('.arch-panel')
    .screenshot({ path: path.join(RESULTS_DIR, 'conv-dashboard-real-run-dark.png') });
  await assertClean(app);
  await app.page.close();
});

test('diff against an earlier step: kernels coloured by what changed, channels added or removed', async () => {
  for (const theme of ['light', 'dark'] as ThemeName[]) {
    const app = await dashboard(theme);
    await app.page.evaluate(
      `(() => { const s = document.querySelector('.diff-select'); s.value = '0'; s.dispatchEvent(new Event('change')); })()`,
    );
    await frames(app.page, 3);
    await waitFor(app.page, `document.querySelector('.front-view.diff')`);
    const maps = app.page.locator('.arch-panel .kernel-map');
    // Step 0 -> 1 only pruned: no kernel gained weights, many lost some; conv 1 lost its channel 17.
    assert.equal(await maps.locator('path.kernels.grown').count(), 0);
    assert.ok((await maps.locator('path.kernels.pruned').count()) >= 5);
    assert.equal(await maps.nth(0).locator('rect.channel.removed').count(), 1);
    assert.equal(await maps.nth(1).locator('rect.channel.removed').count(), 0);
    const before = lenetSnapshot(false).front!.stages[2] as ConvStage;
    const s = conv2();
    const [o, i] = [12, 4];
    await app.page.mouse.move(...(await cellPoint(app, '.arch-panel', 1, s, o, i)));
    await waitFor(app.page, `!document.querySelector('.front-tooltip').hidden`);
    assert.match(
      (await app.page.locator('.front-tooltip').textContent()) ?? '',
      new RegExp(
        `^conv 2, channel 12 ← input channel 4: ${s.kernelWeights[o * 20 + i]} of 25 kernel weights \\(\\d+%\\) \\(was ${before.kernelWeights[o * 20 + i]}\\)`,
      ),
    );
    await app.page.mouse.move(1, 1);
    // The pruned colour is on screen.
    const img = await shot(app.page.locator('.arch-panel .front-svg'));
    const c = classify(img, await themeRgb(theme, '--vscode-editor-background'), {
      pruned: await themeRgb(theme, '--vscode-charts-red'),
    });
    assert.ok(c.pruned > 1000, `pruned kernels drawn: ${JSON.stringify(c)}`);
    await app.page
      .locator('.arch-panel')
      .screenshot({ path: path.join(RESULTS_DIR, `conv-dashboard-diff-${theme}.png`) });
    await assertClean(app);
    await app.page.close();
  }
});
