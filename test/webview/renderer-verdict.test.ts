/**
 * The renderer's header answers "did it work?" (the verdict of src/protocol/verdict.ts) and keeps its place while
 * a run goes; its charts are drawn at the width they are shown at. Screenshots of the header in light and dark,
 * wide and half width, go to test-results/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { RunResult } from '../../src/protocol/result';
import type { SchemeChoice } from '../../src/protocol/schemeChoice';
import { markdownSummary, runOutput } from '../../src/protocol/runOutput';
import { runVerdict, verdictLine } from '../../src/protocol/verdict';
import { claimedResult, fixtureResult, livePayload, RESULTS_DIR } from './support/fixtures';
import { assertClean, type AppPage, frames, openPage, waitFor } from './support/page';
import { browserSuite } from './support/suite';

const env = browserSuite();

async function render(app: AppPage, id: string, payload: unknown): Promise<void> {
  await app.page.evaluate(`__scann.render(${JSON.stringify(id)}, ${JSON.stringify(JSON.stringify(payload))})`);
}

async function rendered(app: AppPage, id: string, renders = 1): Promise<void> {
  await waitFor(
    app.page,
    `Number(document.getElementById(${JSON.stringify(id)})?.shadowRoot?.querySelector('.run')?.dataset.renders ?? 0) >= ${renders}`,
  );
  await frames(app.page);
}

const saved = (r: RunResult): unknown => runOutput(r, 'run-v').items[0]!.data;

/** The live output while the baseline trains: epochs, no synthesis step and no drawing yet. */
function baselineOnly(): ReturnType<typeof livePayload> {
  const p = livePayload('optdigits-b', 1, 44);
  const { architecture: _a, ...rest } = p;
  return { ...rest, history: [], epochs: p.epochs.filter((e) => e.phase === 'baseline') };
}

/** Each shown chart: the width its drawing was laid out for (viewBox) and the width it is shown at. */
async function chartWidths(app: AppPage, id: string): Promise<{ drawn: number; shown: number }[]> {
  return app.page.evaluate(
    `[...document.getElementById(${JSON.stringify(id)}).shadowRoot.querySelectorAll('figure.chart:not([hidden]) svg')]` +
      `.map((s) => ({ drawn: Number(s.getAttribute('viewBox').split(' ')[2]), shown: s.getBoundingClientRect().width }))`,
  );
}

test("charts are drawn at their container's width on the first render", async () => {
  const app = await openPage(env.session, env.server, 'renderer', 'dark', { width: 1200, height: 900 });
  // An output column wide enough for three charts in a row (two are shown side by side at the start).
  await app.page.evaluate("document.getElementById('outputs').style.width = '1100px'");
  // New Notebook -> Run All: the first outputs have two charts (baseline epochs), the result brings all four,
  // and the grid changes its column count under the charts drawn before.
  await render(app, 'out', baselineOnly());
  await rendered(app, 'out');
  assert.equal((await chartWidths(app, 'out')).length, 2);
  await render(app, 'out', saved(fixtureResult('optdigits-b')));
  await rendered(app, 'out', 2);
  const widths = await chartWidths(app, 'out');
  assert.equal(widths.length, 4);
  for (const w of widths)
    assert.ok(Math.abs(w.drawn - w.shown) <= 1, `drawn for ${w.drawn} px, shown at ${w.shown} px`);
  // Half width: the charts follow the output's new width.
  await app.page.evaluate("document.getElementById('outputs').style.width = '600px'");
  await frames(app.page, 3);
  for (const w of await chartWidths(app, 'out'))
    assert.ok(Math.abs(w.drawn - w.shown) <= 1, `after resizing: drawn for ${w.drawn} px, shown at ${w.shown} px`);
  await assertClean(app);
  await app.page.close();
});

async function verdictCells(app: AppPage, id: string): Promise<{ label: string; value: string; detail: string }[]> {
  const cells = app.page.locator(`#${id} .verdict .verdict-item`);
  const out: { label: string; value: string; detail: string }[] = [];
  for (const c of await cells.all()) {
    out.push({
      label: (await c.locator('.verdict-label').textContent()) ?? '',
      value: (await c.locator('.verdict-value').textContent()) ?? '',
      detail: (await c.locator('.verdict-detail').textContent()) ?? '',
    });
  }
  return out;
}

test('the header says whether it worked: accuracy with its interval, compression, energy, target', async () => {
  const app = await openPage(env.session, env.server, 'renderer', 'light');
  const met = claimedResult('optdigits-b', true);
  const missed = claimedResult('optdigits-b', false);
  await render(app, 'met', saved(met));
  await render(app, 'missed', saved(missed));
  await rendered(app, 'met');
  await rendered(app, 'missed');
  for (const [id, r] of [
    ['met', met],
    ['missed', missed],
  ] as const) {
    const want = runVerdict(r).items.map(({ label, value, detail }) => ({ label, value, detail }));
    assert.deepEqual(await verdictCells(app, id), want);
    // The verdict sits right under the title, above the drawing and the table.
    const header = await app.page.locator(`#${id} header`).boundingBox();
    const verdict = await app.page.locator(`#${id} .verdict`).boundingBox();
    const arch = await app.page.locator(`#${id} section.arch`).boundingBox();
    assert.ok(header && verdict && arch && verdict.y >= header.y + header.height && verdict.y < arch.y);
    // The markdown next to the output says the same in one line.
    assert.ok(markdownSummary(r).includes(`**Verdict:** ${verdictLine(r)}.`));
  }
  const cells = await verdictCells(app, 'met');
  assert.match(cells[0]!.value, /^96\.66%$/);
  assert.match(cells[0]!.detail, /^-0\.3 pt \[-\d\.\d, \+\d\.\d\] vs baseline 96\.94%$/);
  assert.match(cells[1]!.value, /^\d+(\.\d)?x$/);
  assert.equal(cells[3]!.value, 'met');
  assert.equal((await verdictCells(app, 'missed'))[3]!.value, 'NOT met');
  assert.match(
    (await app.page.locator('#missed .verdict-item.target').getAttribute('class')) ?? '',
    /\bbad\b/,
    'a missed target is marked',
  );
  await assertClean(app);
  await app.page.close();
});

test('a run whose scheme `auto` chose names the choice in the header, with the reason in its tooltip', async () => {
  const app = await openPage(env.session, env.server, 'renderer', 'light');
  const choice: SchemeChoice = {
    scheme: 'C',
    fromBaseline: true,
    reason: 'the validation split has 21 rows (fewer than 200): too few to tell a grown network apart',
  };
  const r: RunResult = { ...claimedResult('optdigits-b', true), scheme: 'C', schemeChoice: choice };
  await render(app, 'auto', saved(r));
  await render(app, 'named', saved(claimedResult('optdigits-b', true)));
  await rendered(app, 'auto');
  await rendered(app, 'named');
  const meta = app.page.locator('#auto header .meta');
  assert.match((await meta.textContent()) ?? '', /^SCANN scheme C \(auto, from the baseline\) · /);
  assert.match(
    (await meta.getAttribute('title')) ?? '',
    /\n`scheme: auto` chose scheme C from the trained baseline, because the validation split has 21 rows/,
  );
  mkdirSync(RESULTS_DIR, { recursive: true });
  await app.page.locator('#auto header').screenshot({ path: path.join(RESULTS_DIR, 'renderer-header-auto.png') });
  const named = app.page.locator('#named header .meta');
  assert.match((await named.textContent()) ?? '', /^SCANN scheme B · /, 'a named scheme: no choice to show');
  // The markdown beside the output says it in a sentence of its own.
  assert.ok(
    markdownSummary(r).includes(
      `\n\n\`scheme: auto\` chose scheme C from the trained baseline, because ${choice.reason}.\n`,
    ),
  );
  await assertClean(app);
  await app.page.close();
});

test('during a run the header keeps its place and its height when the drawing and the result arrive', async () => {
  const app = await openPage(env.session, env.server, 'renderer', 'dark');
  const box = async (sel: string): Promise<{ y: number; height: number }> => {
    const b = await app.page.locator(`#live ${sel}`).boundingBox();
    assert.ok(b, sel);
    return { y: Math.round(b.y), height: Math.round(b.height) };
  };
  await render(app, 'live', baselineOnly());
  await rendered(app, 'live');
  const first = { verdict: await box('.verdict'), arch: await box('section.arch') };
  assert.deepEqual(
    (await verdictCells(app, 'live')).map((c) => c.label),
    ['Test accuracy', 'Compression', 'Energy', 'Accuracy target'],
  );
  await render(app, 'live', livePayload('optdigits-b', 3, 44));
  await rendered(app, 'live', 2);
  assert.equal(await app.page.locator('#live section.arch canvas.arch-canvas').count(), 1);
  // The header does not move; the drawing takes the place kept for it (its caption may take a second line).
  const now = { verdict: await box('.verdict'), arch: await box('section.arch') };
  assert.deepEqual(now.verdict, first.verdict);
  assert.equal(now.arch.y, first.arch.y);
  assert.ok(Math.abs(now.arch.height - first.arch.height) < 24, `${first.arch.height} -> ${now.arch.height} px`);
  assert.match((await verdictCells(app, 'live'))[1]!.detail, /^2,202 connections at step 2 so far$/);
  await render(app, 'live', saved(claimedResult('optdigits-b', true)));
  await rendered(app, 'live', 3);
  assert.deepEqual(await box('.verdict'), first.verdict);
  await assertClean(app);
  await app.page.close();
});

test('a cancelled run reads as cancelled with its best network kept, not as a failure', async () => {
  const app = await openPage(env.session, env.server, 'renderer', 'dark');
  await render(app, 'c', saved({ ...fixtureResult('optdigits-b'), status: 'cancelled' }));
  await rendered(app, 'c');
  assert.equal(await app.page.locator('#c .badge').textContent(), 'cancelled, best network kept');
  assert.equal(await app.page.locator('#c [role=alert]').count(), 0);
  await app.page.close();
});

test('screenshots of the header: light and dark, wide and half width', async () => {
  for (const theme of ['light', 'dark'] as const) {
    for (const [size, width] of [
      ['wide', 1200],
      ['half', 600],
    ] as const) {
      const app = await openPage(env.session, env.server, 'renderer', theme, { width, height: 420 });
      await render(app, 'met', saved(claimedResult('optdigits-b', false)));
      await rendered(app, 'met');
      await app.page.screenshot({ path: shotPath(`renderer-verdict-${theme}-${size}.png`) });
      await assertClean(app);
      await app.page.close();
    }
    // The walkthrough's "Run the synthesis" image (media/walkthrough/run-*.png is a copy of this one).
    const app = await openPage(env.session, env.server, 'renderer', theme, { width: 916, height: 560 });
    await render(app, 'met', saved(claimedResult('optdigits-b', true)));
    await rendered(app, 'met');
    await app.page.screenshot({ path: shotPath(`walkthrough-run-${theme}.png`) });
    await app.page.close();
  }
});

/** Only the top of the page: the header is what these screenshots are for. */
function shotPath(name: string): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  return path.join(RESULTS_DIR, name);
}
