/**
 * Runs a config cell with a `sweep` block: on this machine through the run queue, or (`scann.queue` set) through
 * the bundled CLI on a BullMQ queue. The cell's output is the sweep output, replaced at most once a second while
 * it goes, as for runs, and the final one (the summary) once every job has ended. Cancelling the cell cancels the
 * sweep.
 */
import * as vscode from 'vscode';
import type { ScannConfig } from '../../protocol/config';
import { sweepOutput } from '../../protocol/sweepOutput';
import type { RunManager } from '../runs/runManager';
import { runLocalSweep, type SweepHandle } from '../sweeps/localSweep';
import { runQueueSweep } from '../sweeps/queueSweep';
import { SweepProgress } from '../sweeps/sweepProgress';
import { toVsOutput } from './outputs';

export interface SweepCellRequest {
  sweepId: string;
  name: string;
  config: ScannConfig;
  baseDir: string;
  notebook: { uri: string; cellIndex: number };
  /** `scann.queue`: a redis:// URL, or undefined to run here. */
  queue: string | undefined;
  /** Where the sweep's runs are stored (`<workspace>/.scann`), for a queue sweep's CLI. */
  storeDir: string;
}

export interface SweepCellDeps {
  runs: RunManager;
  cliPath: string;
  log: vscode.LogOutputChannel;
  intervalMs: number;
  /** Registers the sweep's cancel with the notebook's interrupt button, until the sweep ends. */
  track: (cancel: () => void) => vscode.Disposable;
}

export async function executeSweepCell(
  deps: SweepCellDeps,
  execution: vscode.NotebookCellExecution,
  request: SweepCellRequest,
): Promise<void> {
  const progress = new SweepProgress({
    sweepId: request.sweepId,
    name: request.name,
    backend: request.queue ? 'queue' : 'local',
  });
  const log = deps.log;
  let handle: SweepHandle;
  try {
    handle = request.queue
      ? runQueueSweep(deps.cliPath, { ...request, queue: request.queue }, (e) => progress.accept(e), log)
      : runLocalSweep(
          deps.runs,
          request,
          (e) => progress.accept(e),
          (m) => log.warn(`[${request.sweepId}] ${m}`),
        );
  } catch (err) {
    // A sweep that cannot even be expanded ends here, with the reason in the output.
    const message = err instanceof Error ? err.message : String(err);
    await execution.replaceOutput([toVsOutput(sweepOutput(progress.finish('failed', message)))]);
    execution.end(false, Date.now());
    return;
  }
  log.info(
    `[${request.sweepId}] sweep of ${progress.payload.jobs.length || 'its'} jobs started (${progress.payload.backend})`,
  );
  let cancelled = false;
  const cancel = (): void => {
    if (cancelled) return;
    cancelled = true;
    log.info(`[${progress.payload.sweepId}] cancel requested`);
    handle.cancel();
  };
  // The interrupt button calls the controller's interrupt handler (tokens are not cancelled when one is set);
  // the token is watched too for hosts that cancel a single cell through it.
  const tracked = deps.track(cancel);
  const cancelSub = execution.token.onCancellationRequested(cancel);

  // One live write at a time, newest state only (as for runs): a slow workbench never builds a backlog.
  let written = -1;
  let writing: Promise<void> | undefined;
  const flush = (): void => {
    if (writing || cancelled || progress.version === written) return;
    written = progress.version;
    writing = Promise.resolve(execution.replaceOutput([toVsOutput(sweepOutput(progress.payload))])).then(
      () => (writing = undefined),
      () => (writing = undefined),
    );
  };
  flush();
  const timer = setInterval(flush, deps.intervalMs);
  let failure: string | undefined;
  try {
    await handle.done;
  } catch (err) {
    failure = err instanceof Error ? err.message : String(err);
  }
  clearInterval(timer);
  cancelSub.dispose();
  tracked.dispose();
  await writing;
  const status = cancelled ? 'cancelled' : failure !== undefined ? 'failed' : 'done';
  const payload = progress.finish(status, failure);
  log.info(`[${payload.sweepId}] sweep ${status}${failure ? `: ${failure}` : ''}`);
  await execution.replaceOutput([toVsOutput(sweepOutput(payload))]);
  // As for runs: a cancelled sweep ends without a success or failure mark.
  execution.end(status === 'done' ? true : status === 'cancelled' ? undefined : false, Date.now());
}
