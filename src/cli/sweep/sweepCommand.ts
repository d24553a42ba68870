/**
 * `scann sweep CONFIG.yaml`: expands the config's `sweep` block into jobs, records the plan in
 * `.scann/sweeps/<sweepId>.json`, runs the jobs on a backend (the local pool, or a queue with `--queue`), shows a
 * live table on stderr and ends with the summary: a table, `--json` (the summary contract of docs/cli.md) or
 * `--events` (every SweepEvent as a JSON line, for programs that follow a sweep). `--attach ID` and `--cancel ID`
 * act on a recorded sweep.
 */
import { hostname } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { readInputText } from '../../node/inputFile';
import { RunStore } from '../../node/runStore';
import { newSweepId, SweepRecordWriter, SweepStore } from '../../node/sweepStore';
import { expandSweep, SweepExpandError, type SweepSummary } from '../../protocol/sweep';
import { UsageError, validConfig } from '../configFile';
import { bundledEnginePath } from '../paths';
import { attachSweep, cancelSweep, readRecord } from './attach';
import type { SweepBackend } from './backend';
import { LiveView } from './liveView';
import { LocalPool } from './localPool';
import { exitCode, printSummary, type Output } from './output';
import { openQueueBackend, withoutCredentials } from './queue';
export const SWEEP_USAGE =
  'usage: scann sweep CONFIG.yaml [--workers N] [--queue redis://HOST:PORT] [--json | --events] [--out DIR]\n' +
  '       scann sweep --attach ID [--queue redis://HOST:PORT] [--json | --events] [--out DIR]\n' +
  '       scann sweep --cancel ID [--queue redis://HOST:PORT] [--out DIR]';

/** Runs `scann sweep ...`; returns the exit code (0 all done, 1 a job failed, 2 bad input, 130 cancelled). */
export async function sweepCommand(args: string[], dataDir: string, signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      workers: { type: 'string' },
      queue: { type: 'string' },
      json: { type: 'boolean' },
      events: { type: 'boolean' },
      out: { type: 'string' },
      attach: { type: 'string' },
      cancel: { type: 'string' },
    },
  });
  const out: Output = { json: values.json ?? false, events: values.events ?? false };
  if (out.json && out.events)
    throw new UsageError('give --json or --events, not both (the events end with the summary)');
  // The store lives in `<DIR>/.scann/`, where the editor keeps a workspace's runs: run from the workspace folder.
  const root = path.resolve(values.out ?? '.', '.scann');
  const stores = {
    runs: new RunStore(path.join(root, 'runs'), (m) => process.stderr.write(`scann: skipped ${m}\n`)),
    sweeps: new SweepStore(path.join(root, 'sweeps')),
  };
  const id = values.attach ?? values.cancel;
  if (id !== undefined) {
    if (positionals.length || values.workers || (values.attach && values.cancel)) throw new UsageError(SWEEP_USAGE);
    // A queued sweep lives in Redis: with --queue, this store need not have its record (another machine's sweep).
    const record =
      values.queue !== undefined
        ? await stores.sweeps.read(id).catch(() => undefined)
        : await readRecord(stores.sweeps, id);
    if (values.queue !== undefined || record?.backend === 'queue') {
      const url = values.queue ?? record?.queue;
      if (!url || url.includes('***'))
        throw new UsageError(`sweep ${id} runs through a queue: give its URL (with the password) with --queue`);
      const q = await import('./queue/attachCommand');
      if (values.cancel) return q.cancelQueueSweep(id, url);
      return q.attachQueueSweep(stores, id, url, record, out, signal);
    }
    if (!record) throw new UsageError(SWEEP_USAGE);
    if (values.cancel) return cancelSweep(stores.sweeps, record);
    return attachSweep(stores, record, out, signal);
  }
  if (positionals.length !== 1) throw new UsageError(SWEEP_USAGE);
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1 && workers <= 256))
    throw new UsageError(`--workers takes a whole number from 1 to 256, not '${values.workers}'`);
  const file = positionals[0]!;
  const { config, warnings } = validConfig(await readInputText(file), file);
  for (const w of warnings) process.stderr.write(`${w}\n`);
  if (!config.sweep) process.stderr.write(`${file}: no \`sweep\` block: the sweep is this one run\n`);
  const sweepId = newSweepId();
  let jobs;
  try {
    jobs = expandSweep(config, sweepId);
  } catch (err) {
    if (err instanceof SweepExpandError) throw new UsageError(`${file}: ${err.message}`);
    throw err;
  }
  const backend: SweepBackend =
    values.queue !== undefined
      ? await openQueueBackend(values.queue)
      : new LocalPool({
          enginePath: bundledEnginePath(),
          ...(workers !== undefined ? { workers } : {}),
          onEngineStderr: (jobId, line) => process.stderr.write(`${jobId}: ${line}\n`),
        });
  const now = Date.now();
  const writer = new SweepRecordWriter(stores.sweeps, {
    version: 1,
    sweepId,
    createdAt: now,
    updatedAt: now,
    configFile: path.resolve(file),
    backend: values.queue !== undefined ? 'queue' : 'local',
    ...(values.queue !== undefined ? { queue: withoutCredentials(values.queue) } : {}),
    submitter: { pid: process.pid, host: hostname() },
    state: 'running',
    jobs,
    statuses: [],
  });
  await writer.start();
  process.stderr.write(
    `sweep ${sweepId}: ${jobs.length} run${jobs.length === 1 ? '' : 's'}` +
      (backend instanceof LocalPool ? ` on ${Math.min(backend.workers, jobs.length)} local engine processes` : '') +
      `; runs in ${path.join(root, 'runs')}\n`,
  );
  const view = new LiveView(sweepId);
  let summary: SweepSummary;
  try {
    summary = await backend.run(
      { sweepId, jobs, baseDir: path.dirname(path.resolve(file)), dataDir, runs: stores.runs },
      (e) => {
        if (e.type === 'job') writer.update(e.status);
        if (out.events) process.stdout.write(`${JSON.stringify(e)}\n`);
        view.accept(e);
      },
      signal,
    );
  } finally {
    view.stop();
    await writer.close(signal.aborted ? 'cancelled' : 'done');
  }
  printSummary(summary, out);
  return exitCode(summary, signal.aborted);
}
