/**
 * The queue URL and the Redis names the submitter and the workers agree on. Everything a sweep keeps in Redis
 * is under the `scann:` prefix, so one Redis can serve other applications too.
 */
import { UsageError } from '../../configFile';

/** What ioredis and BullMQ take as connection options. */
export interface RedisOptions {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
  tls?: Record<string, never>;
  /** BullMQ requires it: a blocked command must wait through a reconnection, not fail after N retries. */
  maxRetriesPerRequest: null;
}

/** `redis://[user:password@]host[:port][/db]` or `rediss://` (TLS). */
export function parseQueueUrl(url: string): RedisOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(`--queue: '${url}' is not a URL; expected redis://HOST:PORT`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:')
    throw new UsageError(`--queue: '${url}' is not a redis:// or rediss:// URL`);
  if (!u.hostname) throw new UsageError(`--queue: '${url}' has no host`);
  const db = u.pathname.replace(/^\//, '');
  if (db && !/^\d+$/.test(db)) throw new UsageError(`--queue: '${url}': the path must be a database number`);
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    host,
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

/** The URL without its password, for messages and logs. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

/** BullMQ's key prefix and the one queue every sweep shares (a worker serves any sweep on it). */
export const BULL_PREFIX = 'scann';
export const QUEUE_NAME = 'sweeps';

export const keys = {
  /** The plan: the sweep's jobs (JSON), written once by the submitter; `--attach` reads it. */
  plan: (sweepId: string) => `scann:sweep:${sweepId}:plan`,
  /** Present once the sweep is cancelled; workers check it before and while running a job of the sweep. */
  cancel: (sweepId: string) => `scann:sweep:${sweepId}:cancel`,
  /** A dataset file's bytes under their SHA-256 (hex). */
  blob: (sha256: string) => `scann:blob:${sha256}`,
};

/** Pub/sub channel on which a cancel is announced (the sweep id), so workers stop at once rather than at a poll. */
export const CANCEL_CHANNEL = 'scann:cancel';

/** How long finished jobs (their results), the plan and the dataset files stay in Redis after the sweep: 7 days. */
export const KEEP_SECONDS = 7 * 24 * 3600;
