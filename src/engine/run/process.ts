/**
 * The engine process (`dist/engine.js`): the extension forks it per run so that training never blocks the
 * extension host. Protocol: the parent sends one `start` (and possibly `cancel`); the child sends its RunEvents in
 * batches (`EngineBatch`) and exits when the run ends. A crash surfaces to the parent as a `failed` event or a
 * non-zero exit. Every message is checked on arrival: one that is not a request of this version, or a second
 * `start`, is refused with a `log` warning and the run goes on. When the parent goes away (the IPC channel
 * closes before the run ends: the editor crashed, was killed or reloaded), nobody can receive the result any
 * more, so the process stops at once instead of training on to the end.
 *
 * A reusable engine (`ENGINE_REUSE_ENV` set by the parent, the CLI's sweep pool) stays up after a run and accepts
 * the next `start` once the previous run has sent its terminal event; still never two at once. A cancel applies to
 * the running run only, and the process exits when the IPC channel closes (at once if idle).
 */
import { constants, getPriority, setPriority } from 'node:os';
import { parseEngineRequest } from '../../protocol/engineGuards';
import {
  ENGINE_REUSE_ENV,
  type EngineBatch,
  type EnginePriority,
  type EngineRequest,
  type RunEvent,
} from '../../protocol/events';
import { isRunCancelled } from '../training/cancel';
import { runSynthesis } from './run';

/**
 * Small networks train thousands of epochs a second. One IPC message per event would queue faster than the
 * parent reads, and a `cancel` answer would wait behind the backlog; so events leave in batches, at most every
 * BATCH_MS, and the last ones at once.
 */
const BATCH_MS = 50;

/** Exit code when the parent went away mid-run (nobody reads it; it tells a test or a log what happened). */
const ORPHANED_EXIT_CODE = 3;

/** The `log` message that acknowledges a cancel. */
const CANCEL_HEARD = 'cancel received: stopping and keeping the best network so far';

const reusable = process.env[ENGINE_REUSE_ENV] === '1';

/** The running run's (or, before the first start, the coming run's) cancel; a reusable engine makes one per run. */
let controller = new AbortController();
const inFlight = new Set<Promise<void>>();
let pending: RunEvent[] = [];
let timer: NodeJS.Timeout | undefined;
let started = false;
/** A run is going: a `start` now is refused. */
let running = false;
/** Set before our own disconnect at the end of a run, which also fires `disconnect`. */
let finished = false;

function post(batch: EngineBatch): Promise<void> {
  const p = new Promise<void>((resolve) => {
    // Sending on a closed channel throws ERR_IPC_DISCONNECTED; with the parent gone there is nobody to tell.
    if (!process.send || !process.connected) return resolve();
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

const NICE: Record<EnginePriority, number> = {
  normal: constants.priority.PRIORITY_NORMAL,
  belowNormal: constants.priority.PRIORITY_BELOW_NORMAL,
  low: constants.priority.PRIORITY_LOW,
};

/**
 * Lowers this process's priority before any training thread exists: on Linux a priority belongs to a thread and
 * threads inherit it from the one that starts them, so the kernel and DR worker threads started later run at it
 * too. Failing to change it (a platform that refuses) only costs responsiveness, so it is reported, not fatal.
 */
function applyPriority(p: EnginePriority): void {
  // Only ever lower it: an editor that itself runs niced keeps its engine at least as nice.
  if (p === 'normal' || getPriority() >= NICE[p]) return;
  try {
    setPriority(NICE[p]);
  } catch (err) {
    emit({ type: 'log', level: 'warn', message: `could not lower the engine's priority: ${String(err)}` });
  }
}

async function start(req: Extract<EngineRequest, { type: 'start' }>): Promise<void> {
  applyPriority(req.priority ?? 'belowNormal');
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
  if (reusable) {
    // The terminal event is queued in order ahead of anything the next run sends, so the next start may come now.
    controller = new AbortController();
    running = false;
    return;
  }
  // Disconnecting with messages still queued drops them (the final `done` among them).
  await Promise.all(inFlight);
  finished = true;
  if (process.connected) process.disconnect();
}

/**
 * The answer to a cancel goes out at once, before the run reaches its next batch boundary and assembles the best
 * network so far: the parent then knows the engine heard it and is finishing, not stuck (see engineClient.ts).
 */
function cancel(): void {
  // Between runs of a reusable engine there is nothing to stop, and the next run must not start cancelled.
  if (reusable && !running) return;
  if (controller.signal.aborted) return;
  controller.abort();
  if (!started) return;
  emit({ type: 'log', level: 'info', message: CANCEL_HEARD });
  flush();
}

function refuse(why: string): void {
  emit({ type: 'log', level: 'warn', message: `engine process: ${why}` });
}

process.on('message', (msg: unknown) => {
  const parsed = parseEngineRequest(msg);
  if (!parsed.ok) return refuse(`ignored a message that is not an engine request (${parsed.reason})`);
  const req = parsed.request;
  if (req.type === 'cancel') return cancel();
  if (running) return refuse('refused a second start: this process runs one run at a time, and one is going');
  if (started && !reusable) return refuse('refused a second start: this process runs one run, and it has had it');
  started = true;
  running = true;
  void start(req);
});

process.on('disconnect', () => {
  if (finished) return;
  // An idle reusable engine is simply no longer needed.
  if (reusable && !running) process.exit(0);
  controller.abort();
  // Exit now rather than at the cancel's next batch boundary: the result would have nowhere to go, and the
  // training threads are unref'd workers that end with the process.
  process.exit(ORPHANED_EXIT_CODE);
});
