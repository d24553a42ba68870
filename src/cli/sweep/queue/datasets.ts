/**
 * Datasets travel by content. The submitter uploads each dataset file once under its SHA-256 and the job names
 * the hash; a worker fetches a hash once, checks the bytes against it, and keeps the file in its cache folder, so
 * a worker on another machine needs nothing but the queue URL. Built-in datasets (`builtin:NAME`) travel by name:
 * every installation has them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import * as path from 'node:path';
import type { Redis } from 'ioredis';
import type { SweepJob } from '../../../protocol/sweep';
import { KEEP_SECONDS, keys } from './connection';
import { DATASET_FILE_FIELDS, PAYLOAD_VERSION, type BlobRef, type QueuedJob } from './payload';

const isBuiltin = (source: string): boolean => source.startsWith('builtin:');

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The queue payloads of `jobs`, their dataset files uploaded (each distinct file read and sent once; a file
 * already in Redis is not sent again). Relative paths resolve against `baseDir`, as for a local run.
 */
export async function uploadDatasets(redis: Redis, jobs: SweepJob[], baseDir: string): Promise<QueuedJob[]> {
  const byPath = new Map<string, Promise<BlobRef>>();
  const upload = (file: string): Promise<BlobRef> => {
    const abs = path.resolve(baseDir, file);
    let ref = byPath.get(abs);
    if (!ref) {
      ref = (async () => {
        const bytes = await readFile(abs);
        const hash = sha256(bytes);
        const key = keys.blob(hash);
        // NX: a file another sweep already uploaded is not sent again; its expiry is renewed either way.
        if ((await redis.exists(key)) === 0) await redis.set(key, bytes, 'EX', KEEP_SECONDS, 'NX');
        else await redis.expire(key, KEEP_SECONDS);
        return { sha256: hash, name: path.basename(abs) };
      })();
      byPath.set(abs, ref);
    }
    return ref;
  };
  return Promise.all(
    jobs.map(async (job) => {
      const files: QueuedJob['files'] = {};
      const dataset = { ...job.config.dataset };
      for (const field of DATASET_FILE_FIELDS) {
        const file = dataset[field];
        if (file === undefined || (field === 'source' && isBuiltin(file))) continue;
        const ref = await upload(file);
        files[field] = ref;
        dataset[field] = ref.name;
      }
      return { v: PAYLOAD_VERSION, job: { ...job, config: { ...job.config, dataset } }, files };
    }),
  );
}

/** `$XDG_CACHE_HOME/scann/datasets`, else `~/.cache/scann/datasets`. */
export function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  return path.join(base, 'scann', 'datasets');
}

export class MissingBlobError extends Error {
  override name = 'MissingBlobError';
}

/** A worker's dataset cache: one file per hash, `<dir>/<sha256>/<name>`, written whole (temp file + rename). */
export class BlobCache {
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(
    private readonly redis: Redis,
    readonly dir: string,
  ) {}

  /** The local path of a file, fetched from Redis on the first use of its hash (once, however many jobs ask). */
  path(ref: BlobRef): Promise<string> {
    const file = path.join(this.dir, ref.sha256, path.basename(ref.name));
    if (existsSync(file)) return Promise.resolve(file);
    let p = this.inFlight.get(file);
    if (!p) {
      p = this.fetch(ref, file).finally(() => this.inFlight.delete(file));
      this.inFlight.set(file, p);
    }
    return p;
  }

  private async fetch(ref: BlobRef, file: string): Promise<string> {
    const bytes = await this.redis.getBuffer(keys.blob(ref.sha256));
    if (!bytes)
      throw new MissingBlobError(
        `dataset file ${ref.name} (sha256 ${ref.sha256.slice(0, 12)}...) is not in Redis: it expired or was deleted; submit the sweep again`,
      );
    const got = sha256(bytes);
    if (got !== ref.sha256)
      throw new MissingBlobError(`dataset file ${ref.name}: the bytes in Redis hash to ${got}, not ${ref.sha256}`);
    await mkdir(path.dirname(file), { recursive: true });
    // Several workers on one machine may share the cache: each writes its own temp file and renames it whole.
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, bytes);
      await rename(tmp, file);
    } finally {
      await rm(tmp, { force: true });
    }
    return file;
  }
}
