/**
 * `scann sweep --attach ID` and `--cancel ID` for a sweep recorded in `.scann/sweeps/`. A local sweep's runs live
 * inside the process that submitted it: attaching follows its record, cancelling asks that process to stop.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { RunStore } from '../../node/runStore';
import { isSubmitterAlive, type SweepRecord, type SweepStore } from '../../node/sweepStore';
import {
  summarizeSweep,
  type SweepEvent,
  type SweepJobInfo,
  type SweepJobStatus,
  type SweepRunResult,
  type SweepSummary,
} from '../../protocol/sweep';
import { UsageError } from '../configFile';
import { LiveView } from './liveView';
import { exitCode, printSummary, type Output } from './output';

export async function readRecord(store: SweepStore, id: string): Promise<SweepRecord> {
  let record;
  try {
    record = await store.read(id);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (!record) throw new UsageError(`no sweep ${id} in ${store.root} (give --out DIR for a store elsewhere)`);
  return record;
}

/** The summary of a recorded sweep: its plan, the last statuses, and the results found in the run store. */
async function storedSummary(runs: RunStore, record: SweepRecord): Promise<SweepSummary> {
  const infos = jobInfos(record);
  const results = new Map<string, SweepRunResult>();
  for (const j of infos) {
    const r = await runs.readResult(j.jobId);
    if (r) {
      const { model: _model, ...rest } = r;
      results.set(j.jobId, rest);
    }
  }
  return summarizeSweep(infos, results, new Map(record.statuses.map((s) => [s.jobId, s])));
}

const jobInfos = (record: SweepRecord): SweepJobInfo[] => record.jobs.map(({ config: _c, ...info }) => info);

const POLL_MS = 1000;

/**
 * `--attach ID`: follows a sweep still running on this machine (its record is rewritten as jobs change state)
 * until it ends or Ctrl-C detaches, then prints the summary from the record and the run store. A sweep whose
 * submitter is gone is reported as interrupted, with what it finished.
 */
export async function attachSweep(
  stores: { runs: RunStore; sweeps: SweepStore },
  first: SweepRecord,
  out: Output,
  signal: AbortSignal,
): Promise<number> {
  let record = first;
  const host = hostname();
  if (record.state === 'running' && isSubmitterAlive(record, host))
    process.stderr.write(`attached to sweep ${record.sweepId} (Ctrl-C detaches; the sweep goes on)\n`);
  const view = new LiveView(record.sweepId);
  if (out.events) process.stdout.write(`${JSON.stringify(startedEvent(record))}\n`);
  const seen = new Map<string, string>();
  const emitChanges = (r: SweepRecord): void => {
    for (const s of r.statuses) {
      const key = `${s.state}/${s.attempts}`;
      if (seen.get(s.jobId) === key) continue;
      seen.set(s.jobId, key);
      const e: SweepEvent = { type: 'job', status: s };
      if (out.events) process.stdout.write(`${JSON.stringify(e)}\n`);
      view.accept(e);
    }
  };
  view.accept(startedEvent(record));
  emitChanges(record);
  while (record.state === 'running' && isSubmitterAlive(record, host) !== false && !signal.aborted) {
    await sleep(POLL_MS, signal);
    record = (await stores.sweeps.read(record.sweepId)) ?? record;
    emitChanges(record);
  }
  view.stop();
  const summary = await storedSummary(stores.runs, record);
  if (out.events) {
    for (const r of summary.runs) {
      if (r.status !== 'done' && r.status !== 'cancelled') continue;
      const result = await stores.runs.readResult(r.jobId);
      if (!result) continue;
      const { model: _model, ...rest } = result;
      process.stdout.write(`${JSON.stringify({ type: 'job-result', jobId: r.jobId, result: rest })}\n`);
    }
    process.stdout.write(`${JSON.stringify({ type: 'sweep-done', summary })}\n`);
  }
  printSummary(summary, out);
  if (signal.aborted) {
    process.stderr.write(`detached from sweep ${record.sweepId}; it goes on in process ${record.submitter.pid}\n`);
    return 0;
  }
  if (record.state === 'running') {
    const where = record.submitter.host === host ? '' : ` on ${record.submitter.host}`;
    const alive = isSubmitterAlive(record, host);
    process.stderr.write(
      alive === undefined
        ? `sweep ${record.sweepId} runs in process ${record.submitter.pid}${where}: this is its state so far\n`
        : `sweep ${record.sweepId} was interrupted: its submitter (process ${record.submitter.pid}) ended before ` +
            `finishing it; ${summary.counts.done} of ${summary.runs.length} runs are done\n`,
    );
    return 1;
  }
  return exitCode(summary, record.state === 'cancelled');
}

function startedEvent(record: SweepRecord): SweepEvent {
  return { type: 'sweep-started', sweepId: record.sweepId, jobs: jobInfos(record) };
}

/**
 * `--cancel ID` of a local sweep: its jobs run inside the submitting process, so cancelling is asking that
 * process to stop (as Ctrl-C in its terminal would). A submitter that is gone left nothing running: the record
 * is marked cancelled and the message says so.
 */
export async function cancelSweep(store: SweepStore, record: SweepRecord): Promise<number> {
  const done = record.statuses.filter((s) => s.state === 'done').length;
  const tally = `${done} of ${record.jobs.length} runs done`;
  if (record.state !== 'running') {
    process.stderr.write(`sweep ${record.sweepId} already ended (${record.state}, ${tally}); nothing to cancel\n`);
    return 0;
  }
  const host = hostname();
  const alive = isSubmitterAlive(record, host);
  if (alive === undefined)
    throw new UsageError(
      `sweep ${record.sweepId} runs on ${record.submitter.host} (process ${record.submitter.pid}): a local sweep ` +
        'is cancelled where it runs (Ctrl-C there, or scann sweep --cancel on that machine)',
    );
  if (!alive || !isSweepProcess(record.submitter.pid)) {
    const statuses: SweepJobStatus[] = record.statuses.map((s) =>
      s.state === 'running' || s.state === 'queued' ? { ...s, state: 'cancelled', endedAt: Date.now() } : s,
    );
    await store.write({ ...record, state: 'cancelled', statuses, updatedAt: Date.now() });
    process.stderr.write(
      `sweep ${record.sweepId} is not running: its submitter (process ${record.submitter.pid}) has ended, and a ` +
        `local sweep's runs end with it, so nothing is left to stop (${tally}). The record is now marked cancelled.\n`,
    );
    return 0;
  }
  process.kill(record.submitter.pid, 'SIGINT');
  process.stderr.write(`asked process ${record.submitter.pid} to cancel sweep ${record.sweepId}...\n`);
  // The engines answer a cancel at once and then assemble their best network, which can take a while under load.
  const deadline = Date.now() + 90_000;
  for (;;) {
    const now = (await store.read(record.sweepId)) ?? record;
    if (now.state !== 'running') {
      const d = now.statuses.filter((s) => s.state === 'done').length;
      process.stderr.write(`sweep ${record.sweepId} ${now.state} (${d} of ${now.jobs.length} runs done)\n`);
      return 0;
    }
    if (isSubmitterAlive(now, host) === false || Date.now() > deadline) {
      process.stderr.write(`sweep ${record.sweepId}: process ${record.submitter.pid} did not confirm the cancel\n`);
      return 1;
    }
    await sleep(250);
  }
}

/**
 * Whether a pid is still a `scann sweep` (a pid can be reused once its process ended). Where /proc cannot tell
 * (not Linux), the record's own word is taken.
 */
function isSweepProcess(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('sweep');
  } catch {
    return process.platform !== 'linux';
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
