import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Envelope, isEnvelope, MessageChannel } from '../../src/protocol/channel';
import { isRunEvent } from '../../src/protocol/eventGuards';
import {
  isCompareToHost,
  isDashboardToHost,
  isHostToCompare,
  isHostToDashboard,
  isRendererToHost,
} from '../../src/protocol/messageGuards';
import type { CompareToHost, HostToCompare } from '../../src/protocol/messages';
import { isRunSummary, runSummary } from '../../src/protocol/runSummary';
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
  assert.ok(isRendererToHost({ type: 'compareRuns', runIds: ['s1-j0000', 's1-j0002'] }));
  assert.ok(!isRendererToHost({ type: 'compareRuns', runIds: [] }));
  assert.ok(!isRendererToHost({ type: 'compareRuns', runIds: ['../escape'] }), 'a run id names a folder');

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
