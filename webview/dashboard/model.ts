/**
 * What the dashboard shows, derived from the run timeline: the scrubber positions (one per step with a snapshot,
 * plus the selected network once the run is done), their graphs, and the diff between two positions. Pure (no DOM).
 */
import { inferenceEnergy } from '../../src/protocol/energy';
import type { HistoryStep, RunResult } from '../../src/protocol/result';
import { emptyTimeline, type RunTimeline, timelineSteps, type TimelineStep } from './timeline';
import { diffGraphs, type GraphDiff } from '../components/diff';
import { describeChange } from '../components/format';
import { type ArchGraph, graphFromModel, graphFromSnapshot, type GraphNames } from '../components/graph';

export interface Position {
  /** Stable key for state and caches: `step:3` or `final`. */
  key: string;
  /** The step whose structure this is (the selected step for `final`). */
  step: number;
  final: boolean;
  label: string;
}

export function stepLabel(s: TimelineStep): string {
  const change = s.operation ?? s.history;
  const what = s.op === undefined ? 'start' : change ? describeChange({ ...change, op: s.op }) : s.op;
  return `step ${s.step}: ${what}`;
}

/**
 * One position per step with a snapshot, in step order. Once the run is done, the selected step's position shows
 * the selected network as trained (key `final`) instead of its snapshot: the scrubber has as many positions as
 * steps, and the selected one is labelled as such where it happened (not after the last step).
 */
export function positions(t: RunTimeline): Position[] {
  const r = t.result;
  const selected = r?.final.selectedAt.step;
  const finalPosition = (s: TimelineStep | undefined): Position => ({
    key: 'final',
    step: r!.final.selectedAt.step,
    final: true,
    label: `${s ? stepLabel(s) : `step ${r!.final.selectedAt.step}: ${r!.final.selectedAt.op}`} · selected`,
  });
  const out: Position[] = timelineSteps(t)
    .filter((s) => s.snapshot)
    .map((s) =>
      r && s.step === selected
        ? finalPosition(s)
        : { key: `step:${s.step}`, step: s.step, final: false, label: stepLabel(s) },
    );
  if (r && !out.some((p) => p.final)) {
    const at = out.findIndex((p) => p.step > r.final.selectedAt.step);
    out.splice(at < 0 ? out.length : at, 0, finalPosition(t.steps[r.final.selectedAt.step]));
  }
  return out;
}

export function graphNames(t: RunTimeline): GraphNames {
  const d = t.dataset ?? t.result?.dataset;
  const names: GraphNames = {};
  if (d?.labelNames) names.outputNames = d.labelNames;
  if (d?.imageShape) names.imageShape = d.imageShape;
  const featureNames = t.result?.model.featureNames;
  if (featureNames) names.inputNames = featureNames;
  return names;
}

/** Graphs per position key; snapshots never change once received, so entries stay valid. */
export class GraphCache {
  private readonly graphs = new Map<string, ArchGraph>();
  private readonly diffs = new Map<string, GraphDiff>();

  constructor(private readonly timeline: () => RunTimeline) {}

  graph(p: Position): ArchGraph | undefined {
    const hit = this.graphs.get(p.key);
    if (hit) return hit;
    const t = this.timeline();
    let g: ArchGraph | undefined;
    if (p.final) {
      if (t.result) g = graphFromModel(t.result.model);
    } else {
      const snap = t.steps[p.step]?.snapshot;
      if (snap) g = graphFromSnapshot(snap, graphNames(t));
    }
    if (g) this.graphs.set(p.key, g);
    return g;
  }

  /** Diff from the earlier of the two positions to the later one. */
  diff(a: Position, b: Position): GraphDiff | undefined {
    const [from, to] = order(a, b);
    const key = `${from.key}>${to.key}`;
    const hit = this.diffs.get(key);
    if (hit) return hit;
    const ga = this.graph(from);
    const gb = this.graph(to);
    if (!ga || !gb) return undefined;
    const d = diffGraphs(ga, gb, sameNeurons(this.timeline(), from.step, to.step) && ga.hidden === gb.hidden);
    this.diffs.set(key, d);
    return d;
  }

  clear(): void {
    this.graphs.clear();
    this.diffs.clear();
  }
}

export function order(a: Position, b: Position): [Position, Position] {
  if (a.step !== b.step) return a.step < b.step ? [a, b] : [b, a];
  return a.final ? [b, a] : [a, b];
}

/**
 * True when no operation between the two steps added or removed a neuron, so position k in one snapshot is the
 * same neuron as position k in the other (the diff can then match neurons exactly).
 */
export function sameNeurons(t: RunTimeline, fromStep: number, toStep: number): boolean {
  const [lo, hi] = fromStep <= toStep ? [fromStep, toStep] : [toStep, fromStep];
  for (let s = lo + 1; s <= hi; s++) {
    const step = t.steps[s];
    const change = step?.operation ?? step?.history;
    if (!change) return false;
    if (change.neuronsAdded !== 0 || change.neuronsRemoved !== 0) return false;
  }
  return true;
}

/** Finished steps, in order. */
export function history(t: RunTimeline): HistoryStep[] {
  return timelineSteps(t).flatMap((s) => (s.history ? [s.history] : []));
}

/** Energy per inference of each finished step (empty when the energy table is unknown). */
export function historyEnergy(t: RunTimeline): number[] {
  const table = t.energyTable;
  const outputs = t.dataset?.classes;
  if (!table || outputs === undefined) return [];
  return history(t).map((h) => inferenceEnergy({ ...h, outputs }, table));
}

/**
 * A timeline for a run known only by its result (a notebook output without a run folder): no snapshots, so the
 * scrubber has just the selected network, but curves, steps and trade-offs are all there.
 */
export function timelineFromResult(r: RunResult): RunTimeline {
  const t = emptyTimeline();
  t.name = r.name;
  t.dataset = r.dataset;
  t.baseline = r.baseline;
  t.energyTable = r.energy.table;
  t.epochs = r.epochs.map((e) => ({ ...e, connections: NaN }));
  for (const h of r.history) t.steps[h.step] = { step: h.step, iteration: h.iteration, op: h.op, history: h };
  t.result = r;
  t.status = r.status;
  return t;
}
