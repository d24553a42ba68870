/**
 * `run.json`: what the run history lists without reading the events. The schema is the type, and checks every
 * file read back (a run folder may come from another version, or be edited or cut short).
 */
import { z } from 'zod';
import { RUN_ID_PATTERN } from '../protocol/runId';
import { SWEEP_ID_PATTERN } from '../protocol/sweep';

const count = z.number().int().nonnegative();

export const runMetaSchema = z.object({
  runId: z.string().regex(RUN_ID_PATTERN),
  name: z.string(),
  status: z.enum(['queued', 'running', 'done', 'cancelled', 'failed']),
  createdAt: z.number(),
  endedAt: z.number().optional(),
  dataset: z.string().optional(),
  scheme: z.string().optional(),
  notebook: z.string().optional(),
  cellIndex: count.optional(),
  testAccuracy: z.number().optional(),
  baselineTestAccuracy: z.number().optional(),
  connections: count.optional(),
  baselineConnections: count.optional(),
  // Infinity (a final network without connections) is written to JSON as null.
  compression: z.number().nullable().optional(),
  energyPj: z.number().optional(),
  durationMs: z.number().optional(),
  /** Whether the selection target was met (absent for runs saved before targets existed). */
  targetMet: z.boolean().optional(),
  message: z.string().optional(),
  /** A run of a sweep (`scann sweep`, a sweep cell): the sweep's id and the job's, which is also the run id. */
  sweepId: z.string().regex(SWEEP_ID_PATTERN).optional(),
  jobId: z.string().regex(RUN_ID_PATTERN).optional(),
});

export type RunMeta = z.infer<typeof runMetaSchema>;
export type RunStatus = RunMeta['status'];

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${Math.random().toString(36).slice(2, 7)}`;
}
