/**
 * The engine process (`dist/engine.js`): the extension forks it per run so that training never blocks the
 * extension host. Protocol: the parent sends one `start` (and possibly `cancel`); the child sends its RunEvents in
 * batches (`EngineBatch`) and exits when the run ends. A crash surfaces to the parent as a `failed` event or a
 * non-zero exit.
 */
import type { EngineBatch, EngineRequest, RunEvent } from '../../protocol/events';
import { isRunCancelled } from '../training/cancel';
import { runSynthesis } from './run';

/**
 * Small networks train thousands of epochs a second. One IPC message per event would queue faster than the
 * parent reads, and a `cancel` answer would wait behind the backlog; so events leave in batches, at most every
 * BATCH_MS, and the last ones at once.
 */
const BATCH_MS = 50;

const controller = new AbortController();
const inFlight = new Set<Promise<void>>();
let pending: RunEvent[] = [];
let timer: NodeJS.Timeout | undefined;

function post(batch: EngineBatch): Promise<void> {
  const p = new Promise<void>((resolve) => {
    if (!process.send) return resolve();
    process.send(batch, undefined, undefined, () => resolve());
  });
  inFlight.add(p);
  void p.then(() => inFlight.delete(p));
  return p;
}

function flush(): void {
  if (timer) clearTimeout(timer);
  timer = undefined;
  if (pending.length) void post(pending);
  pending = [];
}

function emit(e: RunEvent): void {
  pending.push(e);
  const terminal = e.type === 'done' || e.type === 'failed' || e.type === 'cancelled';
  if (terminal) flush();
  else timer ??= setTimeout(flush, BATCH_MS);
}

async function start(req: Extract<EngineRequest, { type: 'start' }>): Promise<void> {
  try {
    await runSynthesis(req.config, { baseDir: req.baseDir, dataDir: req.dataDir, signal: controller.signal, emit });
  } catch (err) {
    if (isRunCancelled(err)) emit({ type: 'cancelled' });
    else {
      const e = err instanceof Error ? err : new Error(String(err));
      emit({ type: 'failed', message: e.message, ...(e.stack ? { stack: e.stack } : {}) });
    }
  }
  flush();
  // Disconnecting with messages still queued drops them (the final `done` among them).
  await Promise.all(inFlight);
  process.disconnect?.();
}

process.on('message', (msg: EngineRequest) => {
  if (msg.type === 'start') void start(msg);
  else if (msg.type === 'cancel') controller.abort();
});
