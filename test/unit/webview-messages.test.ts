import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  applyRunEvent,
  type CompareToHost,
  emptyTimeline,
  type Envelope,
  type HostToCompare,
  isCompareToHost,
  isDashboardToHost,
  isEnvelope,
  isHostToCompare,
  isHostToDashboard,
  isRendererToHost,
  isRunEvent,
  isRunSummary,
  MessageChannel,
  runSummary,
  timelineFrom,
  timelineSteps,
  webviewCsp,
  webviewHtml,
} from '../../src/protocol/webviewMessages';
import { fixtureEvents, fixtureResult } from '../webview/support/fixtures';

test('guards accept what the apps send and reject malformed messages', () => {
  const events = fixtureEvents('optdigits-b');
  assert.ok(events.every(isRunEvent));
  assert.ok(isHostToDashboard({ type: 'init', runId: 'r', name: 'n', events }));
  assert.ok(isHostToDashboard({ type: 'events', events: events.slice(0, 3) }));
  assert.ok(!isHostToDashboard({ type: 'init', name: 'n' }));
  assert.ok(!isHostToDashboard({ type: 'events', events: [{ type: 'epoch' }] }));
  assert.ok(!isHostToDashboard({ type: 'nope', events: [] }));
  assert.ok(!isRunEvent({ type: 'snapshot', step: 1 }));
  assert.ok(isDashboardToHost({ type: 'ready' }));
  assert.ok(isDashboardToHost({ type: 'ready', runId: 'x' }));
  assert.ok(!isDashboardToHost({ type: 'ready', runId: 3 }));
  assert.ok(isRendererToHost({ type: 'openDashboard', name: 'a', runId: 'b' }));
  assert.ok(!isRendererToHost({ type: 'openDashboard' }));

  const summary = runSummary(fixtureResult('optdigits-b'), 'run-b');
  assert.ok(isRunSummary(summary));
  assert.ok(!isRunSummary({ ...summary, connections: '913' }));
  assert.ok(isHostToCompare({ type: 'runs', runs: [summary] }));
  assert.ok(isHostToCompare({ type: 'saved', ok: true, path: '/x.csv' }));
  assert.ok(!isHostToCompare({ type: 'saved', ok: 'yes' }));
  assert.ok(isCompareToHost({ type: 'save', format: 'png', suggestedName: 'a.png', encoding: 'base64', data: 'AA==' }));
  assert.ok(!isCompareToHost({ type: 'save', format: 'gif', suggestedName: 'a', encoding: 'utf8', data: '' }));
  assert.ok(isCompareToHost({ type: 'ready', runIds: ['a'] }));
  assert.ok(!isCompareToHost({ type: 'ready', runIds: [1] }));

  assert.ok(isEnvelope({ messageId: 1, body: { type: 'x' } }));
  assert.ok(!isEnvelope({ messageId: 1.5, body: { type: 'x' } }));
  assert.ok(!isEnvelope({ messageId: 1, body: 'x' }));
  assert.ok(!isEnvelope(null));
});

test('channel: requests resolve with the reply of the expected type; notifications reach the handler', async () => {
  // Host and webview wired back to back, as VS Code's postMessage would.
  const webviewInbox: unknown[] = [];
  const hostInbox: CompareToHost[] = [];
  let host!: MessageChannel<HostToCompare, CompareToHost>;
  const webview = new MessageChannel<CompareToHost, HostToCompare>(
    (env) => void host.receive(env),
    (m) => void webviewInbox.push(m),
    isHostToCompare,
  );
  host = new MessageChannel<HostToCompare, CompareToHost>(
    (env) => void webview.receive(env),
    (m) => {
      hostInbox.push(m);
      if (m.type === 'save') return { type: 'saved', ok: true, path: `/tmp/${m.suggestedName}` };
      if (m.type === 'pickRuns') return { type: 'pickedRuns', runs: [] };
      return undefined;
    },
    isCompareToHost,
  );
  const saved = await webview.request(
    { type: 'save', format: 'csv', suggestedName: 'a.csv', encoding: 'utf8', data: 'x' },
    'saved',
  );
  assert.deepEqual(saved, { type: 'saved', ok: true, path: '/tmp/a.csv' });
  const picked = await webview.request({ type: 'pickRuns' }, 'pickedRuns');
  assert.deepEqual(picked.runs, []);
  webview.notify({ type: 'ready', runIds: [] });
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(
    hostInbox.map((m) => m.type),
    ['save', 'pickRuns', 'ready'],
  );
  host.notify({ type: 'runs', runs: [] });
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(webviewInbox, [{ type: 'runs', runs: [] }]);
  assert.equal(await webview.receive({ messageId: 9, body: { type: 'bogus' } }), false);
});

test('channel: a reply of the wrong type rejects; dispose rejects open requests', async () => {
  const posted: Envelope<CompareToHost>[] = [];
  const ch = new MessageChannel<CompareToHost, HostToCompare>(
    (env) => void posted.push(env),
    () => undefined,
    isHostToCompare,
  );
  const p = ch.request({ type: 'pickRuns' }, 'pickedRuns');
  await ch.receive({ messageId: 1, inReplyTo: posted[0]!.messageId, body: { type: 'saved', ok: true } });
  await assert.rejects(p, /expected pickedRuns/);
  const q = ch.request({ type: 'pickRuns' }, 'pickedRuns');
  ch.dispose();
  await assert.rejects(q, /channel closed/);
});

test('timeline of a recorded run: steps, snapshots, epochs and the result', () => {
  const events = fixtureEvents('optdigits-b');
  const result = fixtureResult('optdigits-b');
  const t = timelineFrom(events);
  assert.equal(t.status, 'done');
  assert.equal(t.name, result.name);
  assert.equal(t.epochs.length, result.epochs.length);
  const steps = timelineSteps(t);
  assert.equal(steps.length, result.history.length);
  assert.ok(steps.every((s) => s.snapshot && s.history));
  assert.deepEqual(
    steps.map((s) => s.history!.connections),
    result.history.map((h) => h.connections),
  );
  assert.equal(steps[0]!.operation, undefined); // the initial training has no operation
  assert.equal(steps[1]!.op, 'prune');
  assert.deepEqual(t.energyTable, result.energy.table);
  assert.equal(t.eventCount, events.length);
});

test('timeline: a live prefix, custom energy tables and failures', () => {
  const events = fixtureEvents('optdigits-b');
  const t = emptyTimeline();
  const cut = events.findIndex((e) => e.type === 'snapshot' && e.step === 3);
  for (const e of events.slice(0, cut + 1))
    applyRunEvent(t, e, () => ({ name: 'preset', mac: 1, memory: 2, compare: 3 }));
  assert.equal(t.status, 'running');
  assert.equal(timelineSteps(t).length, 4);
  assert.equal(timelineSteps(t)[3]!.history, undefined);
  assert.equal(t.energyTable?.name, 'preset');
  const custom = emptyTimeline();
  const started = events[0]!;
  assert.equal(started.type, 'started');
  if (started.type === 'started') {
    applyRunEvent(custom, {
      ...started,
      config: { ...started.config, energy: { name: 'mine', mac: 1, memory: 2, compare: 0.5 } },
    });
  }
  assert.deepEqual(custom.energyTable, { name: 'mine', mac: 1, memory: 2, compare: 0.5 });
  applyRunEvent(custom, { type: 'failed', message: 'boom' });
  assert.equal(custom.status, 'failed');
  assert.equal(custom.failure, 'boom');
});

test('run summary carries the result numbers', () => {
  const r = fixtureResult('optdigits-b');
  const s = runSummary(r, 'id-1');
  assert.equal(s.runId, 'id-1');
  assert.equal(s.testAccuracy, r.final.testAccuracy);
  assert.equal(s.connections, r.final.connections);
  assert.equal(s.compression, r.compression);
  assert.equal(s.energyPj, r.energy.final);
  assert.equal(s.baseline.energyPj, r.energy.baseline);
  assert.equal(s.dr, 'none');
});

test('panel HTML: strict CSP with the nonce, no inline script or style', () => {
  const html = webviewHtml({
    title: 'T <x>',
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    nonce: 'abc123',
    scriptUri: 'https://x/dashboard.js',
    styleUri: 'https://x/dashboard.css',
    codiconsUri: 'https://x/codicons.css',
  });
  const csp = webviewCsp('https://file+.vscode-resource.vscode-cdn.net', 'abc123');
  assert.ok(html.includes(csp.replace(/'/g, "'")));
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-abc123'/);
  assert.doesNotMatch(csp, /unsafe-(inline|eval)/);
  assert.match(html, /<script type="module" nonce="abc123" src="https:\/\/x\/dashboard.js"><\/script>/);
  assert.match(html, /id="vscode-codicon-stylesheet"/);
  assert.doesNotMatch(html, /<style|style="/);
  assert.match(html, /<title>T &lt;x&gt;<\/title>/);
  assert.equal((html.match(/<script/g) ?? []).length, 1);
});
