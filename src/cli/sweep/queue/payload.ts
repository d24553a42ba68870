/**
 * What travels through the queue: a job's data (the SweepJob, its dataset files as content hashes) and what a
 * worker returns. Both ends are `scann`, possibly of another version on another machine, and Redis is shared, so
 * each side checks what it reads instead of trusting it.
 */
import { z } from 'zod';
import { configSchema } from '../../../protocol/config';
import { isRunResult } from '../../../protocol/resultGuards';
import type { RunResult } from '../../../protocol/result';
import { isSweepId, type SweepJob } from '../../../protocol/sweep';
import { isObj, isStr } from '../../../protocol/guard';

/** The dataset fields that name files (the others are settings). */
export const DATASET_FILE_FIELDS = ['source', 'labels', 'test', 'testLabels'] as const;
export type DatasetFileField = (typeof DATASET_FILE_FIELDS)[number];

/** A file by content: its bytes are in Redis under `keys.blob(sha256)`; `name` keeps its extension for the loaders. */
export interface BlobRef {
  sha256: string;
  name: string;
}

export const PAYLOAD_VERSION = 1;

export interface QueuedJob {
  v: typeof PAYLOAD_VERSION;
  /** The job; its config's dataset file fields hold only the files' base names (the files travel in `files`). */
  job: SweepJob;
  files: Partial<Record<DatasetFileField, BlobRef>>;
}

const jsonValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);
const blobRef = z.strictObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/), name: z.string().min(1) });

const queuedJobSchema = z.strictObject({
  v: z.literal(PAYLOAD_VERSION),
  job: z.strictObject({
    sweepId: z.string().refine(isSweepId, 'not a sweep id'),
    jobId: z.string().min(1),
    index: z.number().int().min(0),
    group: z.string(),
    values: z.record(z.string(), jsonValue),
    repeat: z.number().int().min(0),
    seed: z.number().int(),
    config: configSchema,
  }),
  files: z.partialRecord(z.enum(DATASET_FILE_FIELDS), blobRef),
});

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

export function parseQueuedJob(x: unknown): Parsed<QueuedJob> {
  const r = queuedJobSchema.safeParse(x);
  if (r.success) return { ok: true, value: r.data as QueuedJob };
  const issue = r.error.issues[0];
  return {
    ok: false,
    reason: `${issue?.message ?? 'invalid'}${issue?.path.length ? ` at ${issue.path.join('.')}` : ''}`,
  };
}

/**
 * A worker's answer for a job it ran to the end. A failed run is not an answer but a failed BullMQ job (its
 * message is the job's failure reason), so BullMQ's states say what happened.
 */
export interface JobOutcome {
  kind: 'done' | 'cancelled';
  /** Which worker ran it: `host:pid`. */
  worker: string;
  /** Absent when a cancel came before the baseline was trained (there is no network to keep). */
  result?: RunResult;
}

export function parseJobOutcome(x: unknown): Parsed<JobOutcome> {
  if (!isObj(x)) return { ok: false, reason: 'not an object' };
  if (x.kind !== 'done' && x.kind !== 'cancelled') return { ok: false, reason: 'kind' };
  if (!isStr(x.worker)) return { ok: false, reason: 'worker' };
  if (x.result !== undefined && !isRunResult(x.result)) return { ok: false, reason: 'result' };
  if (x.kind === 'done' && x.result === undefined) return { ok: false, reason: 'a done job without a result' };
  return { ok: true, value: x as unknown as JobOutcome };
}

/** What a worker reports as a job's progress (BullMQ `updateProgress`): who runs it and how far it is. */
export interface JobProgress {
  worker: string;
  epoch?: number;
  plannedEpochs?: number;
}

export function parseJobProgress(x: unknown): JobProgress | undefined {
  if (!isObj(x) || !isStr(x.worker)) return undefined;
  const n = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const epoch = n(x.epoch);
  const plannedEpochs = n(x.plannedEpochs);
  return {
    worker: x.worker,
    ...(epoch !== undefined ? { epoch } : {}),
    ...(plannedEpochs !== undefined ? { plannedEpochs } : {}),
  };
}
