/**
 * `scann sweep` end to end, as the bundled CLI (built from the current source like dist/cli.js, the engine beside
 * it): the `--json` summary contract, `--events`, the same figures as `scann run` of a job's config, `--attach`,
 * `--cancel` (of a running sweep and of one whose submitter is gone), Ctrl-C, and bad input.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SweepStore } from '../../src/node/sweepStore';
import { isSweepSummary, parseSweepEvent, type SweepSummary } from '../../src/protocol/sweep';
import { bundleEntries, dataDir } from './helpers/bundle';

let work: string;
let cli: string;
before(() => {
  work = mkdtempSync(path.join(tmpdir(), 'scann-sweep-cli-'));
  cli = bundleEntries(path.join(work, 'bin'), { cli: 'src/cli/main.ts', engine: 'src/engine/run/process.ts' })['cli']!;
});
after(() => rmSync(work, { recursive: true, force: true }));

const env = { ...process.env, SCANN_DATA_DIR: dataDir };

function scann(args: string[], cwd = work) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const TINY = [
  'name: tiny',
  'dataset: { source: builtin:iris }',
  'iterations: 1',
  'baseline: { epochs: 3 }',
  'train: { epochs: 1 }',
  'select: { finetune: 0 }',
].join('\n');

function configFile(name: string, text: string): string {
  const file = path.join(work, name);
  writeFileSync(file, `${text}\n`);
  return file;
}

/**
 * A sweep long enough to be stopped while it runs, also on a loaded machine: 3,000 baseline epochs of iris took a
 * few seconds, so with both cores busy the first runs could end before `scann sweep --cancel` had even started.
 * On optdigits each run takes minutes.
 */
const LONG = `${TINY}\nbaseline: { epochs: 3000, patience: 0 }\nsweep: { repeats: 4 }`
  .replace('baseline: { epochs: 3 }\n', '')
  .replace('builtin:iris', 'builtin:optdigits');

describe('scann sweep', () => {
  let summary: SweepSummary;

  it('--json prints the summary contract; each run has the figures of `scann run` of its config', () => {
    const file = configFile('grid.yaml', `${TINY}\nsweep:\n  grid: { scheme: [B, C] }\n  repeats: 2`);
    const r = scann(['sweep', file, '--json', '--workers', '2', '--out', 'store']);
    assert.equal(r.code, 0, r.stderr);
    summary = JSON.parse(r.stdout) as SweepSummary;
    assert.ok(isSweepSummary(summary));
    assert.deepEqual(summary.counts, { queued: 0, running: 0, done: 4, failed: 0, cancelled: 0 });
    assert.deepEqual(
      summary.groups.map((g) => [g.group, g.n, g.done]),
      [
        ['scheme=B', 2, 2],
        ['scheme=C', 2, 2],
      ],
    );
    assert.ok(summary.pareto.length >= 1 && summary.pareto.every((g) => g === 'scheme=B' || g === 'scheme=C'));
    for (const run of summary.runs) {
      assert.equal(typeof run.testAccuracy, 'number');
      assert.equal(typeof run.connections, 'number');
      assert.equal(typeof run.energy, 'number');
    }
    assert.match(r.stderr, /4 runs on 2 local engine processes/);
    // `scann run` of a job's stored config gives the same figures.
    const job = summary.runs[3]!;
    const single = scann([
      'run',
      '--config',
      path.join(work, 'store', '.scann', 'runs', job.jobId, 'config.yaml'),
      '--json',
    ]);
    assert.equal(single.code, 0, single.stderr);
    const result = JSON.parse(single.stdout) as {
      final: { testAccuracy: number; connections: number };
      seed: number;
      compression: number;
    };
    assert.deepEqual(
      [result.seed, result.final.testAccuracy, result.final.connections, result.compression],
      [job.seed, job.testAccuracy, job.connections, job.compression],
    );
    const stored = new SweepStore(path.join(work, 'store', '.scann', 'sweeps'));
    assert.equal(readdirSync(stored.root).length, 1);
  });

  it('--attach prints the stored summary of a finished sweep; --cancel says there is nothing to stop', () => {
    const a = scann(['sweep', '--attach', summary.sweepId, '--json', '--out', 'store']);
    assert.equal(a.code, 0, a.stderr);
    assert.deepEqual(JSON.parse(a.stdout), summary);
    const c = scann(['sweep', '--cancel', summary.sweepId, '--out', 'store']);
    assert.equal(c.code, 0, c.stderr);
    assert.match(c.stderr, /already ended \(done, 4 of 4 runs done\); nothing to cancel/);
  });

  it('--events prints one sweep event per line, started first and the summary last; a failed job exits 1', () => {
    const file = configFile('events.yaml', `${TINY}\nsweep:\n  grid: { dataset.source: [builtin:iris, missing.csv] }`);
    const r = scann(['sweep', file, '--events', '--workers', '1', '--out', 'events']);
    assert.equal(r.code, 1, r.stderr);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => parseSweepEvent(JSON.parse(l)));
    assert.ok(events.every((e) => e.ok));
    const types = events.map((e) => (e.ok ? e.event.type : ''));
    assert.equal(types[0], 'sweep-started');
    assert.equal(types.at(-1), 'sweep-done');
    assert.equal(types.filter((t) => t === 'job-result').length, 1);
    const done = events.at(-1)!;
    assert.ok(done.ok && done.event.type === 'sweep-done');
    assert.deepEqual(
      done.event.summary.runs.map((x) => x.status),
      ['done', 'failed'],
    );
    assert.match(r.stderr, /missing\.csv/);
  });

  it('refuses bad input with exit 2: a sweep path that is no config field, --queue, conflicting flags', () => {
    const bad = configFile('bad.yaml', `${TINY}\nsweep:\n  grid: { train.epoch: [1, 2] }`);
    const r = scann(['sweep', bad]);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /bad\.yaml:8:11 error: sweep\.grid\.train\.epoch: unknown config path 'train\.epoch'.*did you mean 'train\.epochs'\?/,
    );
    // Port 1: nothing listens there (6379 may be a real Redis on a machine with the package's service running).
    const q = scann(['sweep', bad.replace('bad', 'grid'), '--queue', 'redis://user:secret@127.0.0.1:1']);
    assert.equal(q.code, 2);
    assert.match(q.stderr, /cannot reach the queue at redis:\/\/user:\*\*\*@127\.0\.0\.1:1: connect ECONNREFUSED/);
    assert.doesNotMatch(q.stderr, /secret/);
    const run = scann(['run', '--config', bad.replace('bad', 'grid')]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /has a `sweep` block, which `scann run` does not expand: run it with `scann sweep`/);
    assert.equal(scann(['sweep', bad, '--json', '--events']).code, 2);
    assert.equal(scann(['sweep', bad, '--workers', '0']).code, 2);
    assert.equal(scann(['sweep', '--attach', 'nope', '--out', 'store']).code, 2);
  });

  it('--cancel of a sweep whose submitter is gone says so and marks it cancelled', async () => {
    const store = new SweepStore(path.join(work, 'store', '.scann', 'sweeps'));
    const record = (await store.read(summary.sweepId))!;
    // A pid above the kernel's maximum is never a live process.
    await store.write({
      ...record,
      sweepId: 'gone-1',
      state: 'running',
      submitter: { pid: 2 ** 22 + 11, host: hostname() },
    });
    const c = scann(['sweep', '--cancel', 'gone-1', '--out', 'store']);
    assert.equal(c.code, 0, c.stderr);
    assert.match(c.stderr, /is not running: its submitter \(process \d+\) has ended.*nothing is left to stop/s);
    assert.equal((await store.read('gone-1'))?.state, 'cancelled');
    const a = scann(['sweep', '--attach', 'gone-1', '--out', 'store']);
    assert.equal(a.code, 130);
  });

  for (const how of ['Ctrl-C', '--cancel'] as const) {
    it(`${how} stops a running sweep within seconds and records it cancelled (exit 130)`, async () => {
      const file = configFile(`long-${how}.yaml`, LONG);
      const out = `cancel-${how}`;
      const child = spawn(process.execPath, [cli, 'sweep', file, '--workers', '2', '--out', out], { cwd: work, env });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      // Wait until both engines train (their first progress reaches the record).
      const store = new SweepStore(path.join(work, out, '.scann', 'sweeps'));
      let id = '';
      for (let i = 0; i < 600; i++) {
        await new Promise((r) => setTimeout(r, 100));
        id = (await store.ids())[0] ?? '';
        const rec = id ? await store.read(id) : undefined;
        if (rec && rec.statuses.filter((s) => s.state === 'running').length === 2) break;
      }
      assert.ok(id, `the sweep recorded itself: ${stderr}`);
      const t0 = Date.now();
      if (how === 'Ctrl-C') child.kill('SIGINT');
      else {
        const c = scann(['sweep', '--cancel', id, '--out', out]);
        assert.equal(c.code, 0, c.stderr);
        assert.match(c.stderr, /cancelled \(0 of 4 runs done\)/);
      }
      const code = await exited;
      assert.ok(Date.now() - t0 < 30_000, `stopped after ${Date.now() - t0} ms`);
      assert.equal(code, 130, stderr);
      const rec = (await store.read(id))!;
      assert.equal(rec.state, 'cancelled');
      assert.ok(
        rec.statuses.every((s) => s.state === 'cancelled'),
        JSON.stringify(rec.statuses),
      );
    });
  }
});
