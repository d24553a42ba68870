/**
 * The extension's side of a sweep cell without VS Code: the fold of sweep events into the cell's output, the
 * reading of `scann sweep --events` from a child process (a stand-in script speaking the NDJSON contract: real
 * process, real pipes, a malformed line among the events), cancel through `--cancel`, and the dataset paths a
 * queue sweep's config file carries.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type * as vscode from 'vscode';
import { configSchema, type ScannConfig } from '../../src/protocol/config';
import { expandSweep, summarizeSweep, type SweepEvent, type SweepRunResult } from '../../src/protocol/sweep';
import { parseSweepPayload } from '../../src/protocol/sweepOutputGuards';
import { absoluteDataPaths, runQueueSweep } from '../../src/extension/sweeps/queueSweep';
import { SweepProgress, sweptFields } from '../../src/extension/sweeps/sweepProgress';
import { fixtureResult } from '../webview/support/fixtures';

const cfg = (raw: unknown): ScannConfig => configSchema.parse(raw);

const config = cfg({
  name: 'grid',
  dataset: { source: 'data/iris.csv' },
  seed: 3,
  sweep: { grid: { scheme: ['B', 'C'], 'train.epochs': [2, 4] }, repeats: 2 },
});

function result(seed: number, acc: number): SweepRunResult {
  const { model: _model, ...r } = fixtureResult('optdigits-a');
  return { ...r, seed, final: { ...r.final, testAccuracy: acc } };
}

/** The events a sweep of `config` sends when job 1 fails, job 2 is running and the rest finish. */
function events(sweepId: string): SweepEvent[] {
  const jobs = expandSweep(config, sweepId).map(({ config: _c, ...j }) => j);
  const out: SweepEvent[] = [{ type: 'sweep-started', sweepId, jobs }];
  const results = new Map<string, SweepRunResult>();
  jobs.forEach((j, i) => {
    out.push({
      type: 'job',
      status: { jobId: j.jobId, state: 'running', worker: `w${i % 2}`, attempts: 1, epoch: 1, plannedEpochs: 4 },
    });
    if (i === 1) {
      out.push({ type: 'job', status: { jobId: j.jobId, state: 'failed', worker: 'w1', attempts: 1, error: 'boom' } });
      return;
    }
    const r = result(j.seed, 0.9 + i / 100);
    results.set(j.jobId, r);
    out.push({ type: 'job-result', jobId: j.jobId, result: r });
    out.push({ type: 'job', status: { jobId: j.jobId, state: 'done', worker: `w${i % 2}`, attempts: 1 } });
  });
  out.push({ type: 'sweep-done', summary: summarizeSweep(jobs, results, new Map()) });
  return out;
}

test('the swept fields are the sweep block paths in order', () => {
  const jobs = expandSweep(config, 's1');
  assert.deepEqual(sweptFields(jobs), ['scheme', 'train.epochs']);
});

test('sweep events fold into the cell output: jobs by state, progress while running, then the summary', () => {
  const all = events('s1');
  const p = new SweepProgress({ sweepId: 'guess', name: 'grid', backend: 'queue', startedAt: 5 });
  p.accept(all[0]!);
  assert.equal(p.payload.sweepId, 's1', "the sweep's own id replaces the guess");
  assert.deepEqual(p.payload.fields, ['scheme', 'train.epochs']);
  assert.equal(p.payload.jobs.length, 8);
  assert.ok(p.payload.jobs.every((j) => j.state === 'queued' && j.attempts === 0));
  p.accept(all[1]!);
  assert.deepEqual(
    { state: p.payload.jobs[0]!.state, worker: p.payload.jobs[0]!.worker, epoch: p.payload.jobs[0]!.epoch },
    { state: 'running', worker: 'w0', epoch: 1 },
  );
  const before = p.version;
  for (const e of all.slice(2)) p.accept(e);
  assert.ok(p.version > before);
  const j0 = p.payload.jobs[0]!;
  assert.equal(j0.state, 'done');
  assert.equal(j0.epoch, undefined, 'a finished job drops its progress');
  assert.equal(p.payload.jobs[1]!.state, 'failed');
  assert.equal(p.payload.jobs[1]!.error, 'boom');
  assert.equal(p.results.size, 7);
  const out = p.finish('done');
  assert.equal(out.status, 'done');
  assert.equal(out.summary!.groups.length, 4);
  // What is written into the notebook passes the renderer's guard.
  assert.deepEqual(parseSweepPayload(JSON.parse(JSON.stringify(out))).jobs, out.jobs);
});

test('a second result for a job is dropped (results land exactly once)', () => {
  const all = events('s2');
  const p = new SweepProgress({ sweepId: 's2', name: 'grid', backend: 'local' });
  p.accept(all[0]!);
  const first = all.find((e) => e.type === 'job-result')!;
  p.accept(first);
  if (first.type !== 'job-result') throw new Error('unreachable');
  p.accept({ ...first, result: result(1, 0.1) });
  assert.equal(p.results.get(first.jobId)!.final.testAccuracy, first.result.final.testAccuracy);
});

test('a sweep ended early: unfinished jobs are cancelled, and the summary is made from the results received', () => {
  const all = events('s3');
  const p = new SweepProgress({ sweepId: 's3', name: 'grid', backend: 'local' });
  // Up to the end of job 2 (no sweep-done).
  for (const e of all.slice(0, 9)) p.accept(e);
  const out = p.finish('cancelled');
  assert.deepEqual(
    out.jobs.map((j) => j.state),
    ['done', 'failed', 'done', 'cancelled', 'cancelled', 'cancelled', 'cancelled', 'cancelled'],
  );
  assert.equal(out.summary!.counts.done, 2);
  assert.equal(out.summary!.counts.cancelled, 5);
  assert.equal(out.summary!.runs.filter((r) => r.testAccuracy !== undefined).length, 2);
});

test('a queue sweep config carries absolute dataset paths, swept ones included; built-in datasets stay', () => {
  const c = cfg({
    dataset: { source: 'data/a.csv', test: '/abs/t.csv' },
    sweep: { grid: { 'dataset.source': ['data/a.csv', 'builtin:iris'], scheme: ['B'] } },
  });
  const out = absoluteDataPaths(c, '/work/nb');
  assert.equal(out.dataset.source, '/work/nb/data/a.csv');
  assert.equal(out.dataset.test, '/abs/t.csv');
  assert.deepEqual(out.sweep!.grid!['dataset.source'], ['/work/nb/data/a.csv', 'builtin:iris']);
  assert.deepEqual(out.sweep!.grid!.scheme, ['B']);
  assert.equal(c.dataset.source, 'data/a.csv', 'the config itself is not changed');
});

/** A stand-in for `dist/cli.js`: prints the events it is given (and a broken line), or records a cancel. */
function fakeCli(dir: string, lines: string[], hold: boolean): string {
  const file = path.join(dir, 'cli.cjs');
  writeFileSync(
    file,
    `const fs = require('node:fs');
const args = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(path.join(dir, 'calls.txt'))}, JSON.stringify(args) + '\\n');
if (args.includes('--cancel')) process.exit(0);
const config = fs.readFileSync(args[1], 'utf8');
fs.writeFileSync(${JSON.stringify(path.join(dir, 'config.yaml'))}, config);
const lines = ${JSON.stringify(lines)};
let i = 0;
const next = () => {
  if (i < lines.length) { process.stdout.write(lines[i++] + '\\n'); setTimeout(next, 5); }
  else if (${hold}) setInterval(() => {}, 1000);
};
next();
process.on('SIGINT', () => process.exit(130));
`,
  );
  return file;
}

const log = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
} as unknown as vscode.LogOutputChannel;

test('a queue sweep reads the CLI events, skips a malformed line, and ends with the summary', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scann-sweep-cli-'));
  const all = events('sq1');
  const lines = all.map((e) => JSON.stringify(e));
  lines.splice(3, 0, '{"type":"job","status":{"jobId":7}}', 'not json');
  const cli = fakeCli(dir, lines, false);
  const got: SweepEvent[] = [];
  const handle = runQueueSweep(
    cli,
    { config, baseDir: '/work/nb', queue: 'redis://127.0.0.1:6390', storeDir: '/w/.scann' },
    (e) => got.push(e),
    log,
  );
  const summary = await handle.done;
  assert.equal(got.length, all.length, 'every good event, none of the bad');
  assert.deepEqual(summary, (all[all.length - 1] as { summary: unknown }).summary);
  const calls = readFileSync(path.join(dir, 'calls.txt'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as string[]);
  assert.deepEqual(calls[0]!.slice(2), ['--queue', 'redis://127.0.0.1:6390', '--events', '--out', '/w']);
  assert.match(readFileSync(path.join(dir, 'config.yaml'), 'utf8'), /source: \/work\/nb\/data\/iris\.csv/);
});

test('cancelling a queue sweep interrupts the submitter and runs scann sweep --cancel ID', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scann-sweep-cli-'));
  const all = events('sq2');
  const cli = fakeCli(
    dir,
    all.slice(0, 3).map((e) => JSON.stringify(e)),
    true,
  );
  const got: SweepEvent[] = [];
  const handle = runQueueSweep(
    cli,
    { config, baseDir: '/w', queue: 'redis://h:1', storeDir: '/w/.scann' },
    (e) => got.push(e),
    log,
    200,
  );
  while (got.length < 3) await new Promise((r) => setTimeout(r, 20));
  handle.cancel();
  await assert.rejects(handle.done, /cancelled before the sweep had a summary/);
  // The cancel command runs on its own; the submitter may end first.
  const read = (): string[] => readFileSync(path.join(dir, 'calls.txt'), 'utf8').trim().split('\n');
  while (read().length < 2) await new Promise((r) => setTimeout(r, 20));
  const calls = readFileSync(path.join(dir, 'calls.txt'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as string[]);
  assert.deepEqual(calls[1], ['sweep', '--cancel', 'sq2', '--queue', 'redis://h:1', '--out', '/w']);
});

test('a queue sweep whose CLI fails says why', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scann-sweep-cli-'));
  const file = path.join(dir, 'cli.cjs');
  writeFileSync(file, `process.stderr.write('scann: cannot reach the queue at redis://h:1\\n'); process.exit(2);`);
  const handle = runQueueSweep(
    file,
    { config, baseDir: '/w', queue: 'redis://h:1', storeDir: '/w/.scann' },
    () => undefined,
    log,
  );
  await assert.rejects(handle.done, /^Error: cannot reach the queue at redis:\/\/h:1$/);
});
