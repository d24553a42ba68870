/** How a sweep's outcome is printed and what exit code it gives: shared by a sweep run and `--attach`. */
import type { SweepSummary } from '../../protocol/sweep';
import { summaryTable } from './tables';

export interface Output {
  json: boolean;
  events: boolean;
}

export function exitCode(s: SweepSummary, cancelled: boolean): number {
  if (cancelled || s.counts.cancelled > 0) return 130;
  return s.counts.failed > 0 ? 1 : 0;
}

export function printSummary(s: SweepSummary, out: Output): void {
  if (out.json) process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
  else if (!out.events) process.stdout.write(`${summaryTable(s)}\n`);
}
