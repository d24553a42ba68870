import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { SLOT } from './slots';
import type { WasmMemory, WasmModule } from './wasmApi';
import { workerSource } from './workerSource';

const MAX_WORKERS = 63;
/** Polls of the control word before sleeping: about 50-100 us, longer than the host's work between steps. */
const SPIN = 20000;
/** A job that has not finished after this long means a worker died (a trap is reported, a crash is not). */
const JOB_TIMEOUT_MS = 300_000;
const START_TIMEOUT_MS = 10_000;

interface PoolWorker {
  worker: Worker;
  port: MessagePort;
  seq: number;
}

/**
 * Kernel worker threads, shared by every kernel context in the process and started on first use. Each worker
 * holds one wasm instance per attached context (same module, that context's shared memory). The calling thread
 * posts a job by bumping the worker's sequence number and waits for the matching `done`, spinning before
 * sleeping on both sides; so a step costs two round trips of well under a microsecond while steps come back to
 * back. Workers are unref'd: they never keep the process alive.
 */
export class ThreadPool {
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(4 * SLOT.STRIDE * MAX_WORKERS));
  private readonly workers: PoolWorker[] = [];
  private nextId = 1;

  get size(): number {
    return this.workers.length;
  }

  /** Attaches a context to the first `n` workers (starting them as needed); returns its id. */
  attach(module: WasmModule, memory: WasmMemory, n: number): number {
    if (n > MAX_WORKERS) throw new Error(`at most ${MAX_WORKERS + 1} kernel threads`);
    while (this.workers.length < n) this.spawn();
    const id = this.nextId++;
    for (let w = 0; w < n; w++) {
      this.workers[w]!.port.postMessage({ id, module, memory });
      this.post(w, SLOT.OP_ATTACH, id);
    }
    for (let w = 0; w < n; w++) this.wait(w, START_TIMEOUT_MS);
    return id;
  }

  detach(id: number, n: number): void {
    for (let w = 0; w < n && w < this.workers.length; w++) this.post(w, SLOT.OP_DETACH, id);
    for (let w = 0; w < n && w < this.workers.length; w++) this.wait(w);
  }

  /** Posts a job to worker `w`; `a0..a6` go to the kernel function. */
  post(w: number, op: number, id: number, a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0): void {
    const pw = this.workers[w]!;
    const c = this.ctrl;
    const base = w * SLOT.STRIDE;
    c[base + SLOT.OP] = op;
    c[base + SLOT.ID] = id;
    const a = base + SLOT.ARGS;
    c[a] = a0;
    c[a + 1] = a1;
    c[a + 2] = a2;
    c[a + 3] = a3;
    c[a + 4] = a4;
    c[a + 5] = a5;
    c[a + 6] = a6;
    pw.seq = (pw.seq + 1) | 0;
    Atomics.store(c, base + SLOT.SEQ, pw.seq);
    if (Atomics.load(c, base + SLOT.WORKER_SLEEPS)) Atomics.notify(c, base + SLOT.SEQ);
  }

  /** Waits until worker `w` has finished its last job; throws what the job threw. */
  wait(w: number, timeoutMs = JOB_TIMEOUT_MS): void {
    const pw = this.workers[w]!;
    const c = this.ctrl;
    const base = w * SLOT.STRIDE;
    let done = Atomics.load(c, base + SLOT.DONE);
    for (let i = 0; done !== pw.seq && i < SPIN; i++) done = Atomics.load(c, base + SLOT.DONE);
    if (done !== pw.seq) {
      const deadline = Date.now() + timeoutMs;
      Atomics.store(c, base + SLOT.CALLER_SLEEPS, 1);
      while ((done = Atomics.load(c, base + SLOT.DONE)) !== pw.seq) {
        if (Date.now() > deadline) {
          Atomics.store(c, base + SLOT.CALLER_SLEEPS, 0);
          throw new Error(`kernel worker ${w} did not answer within ${timeoutMs / 1000} s`);
        }
        Atomics.wait(c, base + SLOT.DONE, done, 50);
      }
      Atomics.store(c, base + SLOT.CALLER_SLEEPS, 0);
    }
    if (c[base + SLOT.ERROR]) {
      const msg = receiveMessageOnPort(pw.port)?.message as unknown;
      throw new Error(`kernel worker ${w} failed: ${String(msg)}`);
    }
  }

  /** Stops every worker (tests; the process exits without it). */
  close(): void {
    for (let w = 0; w < this.workers.length; w++) this.post(w, SLOT.OP_EXIT, 0);
    for (const pw of this.workers) {
      pw.port.close();
      void pw.worker.terminate();
    }
    this.workers.length = 0;
  }

  private spawn(): void {
    const slot = this.workers.length;
    const { port1, port2 } = new MessageChannel();
    this.ctrl.fill(0, slot * SLOT.STRIDE, (slot + 1) * SLOT.STRIDE);
    const worker = new Worker(workerSource(), {
      eval: true,
      workerData: { ctrl: this.ctrl.buffer, slot, port: port2, spin: SPIN },
      transferList: [port2],
    });
    worker.unref();
    port1.unref();
    // A worker that fails to start reports nothing through its slot; the caller's wait times out instead.
    worker.on('error', () => undefined);
    this.workers.push({ worker, port: port1, seq: 0 });
  }
}

let pool: ThreadPool | undefined;

export function threadPool(): ThreadPool {
  pool ??= new ThreadPool();
  return pool;
}

/** Stops the pool's workers, if any were started. */
export function closeThreadPool(): void {
  pool?.close();
  pool = undefined;
}
