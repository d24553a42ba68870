/**
 * The compare bundle in headless Chromium under VS Code's webview CSP: the runs table (sorting, removing,
 * picking more runs), the Pareto plot, exports posted to the host (CSV, SVG, PNG), state across a reload.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runSummary, type RunSummary } from '../../src/protocol/runSummary';
import { COLUMNS, CSV_COLUMNS, sortRuns } from '../../webview/compare/columns';
import { toCsv } from '../../webview/components/csv';
import { claimedResult, fixtureResult } from './support/fixtures';
import {
  assertClean,
  type AppPage,
  frames,
  openPage,
  posted,
  probe,
  saveScreenshot,
  send,
  themeRgb,
  waitFor,
} from './support/page';
import { decodePng } from './support/png';
import { browserSuite } from './support/suite';

const env = browserSuite();

const summaries = (): RunSummary[] =>
  (['optdigits-b', 'optdigits-c', 'optdigits-a'] as const).map((n) => runSummary(fixtureResult(n), n));

async function start(theme: 'light' | 'dark' = 'dark', runs = summaries()): Promise<AppPage> {
  const app = await openPage(env.session, env.server, 'compare', theme, { width: 1300, height: 1000 });
  await send(app.page, { type: 'runs', runs });
  await waitFor(app.page, `Number(document.getElementById('app').dataset.plotDraws ?? 0) >= 1`);
  await frames(app.page);
  return app;
}

const firstColumn = (app: AppPage): Promise<string[]> =>
  app.page.locator('table.runs tbody th button.link').allTextContents();

type Body = { type: string; [k: string]: unknown };

/** Waits for the next posted request of `type` and returns it. */
async function request(app: AppPage, type: string): Promise<{ messageId: number; body: Body }> {
  await waitFor(app.page, `__scann.posted.some((m) => m.body.type === ${JSON.stringify(type)})`);
  const all = await posted<Body>(app.page);
  return [...all].reverse().find((m) => m.body.type === type)!;
}

async function reply(app: AppPage, type: string, body: Body): Promise<void> {
  await app.page.evaluate(`__scann.reply(${JSON.stringify(type)}, ${JSON.stringify(body)})`);
}

test('table and Pareto plot of three runs with their shared baseline', async () => {
  const app = await start();
  assert.deepEqual(await posted(app.page), [{ messageId: 1, body: { type: 'ready', runIds: [] } }]);
  // Default sort: test accuracy, best first.
  assert.deepEqual(await firstColumn(app), ['optdigits-scheme-A', 'optdigits-scheme-B', 'optdigits-scheme-C']);
  const rowB = await app.page.locator('tr[data-run-id="optdigits-b"] td').allTextContents();
  const r = fixtureResult('optdigits-b');
  // The recorded runs predate targets: the target cell says it is unknown; a dense network has no conv weights.
  assert.deepEqual(rowB.slice(0, 9), [
    'optdigits',
    'B',
    'none',
    '96.66% (-0.28 pt)',
    '—',
    '913',
    '—',
    '18.6x',
    '9.09 nJ',
  ]);
  assert.equal(rowB[11], r.baseline.connections.toLocaleString('en-US'));

  // Sorting by clicking headers (aria-sort follows).
  const conn = app.page.locator('th:has(button[data-key="connections"])');
  await conn.locator('button').click();
  assert.equal(await conn.getAttribute('aria-sort'), 'descending');
  assert.deepEqual(await firstColumn(app), ['optdigits-scheme-C', 'optdigits-scheme-B', 'optdigits-scheme-A']);
  await app.page.locator('th:has(button[data-key="connections"]) button').click();
  assert.equal(await app.page.locator('th:has(button[data-key="connections"])').getAttribute('aria-sort'), 'ascending');
  assert.deepEqual(await firstColumn(app), ['optdigits-scheme-A', 'optdigits-scheme-B', 'optdigits-scheme-C']);

  // Pareto plot: runs, one baseline, and the front (scheme A dominates) in both panels.
  const traces = await probe<{ name: string; x: number[]; xaxis: string }[]>(
    app.page,
    `document.querySelector('.pareto').data.map((d) => ({ name: d.name, x: d.x, xaxis: d.xaxis }))`,
  );
  const byName = (name: string, axis: string) => traces.find((t) => t.name === name && t.xaxis === axis)!;
  assert.deepEqual(
    byName('SCANN runs', 'x').x,
    summaries().map((s) => s.connections),
  );
  assert.deepEqual(byName('baseline (optdigits)', 'x').x, [r.baseline.connections]);
  assert.deepEqual(byName('baseline (optdigits)', 'x2').x, [r.energy.baseline]);
  assert.deepEqual(byName('Pareto front', 'x').x, [fixtureResult('optdigits-a').final.connections]);
  const axes = await probe<string[]>(
    app.page,
    `[document.querySelector('.pareto')._fullLayout.xaxis.type, document.querySelector('.pareto')._fullLayout.xaxis2.type]`,
  );
  assert.deepEqual(axes, ['log', 'log']);
  assert.equal(await app.page.locator('.pareto .scatterlayer .trace').count(), 6);
  await assertClean(app);
  await app.page.close();
});

test('exports: the CSV of the sorted table, the plot as SVG and PNG, saved through the host', async () => {
  const app = await start('light');
  await app.page.locator('vscode-button', { hasText: 'Export CSV' }).click();
  const csv = await request(app, 'save');
  const expected = toCsv(CSV_COLUMNS, sortRuns(summaries(), 'testAccuracy', true));
  assert.deepEqual(csv.body, {
    type: 'save',
    format: 'csv',
    suggestedName: 'scann-compare.csv',
    encoding: 'utf8',
    data: expected,
  });
  await reply(app, 'save', { type: 'saved', ok: true, path: '/work/scann-compare.csv' });
  await waitFor(app.page, `document.querySelector('.status').textContent === 'Saved /work/scann-compare.csv'`);

  await app.page.locator('vscode-button', { hasText: 'Export SVG' }).click();
  await waitFor(app.page, `__scann.posted.filter((m) => m.body.type === 'save').length === 2`);
  const svg = await request(app, 'save');
  assert.equal(svg.body.format, 'svg');
  const text = String(svg.body.data);
  assert.match(text, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(text, /width="1200" height="520"/);
  // Both panels: the front's run (scheme A) and the baseline labelled, the other runs only on hover; the title.
  assert.ok(text.includes('>optdigits-scheme-A<'), 'the front labelled in the SVG');
  assert.ok(!text.includes('>optdigits-scheme-C<'), 'runs off the front unlabelled');
  assert.equal((text.match(/>baseline \(optdigits\)</g) ?? []).length, 2 + 1);
  assert.ok(text.includes('Test accuracy vs connections'), 'the title in the exported SVG');
  assert.ok((text.match(/class="point"/g) ?? []).length >= 2, 'front markers in the SVG');
  await reply(app, 'save', { type: 'saved', ok: false });
  await waitFor(app.page, `document.querySelector('.status').textContent === 'Not saved.'`);

  await app.page.locator('vscode-button', { hasText: 'Export PNG' }).click();
  await waitFor(app.page, `__scann.posted.filter((m) => m.body.type === 'save').length === 3`);
  const png = await request(app, 'save');
  assert.equal(png.body.encoding, 'base64');
  const img = decodePng(Buffer.from(String(png.body.data), 'base64'));
  assert.deepEqual([img.width, img.height], [1200, 520]);
  // A light page background, not a transparent or black image.
  assert.deepEqual(Array.from(img.data.slice(0, 3)), [255, 255, 255]);
  await reply(app, 'save', { type: 'saved', ok: false, message: 'disk full' });
  await waitFor(app.page, `document.querySelector('.status').textContent === 'Not saved: disk full'`);
  await assertClean(app);
  await app.page.close();
});

test('adding runs through the host, removing one, opening a dashboard, and state after a reload', async () => {
  const [b, c, a] = summaries();
  const app = await start('dark', [b!]);
  assert.equal(await app.page.locator('table.runs tbody tr').count(), 1);
  await app.page.locator('vscode-button', { hasText: 'Add runs' }).click();
  // The host is told which runs are shown, so its picker lists only the others.
  assert.deepEqual((await request(app, 'pickRuns')).body, { type: 'pickRuns', exclude: ['optdigits-b'] });
  await reply(app, 'pickRuns', { type: 'pickedRuns', runs: [c!, a!] });
  await waitFor(app.page, `document.querySelectorAll('table.runs tbody tr').length === 3`);
  await app.page.locator('button[aria-label="Remove optdigits-scheme-C"]').click();
  assert.deepEqual(await firstColumn(app), ['optdigits-scheme-A', 'optdigits-scheme-B']);
  await app.page.locator('tr[data-run-id="optdigits-b"] button.link').click();
  const open = await request(app, 'openDashboard');
  assert.deepEqual(open.body, { type: 'openDashboard', runId: 'optdigits-b' });

  await app.page.reload();
  await waitFor(app.page, 'window.__scann && window.__scann.posted.length > 0');
  const ready = await posted<Body>(app.page);
  assert.deepEqual(ready[0]!.body, { type: 'ready', runIds: ['optdigits-b', 'optdigits-a'] });
  await waitFor(app.page, `Number(document.getElementById('app').dataset.plotDraws ?? 0) >= 1`);
  assert.deepEqual(await firstColumn(app), ['optdigits-scheme-A', 'optdigits-scheme-B']);
  await assertClean(app);
  await app.page.close();
});

test('screenshots in light and dark themes', async () => {
  for (const theme of ['light', 'dark'] as const) {
    const app = await start(theme);
    await saveScreenshot(app.page, `compare-${theme}.png`);
    await assertClean(app);
    await app.page.close();
  }
});

test('a run that missed its target is marked in its own column; the delta carries its paired interval', async () => {
  const runs = [
    runSummary(claimedResult('optdigits-b', false), 'missed'),
    runSummary(claimedResult('optdigits-c', true), 'met'),
    runSummary(fixtureResult('optdigits-a'), 'old'),
  ];
  for (const theme of ['light', 'dark'] as const) {
    const app = await start(theme, runs);
    const cell = (id: string, key: string) => {
      const col = COLUMNS.findIndex((c) => c.key === key);
      // Column 0 is the row header (th); the others are td in order.
      return app.page.locator(`tr[data-run-id="${id}"] td`).nth(col - 1);
    };
    const target = cell('missed', 'target');
    assert.equal(await target.textContent(), 'NOT met');
    assert.equal(await target.getAttribute('class'), 'target-missed');
    assert.match((await target.getAttribute('title')) ?? '', /^target NOT met: no network reached the baseline's/);
    assert.equal(await cell('met', 'target').textContent(), 'met');
    assert.equal(await cell('old', 'target').textContent(), '—');
    // The warning icon and colour.
    const sel = `document.querySelectorAll('tr[data-run-id="missed"] td')[${COLUMNS.findIndex((c) => c.key === 'target') - 1}]`;
    const want = await themeRgb(theme, '--vscode-editorWarning-foreground');
    assert.equal(await probe<string>(app.page, `getComputedStyle(${sel}).color`), `rgb(${want.join(', ')})`);
    assert.equal(await probe<string>(app.page, `getComputedStyle(${sel}, '::before').fontFamily`), 'codicon');

    const acc = cell('missed', 'testAccuracy');
    assert.match((await acc.textContent()) ?? '', /^96\.66% \(-0\.3 pt \[-\d\.\d, \+\d\.\d\]\)$/);
    assert.match(
      (await acc.getAttribute('title')) ?? '',
      /^-0\.28 pt \[.*\], p = 1 against the baseline's 96\.94%; paired on 359/,
    );
    assert.equal(await cell('old', 'testAccuracy').getAttribute('title'), null);

    // Sorting by target puts the missed run first.
    await app.page.locator('th:has(button[data-key="target"]) button').click();
    await frames(app.page);
    if ((await app.page.locator('th:has(button[data-key="target"])').getAttribute('aria-sort')) === 'descending') {
      await app.page.locator('th:has(button[data-key="target"]) button').click();
    }
    assert.deepEqual(await firstColumn(app), ['optdigits-scheme-B', 'optdigits-scheme-C', 'optdigits-scheme-A']);
    await saveScreenshot(app.page, `compare-target-${theme}.png`);
    await assertClean(app);
    await app.page.close();
  }
});

/** `n` copies of a fixture run under one name, started a day apart, as a config run again would give. */
function sameName(n: number): RunSummary[] {
  return Array.from({ length: n }, (_, i) =>
    runSummary(
      fixtureResult(i % 2 ? 'optdigits-c' : 'optdigits-b'),
      `20261205-01120${i}-abcd${i}`,
      Date.UTC(2026, 11, 1 + i, 9),
    ),
  ).map((r) => ({ ...r, name: 'optdigits-quick' }));
}

test('runs of one name are told apart by date and run id, in the table and on the plot', async () => {
  const runs = sameName(3);
  const app = await start('dark', runs);
  const whens = await app.page.locator('table.runs tbody th .run-when').allTextContents();
  assert.equal(new Set(whens).size, 3);
  for (const r of runs)
    assert.ok(whens.some((w) => w.endsWith(`· ${r.runId}`) && /^\d{4}-\d\d-\d\d \d\d:\d\d · /.test(w)));
  const hovers = await probe<string[]>(
    app.page,
    `document.querySelector('.pareto').data.filter((d) => d.name === 'SCANN runs' && d.xaxis === 'x')[0].customdata`,
  );
  const labels = hovers.map((h) => h.split('<br>')[0]!);
  assert.equal(new Set(labels).size, 3, labels.join(' | '));
  assert.ok(
    labels.every((l) => /^optdigits-quick \(\d\d-\d\d \d\d:\d\d\)/.test(l)),
    labels.join(' | '),
  );
  await assertClean(app);
  await app.page.close();
});

test('two datasets: each front and baseline in its own colour and name; only front points are labelled', async () => {
  const other = summaries().map((r, i) => ({
    ...r,
    runId: `iris-${i}`,
    name: `iris-${i}`,
    dataset: 'iris',
    testAccuracy: r.testAccuracy - 0.02,
    baseline: { ...r.baseline, testAccuracy: r.baseline.testAccuracy - 0.03, connections: 500, energyPj: 1000 },
  }));
  const app = await start('light', [...summaries(), ...other]);
  const traces = await probe<{ name: string; xaxis: string; text?: string[]; marker: { color: string } }[]>(
    app.page,
    `document.querySelector('.pareto').data.map((d) => ({ name: d.name, xaxis: d.xaxis, text: d.text, marker: d.marker }))`,
  );
  const first = traces.filter((t) => t.xaxis === 'x');
  const names = first.map((t) => t.name);
  for (const n of [
    'runs (optdigits)',
    'baseline (optdigits)',
    'Pareto front (optdigits)',
    'runs (iris)',
    'baseline (iris)',
    'Pareto front (iris)',
  ])
    assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
  const colour = (n: string): string => first.find((t) => t.name === n)!.marker.color;
  assert.notEqual(colour('Pareto front (optdigits)'), colour('Pareto front (iris)'));
  assert.equal(colour('baseline (iris)'), colour('Pareto front (iris)'));
  // Run labels: only the points on a front carry text.
  const runText = first.filter((t) => t.name.startsWith('runs')).flatMap((t) => t.text ?? []);
  assert.ok(runText.filter((t) => t !== '').length < runText.length, runText.join(' | '));
  await saveScreenshot(app.page, 'compare-two-datasets-light.png');
  await assertClean(app);
  await app.page.close();
});

test('half width: the plots stack, title, legend and plots do not overlap, the table scrolls sideways', async () => {
  for (const theme of ['light', 'dark'] as const) {
    const app = await openPage(env.session, env.server, 'compare', theme, { width: 640, height: 1000 });
    await send(app.page, { type: 'runs', runs: [...summaries(), ...sameName(2)] });
    await waitFor(app.page, `Number(document.getElementById('app').dataset.plotDraws ?? 0) >= 1`);
    await waitFor(app.page, `document.getElementById('app').dataset.plotLayout === 'stacked'`);
    await frames(app.page, 3);
    const box = async (sel: string) => (await app.page.locator(sel).first().boundingBox())!;
    const title = await box('.pareto-figure .plot-title');
    const legend = await box('.pareto .legend');
    const plots = await app.page.locator('.pareto .subplot .bg, .pareto .nsewdrag').evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { y: r.y, bottom: r.bottom };
      }),
    );
    assert.ok(
      title.y + title.height <= legend.y + 1,
      `title ${JSON.stringify(title)} above legend ${JSON.stringify(legend)}`,
    );
    const top = Math.min(...plots.map((p) => p.y));
    assert.ok(legend.y + legend.height <= top + 1, `legend ends at ${legend.y + legend.height}, plots start at ${top}`);
    // The table is wider than the view: it scrolls, and its last column can be reached.
    const wrap = await probe<{ scroll: number; client: number; overflow: string }>(
      app.page,
      `(() => { const w = document.querySelector('.table-wrap'); return { scroll: w.scrollWidth, client: w.clientWidth, overflow: getComputedStyle(w).overflowX }; })()`,
    );
    assert.ok(wrap.scroll > wrap.client, JSON.stringify(wrap));
    assert.equal(wrap.overflow, 'auto');
    const pageWidth = await probe<number>(app.page, 'document.documentElement.scrollWidth');
    assert.ok(pageWidth <= 640, `the page itself does not scroll sideways (${pageWidth})`);
    await saveScreenshot(app.page, `compare-${theme}-half.png`);
    await assertClean(app);
    await app.page.close();
  }
});
