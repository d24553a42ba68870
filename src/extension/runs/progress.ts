/** Epoch progress of a live run; the planned total is unknown until the engine's `started` event. */

export function epochProgress(done: number, planned: number | undefined): string {
  return planned === undefined ? `${done} epochs` : `${done}/${planned} epochs`;
}

/** 0..100, and 0 while the planned total is unknown (progress bars only move forward). */
export function progressPercent(done: number, planned: number | undefined): number {
  return planned === undefined ? 0 : Math.min(100, (100 * done) / Math.max(1, planned));
}
