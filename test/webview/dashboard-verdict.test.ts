/**
 * The dashboard's header answers "did it work?" with the verdict every surface prints (src/protocol/verdict.ts):
 * "so far" while the run goes, final once it ends. Screenshots of its top in light and dark, wide and half width.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { RunEvent } from '../../src/protocol/events';
import { runVerdict } from '../../src/protocol/verdict';
import { claimedResult, fixtureEvents, RESULTS_DIR } from './support/fixtures';
import { assertClean, type AppPage, frames, openPage, send, waitFor } from './support/page';
import { browserSuite } from './support/suite';

const env = browserSuite();

const RESULT = claimedResult('optdigits-b', true);
const EVENTS: RunEvent[] = fixtureEvents('optdigits-b').map((e) => (e.type === 'done' ? { ...e, result: RESULT } : e));

async function start(theme: 'light' | 'dark', events: RunEvent[], width = 1280): Promise<AppPage> {
  const app = await openPage(env.session, env.server, 'dashboard', theme, { width, height: 700 });
  await send(app.page, { type: 'init', runId: 'run-b', name: RESULT.name, events });
  return app;
}

async function cells(app: AppPage): Promise<{ label: string; value: string; detail: string }[]> {
  const out: { label: string; value: string; detail: string }[] = [];
  for (const c of await app.page.locator('.verdict .verdict-item').all()) {
    out.push({
      label: (await c.locator('.verdict-label').textContent()) ?? '',
      value: (await c.locator('.verdict-value').textContent()) ?? '',
      detail: (await c.locator('.verdict-detail').textContent()) ?? '',
    });
  }
  return out;
}

test('the dashboard header has the verdict: so far during the run, final at the end, same words as the renderer', async () => {
  const cut = EVENTS.findIndex((e) => e.type === 'step' && e.history.step === 3);
  const app = await start('dark', EVENTS.slice(0, cut + 1));
  await waitFor(app.page, `document.querySelectorAll('.verdict .verdict-item').length === 4`);
  await frames(app.page);
  const live = await cells(app);
  assert.deepEqual(
    live.map((c) => [c.label, c.value === '…']),
    [
      ['Test accuracy', true],
      ['Compression', false],
      ['Energy', false],
      ['Accuracy target', true],
    ],
  );
  assert.match(live[1]!.detail, /at step 3 so far$/);
  const before = await app.page.locator('.verdict').boundingBox();

  await send(app.page, { type: 'events', runId: 'run-b', events: EVENTS.slice(cut + 1) }, Date.now() + 1);
  await waitFor(app.page, `document.getElementById('app').dataset.status === 'done'`);
  await frames(app.page);
  assert.deepEqual(
    await cells(app),
    runVerdict(RESULT).items.map(({ label, value, detail }) => ({ label, value, detail })),
  );
  assert.equal(await app.page.locator('vscode-badge.status').textContent(), 'done');
  const after = await app.page.locator('.verdict').boundingBox();
  assert.deepEqual(
    [after?.y, after?.height],
    [before?.y, before?.height],
    'the header keeps its place and size when the run ends',
  );
  await assertClean(app);
  await app.page.close();
});

test('a cancelled run: the dashboard says its best network was kept', async () => {
  const cancelled = EVENTS.map((e) =>
    e.type === 'done' ? ({ type: 'cancelled', result: { ...RESULT, status: 'cancelled' } } as RunEvent) : e,
  );
  const app = await start('light', cancelled);
  await waitFor(app.page, `document.getElementById('app').dataset.status === 'cancelled'`);
  assert.equal(await app.page.locator('vscode-badge.status').textContent(), 'cancelled, best network kept');
  await app.page.close();
});

test('screenshots of the dashboard header: light and dark, wide and half width', async () => {
  mkdirSync(RESULTS_DIR, { recursive: true });
  for (const theme of ['light', 'dark'] as const) {
    for (const [size, width] of [
      ['wide', 1280],
      ['half', 640],
    ] as const) {
      const app = await start(theme, EVENTS, width);
      await waitFor(app.page, `document.getElementById('app').dataset.status === 'done'`);
      await frames(app.page, 3);
      await app.page.screenshot({ path: path.join(RESULTS_DIR, `dashboard-verdict-${theme}-${size}.png`) });
      await assertClean(app);
      await app.page.close();
    }
    // The walkthrough's "Read and keep the results" image (media/walkthrough/results-*.png is a copy of this one).
    const app = await start(theme, EVENTS, 1000);
    await waitFor(app.page, `document.getElementById('app').dataset.status === 'done'`);
    await frames(app.page, 3);
    await app.page.screenshot({ path: path.join(RESULTS_DIR, `walkthrough-results-${theme}.png`) });
    await app.page.close();
  }
});
