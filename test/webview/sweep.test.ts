/**
 * The sweep output in the notebook renderer bundle, in headless Chromium under VS Code's webview CSP: the live
 * grid of jobs by worker and state, the final summary (parallel coordinates, Pareto plot with error bars, the
 * table equal to the markdown summary), the replacement of a live output by the final one, a broken payload, and
 * screenshots in the light and dark themes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SWEEP_MIME, sweepGroupTable, sweepMarkdown } from '../../src/protocol/sweepOutput';
import {
  assertClean,
  type AppPage,
  frames,
  openPage,
  posted,
  saveScreenshot,
  shot,
  themeRgb,
  waitFor,
} from './support/page';
import { distance, pixel } from './support/png';
import { browserSuite } from './support/suite';
import { finishedSweep, liveSweep, SWEEP_FIELDS } from './support/sweepSynthetic';

const env = browserSuite();

async function render(app: AppPage, id: string, payload: unknown): Promise<void> {
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  await app.page.evaluate(
    `__scann.render(${JSON.stringify(id)}, ${JSON.stringify(text)}, ${JSON.stringify(SWEEP_MIME)})`,
  );
}

async function rendered(app: AppPage, id: string, renders = 1): Promise<void> {
  await waitFor(
    app.page,
    `Number(document.getElementById(${JSON.stringify(id)})?.shadowRoot?.querySelector('.sweep')?.dataset.renders ?? 0) >= ${renders}`,
  );
  await frames(app.page);
}

test('a running sweep: jobs in a grid of worker by state, running ones with their epoch progress', async () => {
  for (const theme of ['dark', 'light'] as const) await liveGrid(theme);
});

async function liveGrid(theme: 'light' | 'dark'): Promise<void> {
  const app = await openPage(env.session, env.server, 'renderer', theme);
  const p = liveSweep();
  await render(app, 'out', p);
  await rendered(app, 'out');
  const out = app.page.locator('#out');
  assert.equal(await out.locator('header h3').textContent(), 'iris sweep');
  assert.equal(await out.locator('.badge').textContent(), 'sweep running');
  assert.equal(await out.locator('progress.progress').evaluate((e) => (e as HTMLProgressElement).value), 5);

  // Columns: the worker, then the five states with their counts.
  const head = (await out.locator('table.job-grid thead th').allTextContents()).map((s) => s.trim());
  assert.deepEqual(head, ['worker', 'queued (5)', 'running (2)', 'done (4)', 'failed (1)', 'cancelled (0)']);
  // Rows: the two workers in order, then the jobs not started yet.
  const rows = await out
    .locator('table.job-grid tbody tr')
    .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-worker')));
  assert.deepEqual(rows, ['local-1', 'local-2', 'not started']);
  // Every job exactly once, in its state's column and its worker's row.
  assert.equal(await out.locator('.job').count(), p.jobs.length);
  for (const j of p.jobs) {
    const tile = out.locator(
      `tr[data-worker="${j.worker ?? 'not started'}"] td.state.${j.state} .job[data-job="${j.jobId}"]`,
    );
    assert.equal(await tile.count(), 1, `${j.jobId} (${j.state} on ${j.worker ?? '-'})`);
  }
  // Running jobs: a progress bar as wide as their epochs done of those planned.
  const bars = await out.locator('.job.running').evaluateAll((els) =>
    Object.fromEntries(
      els.map((e) => {
        const bar = e.querySelector<HTMLElement>('.job-progress')!;
        // The bar is positioned in the tile's padding box.
        return [e.getAttribute('data-job'), Math.round((100 * bar.getBoundingClientRect().width) / e.clientWidth)];
      }),
    ),
  );
  assert.deepEqual(bars, { [p.jobs[5]!.jobId]: 30, [p.jobs[6]!.jobId]: 75 });
  assert.match(
    (await out.locator(`.job[data-job="${p.jobs[5]!.jobId}"]`).getAttribute('title')) ?? '',
    /epoch 12 of 40/,
  );
  // The failure is listed with its message; no summary yet.
  assert.match((await out.locator('.failures li').textContent()) ?? '', /found no reduction/);
  assert.equal(await out.locator('.sweep-summary').isHidden(), true);
  assert.equal(await out.locator('button.open-dashboard').isHidden(), true, 'nothing to compare while it runs');
  await assertClean(app);
  // A done job's tile is filled with the theme's green.
  const tile = await shot(out.locator('.job.done').first());
  assert.ok(distance(pixel(tile, 2, Math.floor(tile.height / 2)), await themeRgb(theme, '--vscode-charts-green')) < 30);
  await saveScreenshot(app.page, `sweep-live-${theme}.png`);
  await app.page.close();
}

test('the finished sweep: parallel coordinates, Pareto with error bars, the table of the markdown summary', async () => {
  for (const theme of ['light', 'dark'] as const) {
    const app = await openPage(env.session, env.server, 'renderer', theme);
    // Live first, then the final output into the same element, as VS Code replaces a running cell's output.
    await render(app, 'out', liveSweep());
    await rendered(app, 'out');
    const p = finishedSweep();
    await render(app, 'out', p);
    await rendered(app, 'out', 2);
    const out = app.page.locator('#out');
    assert.equal(await out.locator('.badge').textContent(), 'sweep done');
    assert.equal(await out.locator('progress.progress').isHidden(), true);

    // Parallel coordinates: one axis per swept field, then test accuracy and connections; one line per finished
    // run, the Pareto groups' runs drawn thick.
    const par = out.locator('figure.parallel svg');
    const axes = await par.locator('.parallel-axis').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-axis')));
    assert.deepEqual(axes, [...SWEEP_FIELDS, 'test accuracy', 'connections']);
    const done = p.summary!.runs.filter((r) => r.status === 'done');
    assert.equal(await par.locator('.parallel-line').count(), done.length);
    const front = new Set(p.summary!.pareto);
    assert.equal(await par.locator('.parallel-line.strong').count(), done.filter((r) => front.has(r.group)).length);
    // Category axes label their values.
    const schemeTicks = await par.locator('.parallel-axis[data-axis="scheme"] text').allTextContents();
    assert.deepEqual(schemeTicks.slice(0, 2).sort(), ['B', 'C']);

    // Pareto plot: every run as a dot, the groups with error bars, the front joined.
    const pareto = out.locator('figure.pareto svg');
    assert.equal(await pareto.locator('[data-series="runs"] .chart-marker').count(), done.length);
    const onFront = await pareto.locator('[data-series="Pareto front"] .chart-marker').count();
    const others = await pareto.locator('[data-series="configurations"] .chart-marker').count();
    assert.equal(onFront, front.size);
    assert.equal(onFront + others, p.summary!.groups.length);
    assert.ok(front.size < p.summary!.groups.length, 'one configuration is off the front');
    // Three lines (bar and two caps) per direction per group with a spread.
    assert.equal(await pareto.locator('.chart-error').count(), p.summary!.groups.length * 2 * 3);
    assert.match(
      (await pareto.locator('[data-series="Pareto front"] .chart-marker title').first().textContent()) ?? '',
      /^scheme=C, reduce\.method=auto \(n = 3\): test \d+\.\d\d% ± 0\.\d\d, \d+ ± \d+ connections$/,
    );

    // The table is the markdown summary's table, cell for cell.
    const rows: string[][] = [];
    for (const tr of await out.locator('table.groups tr').all())
      rows.push((await tr.locator('th, td').allTextContents()).map((c) => c.trim()));
    const t = sweepGroupTable(p);
    assert.deepEqual(rows, [t.headers, ...t.rows]);
    const md = sweepMarkdown(p)
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('|---'))
      .map((l) =>
        l
          .split('|')
          .slice(1, -1)
          .map((c) => c.trim().replace(/\\(.)/g, '$1')),
      );
    assert.deepEqual(md, [t.headers, ...t.rows]);
    assert.equal(await out.locator('table.groups tr.on-front').count(), front.size);

    // "Compare runs" asks the extension for the compare view with the finished runs (the failed one left out).
    if (theme === 'light') {
      await out.locator('button.open-dashboard').click();
      // The renderer posts bare messages (no envelope: renderer messaging has no replies).
      const sent = (await posted(app.page)) as unknown as { type: string; runIds: string[] }[];
      assert.deepEqual(sent.at(-1), {
        type: 'compareRuns',
        runIds: p.jobs.filter((j) => j.state === 'done').map((j) => j.jobId),
      });
    }

    // Drawn in the theme's colours.
    const img = await shot(out.locator('figure.pareto svg'));
    assert.ok(distance(pixel(img, 3, 3), await themeRgb(theme, '--vscode-editor-background')) < 3);
    await assertClean(app);
    await saveScreenshot(app.page, `sweep-summary-${theme}.png`);
    await app.page.close();
  }
});

test('a broken sweep output says which field is wrong', async () => {
  const app = await openPage(env.session, env.server, 'renderer', 'light');
  const p = liveSweep();
  const broken = { ...p, jobs: p.jobs.map((j, i) => (i === 3 ? { ...j, state: 'exploded' } : j)) };
  await render(app, 'bad', broken);
  await waitFor(app.page, `!!document.getElementById('bad')?.shadowRoot?.querySelector('.error')`);
  const text = (await app.page.locator('#bad .error').textContent()) ?? '';
  assert.match(text, /Cannot show this SCANN sweep output/);
  assert.match(text, /jobs\[3\]\.state: expected one of queued, running, done, failed, cancelled/);
  // A good payload into the same element recovers.
  await render(app, 'bad', p);
  await waitFor(app.page, `!!document.getElementById('bad')?.shadowRoot?.querySelector('table.job-grid tbody tr')`);
  await assertClean(app);
  await app.page.close();
});
