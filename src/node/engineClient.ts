import { fork, type ChildProcess } from 'node:child_process';
import { isRunEventList } from '../protocol/eventGuards';
import { ENGINE_REUSE_ENV, type EngineRequest, type RunEvent } from '../protocol/events';
import type { RunResult } from '../protocol/result';

export interface EngineExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines the engine wrote to stderr, for crash reports. */
  stderrTail: string;
  /** Why the engine was killed after a cancel (it never answered, or never finished); absent when it exited. */
  killed?: string;
}

export type RunOutcome =
  | { status: 'done' | 'cancelled'; result: RunResult }
  /** Cancelled with nothing to show: before the baseline finished, or (`lost`) the engine had to be killed. */
  | { status: 'cancelled'; result?: undefined; lost?: string }
  | { status: 'failed'; message: string };

/**
 * How an engine process's run ended: its terminal event (`done`, `cancelled`, `failed`) when it sent one, else
 * what its exit says (killed after a cancel: the network is lost; any other exit is a crash, with its stderr).
 */
export function engineOutcome(terminal: RunEvent | undefined, exit: EngineExit, cancelRequested: boolean): RunOutcome {
  if (terminal && isTerminalEvent(terminal)) return terminalOutcome(terminal);
  if (cancelRequested) {
    if (!exit.killed) return { status: 'cancelled' };
    return {
      status: 'cancelled',
      lost: `the engine was stopped because ${exit.killed}; the network it had reached was lost`,
    };
  }
  const why = exit.signal ? `signal ${exit.signal}` : `exit code ${String(exit.code)}`;
  return {
    status: 'failed',
    message: `the engine process stopped unexpectedly (${why})${exit.stderrTail ? `:\n${exit.stderrTail}` : ''}`,
  };
}

export type TerminalEvent = Extract<RunEvent, { type: 'done' | 'failed' | 'cancelled' }>;

export function isTerminalEvent(e: RunEvent): e is TerminalEvent {
  return e.type === 'done' || e.type === 'failed' || e.type === 'cancelled';
}

/** How a run ended that sent its terminal event (whatever its process did afterwards). */
export function terminalOutcome(terminal: TerminalEvent): RunOutcome {
  if (terminal.type === 'done') return { status: 'done', result: terminal.result };
  if (terminal.type === 'cancelled')
    return terminal.result ? { status: 'cancelled', result: terminal.result } : { status: 'cancelled' };
  return { status: 'failed', message: terminal.message };
}

/**
 * The kill fallback of a cancel. The engine answers a cancel at once (a `log` event, sent before it assembles the
 * best network so far), so silence means it is stuck; an engine that answered is finishing, which on a loaded
 * machine (the engine runs at a lowered priority) can take a while, and killing it then would throw away the
 * network the user asked to keep. So: kill when there is no answer within `answerMs`, or no end within `finishMs`.
 */
export interface CancelGrace {
  answerMs: number;
  finishMs: number;
}

export const DEFAULT_CANCEL_GRACE: CancelGrace = { answerMs: 5000, finishMs: 60000 };

/**
 * One engine process per run (dist/engine.js), so training never blocks the extension host (or, in the CLI's
 * sweep pool, so that runs go in parallel). Events arrive over
 * IPC in batches, each checked before use; `cancel` asks the engine to stop at its next batch, with the kill
 * fallback of `CancelGrace`.
 */
export class EngineProcess {
  private readonly child: ChildProcess;
  private stderr: string[] = [];
  private cancelledAt: number | undefined;
  private answered = false;
  private killedBecause: string | undefined;
  /** The kill fallback of the running run's cancel, cleared when the run ends (a reusable engine stays up). */
  private cancelTimers: NodeJS.Timeout[] = [];
  private readonly reusable: boolean;
  readonly exited: Promise<EngineExit>;

  constructor(
    enginePath: string,
    start: Extract<EngineRequest, { type: 'start' }>,
    onEvent: (e: RunEvent) => void,
    onStderr: (line: string) => void,
    opts: {
      /**
       * Start the engine in its own process group. A terminal's Ctrl-C signals the whole foreground group, which
       * would kill the engines of a CLI sweep outright; in their own group they get the pool's `cancel` instead and
       * keep their best network. (They still end with their parent: the IPC channel closing stops them.)
       */
      ownProcessGroup?: boolean;
      /** Variables added to the engine's environment (e.g. `SCANN_THREADS` for engines that share the cores). */
      env?: Record<string, string>;
      /**
       * Keep the engine up after its run so that `startNext` can give it another (see process.ts); `close` ends it.
       * The editor keeps one process per run; the sweep pool saves the fork and load per job.
       */
      reusable?: boolean;
    } = {},
  ) {
    this.reusable = opts.reusable ?? false;
    this.child = fork(enginePath, [], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      detached: opts.ownProcessGroup ?? false,
      execArgv: [],
      env: {
        ...process.env,
        ...opts.env,
        ...(opts.reusable ? { [ENGINE_REUSE_ENV]: '1' } : {}),
        ELECTRON_RUN_AS_NODE: '1',
      },
    });
    this.child.on('message', (batch: unknown) => {
      if (this.cancelledAt !== undefined) this.answered = true;
      if (!isRunEventList(batch)) {
        onStderr('ignored a message from the engine that is not a batch of run events of this version');
        return;
      }
      batch.forEach(onEvent);
      // A one-run engine exits after its terminal event, which ends its cancel fallback; a reusable one stays up.
      if (this.reusable && batch.some(isTerminalEvent)) this.runEnded();
    });
    const lines = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        this.stderr.push(line);
        if (this.stderr.length > 40) this.stderr.shift();
        onStderr(line);
      }
    };
    this.child.stderr?.on('data', lines);
    this.child.stdout?.on('data', lines);
    this.exited = new Promise((resolve) => {
      const exit = (code: number | null, signal: NodeJS.Signals | null): EngineExit => ({
        code,
        signal,
        stderrTail: this.stderr.join('\n'),
        ...(this.killedBecause ? { killed: this.killedBecause } : {}),
      });
      this.child.on('exit', (code, signal) => resolve(exit(code, signal)));
      this.child.on('error', (err) => {
        this.stderr.push(String(err));
        resolve(exit(null, null));
      });
    });
    this.send(start);
  }

  /**
   * Starts the next run in a reusable engine, once the previous one has sent its terminal event (the engine
   * refuses a start while a run is going).
   */
  startNext(start: Extract<EngineRequest, { type: 'start' }>): void {
    this.send(start);
  }

  /** Ends a reusable engine: it exits when its IPC channel closes. */
  close(): void {
    if (this.child.connected) this.child.disconnect();
  }

  /** The cancel (if any) was for the run that just ended; the next run starts with a clean slate. */
  private runEnded(): void {
    this.cancelTimers.forEach(clearTimeout);
    this.cancelTimers = [];
    this.cancelledAt = undefined;
    this.answered = false;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  private send(r: EngineRequest): void {
    if (this.child.connected) this.child.send(r);
  }

  cancel(grace: CancelGrace = DEFAULT_CANCEL_GRACE): void {
    if (this.cancelledAt !== undefined) return;
    this.cancelledAt = Date.now();
    this.send({ type: 'cancel' });
    const s = (ms: number): string => `${(ms / 1000).toFixed(0)} s`;
    const silent = setTimeout(() => {
      if (!this.answered) this.kill(`it did not answer the cancel within ${s(grace.answerMs)}`);
    }, grace.answerMs);
    const slow = setTimeout(
      () => this.kill(`it had not finished ${s(grace.finishMs)} after the cancel`),
      grace.finishMs,
    );
    this.cancelTimers = [silent, slow];
    void this.exited.then(() => this.runEnded());
  }

  kill(why = 'it was stopped'): void {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.killedBecause ??= why;
      this.child.kill('SIGKILL');
    }
  }
}
