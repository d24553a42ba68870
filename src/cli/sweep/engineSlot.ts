/**
 * One place in the local pool: a reusable engine process that runs the pool's jobs one after another, so that a
 * job does not pay for forking Node and loading the engine bundle (a few hundred milliseconds, most of a small
 * job). An engine that dies mid-job fails that job only; the next job gets a fresh engine.
 */
import {
  engineOutcome,
  EngineProcess,
  isTerminalEvent,
  terminalOutcome,
  type CancelGrace,
  type EngineExit,
  type RunOutcome,
  type TerminalEvent,
} from '../../node/engineClient';
import type { EngineRequest, RunEvent } from '../../protocol/events';

export type StartRequest = Extract<EngineRequest, { type: 'start' }>;

export interface EngineSlotOptions {
  enginePath: string;
  env: Record<string, string>;
  cancelGrace: CancelGrace;
}

export class EngineSlot {
  private engine: EngineProcess | undefined;
  /** The running job's handlers: the engine's own are fixed when it is forked, so they forward to these. */
  private onEvent: (e: RunEvent) => void = () => undefined;
  private onStderr: (line: string) => void = () => undefined;

  constructor(private readonly opts: EngineSlotOptions) {}

  /** The engine process now in this slot (for tests and diagnostics); undefined before the first job. */
  get pid(): number | undefined {
    return this.engine?.pid;
  }

  /**
   * Runs one job to its end: its terminal event, or the engine's exit (a crash, or a kill after a cancel that went
   * unanswered). Cancelling `signal` cancels the job.
   */
  async run(
    start: StartRequest,
    onEvent: (e: RunEvent) => void,
    onStderr: (line: string) => void,
    signal: AbortSignal,
  ): Promise<RunOutcome> {
    let terminal: TerminalEvent | undefined;
    let ended: (e: TerminalEvent) => void = () => undefined;
    const endedRun = new Promise<TerminalEvent>((resolve) => (ended = resolve));
    this.onEvent = (e): void => {
      onEvent(e);
      if (isTerminalEvent(e)) {
        terminal = e;
        ended(e);
      }
    };
    this.onStderr = onStderr;
    let engine = this.engine;
    if (engine) engine.startNext(start);
    else engine = this.engine = this.fork(start);
    const running = engine;
    const cancel = (): void => running.cancel(this.opts.cancelGrace);
    signal.addEventListener('abort', cancel, { once: true });
    if (signal.aborted) cancel();
    const end = await Promise.race([
      endedRun.then((t) => ({ terminal: t })),
      running.exited.then((exit: EngineExit) => ({ exit })),
    ]);
    signal.removeEventListener('abort', cancel);
    if ('terminal' in end) return terminalOutcome(end.terminal);
    // Gone mid-job: the next job gets a fresh engine.
    this.engine = undefined;
    return engineOutcome(terminal, end.exit, signal.aborted);
  }

  /**
   * Ends the slot's engine: it exits when its IPC channel closes. Resolves once it has, so that a sweep that is
   * over (or cancelled) leaves no engine behind.
   */
  async close(): Promise<void> {
    const engine = this.engine;
    this.engine = undefined;
    if (!engine) return;
    engine.close();
    await engine.exited;
  }

  private fork(start: StartRequest): EngineProcess {
    return new EngineProcess(
      this.opts.enginePath,
      start,
      (e) => this.onEvent(e),
      (line) => this.onStderr(line),
      // Its own process group: a terminal's Ctrl-C reaches the CLI, which cancels the jobs and keeps their results.
      { ownProcessGroup: true, env: this.opts.env, reusable: true },
    );
  }
}
