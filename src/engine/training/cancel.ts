/** A run's cancellation: thrown at the next batch boundary after the run's signal fires (see yielder.ts). */
export class RunCancelled extends Error {
  override name = 'RunCancelled';
  constructor() {
    super('run cancelled');
  }
}

/**
 * Whether `err` is a run's cancellation. `instanceof` is not enough: an error thrown in a worker thread reaches the
 * parent as a plain Error (Node keeps its own properties, `name` among them, but not its class), and so does one
 * rebuilt from a worker's message (reduce/pool.ts).
 */
export function isRunCancelled(err: unknown): boolean {
  return err instanceof RunCancelled || (err instanceof Error && err.name === 'RunCancelled');
}
