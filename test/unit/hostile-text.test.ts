/**
 * User text in what we render: markdown outputs (checked by parsing them with markdown-it, the parser VS Code
 * renders notebook markdown with), the cost wording, and run ids that arrive from files and messages.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { RunStore } from '../../src/node/runStore';
import { newRunId } from '../../src/node/runMeta';
import { costChange } from '../../src/protocol/claims';
import { markdownCode } from '../../src/protocol/markdown';
import { isCompareToHost, isDashboardToHost, isRendererToHost } from '../../src/protocol/messageGuards';
import type { RunResult } from '../../src/protocol/result';
import { isRunId } from '../../src/protocol/runId';
import { errorOutput, markdownSummary } from '../../src/protocol/runOutput';

const md = new MarkdownIt({ html: true });
const root = path.join(__dirname, '..', '..');
const fixture = (): RunResult =>
  JSON.parse(readFileSync(path.join(root, 'test/fixtures/runs/optdigits-b/result.json'), 'utf8')) as RunResult;
const tokens = (text: string) => md.parse(text, {});
const inlineTypes = (text: string): string[] => tokens(text).flatMap((t) => (t.children ?? []).map((c) => c.type));

const HOSTILE = '[click](https://example.com) <b>bold</b> *x* `code` | # _u_ ![i](y.png)';

test('markdown summary: a run name with markup is one literal heading', () => {
  const r = fixture();
  r.name = HOSTILE;
  r.dataset = { ...r.dataset, source: 'data/``weird`` name.csv' };
  const text = markdownSummary(r);
  const t = tokens(text);
  const h = t.findIndex((x) => x.type === 'heading_open');
  const heading = t[h + 1]!;
  assert.deepEqual(
    (heading.children ?? []).map((c) => c.type),
    ['text'],
    'the heading holds markup',
  );
  assert.equal(md.renderInline(heading.content).includes('<a'), false);
  assert.ok(md.render(text).includes(md.utils.escapeHtml(HOSTILE)), 'the name is not shown literally');
  // The dataset path is one code span with its backticks intact.
  const code = t.flatMap((x) => x.children ?? []).filter((c) => c.type === 'code_inline');
  assert.ok(code.some((c) => c.content === 'data/``weird`` name.csv'));
  assert.equal(inlineTypes(text).includes('link_open'), false);
  assert.equal(inlineTypes(text).includes('html_inline'), false);
});

test('markdown error output: a message holding a code fence stays inside one code block', () => {
  const message = 'failed:\n```\n# not a heading\n[link](http://x)\n````\nend';
  const t = tokens(errorOutput(message).items[0]!.data as string);
  const fences = t.filter((x) => x.type === 'fence');
  assert.equal(fences.length, 1);
  assert.equal(fences[0]!.content, `${message}\n`);
  assert.equal(
    t.some((x) => x.type === 'heading_open'),
    false,
  );
});

test('inline code of any text is one code span holding that text', () => {
  for (const s of ['a`b', '`start', 'end`', '``', 'x ```` y']) {
    const children = tokens(markdownCode(s))[1]!.children!;
    assert.deepEqual(
      children.map((c) => [c.type, c.content]),
      [['code_inline', s]],
    );
  }
});

test('cost wording: a costlier network says "more", never "0.2x less"', () => {
  assert.equal(costChange(4, 'less'), '4.0x less');
  assert.equal(costChange(0.2, 'less'), '5.0x more');
  assert.equal(costChange(0.5, 'fewer'), '2.0x more');
  assert.equal(costChange(250, 'fewer'), '250x fewer');
  assert.equal(costChange(Infinity, 'fewer'), 'n/a');
  const r = fixture();
  r.energy = { ...r.energy, ratio: 0.2 };
  assert.match(markdownSummary(r), /\(5\.0x more\) \|/);
  assert.doesNotMatch(markdownSummary(r), /0\.2x less/);
});

const work = mkdtempSync(path.join(tmpdir(), 'scann-runid-'));
after(() => rmSync(work, { recursive: true, force: true }));

test('run ids: only id-shaped strings name a folder; ../ from a notebook or message reads nothing outside', async () => {
  assert.ok(isRunId(newRunId()));
  for (const bad of ['../../x', '..', 'a/b', 'a\\b', '', '.hidden', 'x'.repeat(200), 'a b', '/etc']) {
    assert.equal(isRunId(bad), false, bad);
  }
  // A run.json outside the runs folder that a traversal would reach.
  const runs = path.join(work, 'runs');
  mkdirSync(path.join(work, 'secret'), { recursive: true });
  mkdirSync(runs);
  writeFileSync(
    path.join(work, 'secret', 'run.json'),
    JSON.stringify({ runId: '../secret', name: 'x', status: 'done', createdAt: 1 }),
  );
  writeFileSync(path.join(work, 'secret', 'events.jsonl'), '{"type":"log","level":"info","message":"secret"}\n');
  const store = new RunStore(runs);
  assert.equal(await store.readMeta('../secret'), undefined);
  assert.deepEqual(await store.readEvents('../secret'), []);
  assert.equal(await store.readResult('../secret'), undefined);
  assert.throws(() => store.dir('../secret'), /not a run id/);
  // Messages carrying such an id are refused at the guard.
  assert.equal(isRendererToHost({ type: 'openDashboard', name: 'x', runId: '../secret' }), false);
  assert.equal(isDashboardToHost({ type: 'ready', runId: '../../x' }), false);
  assert.equal(isCompareToHost({ type: 'openDashboard', runId: '../x' }), false);
  assert.equal(isCompareToHost({ type: 'ready', runIds: ['ok-1', '../x'] }), false);
  assert.equal(isRendererToHost({ type: 'openDashboard', name: 'x', runId: 'run-42' }), true);
});
