import { fork, type ChildProcess } from 'node:child_process';
import type { EngineBatch, EngineRequest, RunEvent } from '../../protocol/events';

export interface EngineExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines the engine wrote to stderr, for crash reports. */
  stderrTail: string;
}

/**
 * One engine process per run (dist/engine.js), so training never blocks the extension host. Events arrive over
 * IPC; `cancel` asks the engine to stop at its next batch and kills it if it has not exited after a grace period.
 */
export class EngineProcess {
  private readonly child: ChildProcess;
  private stderr: string[] = [];
  readonly exited: Promise<EngineExit>;

  constructor(
    enginePath: string,
    start: Extract<EngineRequest, { type: 'start' }>,
    onEvent: (e: RunEvent) => void,
    onStderr: (line: string) => void,
  ) {
    this.child = fork(enginePath, [], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      execArgv: [],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    this.child.on('message', (batch: EngineBatch) => batch.forEach(onEvent));
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
      this.child.on('exit', (code, signal) => resolve({ code, signal, stderrTail: this.stderr.join('\n') }));
      this.child.on('error', (err) => {
        this.stderr.push(String(err));
        resolve({ code: null, signal: null, stderrTail: this.stderr.join('\n') });
      });
    });
    this.send(start);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  private send(r: EngineRequest): void {
    if (this.child.connected) this.child.send(r);
  }

  cancel(graceMs = 3000): void {
    this.send({ type: 'cancel' });
    const timer = setTimeout(() => this.kill(), graceMs);
    void this.exited.then(() => clearTimeout(timer));
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
