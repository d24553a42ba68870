/**
 * Names a user chose reach Plotly, which reads strings as pseudo-HTML (`<a href>` is a link, `<b>` bold). A run, a
 * dataset or an energy table named like markup must show as that literal text: checked in the drawn DOM.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HostToDashboard } from '../../src/protocol/messages';
import { runSummary } from '../../src/protocol/runSummary';
import { fixtureEvents, fixtureResult } from './support/fixtures';
import { assertClean, type AppPage, frames, openPage, saveScreenshot, send, waitFor } from './support/page';
import { browserSuite } from './support/suite';

const env = browserSuite();

const LINK = '<a href="https://example.com/x">click me</a>';
const BOLD = '<b>bold</b> & <i>co</i>';

/** What Plotly drew: every link in the plots, and the text of every SVG text element. */
async function plotDom(app: AppPage): Promise<{ links: string[]; bold: number; texts: string[] }> {
  return app.page.evaluate(`(() => {
    const plots = [...document.querySelectorAll('.js-plotly-plot')];
    const links = plots.flatMap((p) => [...p.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? a.getAttribute('xlink:href') ?? ''));
    const bold = plots.flatMap((p) => [...p.querySelectorAll('tspan')]).filter((t) => t.style.fontWeight === 'bold').length;
    const texts = plots.flatMap((p) => [...p.querySelectorAll('text')].map((t) => t.textContent ?? ''));
    return { links, bold, texts };
  })()`);
}

test('compare: runs and a dataset named like markup are literal text in the Pareto plot', async () => {
  const a = runSummary(fixtureResult('optdigits-b'), 'run-a');
  const b = runSummary(fixtureResult('optdigits-c'), 'run-b');
  const runs = [
    { ...a, name: LINK, dataset: BOLD },
    { ...b, name: BOLD, dataset: 'plain' },
  ];
  const app = await openPage(env.session, env.server, 'compare', 'dark', { width: 1300, height: 1000 });
  await send(app.page, { type: 'runs', runs });
  await waitFor(app.page, `Number(document.getElementById('app').dataset.plotDraws ?? 0) >= 1`);
  await frames(app.page);
  const dom = await plotDom(app);
  assert.deepEqual(dom.links, [], 'a run name became a link');
  assert.equal(dom.bold, 0, 'a run name became bold text');
  assert.ok(
    dom.texts.includes(LINK),
    `the link name is not drawn literally: ${JSON.stringify(dom.texts.slice(0, 30))}`,
  );
  assert.ok(dom.texts.includes(BOLD), 'the bold name is not drawn literally');
  // Two datasets: the Pareto fronts are named after them, in the legend.
  assert.ok(
    dom.texts.some((t) => t === `Pareto front (${BOLD})`),
    'the dataset name is not literal in the legend',
  );
  await saveScreenshot(app.page, 'hostile-names-compare.png');
  await assertClean(app);
  await app.page.close();
});

test('dashboard: an energy table named like markup is literal text in the plot title', async () => {
  // The table's name comes with the result in the run's last event.
  const events = fixtureEvents('optdigits-b').map((e) =>
    e.type === 'done'
      ? {
          ...e,
          result: { ...e.result, energy: { ...e.result.energy, table: { ...e.result.energy.table, name: LINK } } },
        }
      : e,
  );
  assert.ok(events.some((e) => e.type === 'done'));
  const init: HostToDashboard = { type: 'init', runId: 'run-b', name: BOLD, events };
  const app = await openPage(env.session, env.server, 'dashboard', 'dark', { width: 1280, height: 1000 });
  await send(app.page, init);
  await waitFor(app.page, `document.querySelectorAll('.js-plotly-plot').length >= 4`);
  await frames(app.page);
  const dom = await plotDom(app);
  assert.deepEqual(dom.links, [], 'the energy table name became a link');
  // Plot titles are headings above the plots (text, not Plotly markup): the name must read literally there.
  const titles = (await app.page.evaluate(
    `[...document.querySelectorAll('.plot-title')].map((h) => ({ text: h.textContent, children: h.children.length }))`,
  )) as { text: string; children: number }[];
  const title = titles.find((t) => t.text.startsWith('Accuracy vs energy'));
  assert.deepEqual(title, { text: `Accuracy vs energy per inference (${LINK})`, children: 0 }, JSON.stringify(titles));
  await saveScreenshot(app.page, 'hostile-names-dashboard.png');
  await assertClean(app);
  await app.page.close();
});
