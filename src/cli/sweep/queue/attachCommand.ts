/**
 * `scann sweep --attach ID` and `--cancel ID` for a sweep on a queue. Everything needed is in Redis (the plan, every
 * job's state and result), so this works after the submitter was killed, and from another machine: the sweep's
 * record in `.scann/sweeps/` is written here if this store has none.
 */
import { hostname } from 'node:os';
import type { RunStore } from '../../../node/runStore';
import { SweepRecordWriter, type SweepRecord, type SweepStore } from '../../../node/sweepStore';
import { LiveView } from '../liveView';
import { exitCode, printSummary, type Output } from '../output';
import { QueueBackend } from './backend';
import { displayUrl } from './connection';

export async function attachQueueSweep(
  stores: { runs: RunStore; sweeps: SweepStore },
  sweepId: string,
  url: string,
  record: SweepRecord | undefined,
  out: Output,
  signal: AbortSignal,
): Promise<number> {
  const backend = new QueueBackend(url);
  const jobs = await backend.plan(sweepId);
  const now = Date.now();
  const writer = new SweepRecordWriter(stores.sweeps, {
    ...(record ?? { version: 1, sweepId, createdAt: now, backend: 'queue', statuses: [] }),
    jobs,
    queue: displayUrl(url),
    updatedAt: now,
    // This process collects the results now.
    submitter: { pid: process.pid, host: hostname() },
    state: 'running',
  });
  await writer.start();
  process.stderr.write(`sweep ${sweepId}: attached through ${displayUrl(url)} (${jobs.length} runs)\n`);
  const view = new LiveView(sweepId);
  let summary;
  try {
    summary = await backend.attach(
      sweepId,
      stores.runs,
      (e) => {
        if (e.type === 'job') writer.update(e.status);
        if (out.events) process.stdout.write(`${JSON.stringify(e)}\n`);
        view.accept(e);
      },
      signal,
    );
  } finally {
    view.stop();
  }
  const open = summary.counts.queued + summary.counts.running;
  await writer.close(open > 0 ? 'running' : summary.counts.cancelled > 0 ? 'cancelled' : 'done');
  if (open > 0)
    process.stderr.write(
      `detached from sweep ${sweepId}: it goes on (${open} runs not finished); --attach ${sweepId} again to follow it\n`,
    );
  printSummary(summary, out);
  return exitCode(summary, open > 0);
}

export async function cancelQueueSweep(sweepId: string, url: string): Promise<number> {
  const removed = await new QueueBackend(url).cancel(sweepId);
  process.stderr.write(
    `sweep ${sweepId} cancelled on ${displayUrl(url)}: ${removed} waiting run${removed === 1 ? '' : 's'} removed; ` +
      'workers stop its running ones within seconds (each keeps its best network so far)\n',
  );
  return 0;
}
