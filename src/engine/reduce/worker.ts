/**
 * The grid's worker-thread side. This module is loaded in every thread; only a worker started by `pool.ts` (marked
 * by its workerData) acts. In the bundled CLI / engine process the worker loads the whole bundle, whose entry code
 * is guarded (`require.main === module` is false in an eval worker).
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { ReduceCandidate } from '../../protocol/result';
import { evaluateCell, type GridShared } from './candidate';
import type { GridCell } from './grid';
import { TrainingStats } from './stats';

export const WORKER_MARK = 'scann-reduce-grid-worker';

export type ToWorker = { type: 'cell'; id: number; cell: GridCell };
export type FromWorker =
  { type: 'result'; id: number; candidate: ReduceCandidate } | { type: 'crash'; name: string; message: string };

interface WorkerData {
  mark: typeof WORKER_MARK;
  shared: GridShared;
}

function isGridWorker(data: unknown): data is WorkerData {
  return typeof data === 'object' && data !== null && (data as { mark?: unknown }).mark === WORKER_MARK;
}

if (!isMainThread && parentPort && isGridWorker(workerData)) {
  const port = parentPort;
  const { shared } = workerData;
  const stats = new TrainingStats(shared.train.x, shared.train.rows, shared.d);
  // One cell at a time, in arrival order, so the shared statistics are computed once per worker.
  let queue = Promise.resolve();
  port.on('message', (msg: ToWorker) => {
    queue = queue.then(async () => {
      try {
        const candidate = await evaluateCell(msg.cell, shared, stats);
        port.postMessage({ type: 'result', id: msg.id, candidate } satisfies FromWorker);
      } catch (err) {
        port.postMessage({
          type: 'crash',
          name: err instanceof Error ? err.name : 'Error',
          message: err instanceof Error ? err.message : String(err),
        } satisfies FromWorker);
      }
    });
  });
}
