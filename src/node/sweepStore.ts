/**
 * `.scann/sweeps/<sweepId>.json`: a sweep's plan (every job with its config) and the latest status of each job,
 * beside the run folders of its jobs in `.scann/runs/<jobId>/`. Whoever submits a sweep (the CLI, the
 * extension) writes it; `scann sweep --attach` and the run history read it. Written atomically, so a reader
 * never sees half a file; checked when read back, since it may come from another version or be cut short.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { configSchema } from '../protocol/config';
import { isObj } from '../protocol/guard';
import { isSweepId, isSweepJobStatus, type SweepJob, type SweepJobStatus } from '../protocol/sweep';
import { writeFileAtomic } from './atomicWrite';

const isJob = (x: unknown): x is SweepJob =>
  isObj(x) &&
  isSweepId(x.sweepId) &&
  typeof x.jobId === 'string' &&
  typeof x.group === 'string' &&
  isObj(x.values) &&
  [x.index, x.repeat, x.seed].every((n) => typeof n === 'number') &&
  configSchema.safeParse(x.config).success;

export const sweepRecordSchema = z.object({
  version: z.literal(1),
  sweepId: z.string().refine(isSweepId, 'not a sweep id'),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** The config file the sweep was expanded from (absolute), when it came from a file. */
  configFile: z.string().optional(),
  /** `local` (a pool of engine processes in the submitter) or `queue` (workers served through a queue). */
  backend: z.enum(['local', 'queue']),
  /** The queue's address, without credentials. */
  queue: z.string().optional(),
  /** The process that submitted the sweep and collects its results (a local pool lives and dies with it). */
  submitter: z.object({ pid: z.number().int(), host: z.string() }),
  /** `running` until the submitter ends it; a submitter killed mid-sweep leaves `running` behind (see `isAlive`). */
  state: z.enum(['running', 'done', 'cancelled']),
  jobs: z.array(z.custom<SweepJob>(isJob, 'not a sweep job of this version')),
  statuses: z.array(z.custom<SweepJobStatus>(isSweepJobStatus, 'not a job status of this version')),
});

export type SweepRecord = z.infer<typeof sweepRecordSchema>;

export class SweepStoreError extends Error {
  override name = 'SweepStoreError';
}

export class SweepStore {
  constructor(readonly root: string) {}

  file(sweepId: string): string {
    if (!isSweepId(sweepId)) throw new SweepStoreError(`not a sweep id: ${JSON.stringify(sweepId)}`);
    return path.join(this.root, `${sweepId}.json`);
  }

  async write(record: SweepRecord): Promise<void> {
    await fs.mkdir(this.root, { recursive: true });
    await writeFileAtomic(this.file(record.sweepId), `${JSON.stringify(record)}\n`);
  }

  /** The sweep's record; undefined when there is none. A file that is not a record throws, naming it and why. */
  async read(sweepId: string): Promise<SweepRecord | undefined> {
    const file = this.file(sweepId);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new SweepStoreError(`${file}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
    }
    const parsed = sweepRecordSchema.safeParse(value);
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      throw new SweepStoreError(`${file}: not a sweep record (${i ? `${i.path.join('.')}: ${i.message}` : 'invalid'})`);
    }
    if (parsed.data.sweepId !== sweepId) throw new SweepStoreError(`${file}: names sweep ${parsed.data.sweepId}`);
    return parsed.data;
  }

  /** Sweep ids in the store, newest first by file name order of their ids (ids start with a UTC timestamp). */
  async ids(): Promise<string[]> {
    const names = await fs.readdir(this.root).catch(() => [] as string[]);
    return names
      .filter((n) => n.endsWith('.json'))
      .map((n) => n.slice(0, -'.json'.length))
      .filter(isSweepId)
      .sort()
      .reverse();
  }
}

/**
 * Whether the record's submitter still runs: on this host, its process exists. A submitter on another host cannot
 * be checked from here (undefined).
 */
export function isSubmitterAlive(record: SweepRecord, host: string): boolean | undefined {
  if (record.submitter.host !== host) return undefined;
  try {
    process.kill(record.submitter.pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Keeps a sweep's record up to date while it runs, without writing a large file on every event: a job's state
 * change is written within `intervalMs` (one write in flight; later changes coalesce into the next), and
 * `close` writes the last state.
 */
export class SweepRecordWriter {
  private readonly statuses = new Map<string, SweepJobStatus>();
  private dirty = false;
  private writing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: SweepStore,
    private record: SweepRecord,
    private readonly intervalMs = 500,
  ) {
    for (const s of record.statuses) this.statuses.set(s.jobId, s);
  }

  get current(): SweepRecord {
    return { ...this.record, statuses: [...this.statuses.values()] };
  }

  /** Writes the record now (the first write, before any job starts). */
  async start(): Promise<void> {
    await this.store.write(this.current);
  }

  update(status: SweepJobStatus): void {
    const before = this.statuses.get(status.jobId);
    this.statuses.set(status.jobId, status);
    // Epoch progress is for live views; the file keeps states, which is what re-attaching needs.
    if (before?.state === status.state && before.attempts === status.attempts) return;
    this.dirty = true;
    this.timer ??= setTimeout(() => void this.flush(), this.intervalMs);
  }

  private flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty) return this.writing;
    this.dirty = false;
    this.record = { ...this.current, updatedAt: Date.now() };
    const rec = this.record;
    this.writing = this.writing.then(() => this.store.write(rec));
    return this.writing;
  }

  async close(state: SweepRecord['state']): Promise<void> {
    this.record = { ...this.record, state };
    this.dirty = true;
    await this.flush();
  }
}

/** A new sweep id: a run id (UTC time stamp first, so ids sort by age), which leaves room for `-j0000` job ids. */
export { newRunId as newSweepId } from './runMeta';
