import * as vscode from 'vscode';
import { comparisonText, targetHeadline } from '../../protocol/claims';
import type { EnginePriority, RunEvent } from '../../protocol/events';
import { formatRatio } from '../../protocol/numbers';
import { engineOutcome, EngineProcess } from '../../node/engineClient';
import { Run, type RunOutcome, type RunRequest } from './run';
import type { RunStore } from '../../node/runStore';

const UI_INTERVAL_MS = 500;

export interface RunManagerOptions {
  enginePath: string;
  dataDir: string;
  log: vscode.LogOutputChannel;
  /** Where runs of a given request are stored (the workspace folder's `.scann/runs`). */
  storeFor: (request: RunRequest) => RunStore;
  maxConcurrent: () => number;
  /** `scann.enginePriority`, read for each run. */
  enginePriority: () => EnginePriority;
}

/**
 * The queue of runs: at most `scann.maxConcurrentRuns` engine processes at once, log lines in the SCANN output
 * channel, and everything stored by the run store. Progress shows in the status bar (`RunStatusBar`) and the
 * cell's own output, never as a notification: one would cover the output's charts for the whole run, and its
 * cancel button would be a third stop control next to the notebook's.
 */
export class RunManager implements vscode.Disposable {
  private readonly queue: Run[] = [];
  private readonly running = new Set<Run>();
  private readonly changed = new vscode.EventEmitter<Run>();
  /** Fires when a run is queued, starts, makes progress or ends. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly opts: RunManagerOptions) {}

  enqueue(request: RunRequest): Run {
    const run = new Run(request);
    this.queue.push(run);
    this.opts.log.info(`[${run.id}] queued ${request.name}`);
    this.changed.fire(run);
    this.pump();
    return run;
  }

  /** Runs queued or going, oldest first. */
  get active(): Run[] {
    return [...this.running, ...this.queue];
  }

  cancel(run: Run): void {
    const i = this.queue.indexOf(run);
    if (i >= 0) {
      this.queue.splice(i, 1);
      this.opts.log.info(`[${run.id}] removed from the queue`);
      run.finish({ status: 'cancelled' });
      this.changed.fire(run);
      return;
    }
    run.cancel();
  }

  cancelAll(filter: (r: Run) => boolean = () => true): void {
    for (const r of this.active.filter(filter)) this.cancel(r);
  }

  private pump(): void {
    while (this.running.size < Math.max(1, this.opts.maxConcurrent()) && this.queue.length) {
      const run = this.queue.shift()!;
      this.running.add(run);
      void this.start(run).finally(() => {
        this.running.delete(run);
        this.changed.fire(run);
        this.pump();
      });
    }
  }

  private async start(run: Run): Promise<void> {
    const { request } = run;
    const log = this.opts.log;
    const store = this.opts.storeFor(request);
    run.status = 'running';
    run.live.status = 'running';
    run.live.startedAt = Date.now();
    this.changed.fire(run);
    try {
      run.record = await store.create(
        {
          runId: run.id,
          name: request.name,
          status: 'running',
          createdAt: run.live.startedAt,
          dataset: request.config.dataset.source,
          scheme: request.config.scheme,
          ...(request.notebook ? { notebook: request.notebook.uri, cellIndex: request.notebook.cellIndex } : {}),
        },
        request.configText,
      );
    } catch (err) {
      log.error(`[${run.id}] cannot create the run folder: ${String(err)}`);
    }
    const outcome = await this.execute(run);
    await this.record(run, outcome);
    run.finish(outcome);
  }

  private execute(run: Run): Promise<RunOutcome> {
    const log = this.opts.log;
    let terminal: RunEvent | undefined;
    let lastUi = 0;
    const onEvent = (e: RunEvent): void => {
      run.record?.append(e);
      run.accept(e);
      if (e.type === 'done' || e.type === 'failed' || e.type === 'cancelled') {
        terminal = e;
      }
      logEvent(log, run.id, e);
      // Tiny networks train thousands of epochs a second: status updates are RPCs to the workbench, so they go
      // out at most every UI_INTERVAL_MS or the extension host floods its channel.
      const now = Date.now();
      if ((e.type === 'epoch' || e.type === 'step') && now - lastUi >= UI_INTERVAL_MS) {
        lastUi = now;
        this.changed.fire(run);
      }
    };
    const engine = new EngineProcess(
      this.opts.enginePath,
      {
        type: 'start',
        config: run.request.config,
        baseDir: run.request.baseDir,
        dataDir: this.opts.dataDir,
        priority: this.opts.enginePriority(),
      },
      onEvent,
      (line) => log.warn(`[${run.id}] engine: ${line}`),
    );
    log.info(`[${run.id}] engine process ${engine.pid ?? '?'} started`);
    run.cancelHandler = () => {
      log.info(`[${run.id}] cancel requested`);
      engine.cancel();
    };
    if (run.cancelRequested) engine.cancel();
    return engine.exited.then((exit) => {
      const o = engineOutcome(terminal, exit, run.cancelRequested);
      if (o.status === 'cancelled' && !o.result && o.lost) log.warn(`[${run.id}] ${o.lost}`);
      return o;
    });
  }

  private async record(run: Run, o: RunOutcome): Promise<void> {
    try {
      await run.record?.saveOutcome(o);
    } catch (err) {
      this.opts.log.error(`[${run.id}] could not save the run: ${String(err)}`);
    }
  }

  dispose(): void {
    this.cancelAll();
    this.changed.dispose();
  }
}

export function progressMessage(run: Run): string {
  const l = run.live;
  const last = l.epochs[l.epochs.length - 1];
  const step = l.history[l.history.length - 1];
  const parts: string[] = [];
  if (!l.baseline) parts.push(`baseline epoch ${last?.epoch ?? 0}`);
  else if (step) parts.push(`iteration ${step.iteration}, step ${step.step + 1} (${step.op})`);
  else parts.push('initial training');
  if (last) parts.push(`val ${(100 * last.validationAccuracy).toFixed(1)}%`);
  if (step) parts.push(`${step.connections.toLocaleString('en-US')} connections`);
  return parts.join(' · ');
}

function logEvent(log: vscode.LogOutputChannel, id: string, e: RunEvent): void {
  switch (e.type) {
    case 'started':
      log.info(
        `[${id}] started ${e.name} on ${e.dataset.source} (${e.dataset.trainRows} train rows, ${e.dataset.features} features)`,
      );
      break;
    case 'baseline':
      log.info(
        `[${id}] baseline ${e.baseline.layers.join('-')}: test ${(100 * e.baseline.testAccuracy).toFixed(2)}%, ${e.baseline.connections} connections`,
      );
      break;
    case 'operation':
      log.info(
        `[${id}] step ${e.step} ${e.op}: +${e.connectionsAdded}/-${e.connectionsRemoved} connections, +${e.neuronsAdded}/-${e.neuronsRemoved} neurons -> ${e.connections} connections`,
      );
      break;
    case 'log':
      (e.level === 'warn' ? log.warn : log.info).call(log, `[${id}] ${e.message}`);
      break;
    case 'done': {
      const r = e.result;
      log.info(
        `[${id}] done: ${r.final.connections} connections (${formatRatio(r.compression)} fewer), test ${(100 * r.final.testAccuracy).toFixed(2)}%` +
          (r.comparison ? ` (${comparisonText(r.comparison)})` : ''),
      );
      const missed = targetHeadline(r.target);
      if (missed) log.warn(`[${id}] ${missed}; try: ${r.target?.suggestions.join('; ')}`);
      break;
    }
    case 'cancelled':
      log.info(`[${id}] cancelled`);
      break;
    case 'failed':
      log.error(`[${id}] failed: ${e.message}`);
      break;
    default:
      break;
  }
}
