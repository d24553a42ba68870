/**
 * The local sweep pool with the real engine (bundled from the current source): the same results as a single run
 * of the same config and seed, a failing job reported while the others finish, cancel stopping every engine, and
 * every job's result in the run store exactly once.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LocalPool } from '../../src/cli/sweep/localPool';
import { RunRecord, RunStore } from '../../src/node/runStore';
import { runSynthesis } from '../../src/engine/run/run';
import { configSchema, type ScannConfigInput } from '../../src/protocol/config';
import type { RunResult } from '../../src/protocol/result';
import { expandSweep, type SweepEvent, type SweepJobStatus } from '../../src/protocol/sweep';
import { bundleEntries, dataDir } from './helpers/bundle';

let work: string;
let enginePath: string;
before(() => {
  work = mkdtempSync(path.join(tmpdir(), 'scann-sweep-pool-'));
  enginePath = bundleEntries(path.join(work, 'bin'), { engine: 'src/engine/run/process.ts' })['engine']!;
});
after(() => rmSync(work, { recursive: true, force: true }));

/** A few seconds of work per job: iris, a short baseline, one synthesis iteration. */
const tiny: ScannConfigInput = {
  name: 'tiny',
  dataset: { source: 'builtin:iris' },
  iterations: 1,
  baseline: { epochs: 3 },
  train: { epochs: 1 },
  select: { finetune: 0 },
};

function plan(input: ScannConfigInput, id: string) {
  const runs = new RunStore(path.join(work, id, 'runs'));
  return { sweepId: id, jobs: expandSweep(configSchema.parse(input), id), baseDir: work, dataDir, runs };
}

/** A result without what differs between two runs of one config: wall times. */
function comparable(r: RunResult): unknown {
  const { durationMs: _d, ...rest } = r;
  return rest;
}

describe('the local sweep pool', () => {
  it('gives each job the result of a single run of its config, and stores each job exactly once', async () => {
    const p = plan({ ...tiny, sweep: { grid: { scheme: ['B', 'C'] }, repeats: 2 } }, 'same');
    const events: SweepEvent[] = [];
    const summary = await new LocalPool({ enginePath, workers: 2 }).run(
      p,
      (e) => events.push(e),
      new AbortController().signal,
    );
    assert.deepEqual(summary.counts, { queued: 0, running: 0, done: 4, failed: 0, cancelled: 0 });
    assert.equal(events[0]!.type, 'sweep-started');
    assert.equal(events.at(-1)!.type, 'sweep-done');
    const resultEvents = events.filter((e) => e.type === 'job-result');
    assert.deepEqual(
      resultEvents.map((e) => e.jobId).sort(),
      p.jobs.map((j) => j.jobId),
    );
    // Two engine processes at once: two distinct workers ran jobs.
    const workers = new Set(events.flatMap((e) => (e.type === 'job' && e.status.worker ? [e.status.worker] : [])));
    assert.deepEqual([...workers].sort(), ['local-0', 'local-1']);

    for (const job of p.jobs) {
      const stored = await p.runs.readResult(job.jobId);
      assert.ok(stored, `${job.jobId} has its result in the store`);
      const single = await runSynthesis(job.config, { baseDir: work, dataDir });
      assert.deepEqual(comparable(stored), comparable(single), `${job.jobId} (${job.group}, seed ${job.seed})`);
      const run = summary.runs.find((r) => r.jobId === job.jobId)!;
      assert.equal(run.testAccuracy, single.final.testAccuracy);
      const meta = await p.runs.readMeta(job.jobId);
      assert.deepEqual([meta?.sweepId, meta?.jobId, meta?.status], ['same', job.jobId, 'done']);
      // A second result for the job is dropped.
      const rec = new RunRecord(p.runs.dir(job.jobId), meta!);
      assert.equal(await rec.saveOutcome({ status: 'done', result: { ...single, seed: 999 } }, { once: true }), false);
      assert.equal((await p.runs.readResult(job.jobId))?.seed, job.seed);
    }
    assert.deepEqual(
      readdirSync(path.join(work, 'same', 'runs')).sort(),
      p.jobs.map((j) => j.jobId),
    );
  });

  it('reports a job whose config fails and finishes the others', async () => {
    const p = plan(
      { ...tiny, sweep: { grid: { 'dataset.source': ['builtin:iris', 'no-such-file.csv', 'builtin:wine'] } } },
      'failing',
    );
    const summary = await new LocalPool({ enginePath, workers: 2 }).run(
      p,
      () => undefined,
      new AbortController().signal,
    );
    assert.deepEqual(
      summary.runs.map((r) => r.status),
      ['done', 'failed', 'done'],
    );
    assert.match(summary.runs[1]!.error ?? '', /no-such-file\.csv/);
    assert.equal(summary.groups[1]!.failed, 1);
    assert.equal((await p.runs.readMeta(p.jobs[1]!.jobId))?.status, 'failed');
    assert.equal(summary.runs.filter((r) => r.testAccuracy !== undefined).length, 2);
  });

  it('cancel stops every running engine and the queued jobs within seconds', async () => {
    // Long enough that nothing finishes on its own before the cancel.
    const long: ScannConfigInput = {
      ...tiny,
      baseline: { epochs: 2000, patience: 0 },
      train: { epochs: 200 },
      sweep: { repeats: 5 },
    };
    const p = plan(long, 'cancel');
    const controller = new AbortController();
    const statuses = new Map<string, SweepJobStatus>();
    const pids: number[] = [];
    let cancelledAt = 0;
    const running = new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        const epochs = [...statuses.values()].filter((s) => s.state === 'running' && (s.epoch ?? 0) > 0);
        if (epochs.length === 2) {
          clearInterval(poll);
          resolve();
        }
      }, 50);
    });
    const done = new LocalPool({ enginePath, workers: 2 }).run(
      p,
      (e) => {
        if (e.type === 'job') statuses.set(e.status.jobId, e.status);
      },
      controller.signal,
    );
    await running;
    // The engines are children of this process; find them to check they are gone afterwards.
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        if (cmd.includes(enginePath)) pids.push(Number(pid));
      } catch {
        // gone already
      }
    }
    assert.equal(pids.length, 2, 'two engine processes run');
    cancelledAt = Date.now();
    controller.abort();
    const summary = await done;
    const took = Date.now() - cancelledAt;
    assert.ok(took < 30_000, `stopped ${took} ms after the cancel`);
    assert.equal(summary.counts.done, 0);
    assert.equal(summary.counts.cancelled, 5);
    assert.deepEqual(
      p.jobs.map((j) => statuses.get(j.jobId)?.state),
      ['cancelled', 'cancelled', 'cancelled', 'cancelled', 'cancelled'],
    );
    for (const pid of pids) assert.equal(existsSync(`/proc/${pid}`), false, `engine ${pid} has exited`);
    // The queued jobs never got a run folder.
    assert.equal(readdirSync(path.join(work, 'cancel', 'runs')).length, 2);
  });
});
