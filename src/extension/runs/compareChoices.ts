/**
 * The run picker of Compare Runs as data: finished runs (done, or cancelled with a result) newest first, without
 * those already shown, each told apart from runs of the same name by its date and run id. No VS Code API here, so
 * the choice is unit-tested.
 */
import { runDate } from '../../protocol/runDate';
import type { RunMeta } from '../../node/runMeta';

export interface CompareChoice {
  label: string;
  description: string;
  detail: string;
  runId: string;
  createdAt: number;
}

export function compareChoices(metas: readonly RunMeta[], exclude: ReadonlySet<string> = new Set()): CompareChoice[] {
  return metas
    .filter((m) => (m.status === 'done' || m.status === 'cancelled') && !exclude.has(m.runId))
    .sort((a, b) => b.createdAt - a.createdAt || a.runId.localeCompare(b.runId))
    .map((m) => ({
      label: m.status === 'cancelled' ? `${m.name} (cancelled)` : m.name,
      description: [
        m.dataset,
        m.scheme ? `scheme ${m.scheme}` : undefined,
        m.testAccuracy !== undefined ? `test ${(100 * m.testAccuracy).toFixed(2)}%` : undefined,
      ]
        .filter(Boolean)
        .join(' · '),
      detail: `${runDate(m.createdAt)} · run ${m.runId}`,
      runId: m.runId,
      createdAt: m.createdAt,
    }));
}
