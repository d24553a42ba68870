/**
 * "Did it work?" in four answers: the test accuracy and its change against the baseline (with the paired 95%
 * interval when the result has one), the compression (counting the DR transform's multiply-accumulates when a
 * transform is in use, as docs/results.md counts it), the energy ratio (likewise), and whether the selection
 * target was met. The CLI table, the markdown summary, the renderer's and the dashboard's headers all print these
 * words, so no surface can say more or less than another. Pure.
 */
import { comparisonShort, costChange, targetHeadline } from './claims';
import { countedCost } from './countedCost';
import { formatEnergy, formatInt, formatPct, formatRatio } from './numbers';
import { inferenceEnergy } from './energy';
import type { EnergyTable, EvaluatedNetwork, HistoryStep, RunResult, RunStatus } from './result';

/** Whether a figure speaks for the run (`good`), against it (`bad`) or neither. */
export type VerdictTone = 'good' | 'bad' | 'neutral';

export interface VerdictItem {
  key: 'accuracy' | 'compression' | 'energy' | 'target';
  label: string;
  /** The figure itself, short: "96.66%", "24.5x", "met". */
  value: string;
  /** What the figure is measured against, one line. */
  detail: string;
  tone: VerdictTone;
}

export interface Verdict {
  status: RunStatus | 'running' | 'queued';
  items: VerdictItem[];
}

/** The state a run ended in, in words: a cancel keeps the best network so far and is not a failure. */
export function statusLabel(status: string): string {
  return status === 'cancelled' ? 'cancelled, best network kept' : status;
}

/** Whether the figures count a DR transform in front of the network (a reduction in use, not auto's "none"). */
function transformCounted(r: RunResult): boolean {
  return countedCost(r).transformMacs > 0;
}

/** Baseline connections / (network connections + transform MACs): the compression a deployment gets. */
export function effectiveCompression(r: RunResult): number {
  return countedCost(r).compression;
}

/** Baseline energy / (network + transform energy) per inference. */
export function effectiveEnergyRatio(r: RunResult): number {
  return countedCost(r).energyRatio;
}

function accuracyItem(r: RunResult): VerdictItem {
  const c = r.comparison;
  const base = `vs baseline ${formatPct(r.baseline.testAccuracy)}`;
  if (!c) {
    const d = 100 * (r.final.testAccuracy - r.baseline.testAccuracy);
    const delta = Math.abs(d) < 0.005 ? '0.00' : `${d > 0 ? '+' : ''}${d.toFixed(2)}`;
    return {
      key: 'accuracy',
      label: 'Test accuracy',
      value: formatPct(r.final.testAccuracy),
      detail: `${delta} pt ${base}`,
      tone: 'neutral',
    };
  }
  const [lo, hi] = c.ci95;
  return {
    key: 'accuracy',
    label: 'Test accuracy',
    value: formatPct(r.final.testAccuracy),
    detail: `${comparisonShort(c)} ${base}`,
    // Only an interval that excludes zero says the change is real.
    tone: hi < 0 ? 'bad' : lo > 0 ? 'good' : 'neutral',
  };
}

function compressionItem(r: RunResult): VerdictItem {
  const withT = transformCounted(r);
  const connections = countedCost(r).connections;
  const x = effectiveCompression(r);
  return {
    key: 'compression',
    label: 'Compression',
    value: formatRatio(x),
    detail: `${formatInt(connections)}${withT ? ' incl. DR transform MACs' : ''} vs ${formatInt(r.baseline.connections)} connections`,
    tone: x > 1 ? 'good' : x < 1 ? 'bad' : 'neutral',
  };
}

function energyItem(r: RunResult): VerdictItem {
  const withT = transformCounted(r);
  const final = countedCost(r).energyPj;
  const x = effectiveEnergyRatio(r);
  return {
    key: 'energy',
    label: 'Energy',
    value: costChange(x, 'less'),
    detail: `${formatEnergy(final)}${withT ? ' incl. DR transform' : ''} vs ${formatEnergy(r.energy.baseline)} per inference`,
    tone: x > 1 ? 'good' : x < 1 ? 'bad' : 'neutral',
  };
}

function targetItem(r: RunResult): VerdictItem | undefined {
  const t = r.target;
  if (!t) return undefined;
  if (!t.met) {
    return {
      key: 'target',
      label: 'Accuracy target',
      value: 'NOT met',
      detail: (targetHeadline(t) ?? '').replace(/^target NOT met: /, ''),
      tone: 'bad',
    };
  }
  return {
    key: 'target',
    label: 'Accuracy target',
    value: 'met',
    detail: `validation ${formatPct(t.selectedValidation)} vs baseline ${formatPct(t.baselineValidation)} (${t.rule})`,
    tone: 'good',
  };
}

export function runVerdict(r: RunResult): Verdict {
  const target = targetItem(r);
  return {
    status: r.status,
    items: [accuracyItem(r), compressionItem(r), energyItem(r), ...(target ? [target] : [])],
  };
}

/**
 * The verdict in one line: "test 96.66% (-0.3 pt [-1.4, +0.8]) · 24.5x fewer connections · 18.2x less energy ·
 * target met". Results saved before comparisons and targets existed leave those parts out.
 */
export function verdictLine(r: RunResult): string {
  const withT = transformCounted(r) ? ' (with the DR transform)' : '';
  const c = r.comparison;
  const parts = [
    `test ${formatPct(r.final.testAccuracy)}${c ? ` (${comparisonShort(c)})` : ''}`,
    `${costChange(effectiveCompression(r), 'fewer')} connections${withT}`,
    `${costChange(effectiveEnergyRatio(r), 'less')} energy${withT}`,
  ];
  if (r.target) parts.push(r.target.met ? 'target met' : 'target NOT met');
  if (r.status === 'cancelled') parts.push(statusLabel(r.status));
  return parts.join(' · ');
}

/** What a run still going can already tell: the same four answers, the final ones still open. */
export interface PendingRun {
  status: 'running' | 'queued';
  baseline?: EvaluatedNetwork;
  /** The latest finished synthesis step. */
  last?: HistoryStep;
  outputs: number;
  energyTable?: EnergyTable;
}

/**
 * The verdict of a run still going, with the same four slots as the final one (so a view that shows it does not
 * change shape when the run ends): the test accuracy and the target are open; compression and energy are those of
 * the latest step, marked "so far".
 */
export function pendingVerdict(p: PendingRun): Verdict {
  const open = '…';
  const b = p.baseline;
  const last = p.last;
  const step = last ? `step ${last.step} so far` : 'after the first step';
  const energy =
    b && last && p.energyTable
      ? inferenceEnergy(
          { ...last, outputs: p.outputs, reluNeurons: last.hiddenNeurons - (last.linearNeurons ?? 0) },
          p.energyTable,
        )
      : undefined;
  return {
    status: p.status,
    items: [
      {
        key: 'accuracy',
        label: 'Test accuracy',
        value: open,
        detail: b ? `when the run ends; baseline ${formatPct(b.testAccuracy)}` : 'when the run ends',
        tone: 'neutral',
      },
      {
        key: 'compression',
        label: 'Compression',
        value: b && last && last.connections > 0 ? formatRatio(b.connections / last.connections) : open,
        detail: b && last ? `${formatInt(last.connections)} connections at ${step}` : step,
        tone: 'neutral',
      },
      {
        key: 'energy',
        label: 'Energy',
        value: b && energy ? costChange(b.energyPj / energy, 'less') : open,
        detail: b && energy !== undefined ? `${formatEnergy(energy)} per inference at ${step}` : step,
        tone: 'neutral',
      },
      { key: 'target', label: 'Accuracy target', value: open, detail: 'checked when the run ends', tone: 'neutral' },
    ],
  };
}
