import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ReduceCandidate } from '../../protocol/result';
import { isRunCancelled } from '../training/cancel';
import type { Yielder } from '../training/yielder';
import { evaluateCell, type GridShared } from './candidate';
import type { GridCell } from './grid';
import { TrainingStats } from './stats';
import { WORKER_MARK, type FromWorker, type ToWorker } from './worker';

export interface GridRun {
  candidates: ReduceCandidate[];
  parallel: { mode: 'threads' | 'sequential'; workers: number; reason?: string };
}

/**
 * Evaluates the grid on up to `workers` worker threads (one cell at a time each, the next cell to whichever is
 * free), or in this thread when one worker is asked for or threads cannot start (then `parallel.reason` says why).
 * `onResult` sees each candidate as it finishes.
 */
export async function runGrid(
  cells: GridCell[],
  shared: GridShared,
  workers: number,
  yielder: Yielder,
  onResult: (c: ReduceCandidate, index: number) => void,
): Promise<GridRun> {
  const n = Math.min(workers, cells.length, Math.max(1, availableParallelism()));
  if (n > 1) {
    const results: (ReduceCandidate | undefined)[] = new Array(cells.length).fill(undefined);
    try {
      await runThreads(cells, shared, n, yielder, onResult, results);
      return { candidates: results as ReduceCandidate[], parallel: { mode: 'threads', workers: n } };
    } catch (err) {
      if (isRunCancelled(err)) throw err;
      // Finish the cells the threads did not, here; the ones they did are kept (and were already reported).
      const reason = `worker threads failed (${err instanceof Error ? err.message : String(err)}); ran in one thread`;
      const missing = cells.filter((_, i) => results[i] === undefined);
      const done = results.filter((r): r is ReduceCandidate => r !== undefined);
      const rest = await runSequential(missing, shared, yielder, (c, i) => onResult(c, done.length + i));
      return { candidates: [...done, ...rest], parallel: { mode: 'sequential', workers: 1, reason } };
    }
  }
  const reason = workers <= 1 ? 'reduce.workers is 1' : 'one candidate or one core';
  const candidates = await runSequential(cells, shared, yielder, onResult);
  return { candidates, parallel: { mode: 'sequential', workers: 1, reason } };
}

async function runSequential(
  cells: GridCell[],
  shared: GridShared,
  yielder: Yielder,
  onResult: (c: ReduceCandidate, index: number) => void,
): Promise<ReduceCandidate[]> {
  const stats = new TrainingStats(shared.train.x, shared.train.rows, shared.d);
  const out: ReduceCandidate[] = [];
  for (const cell of cells) {
    yielder.checkCancelled();
    const c = await evaluateCell(cell, shared, stats, yielder);
    out.push(c);
    onResult(c, out.length);
  }
  return out;
}

/**
 * The code a worker runs: load the module set that contains `worker.ts` (the bundle, or under tsx this source
 * file after registering tsx, whose hooks workers do not inherit).
 */
function workerSource(): string {
  const self = __filename;
  if (self.endsWith('.ts')) {
    // createRequire, not require.resolve: bundlers would try to resolve these at build time.
    const tsx = createRequire(self).resolve('tsx/cjs/api');
    const workerModule = join(dirname(self), 'worker.ts');
    return `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(workerModule)});`;
  }
  return `require(${JSON.stringify(self)});`;
}

function runThreads(
  cells: GridCell[],
  shared: GridShared,
  n: number,
  yielder: Yielder,
  onResult: (c: ReduceCandidate, index: number) => void,
  results: (ReduceCandidate | undefined)[],
): Promise<void> {
  return new Promise((resolve, reject) => {
    const source = workerSource();
    const pool: Worker[] = [];
    let next = 0;
    let done = 0;
    let finished = false;
    const finish = (err?: unknown): void => {
      if (finished) return;
      finished = true;
      clearInterval(watch);
      for (const w of pool) void w.terminate();
      if (err) reject(err);
      else resolve();
    };
    const feed = (w: Worker): void => {
      if (next >= cells.length) return;
      const id = next++;
      w.postMessage({ type: 'cell', id, cell: cells[id]! } satisfies ToWorker);
    };
    // Cancellation is checked on a timer: the workers' training loops cannot see the run's signal.
    const watch = setInterval(() => {
      try {
        yielder.checkCancelled();
      } catch (err) {
        finish(err);
      }
    }, 100);
    for (let i = 0; i < n; i++) {
      const w = new Worker(source, { eval: true, workerData: { mark: WORKER_MARK, shared } });
      pool.push(w);
      w.on('message', (msg: FromWorker) => {
        // Rebuilt with its name, so that a cancellation is still recognised as one (isRunCancelled).
        if (msg.type === 'crash') return finish(Object.assign(new Error(msg.message), { name: msg.name }));
        results[msg.id] = msg.candidate;
        done++;
        onResult(msg.candidate, done);
        if (done === cells.length) finish();
        else feed(w);
      });
      w.on('error', (err) => finish(err));
      w.on('exit', (code) => {
        if (!finished && code !== 0) finish(new Error(`a worker exited with code ${code}`));
      });
      feed(w);
    }
  });
}
