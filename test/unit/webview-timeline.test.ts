import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ENERGY_TABLES } from '../../src/protocol/energy';
import { applyRunEvent, emptyTimeline, timelineFrom, timelineSteps } from '../../webview/dashboard/timeline';
import { fixtureEvents, fixtureResult } from '../webview/support/fixtures';

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
  // A preset other than the fixture's, so the table can only come from the started event's config.
  const started = events[0]!;
  assert.equal(started.type, 'started');
  const scann130 =
    started.type === 'started' ? { ...started, config: { ...started.config, energy: 'scann130nm' as const } } : started;
  for (const e of [scann130, ...events.slice(1, cut + 1)]) applyRunEvent(t, e);
  assert.equal(t.status, 'running');
  assert.equal(timelineSteps(t).length, 4);
  assert.equal(timelineSteps(t)[3]!.history, undefined);
  assert.deepEqual(t.energyTable, ENERGY_TABLES.scann130nm);
  const custom = emptyTimeline();
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
