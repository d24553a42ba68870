import { UsageError } from '../configFile';
import type { SweepBackend } from './backend';

/**
 * The queue backend (BullMQ on Redis, served by `scann worker`): loaded only when a sweep uses a queue, so no other
 * command loads BullMQ (the boundary test holds src/cli/sweep/queue/ to `await import()`).
 */
export async function openQueueBackend(url: string): Promise<SweepBackend> {
  if (!/^rediss?:\/\//.test(url)) throw new UsageError(`--queue takes a redis:// or rediss:// URL, not '${url}'`);
  const { QueueBackend } = await import('./queue/backend');
  return QueueBackend.open(url);
}

/** A queue URL as it may be written to files and screens: any password replaced. */
export function withoutCredentials(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}
