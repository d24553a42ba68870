/**
 * One job in a forked engine process (`dist/engine.js`, the protocol of src/engine/run/process.ts): the worker's
 * event loop stays free to renew its BullMQ locks and hear cancels while a job trains, and a crash of the run
 * takes down only that process.
 */
import { fork } from 'node:child_process';
import * as path from 'node:path';
import type { ScannConfig } from '../../../protocol/config';
import { isRunEventList } from '../../../protocol/eventGuards';
import type { EngineRequest, RunEvent } from '../../../protocol/events';
import type { RunResult } from '../../../protocol/result';

export type EngineOutcome =
  | { type: 'done'; result: RunResult }
  | { type: 'cancelled'; result?: RunResult }
  /** The run reported a failure (bad data, a config the engine refuses): running it again would fail again. */
  | { type: 'failed'; message: string }
  /** The process died without an answer (killed, out of memory): another attempt may succeed. */
  | { type: 'crashed'; message: string };

/** The abort reason that ends the engine at once (no best network: the job goes back to the queue). */
export const SHUTDOWN = 'shutdown';

/** After a cancel, how long the engine gets to return its best network before it is killed. */
const CANCEL_GRACE_MS = 5000;

export function runInEngine(opts: {
  config: ScannConfig;
  baseDir: string;
  dataDir: string;
  signal: AbortSignal;
  onEvent: (e: RunEvent) => void;
  /** The engine bundle; default `engine.js` next to the running `cli.js`. */
  enginePath?: string;
}): Promise<EngineOutcome> {
  const enginePath = opts.enginePath ?? path.join(__dirname, 'engine.js');
  return new Promise((resolve) => {
    const child = fork(enginePath, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: [] });
    let outcome: EngineOutcome | undefined;
    let stderr = '';
    let killTimer: NodeJS.Timeout | undefined;
    child.stderr!.on('data', (b: Buffer) => {
      stderr = (stderr + b.toString()).slice(-2000);
    });
    child.on('message', (batch: unknown) => {
      if (!isRunEventList(batch)) return;
      for (const e of batch) {
        if (e.type === 'done') outcome = { type: 'done', result: e.result };
        else if (e.type === 'failed') outcome = { type: 'failed', message: e.message };
        else if (e.type === 'cancelled') outcome = { type: 'cancelled', ...(e.result ? { result: e.result } : {}) };
        else opts.onEvent(e);
      }
    });
    const cancel = (): void => {
      // A worker shutting down hands the job back to the queue: the best network so far would go nowhere.
      if (opts.signal.reason === SHUTDOWN) return void child.kill('SIGKILL');
      if (child.connected) child.send({ type: 'cancel' } satisfies EngineRequest);
      killTimer = setTimeout(() => child.kill('SIGKILL'), CANCEL_GRACE_MS);
    };
    opts.signal.addEventListener('abort', cancel, { once: true });
    child.once('exit', (code, sig) => {
      clearTimeout(killTimer);
      opts.signal.removeEventListener('abort', cancel);
      if (outcome) return resolve(outcome);
      if (opts.signal.aborted) return resolve({ type: 'cancelled' });
      const why = sig ? `signal ${sig}` : `exit code ${code}`;
      const last = stderr.trim().split('\n').pop();
      resolve({
        type: 'crashed',
        message: `the engine process ended without a result (${why})${last ? `: ${last}` : ''}`,
      });
    });
    child.once('error', (err) => {
      if (!outcome) outcome = { type: 'crashed', message: `could not start the engine process: ${err.message}` };
    });
    const start: EngineRequest = {
      type: 'start',
      config: opts.config,
      baseDir: opts.baseDir,
      dataDir: opts.dataDir,
      priority: 'belowNormal',
    };
    child.send(start);
    if (opts.signal.aborted) cancel();
  });
}
