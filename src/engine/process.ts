/**
 * The engine process (`dist/engine.js`): the extension forks it per run so that training never blocks the
 * extension host. Protocol: the parent sends one `start` (and possibly `cancel`); the child sends every RunEvent
 * and exits when the run ends. A crash surfaces to the parent as a `failed` event or a non-zero exit.
 */
import type { EngineRequest, RunEvent } from '../protocol/events';
import { RunCancelled, runSynthesis } from './run';

const controller = new AbortController();
const inFlight = new Set<Promise<void>>();

/** Sends an event; the promise settles once Node has handed it to the channel. */
function send(e: RunEvent): Promise<void> {
  const p = new Promise<void>((resolve) => {
    if (!process.send) return resolve();
    process.send(e, undefined, undefined, () => resolve());
  });
  inFlight.add(p);
  void p.then(() => inFlight.delete(p));
  return p;
}

async function start(req: Extract<EngineRequest, { type: 'start' }>): Promise<void> {
  try {
    await runSynthesis(req.config, {
      baseDir: req.baseDir,
      dataDir: req.dataDir,
      signal: controller.signal,
      emit: (e) => void send(e),
    });
  } catch (err) {
    if (err instanceof RunCancelled) await send({ type: 'cancelled' });
    else {
      const e = err instanceof Error ? err : new Error(String(err));
      await send({ type: 'failed', message: e.message, ...(e.stack ? { stack: e.stack } : {}) });
    }
  }
  // Disconnecting with messages still queued drops them (the final `done` among them).
  await Promise.all(inFlight);
  process.disconnect?.();
}

process.on('message', (msg: EngineRequest) => {
  if (msg.type === 'start') void start(msg);
  else if (msg.type === 'cancel') controller.abort();
});
