import { UsageError } from '../configFile';
import type { SweepBackend } from './backend';

/**
 * The queue backend (BullMQ on Redis, `scann worker`) is not part of this build yet: `--queue` is understood and
 * refused with a clear message rather than silently running locally.
 */
export async function openQueueBackend(url: string): Promise<SweepBackend> {
  if (!/^rediss?:\/\//.test(url)) throw new UsageError(`--queue takes a redis:// or rediss:// URL, not '${url}'`);
  return Promise.reject(
    new UsageError(`queue backend not available in this version of scann (--queue ${withoutCredentials(url)})`),
  );
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
