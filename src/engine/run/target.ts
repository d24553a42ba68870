import { pctPair } from '../../protocol/claims';
import { baselineArchitecture } from '../../protocol/config';
import type { ResolvedConfig } from '../../protocol/schemeChoice';
import type { HistoryStep, ReduceResult, RunResult, RunTarget } from '../../protocol/result';
import type { SynthesisPlan } from '../synthesis/schemes';
import { resolvePlan } from '../synthesis/schemes';
import type { Candidate } from '../synthesis/selector';

/** What the run knows when it reports on its selection target. */
export interface TargetInput {
  config: ResolvedConfig;
  /** The plan the synthesis ran (start shrunk by a DR ratio, if any). */
  plan: SynthesisPlan;
  chosen: { candidate: Candidate; met: boolean };
  baselineScore: number;
  history: HistoryStep[];
  status: RunResult['status'];
  reduce?: Pick<ReduceResult, 'method' | 'dims' | 'inputs'>;
}

const int = (x: number): string => Math.round(x).toLocaleString('en-US');
/** Points with at most one decimal, "0.9", "2". */
const points = (x: number): string => String(Math.round(1000 * x) / 10);

/**
 * Whether the selection rule found a network it accepts, and if not, why and what to change. Suggestions name a
 * config key and a value computed from this config and this run, so they can be pasted and tried.
 */
export function selectionTarget(i: TargetInput): RunTarget {
  const { config, chosen } = i;
  const base = {
    met: chosen.met,
    rule: config.select.rule,
    tolerance: config.select.tolerance,
    baselineValidation: i.baselineScore,
    selectedValidation: chosen.candidate.validationAccuracy,
  };
  if (chosen.met) return { ...base, suggestions: [] };
  const c = chosen.candidate;
  const [b, s] = pctPair(i.baselineScore, c.validationAccuracy);
  const best = `best ${s} at ${int(c.connections)} connections`;
  const cancelled = i.status === 'cancelled' ? ' (the run was cancelled before the synthesis ended)' : '';
  if (config.select.rule === 'bestAfterPrune') {
    return {
      ...base,
      reason: `no network was scored right after a prune, so the best one stands in: ${best}${cancelled}`,
      suggestions: [
        'a prune in the loop: loop: [..., { op: prune, ratio: 0.2 }]',
        'select.rule: best returns the most accurate network of any step',
      ],
    };
  }
  // The scores are window means, not the single-epoch accuracies of the table: say so, or the numbers seem to differ.
  const w = config.select.window;
  const scored = w > 1 ? `${b}, as ${w}-epoch means` : b;
  const within =
    config.select.tolerance > 0
      ? `no network came within ${points(config.select.tolerance)} pt of the baseline's validation accuracy (${scored})`
      : `no network reached the baseline's validation accuracy (${scored})`;
  return { ...base, reason: `${within}; ${best}${cancelled}`, suggestions: suggestions(i) };
}

function suggestions(i: TargetInput): string[] {
  const { config, plan, chosen, history } = i;
  const c = chosen.candidate;
  const out: string[] = [];
  // The unshrunk start: `start.hidden` is what the config says, before a DR ratio shrinks it.
  const start = resolvePlan(config).start.hidden;
  const largest = Math.max(c.connections, ...history.map((h) => h.connections));
  // The best network was (about) the largest the run trained: more capacity is the first thing to try.
  const capacityBound = c.connections >= 0.9 * largest;
  const grows = [...plan.prelude, ...plan.loop, ...plan.finale].some(
    (o) => o.op === 'growNeurons' || o.op === 'growConnections',
  );
  const growsNeurons = plan.loop.some((o) => o.op === 'growNeurons');
  if (capacityBound) {
    if (growsNeurons) {
      const more = Math.max(plan.iterations + 4, 2 * plan.iterations);
      out.push(`more growth: iterations: ${more} (the best network was the largest this run grew)`);
    }
    out.push(
      Array.isArray(start)
        ? `a larger start: start.hidden: [${start.map((h) => 2 * h).join(', ')}]`
        : `a larger start: start.hidden: ${2 * start}`,
    );
  }
  if (!capacityBound || !grows) {
    out.push(
      `longer training per step: train.epochs: ${2 * config.train.epochs} (larger networks of this run did not score better)`,
    );
  }
  // A start from the trained baseline has had all the training it needs before the first operation.
  if (!plan.fromBaseline && plan.initialEpochs < config.baseline.epochs) {
    out.push(
      `longer first training: train.initialEpochs: ${config.baseline.epochs} (the baseline trained ` +
        `${config.baseline.epochs} epochs, the synthesis's start ${plan.initialEpochs})`,
    );
  }
  if (config.scheme === 'A' || config.scheme === 'B') {
    out.push(
      `scheme: C keeps the baseline's layers (${baselineArchitecture(config.baseline).hidden.join('-')}) and prunes from there`,
    );
  }
  // Measured on the suite (docs/suite-ablation.md, round eight): from the trained baseline, C was the most accurate
  // method on the tuning half, its first candidate being the baseline itself; it compresses less than the default.
  // It needs the raw features, as the baseline reads them.
  if (!plan.fromBaseline && (!i.reduce || i.reduce.method === 'none')) {
    out.push(
      'scheme: C with start: { from: baseline } prunes and regrows the trained baseline itself, so it stays close to ' +
        'it (its first candidate is the baseline)',
    );
  }
  const r = i.reduce;
  if (r && r.method !== 'none') {
    out.push(
      config.reduce?.method === 'auto'
        ? `a milder reduction: reduce.dims: ${Math.min(r.inputs, 2 * r.dims)} (the features went ${r.inputs} -> ${r.dims})`
        : `reduce.method: auto keeps the raw features when every reduction costs accuracy (now ${r.method} ${r.inputs} -> ${r.dims})`,
    );
  }
  const gap = i.baselineScore - c.validationAccuracy;
  const tolerance = Math.ceil(gap * 1000 - 1e-9) / 1000;
  // Past a few points, accepting the loss is no longer a tuning choice worth suggesting.
  if (tolerance > 0 && tolerance <= 0.05) {
    out.push(
      `select.tolerance: ${tolerance} accepts a loss of ${points(tolerance)} pt (this run's best network is ${points(gap)} pt below)`,
    );
  }
  return out;
}
