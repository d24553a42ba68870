import { RunCancelled } from './cancel';

/** Lets long synchronous work hand control back (engine-process IPC, cancel) and stop when asked. */
export interface Yielder {
  /** Called between batches; resolves after giving the event loop a turn when enough time has passed. */
  maybeYield(): Promise<void>;
  /** Throws the run's cancellation error if the run was cancelled. */
  checkCancelled(): void;
}

export const noYield: Yielder = { maybeYield: async () => undefined, checkCancelled: () => undefined };

/** Gives the event loop a turn every ~50 ms so IPC (cancel) is heard during long synchronous training. */
export function signalYielder(signal?: AbortSignal): Yielder {
  let last = Date.now();
  return {
    maybeYield: async () => {
      if (Date.now() - last < 50) return;
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      last = Date.now();
    },
    checkCancelled: () => {
      if (signal?.aborted) throw new RunCancelled();
    },
  };
}
