/**
 * One job in a forked engine process (`EngineProcess` of src/node/engineClient.ts, the protocol of
 * src/engine/run/process.ts): the worker's event loop stays free to renew its BullMQ locks and hear cancels while
 * a job trains, and a crash of the run takes down only that process.
 */
import * as path from 'node:path';
import type { ScannConfig } from '../../../protocol/config';
import type { RunEvent } from '../../../protocol/events';
import type { RunResult } from '../../../protocol/result';
import { EngineProcess, engineOutcome } from '../../../node/engineClient';

export type EngineOutcome =
  | { type: 'done'; result: RunResult }
  | { type: 'cancelled'; result?: RunResult }
  /** The run reported a failure (bad data, a config the engine refuses): running it again would fail again. */
  | { type: 'failed'; message: string }
  /** The process died without an answer (killed, out of memory): another attempt may succeed. */
  | { type: 'crashed'; message: string };

/** The abort reason that ends the engine at once (no best network: the job goes back to the queue). */
export const SHUTDOWN = 'shutdown';

export async function runInEngine(opts: {
  config: ScannConfig;
  baseDir: string;
  dataDir: string;
  signal: AbortSignal;
  onEvent: (e: RunEvent) => void;
  /** The engine bundle; default `engine.js` next to the running `cli.js`. */
  enginePath?: string;
}): Promise<EngineOutcome> {
  let terminal: RunEvent | undefined;
  const engine = new EngineProcess(
    opts.enginePath ?? path.join(__dirname, 'engine.js'),
    { type: 'start', config: opts.config, baseDir: opts.baseDir, dataDir: opts.dataDir, priority: 'belowNormal' },
    (e) => {
      if (e.type === 'done' || e.type === 'failed' || e.type === 'cancelled') terminal = e;
      else opts.onEvent(e);
    },
    () => {},
  );
  const stop = (): void => {
    // A worker shutting down hands the job back to the queue: the best network so far would go nowhere.
    if (opts.signal.reason === SHUTDOWN) engine.kill('the worker is stopping');
    else engine.cancel();
  };
  if (opts.signal.aborted) stop();
  else opts.signal.addEventListener('abort', stop, { once: true });
  const exit = await engine.exited;
  opts.signal.removeEventListener('abort', stop);
  const out = engineOutcome(terminal, exit, opts.signal.aborted);
  if (out.status === 'failed') return { type: terminal ? 'failed' : 'crashed', message: out.message };
  if (out.status === 'cancelled') return { type: 'cancelled', ...(out.result ? { result: out.result } : {}) };
  return { type: 'done', result: out.result };
}
