/**
 * The stores a sweep writes: a job's result lands in its run folder exactly once (a second report is dropped, even
 * when both race), run.json names the sweep and job, and `.scann/sweeps/<id>.json` round-trips and is checked.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { RunStore } from '../../src/node/runStore';
import { isSubmitterAlive, SweepRecordWriter, SweepStore, type SweepRecord } from '../../src/node/sweepStore';
import { configSchema } from '../../src/protocol/config';
import { expandSweep } from '../../src/protocol/sweep';
import { fixtureResult } from '../webview/support/fixtures';

function tempDir(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'scann-sweep-store-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  return root;
}

describe('a sweep job in the run store', () => {
  it('keeps the first result and drops a second, also when two writers race', async () => {
    const store = new RunStore(tempDir());
    const rec = await store.create(
      { runId: 'sw-j0000', name: 'x', status: 'running', createdAt: 1, sweepId: 'sw', jobId: 'sw-j0000' },
      'dataset: { source: builtin:iris }\n',
    );
    const a = fixtureResult('optdigits-b');
    const b = { ...a, seed: a.seed + 100 };
    const saved = await Promise.all([
      rec.saveOutcome({ status: 'done', result: a }, { once: true }),
      rec.saveOutcome({ status: 'done', result: b }, { once: true }),
    ]);
    assert.deepEqual(saved.filter(Boolean).length, 1, `exactly one result saved: ${JSON.stringify(saved)}`);
    const kept = saved[0] ? a : b;
    assert.deepEqual(await store.readResult('sw-j0000'), kept);
    assert.equal(await rec.saveOutcome({ status: 'done', result: b }, { once: true }), false);
    assert.deepEqual(await store.readResult('sw-j0000'), kept);
    const meta = await store.readMeta('sw-j0000');
    assert.equal(meta?.status, 'done');
    assert.equal(meta?.sweepId, 'sw');
    assert.equal(meta?.jobId, 'sw-j0000');
    assert.equal(meta?.testAccuracy, kept.final.testAccuracy);
    // No temp files left behind; the claim stays, so a late writer cannot claim the job again.
    assert.deepEqual(readdirSync(rec.dir).sort(), ['.claimed', 'config.yaml', 'model.json', 'result.json', 'run.json']);
  });
});

function record(sweepId: string): SweepRecord {
  const config = configSchema.parse({ dataset: { source: 'builtin:iris' }, sweep: { grid: { scheme: ['B', 'C'] } } });
  return {
    version: 1,
    sweepId,
    createdAt: 1,
    updatedAt: 1,
    backend: 'local',
    submitter: { pid: process.pid, host: hostname() },
    state: 'running',
    jobs: expandSweep(config, sweepId),
    statuses: [],
  };
}

describe('the sweep store', () => {
  it('round-trips a record; the writer coalesces state changes and writes the last one on close', async () => {
    const store = new SweepStore(tempDir());
    const w = new SweepRecordWriter(store, record('s1'), 20);
    await w.start();
    assert.deepEqual(await store.read('s1'), record('s1'));
    w.update({ jobId: 's1-j0000', state: 'running', attempts: 1, worker: 'local-0' });
    w.update({ jobId: 's1-j0000', state: 'running', attempts: 1, worker: 'local-0', epoch: 5 });
    w.update({ jobId: 's1-j0001', state: 'failed', attempts: 1, error: 'boom' });
    await w.close('done');
    const back = (await store.read('s1'))!;
    assert.equal(back.state, 'done');
    assert.deepEqual(
      back.statuses.map((s) => [s.jobId, s.state, s.epoch]),
      [
        ['s1-j0000', 'running', 5],
        ['s1-j0001', 'failed', undefined],
      ],
    );
    assert.equal(back.jobs[1]!.config.scheme, 'C');
    assert.deepEqual(await store.ids(), ['s1']);
    assert.equal(await store.read('s2'), undefined);
    assert.equal(isSubmitterAlive(back, hostname()), true);
    assert.equal(isSubmitterAlive({ ...back, submitter: { pid: 2 ** 22 + 7, host: hostname() } }, hostname()), false);
    assert.equal(isSubmitterAlive(back, 'elsewhere'), undefined);
  });

  it('a record that is not one is an error naming the file and the field; ids from files are checked', async () => {
    const root = tempDir();
    const store = new SweepStore(root);
    writeFileSync(path.join(root, 'bad.json'), '{"version":1');
    await assert.rejects(store.read('bad'), /bad\.json: not valid JSON/);
    writeFileSync(path.join(root, 'worse.json'), JSON.stringify({ ...record('worse'), jobs: [{ jobId: 1 }] }));
    await assert.rejects(store.read('worse'), /worse\.json: not a sweep record \(jobs\.0: not a sweep job/);
    assert.throws(() => store.file('../etc/passwd'), /not a sweep id/);
  });
});
