import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareChoices } from '../../src/extension/runs/compareChoices';
import type { RunMeta } from '../../src/node/runMeta';
import { runDate } from '../../src/protocol/runDate';

const meta = (runId: string, createdAt: number, status: RunMeta['status'], name = 'iris-quick'): RunMeta => ({
  runId,
  name,
  status,
  createdAt,
  dataset: 'iris',
  scheme: 'B',
  testAccuracy: 0.9667,
});

test('compare picker: finished runs only, newest first, without those shown, told apart by date and run id', () => {
  const metas = [
    meta('r1', Date.UTC(2026, 11, 1, 9), 'done'),
    meta('r2', Date.UTC(2026, 11, 3, 9), 'failed'),
    meta('r3', Date.UTC(2026, 11, 4, 9), 'cancelled'),
    meta('r4', Date.UTC(2026, 11, 2, 9), 'done'),
    meta('r5', Date.UTC(2026, 11, 5, 9), 'running'),
  ];
  const all = compareChoices(metas);
  assert.deepEqual(
    all.map((c) => c.runId),
    ['r3', 'r4', 'r1'],
  );
  assert.equal(all[0]!.label, 'iris-quick (cancelled)');
  assert.equal(all[1]!.label, 'iris-quick');
  assert.equal(all[1]!.description, 'iris · scheme B · test 96.67%');
  assert.equal(all[1]!.detail, `${runDate(Date.UTC(2026, 11, 2, 9))} · run r4`);
  assert.notEqual(all[1]!.detail, all[2]!.detail);
  assert.deepEqual(
    compareChoices(metas, new Set(['r4'])).map((c) => c.runId),
    ['r3', 'r1'],
  );
});

test('run dates: local time, minutes, zero-padded', () => {
  const ms = new Date(2026, 0, 5, 7, 3).getTime();
  assert.equal(runDate(ms), '2026-01-05 07:03');
});
