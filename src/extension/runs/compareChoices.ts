/**
 * The run picker of Compare Runs as data: finished runs (done, or cancelled with a result) newest first, without
 * those already shown, each told apart from runs of the same name by its date and run id; and whole sweeps, each
 * one choice that selects its finished runs together. No VS Code API here, so the choice is unit-tested.
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

export interface SweepChoice {
  label: string;
  description: string;
  detail: string;
  sweepId: string;
  /** Its finished runs not already shown, oldest first (plan order). */
  runIds: string[];
  createdAt: number;
}

/** A sweep's runs are named `<sweep name> [<values>] seed <seed>`: the sweep's name is the part before. */
function sweepName(runName: string): string {
  const i = runName.indexOf(' [');
  return i > 0 ? runName.slice(0, i) : runName;
}

/** One choice per sweep with finished runs left to add, newest sweep first. */
export function sweepChoices(metas: readonly RunMeta[], exclude: ReadonlySet<string> = new Set()): SweepChoice[] {
  const bySweep = new Map<string, RunMeta[]>();
  for (const m of metas) if (m.sweepId) bySweep.set(m.sweepId, [...(bySweep.get(m.sweepId) ?? []), m]);
  const out: SweepChoice[] = [];
  for (const [sweepId, runs] of bySweep) {
    const finished = runs
      .filter((m) => (m.status === 'done' || m.status === 'cancelled') && !exclude.has(m.runId))
      .sort((a, b) => a.runId.localeCompare(b.runId));
    if (finished.length === 0) continue;
    const createdAt = Math.min(...runs.map((m) => m.createdAt));
    const failed = runs.filter((m) => m.status === 'failed').length;
    const datasets = [...new Set(runs.map((m) => m.dataset).filter(Boolean))];
    out.push({
      label: `Sweep: ${sweepName(finished[0]!.name)}`,
      description: [
        `${finished.length} finished run${finished.length === 1 ? '' : 's'}${failed ? `, ${failed} failed` : ''}`,
        datasets.length === 1 ? datasets[0] : datasets.length > 1 ? `${datasets.length} datasets` : undefined,
      ]
        .filter(Boolean)
        .join(' · '),
      detail: `${runDate(createdAt)} · sweep ${sweepId}`,
      sweepId,
      runIds: finished.map((m) => m.runId),
      createdAt,
    });
  }
  return out.sort((a, b) => b.createdAt - a.createdAt || a.sweepId.localeCompare(b.sweepId));
}
