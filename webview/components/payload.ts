/**
 * Checks an `application/vnd.scann.run+json` payload (a finished RunResult or a live output) and turns it into what
 * the renderer draws. Saved notebooks outlive versions and can be hand-edited, so every field the views read is
 * checked, and a failure names the path (`history[3].connections: expected a number`). Pure (no DOM).
 */
import { frontSnapshotProblem } from '../../src/protocol/eventGuards';
import type { ArchitectureSnapshot } from '../../src/protocol/events';
import { CHANNEL_STATES } from '../../src/protocol/frontSnapshot';
import type { ModelJson } from '../../src/protocol/model';
import type {
  DatasetSummary,
  EnergyTable,
  EpochPoint,
  EvaluatedNetwork,
  HistoryStep,
  RunResult,
} from '../../src/protocol/result';
import { type ArchGraph, graphFromModel, graphFromSnapshot } from './graph';

export class PayloadError extends Error {
  override readonly name = 'PayloadError';
}

export interface RunView {
  runId?: string;
  status: 'queued' | 'running' | 'done' | 'cancelled';
  /** Live runs: epochs done of those planned (baseline included). */
  progress?: { done: number; planned: number };
  name: string;
  scheme: string;
  dataset?: DatasetSummary;
  baseline?: EvaluatedNetwork & { layers: number[] };
  /** Only for finished runs. */
  result?: RunResult;
  energyTable?: EnergyTable;
  history: HistoryStep[];
  epochs: EpochPoint[];
  graph?: ArchGraph;
  /** Changes exactly when the drawn architecture changes (so live updates skip re-layout otherwise). */
  graphKey: string;
  /** What the drawing shows: "selected network (step 7)" or "latest network (live)". */
  graphLabel: string;
}

type Obj = Record<string, unknown>;

const fail = (path: string, what: string): never => {
  throw new PayloadError(`${path || 'payload'}: ${what}`);
};

function obj(x: unknown, path: string): Obj {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) fail(path, 'expected an object');
  return x as Obj;
}

function num(x: unknown, path: string): number {
  if (typeof x !== 'number' || Number.isNaN(x)) fail(path, 'expected a number');
  return x as number;
}

function int(x: unknown, path: string, min = 0): number {
  const v = num(x, path);
  if (!Number.isInteger(v) || v < min) fail(path, `expected an integer >= ${min}`);
  return v;
}

function str(x: unknown, path: string): string {
  if (typeof x !== 'string') fail(path, 'expected a string');
  return x as string;
}

function arr(x: unknown, path: string): unknown[] {
  if (!Array.isArray(x)) fail(path, 'expected an array');
  return x as unknown[];
}

function nums(o: Obj, path: string, keys: readonly string[]): void {
  for (const k of keys) num(o[k], `${path}.${k}`);
}

const NETWORK_KEYS = ['connections', 'hiddenNeurons', 'depth', 'energyPj'] as const;
const EVALUATED_KEYS = [...NETWORK_KEYS, 'trainAccuracy', 'validationAccuracy', 'testAccuracy'] as const;

function baselineOf(x: unknown, path: string): EvaluatedNetwork & { layers: number[] } {
  const b = obj(x, path);
  nums(b, path, EVALUATED_KEYS);
  arr(b.layers, `${path}.layers`).forEach((v, i) => int(v, `${path}.layers[${i}]`, 1));
  return b as unknown as EvaluatedNetwork & { layers: number[] };
}

function datasetOf(x: unknown, path: string): DatasetSummary {
  const d = obj(x, path);
  str(d.name, `${path}.name`);
  str(d.source, `${path}.source`);
  for (const k of ['features', 'classes', 'trainRows', 'validationRows', 'testRows']) int(d[k], `${path}.${k}`);
  if (d.imageShape !== undefined) {
    const s = arr(d.imageShape, `${path}.imageShape`);
    if (s.length !== 2) fail(`${path}.imageShape`, 'expected [rows, columns]');
    s.forEach((v, i) => int(v, `${path}.imageShape[${i}]`, 1));
  }
  return d as unknown as DatasetSummary;
}

function historyOf(x: unknown, path: string): HistoryStep[] {
  return arr(x, path).map((h, i) => {
    const p = `${path}[${i}]`;
    const o = obj(h, p);
    str(o.op, `${p}.op`);
    for (const k of ['step', 'iteration', 'connections', 'hiddenNeurons', 'depth']) int(o[k], `${p}.${k}`);
    for (const k of ['connectionsAdded', 'connectionsRemoved', 'neuronsAdded', 'neuronsRemoved'])
      int(o[k], `${p}.${k}`);
    num(o.validationAccuracy, `${p}.validationAccuracy`);
    return o as unknown as HistoryStep;
  });
}

function epochsOf(x: unknown, path: string): EpochPoint[] {
  return arr(x, path).map((e, i) => {
    const p = `${path}[${i}]`;
    const o = obj(e, p);
    if (o.phase !== 'baseline' && o.phase !== 'synthesis') fail(`${p}.phase`, 'expected "baseline" or "synthesis"');
    int(o.step, `${p}.step`);
    int(o.epoch, `${p}.epoch`);
    // Loss can be NaN-free but Infinity when a run diverges; that is data, not corruption.
    for (const k of ['trainLoss', 'trainAccuracy', 'validationLoss', 'validationAccuracy']) num(o[k], `${p}.${k}`);
    return o as unknown as EpochPoint;
  });
}

function energyTableOf(x: unknown, path: string): EnergyTable {
  const t = obj(x, path);
  str(t.name, `${path}.name`);
  nums(t, path, ['mac', 'memory', 'compare']);
  return t as unknown as EnergyTable;
}

function modelOf(x: unknown, path: string): ModelJson {
  const m = obj(x, path);
  int(m.inputs, `${path}.inputs`, 1);
  const neurons = (key: 'hidden' | 'output'): void => {
    arr(m[key], `${path}.${key}`).forEach((n, i) => {
      const p = `${path}.${key}[${i}]`;
      const o = obj(n, p);
      num(o.bias, `${p}.bias`);
      arr(o.sources, `${p}.sources`).forEach((s, k) => int(s, `${p}.sources[${k}]`));
      str(o.weights, `${p}.weights`);
    });
  };
  neurons('hidden');
  neurons('output');
  arr(m.featureNames, `${path}.featureNames`);
  arr(m.labelNames, `${path}.labelNames`);
  return m as unknown as ModelJson;
}

function snapshotOf(x: unknown, path: string): ArchitectureSnapshot {
  const s = obj(x, path);
  for (const k of ['inputs', 'outputs', 'hidden']) int(s[k], `${path}.${k}`);
  const edges = arr(s.edges, `${path}.edges`);
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i];
    if (!Array.isArray(e) || e.length !== 2 || !Number.isInteger(e[0]) || !Number.isInteger(e[1])) {
      fail(`${path}.edges[${i}]`, 'expected [source, target]');
    }
  }
  arr(s.weights, `${path}.weights`);
  arr(s.biases, `${path}.biases`);
  arr(s.levels, `${path}.levels`);
  if (s.front !== undefined) {
    const problem = frontSnapshotProblem(s.front);
    if (problem) fail(`${path}.front`, problem);
  }
  return s as unknown as ArchitectureSnapshot;
}

function targetOf(x: unknown, path: string): void {
  const t = obj(x, path);
  if (typeof t.met !== 'boolean') fail(`${path}.met`, 'expected true or false');
  str(t.rule, `${path}.rule`);
  nums(t, path, ['tolerance', 'baselineValidation', 'selectedValidation']);
  if (t.reason !== undefined) str(t.reason, `${path}.reason`);
  arr(t.suggestions, `${path}.suggestions`).forEach((s, i) => str(s, `${path}.suggestions[${i}]`));
}

function comparisonOf(x: unknown, path: string): void {
  const c = obj(x, path);
  nums(c, path, ['testAccuracyDelta', 'pValue']);
  for (const k of ['testRows', 'onlyBaselineRight', 'onlySynthesizedRight']) int(c[k], `${path}.${k}`);
  const ci = arr(c.ci95, `${path}.ci95`);
  if (ci.length !== 2) fail(`${path}.ci95`, 'expected [low, high]');
  ci.forEach((v, i) => num(v, `${path}.ci95[${i}]`));
}

/**
 * FNV-1a over the edge list (and a front end's kernel counts and channel states): tells a new snapshot from a
 * resent one without comparing arrays.
 */
function edgeHash(s: ArchitectureSnapshot): string {
  let h = 0x811c9dc5;
  for (const [a, b] of s.edges) {
    h = Math.imul(h ^ a, 0x01000193);
    h = Math.imul(h ^ b, 0x01000193);
  }
  for (const st of s.front?.stages ?? []) {
    if (st.kind !== 'conv') continue;
    for (const n of st.kernelWeights) h = Math.imul(h ^ n, 0x01000193);
    for (const c of st.channelStates) h = Math.imul(h ^ CHANNEL_STATES.indexOf(c), 0x01000193);
  }
  return `${s.edges.length}:${(h >>> 0).toString(16)}`;
}

function graphOr(path: string, build: () => ArchGraph): ArchGraph {
  try {
    return build();
  } catch (err) {
    return fail(path, err instanceof Error ? err.message : String(err));
  }
}

export function parseRunPayload(x: unknown): RunView {
  const p = obj(x, '');
  if (p.version !== 1) fail('version', `unsupported version ${JSON.stringify(p.version)} (this renderer reads 1)`);
  const status = p.status;
  if (status !== 'queued' && status !== 'running' && status !== 'done' && status !== 'cancelled') {
    fail('status', `expected "queued", "running", "done" or "cancelled", got ${JSON.stringify(status)}`);
  }
  const name = str(p.name, 'name');
  const scheme = p.scheme === undefined ? '' : str(p.scheme, 'scheme');
  const history = historyOf(p.history, 'history');
  const epochs = epochsOf(p.epochs, 'epochs');
  const view: RunView = {
    status: status as RunView['status'],
    name,
    scheme,
    history,
    epochs,
    graphKey: 'none',
    graphLabel: '',
  };
  if (p.runId !== undefined) view.runId = str(p.runId, 'runId');
  if (p.dataset !== undefined) view.dataset = datasetOf(p.dataset, 'dataset');
  if (p.baseline !== undefined) view.baseline = baselineOf(p.baseline, 'baseline');
  const names = {
    ...(view.dataset?.labelNames ? { outputNames: view.dataset.labelNames } : {}),
    ...(view.dataset?.imageShape ? { imageShape: view.dataset.imageShape } : {}),
  };

  if (status === 'running' || status === 'queued') {
    // LiveRunPayload (runOutput.ts). `energyTable` is optional there: without it there is no per-step energy yet.
    if (p.plannedEpochs !== undefined) {
      view.progress = { done: int(p.epochsDone, 'epochsDone'), planned: int(p.plannedEpochs, 'plannedEpochs') };
    }
    if (p.energyTable !== undefined) view.energyTable = energyTableOf(p.energyTable, 'energyTable');
    if (p.architecture !== undefined) {
      const snap = snapshotOf(p.architecture, 'architecture');
      view.graph = graphOr('architecture', () => graphFromSnapshot(snap, names));
      view.graphKey = `live:${snap.hidden}:${edgeHash(snap)}`;
      view.graphLabel = 'latest network (live)';
    }
    return view;
  }

  // Finished or cancelled: a complete RunResult.
  if (!view.dataset) fail('dataset', 'missing');
  if (!view.baseline) fail('baseline', 'missing');
  const f = obj(p.final, 'final');
  nums(f, 'final', [...EVALUATED_KEYS, 'validationScore', 'baselineValidationScore']);
  str(f.rule, 'final.rule');
  const sel = obj(f.selectedAt, 'final.selectedAt');
  int(sel.step, 'final.selectedAt.step');
  int(sel.iteration, 'final.selectedAt.iteration');
  str(sel.op, 'final.selectedAt.op');
  num(p.compression, 'compression');
  const energy = obj(p.energy, 'energy');
  view.energyTable = energyTableOf(energy.table, 'energy.table');
  nums(energy, 'energy', ['baseline', 'final', 'ratio']);
  num(p.durationMs, 'durationMs');
  num(p.seed, 'seed');
  // Both are absent in outputs saved before they existed; present ones must hold what the views print.
  if (p.target !== undefined) targetOf(p.target, 'target');
  if (p.comparison !== undefined) comparisonOf(p.comparison, 'comparison');
  const model = modelOf(p.model, 'model');
  view.graph = graphOr('model', () => graphFromModel(model));
  view.result = p as unknown as RunResult;
  view.graphKey = `final:${model.hidden.length}:${view.graph.src.length}`;
  view.graphLabel = `selected network (step ${int(sel.step, 'final.selectedAt.step')})`;
  return view;
}
