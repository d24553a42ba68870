/**
 * Interim copy of the sweep types of the shared contract, until the sweep protocol module lands; then the imports
 * move to `./sweep` and this file goes.
 */
import type { JsonValue } from './notebook';
import type { PairedComparison, RunTarget } from './result';

export type SweepJobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface SweepStats {
  mean: number;
  sd: number | null;
  min: number;
  max: number;
}

export interface SweepRunSummary {
  jobId: string;
  group: string;
  status: SweepJobState;
  values: Record<string, JsonValue>;
  repeat: number;
  seed: number;
  testAccuracy?: number;
  baselineTestAccuracy?: number;
  connections?: number;
  compression?: number | null;
  compressionWithTransform?: number | null;
  energy?: number;
  target?: RunTarget;
  comparison?: PairedComparison;
}

export interface SweepGroupSummary {
  group: string;
  values: Record<string, JsonValue>;
  n: number;
  done: number;
  failed: number;
  testAccuracy: SweepStats;
  connections: SweepStats;
  energy: SweepStats;
  compression: number | null;
}

export interface SweepSummary {
  sweepId: string;
  runs: SweepRunSummary[];
  groups: SweepGroupSummary[];
  pareto: string[];
}
