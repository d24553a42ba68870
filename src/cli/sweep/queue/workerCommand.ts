/** `scann worker --queue URL [--concurrency N] [--cache DIR] [--stall-timeout S]`. */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { UsageError } from '../../configFile';
import { bundledDataDir } from '../../paths';
import { defaultCacheDir } from './datasets';
import { serveQueue } from './worker';

const USAGE = 'usage: scann worker --queue redis://HOST:PORT [--concurrency N] [--cache DIR] [--stall-timeout SECONDS]';

/** A dead worker's job goes to another worker after at most about twice this (lock expiry + the next check). */
const DEFAULT_STALL_SECONDS = 15;

function positiveInt(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new UsageError(`${flag} must be a whole number >= 1, not '${text}'`);
  return Number(text);
}

export async function workerCommand(args: string[], signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      queue: { type: 'string' },
      concurrency: { type: 'string' },
      cache: { type: 'string' },
      'stall-timeout': { type: 'string' },
    },
  });
  if (positionals.length || !values.queue) throw new UsageError(USAGE);
  const stop = new AbortController();
  // SIGTERM (a container stop, systemd) and Ctrl-C both hand the active jobs back to the queue and exit.
  const onTerm = (): void => stop.abort();
  process.on('SIGTERM', onTerm);
  signal.addEventListener('abort', onTerm, { once: true });
  try {
    await serveQueue(
      {
        url: values.queue,
        concurrency: positiveInt('--concurrency', values.concurrency, Math.max(1, availableParallelism())),
        cacheDir: values.cache ?? defaultCacheDir(),
        dataDir: bundledDataDir(),
        stallSeconds: positiveInt('--stall-timeout', values['stall-timeout'], DEFAULT_STALL_SECONDS),
        log: (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`),
      },
      stop.signal,
    );
  } finally {
    process.off('SIGTERM', onTerm);
  }
  // A queue client still reconnecting (Redis away) would keep the process alive: the worker is done.
  setTimeout(() => process.exit(0), 2000).unref();
  return 0;
}
