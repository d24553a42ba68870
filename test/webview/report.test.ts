/**
 * The self-contained HTML report (`scann report`) in headless Chromium, opened from a file:// URL with the network
 * off: every run drawn by the renderer's view (architecture canvas, charts, table, claims) in light and dark, no
 * request of any kind, and hostile markdown, config text and run labels that stay text.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { serializeNotebook, type NotebookDocumentData } from '../../src/protocol/notebook';
import { runOutput } from '../../src/protocol/runOutput';
import { figureCommand } from '../../src/cli/figure';
import { htmlReport, readReportAssets } from '../../src/report/htmlReport';
import { loadSource } from '../../src/report/sources';
import { launch, type Session } from './support/browser';
import { buildWebviews } from './support/build';
import { fixtureResult } from './support/fixtures';
import { frames, saveScreenshot, shot, waitFor } from './support/page';
import { decodePng, pixel } from './support/png';
import { ROOT } from './support/server';

let session: Session;
const dir = mkdtempSync(path.join(tmpdir(), 'scann-report-'));

before(async () => {
  await buildWebviews();
  session = await launch();
});
after(async () => {
  await session?.close();
});

async function writeReport(notebookFile: string, name: string): Promise<string> {
  const src = await loadSource(notebookFile);
  const file = path.join(dir, name);
  writeFileSync(file, htmlReport(src, await readReportAssets(), { includeConfig: true, version: 'test' }));
  return file;
}

interface Opened {
  page: Page;
  /** Every request the page made other than loading the report file itself. */
  requests: string[];
  problems: string[];
}

/** Opens the report offline, every non-file request aborted and recorded. */
async function open(file: string, colorScheme: 'light' | 'dark'): Promise<Opened> {
  const page = await session.newPage(1200, 900);
  const url = pathToFileURL(file).href;
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => {
    if (r.url() !== url) requests.push(r.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.context().setOffline(true);
  await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  await page.emulateMedia({ colorScheme });
  await page.goto(url);
  return { page, requests, problems };
}

/** Waits until every run output has rendered once. */
async function allRendered(page: Page, runs: number): Promise<void> {
  await waitFor(
    page,
    `[...document.querySelectorAll('.run-output')].filter((h) => h.shadowRoot?.querySelector('.run')?.dataset.renders === '1').length === ${runs}`,
  );
  await frames(page);
}

test('the quickstart report opens offline from file://: every run drawn, light and dark, no request', async () => {
  const file = await writeReport(path.join(ROOT, 'examples', 'quickstart.scann'), 'quickstart.html');
  const src = await loadSource(path.join(ROOT, 'examples', 'quickstart.scann'));
  assert.equal(src.runs.length, 3);
  for (const scheme of ['light', 'dark'] as const) {
    const { page, requests, problems } = await open(file, scheme);
    await allRendered(page, src.runs.length);
    const outputs = page.locator('.run-output');
    for (let i = 0; i < src.runs.length; i++) {
      const run = src.runs[i]!;
      const out = outputs.nth(i);
      assert.equal(await out.locator('header h3').textContent(), run.view.name);
      // Architecture: a drawn canvas (many distinct colours, not a blank rectangle) with its caption.
      const canvas = out.locator('canvas.arch-canvas');
      assert.equal(await canvas.count(), 1);
      const img = await shot(canvas);
      const colours = new Set<string>();
      for (let y = 0; y < img.height; y += 3)
        for (let x = 0; x < img.width; x += 3) colours.add(pixel(img, x, y).join());
      assert.ok(colours.size > 20, `${run.view.name}: architecture canvas has ${colours.size} colours`);
      assert.match((await out.locator('.arch .section-head .meta').textContent()) ?? '', /hidden neurons/);
      // Curves, structure and energy charts, each with drawn series.
      assert.equal(await out.locator('figure.chart:not([hidden]) svg').count(), 4);
      assert.ok((await out.locator('figure.chart .chart-series path').count()) > 8);
      // The comparison with the baseline, its interval included.
      assert.equal(await out.locator('table.summary tbody tr').count(), 6);
      assert.match(
        (await out.locator('table.summary tbody tr').first().textContent()) ?? '',
        /\[[-+][\d.]+, [-+][\d.]+\]/,
      );
      assert.match((await out.locator('.claims .comparison').textContent()) ?? '', /paired on \d+ test rows/);
    }
    // The neuron inspector: keyboard selection of a neuron shows its details.
    const canvas = outputs.first().locator('canvas.arch-canvas');
    await canvas.focus();
    await page.keyboard.press('n');
    await frames(page);
    assert.match((await outputs.first().locator('.arch-view [aria-live]').textContent()) ?? '', /hidden/i);
    // The static summary inside each placeholder is hidden by the drawn view.
    assert.equal(await page.locator('.run-output > table').first().isVisible(), false);
    // Markdown and highlighted YAML.
    assert.equal(await page.locator('.cell.markdown h1').textContent(), 'SCANN quickstart');
    assert.ok((await page.locator('.cell.config code .hljs-attr').count()) >= 3);
    // Theme from prefers-color-scheme.
    const bg = await page.evaluate('getComputedStyle(document.body).backgroundColor');
    assert.equal(bg, scheme === 'dark' ? 'rgb(31, 31, 31)' : 'rgb(255, 255, 255)');
    await saveScreenshot(page, `report-quickstart-${scheme}.png`);
    assert.deepEqual(requests, [], 'the report made requests');
    assert.deepEqual(problems, [], 'console errors, CSP violations or script errors');
    await page.close();
  }
});

test('where scripts do not run, each run still shows its summary table with the interval', async () => {
  const file = await writeReport(path.join(ROOT, 'examples', 'quickstart.scann'), 'quickstart-noscript.html');
  // What a viewer that drops scripts (a mail client) gets: the page without its script.
  const html = readFileSync(file, 'utf8').replace(/<script type="module">[\s\S]*?<\/script>/, '');
  writeFileSync(file, html);
  const { page, requests, problems } = await open(file, 'light');
  const tables = page.locator('.run-output > table');
  assert.equal(await tables.count(), 3);
  for (const t of await tables.all()) {
    assert.ok(await t.isVisible());
    assert.match((await t.locator('tr').nth(1).textContent()) ?? '', /Test accuracy[\s\S]*\[[-+][\d.]+, [-+][\d.]+\]/);
  }
  assert.equal(await page.locator('.run-output h3').first().textContent(), 'optdigits-scheme-B');
  await saveScreenshot(page, 'report-quickstart-noscript.png');
  assert.deepEqual(requests, []);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a request from the report page fails the check (the recorder sees it)', async () => {
  // The check of the previous test must be able to fail: a page that loads an image is caught.
  const file = path.join(dir, 'fetching.html');
  writeFileSync(file, '<!doctype html><img src="https://example.com/x.png"><link rel="stylesheet" href="x.css">');
  const { page, requests } = await open(file, 'light');
  await frames(page);
  assert.ok(
    requests.some((u) => u.startsWith('https://example.com/')),
    requests.join(', '),
  );
  assert.ok(
    requests.some((u) => u.endsWith('/x.css')),
    requests.join(', '),
  );
  await page.close();
});

test('hostile markdown, config text and run labels produce a report in which nothing runs', async () => {
  const r = fixtureResult('optdigits-b');
  const evil = '<img src=x onerror="window.__pwned=\'label\'">';
  r.name = `run ${evil}<script>window.__pwned='name'</script>`;
  r.dataset.labelNames = r.dataset.labelNames?.map((l, i) => (i === 0 ? evil : l));
  const nb: NotebookDocumentData = {
    metadata: {},
    cells: [
      {
        kind: 'markdown',
        source: [
          '# Hostile <script>window.__pwned="md-script"</script>',
          '<img src=x onerror="window.__pwned=\'md-img\'">',
          '[click me](javascript:window.__pwned="md-link")',
          '<a href="javascript:window.__pwned=\'raw-link\'">raw link</a>',
          '![pic](javascript:window.__pwned="md-image")',
          '<svg onload="window.__pwned=\'svg\'"></svg>',
          '[data](data:text/html,<script>window.__pwned="data"</script>)',
        ].join('\n'),
      },
      {
        kind: 'config',
        source: `name: x\n# </script><script>window.__pwned='config'</script>\ndataset: { source: builtin:iris }\n`,
        outputs: [runOutput(r, 'run-1'), { items: [{ mime: 'text/markdown', data: evil }] }],
      },
    ],
  };
  const nbFile = path.join(dir, 'hostile.scann');
  writeFileSync(nbFile, serializeNotebook(nb));
  const file = await writeReport(nbFile, 'hostile.html');
  const { page, requests, problems } = await open(file, 'dark');
  await allRendered(page, 1);
  // Click every link and press the canvas: none may run code.
  for (const a of await page.locator('main a').all()) await a.click({ modifiers: [], force: true }).catch(() => {});
  await frames(page);
  assert.equal(await page.evaluate('window.__pwned'), undefined);
  // The hostile strings are shown as text, never as elements.
  assert.equal(await page.locator('main img, main svg[onload], main [onerror]').count(), 0);
  assert.equal(await page.locator('script').count(), 2, 'the report script and the run data block, no more');
  assert.equal(await page.locator('.run-output header h3').textContent(), r.name);
  assert.match(
    (await page.locator('.cell.markdown').textContent()) ?? '',
    /<script>window.__pwned="md-script"<\/script>/,
  );
  assert.equal(await page.locator('main a[href^="javascript:"], main a[href^="data:"]').count(), 0);
  assert.match((await page.locator('.cell.config pre').textContent()) ?? '', /<\/script><script>/);
  assert.match((await page.locator('.output-text').textContent()) ?? '', /onerror/);
  await saveScreenshot(page, 'report-hostile-dark.png');
  assert.deepEqual(requests, []);
  assert.deepEqual(problems, []);
  await page.close();
});

test('PNG (300 dpi, the column width) and PDF figures through headless Chromium', async () => {
  const nb = path.join(ROOT, 'examples', 'quickstart.scann');
  const out = path.join(dir, 'figures');
  const run = ['--run', 'optdigits-scheme-B', '-o'];
  const [png] = await figureCommand([nb, '--kind', 'architecture', '--format', 'png', ...run, out]);
  const img = decodePng(readFileSync(png!));
  // 3.5 in at 300 dpi, rounded to whole CSS pixels (336 px) times 300/96.
  assert.equal(img.width, 1050);
  // Paper-white background in a corner, and drawn content (many colours).
  assert.deepEqual(pixel(img, 2, 2), [255, 255, 255]);
  const colours = new Set<string>();
  for (let y = 0; y < img.height; y += 4) for (let x = 0; x < img.width; x += 4) colours.add(pixel(img, x, y).join());
  assert.ok(colours.size > 50, `${colours.size} colours`);
  const [pdf] = await figureCommand([nb, '--kind', 'pareto', '--format', 'pdf', '--size', 'two-column', '-o', out]);
  const bytes = readFileSync(pdf!);
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  // One page the size of the figure (7.16 in = 515.5 pt wide, 280 px = 210 pt high); text is kept as text (a
  // font is embedded), not rasterized. (Matches only, so a failure does not print the binary file.)
  const text = bytes.toString('latin1');
  assert.equal((text.match(/\/Type\s*\/Page\b/g) ?? []).length, 1);
  const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(text);
  assert.ok(box, 'a MediaBox');
  assert.ok(Math.abs(Number(box[1]) - 7.16 * 72) < 1, `width ${box[1]} pt`);
  assert.ok(Math.abs(Number(box[2]) - (280 / 96) * 72) < 1, `height ${box[2]} pt`);
  assert.ok(/\/FontFile/.test(text), 'an embedded font');
});
