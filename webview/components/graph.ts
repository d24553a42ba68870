/**
 * The architecture as flat typed arrays, built from a final model (`model.json`) or a live snapshot. Unit numbering
 * follows the model: inputs 0..I-1, hidden I..I+H-1 in topological order, outputs after the hidden neurons.
 * Pure (no DOM): unit-tested in node and shared by the renderer and the dashboard.
 */
import { decodeFloat32 } from '../../src/protocol/base64';
import type { ArchitectureSnapshot } from '../../src/protocol/events';
import { frontSnapshotOfModel, type FrontSnapshot } from '../../src/protocol/frontSnapshot';
import type { ModelJson } from '../../src/protocol/model';

export interface ArchGraph {
  inputs: number;
  hidden: number;
  outputs: number;
  /** Per hidden neuron: its level, >= 1 (longest path from the inputs, counted in hidden neurons). */
  levels: Int32Array;
  src: Int32Array;
  dst: Int32Array;
  weight: Float32Array;
  /** Per hidden neuron, then per output; NaN where unknown (snapshots carry no output biases). */
  bias: Float32Array;
  inputNames?: string[];
  outputNames?: string[];
  /** Only when the inputs are the image's pixels (not with a conv front end, whose outputs they are). */
  imageShape?: [number, number];
  /** The conv front end whose flattened outputs are the inputs, when the network has one. */
  front?: FrontSnapshot;
}

export type UnitKind = 'input' | 'hidden' | 'output';

export const unitCount = (g: ArchGraph): number => g.inputs + g.hidden + g.outputs;

export function unitKind(g: ArchGraph, unit: number): UnitKind {
  if (unit < g.inputs) return 'input';
  return unit < g.inputs + g.hidden ? 'hidden' : 'output';
}

/** A short name: the feature / label name when known, else `x3`, `h12`, `y4`. */
export function unitName(g: ArchGraph, unit: number): string {
  const kind = unitKind(g, unit);
  if (kind === 'input') return g.inputNames?.[unit] ?? `x${unit}`;
  if (kind === 'hidden') return `h${unit - g.inputs}`;
  const o = unit - g.inputs - g.hidden;
  return g.outputNames?.[o] !== undefined ? `class ${g.outputNames[o]}` : `y${o}`;
}

/** Thrown when a model or snapshot does not describe a feed-forward network in model unit numbering. */
export class GraphError extends Error {
  override readonly name = 'GraphError';
}

/**
 * Longest path from the inputs for each hidden neuron (1 = fed only by inputs). Hidden neurons are numbered in
 * topological order, so one pass over the edges sorted by target suffices; a backward edge is an error.
 */
export function longestPathLevels(
  inputs: number,
  hidden: number,
  src: Int32Array,
  dst: Int32Array,
  order: Int32Array = edgeOrderByTarget(dst),
): Int32Array {
  const levels = new Int32Array(hidden).fill(1);
  const hiddenEnd = inputs + hidden;
  for (let k = 0; k < order.length; k++) {
    const e = order[k]!;
    const s = src[e]!;
    const t = dst[e]!;
    if (t < inputs || t >= hiddenEnd || s < inputs) continue;
    if (s >= t) throw new GraphError(`edge h${s - inputs} -> h${t - inputs} is not in topological order`);
    const l = levels[s - inputs]! + 1;
    if (l > levels[t - inputs]!) levels[t - inputs] = l;
  }
  return levels;
}

/** Edge indices sorted by target (counting sort: stable, linear). */
export function edgeOrderByTarget(dst: Int32Array): Int32Array {
  let units = 0;
  for (let e = 0; e < dst.length; e++) if (dst[e]! >= units) units = dst[e]! + 1;
  const count = new Int32Array(units + 1);
  for (let e = 0; e < dst.length; e++) count[dst[e]! + 1]!++;
  for (let u = 0; u < units; u++) count[u + 1]! += count[u]!;
  const order = new Int32Array(dst.length);
  for (let e = 0; e < dst.length; e++) order[count[dst[e]!]!++] = e;
  return order;
}

function checkEdges(g: Omit<ArchGraph, 'levels'>): void {
  const units = g.inputs + g.hidden + g.outputs;
  const firstOutput = g.inputs + g.hidden;
  for (let e = 0; e < g.src.length; e++) {
    const s = g.src[e]!;
    const t = g.dst[e]!;
    if (!(s >= 0 && s < firstOutput)) throw new GraphError(`edge ${e}: source ${s} is not an input or hidden unit`);
    if (!(t >= g.inputs && t < units)) throw new GraphError(`edge ${e}: target ${t} is not a hidden or output unit`);
    if (!Number.isFinite(g.weight[e]!)) throw new GraphError(`edge ${e}: weight is not a finite number`);
  }
}

export function graphFromModel(m: ModelJson): ArchGraph {
  const inputs = m.inputs;
  const hidden = m.hidden.length;
  const outputs = m.output.length;
  let edges = 0;
  for (const n of m.hidden) edges += n.sources.length;
  for (const n of m.output) edges += n.sources.length;
  const src = new Int32Array(edges);
  const dst = new Int32Array(edges);
  const weight = new Float32Array(edges);
  const bias = new Float32Array(hidden + outputs);
  let e = 0;
  const add = (neurons: ModelJson['hidden'], firstUnit: number, biasOffset: number): void => {
    neurons.forEach((n, k) => {
      const w = decodeFloat32(n.weights);
      if (w.length !== n.sources.length) {
        throw new GraphError(`unit ${firstUnit + k}: ${n.sources.length} sources but ${w.length} weights`);
      }
      bias[biasOffset + k] = n.bias;
      for (let i = 0; i < n.sources.length; i++, e++) {
        src[e] = n.sources[i]!;
        dst[e] = firstUnit + k;
        weight[e] = w[i]!;
      }
    });
  };
  add(m.hidden, inputs, 0);
  add(m.output, inputs + hidden, hidden);
  const g: Omit<ArchGraph, 'levels'> = { inputs, hidden, outputs, src, dst, weight, bias };
  checkEdges(g);
  const out: ArchGraph = { ...g, levels: longestPathLevels(inputs, hidden, src, dst) };
  let front: FrontSnapshot | undefined;
  try {
    front = frontSnapshotOfModel(m);
  } catch (err) {
    throw new GraphError(err instanceof Error ? err.message : String(err));
  }
  if (front) {
    out.front = front;
    out.inputNames = frontUnitNames(front);
  } else if (m.featureNames.length === inputs) out.inputNames = m.featureNames;
  if (m.labelNames.length === outputs) out.outputNames = m.labelNames;
  // A conv model keeps its image's shape, but its inputs are the front end's outputs, not the pixels.
  if (m.imageShape && m.imageShape[0] * m.imageShape[1] === inputs && !front) out.imageShape = m.imageShape;
  return out;
}

/** Names of the dense part's inputs behind a front end: channel and position of each flatten value (HWC order). */
export function frontUnitNames(f: FrontSnapshot): string[] {
  const [rows, cols, channels] = f.stages[f.stages.length - 1]!.output;
  const names: string[] = [];
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) for (let ch = 0; ch < channels; ch++) names.push(`ch${ch} (${r},${c})`);
  return names;
}

export interface GraphNames {
  inputNames?: string[];
  outputNames?: string[];
  imageShape?: [number, number];
}

export function graphFromSnapshot(s: ArchitectureSnapshot, names: GraphNames = {}): ArchGraph {
  const n = s.edges.length;
  if (s.weights.length !== n) throw new GraphError(`${n} edges but ${s.weights.length} weights`);
  const src = new Int32Array(n);
  const dst = new Int32Array(n);
  for (let e = 0; e < n; e++) {
    const pair = s.edges[e]!;
    src[e] = pair[0];
    dst[e] = pair[1];
  }
  const bias = new Float32Array(s.hidden + s.outputs).fill(NaN);
  for (let k = 0; k < s.hidden && k < s.biases.length; k++) bias[k] = s.biases[k]!;
  const g: Omit<ArchGraph, 'levels'> = {
    inputs: s.inputs,
    hidden: s.hidden,
    outputs: s.outputs,
    src,
    dst,
    weight: Float32Array.from(s.weights),
    bias,
  };
  checkEdges(g);
  // The engine sends levels; recomputing keeps one definition and catches a snapshot that disagrees with its edges.
  const out: ArchGraph = { ...g, levels: longestPathLevels(s.inputs, s.hidden, src, dst) };
  if (s.front) {
    const o = s.front.stages[s.front.stages.length - 1]?.output;
    if (!o || o[0] * o[1] * o[2] !== s.inputs)
      throw new GraphError(`the front end's flatten does not give the network's ${s.inputs} inputs`);
    out.front = s.front;
    out.inputNames = frontUnitNames(s.front);
  } else if (names.inputNames?.length === s.inputs) out.inputNames = names.inputNames;
  if (names.outputNames?.length === s.outputs) out.outputNames = names.outputNames;
  if (names.imageShape && names.imageShape[0] * names.imageShape[1] === s.inputs && !s.front)
    out.imageShape = names.imageShape;
  return out;
}

/** Incoming and outgoing edge lists per unit (CSR), for the inspector and highlighting. */
export interface Adjacency {
  inStart: Int32Array;
  inEdges: Int32Array;
  outStart: Int32Array;
  outEdges: Int32Array;
}

export function adjacency(g: ArchGraph): Adjacency {
  const units = unitCount(g);
  const csr = (key: Int32Array): { start: Int32Array; edges: Int32Array } => {
    const start = new Int32Array(units + 1);
    for (let e = 0; e < key.length; e++) start[key[e]! + 1]!++;
    for (let u = 0; u < units; u++) start[u + 1]! += start[u]!;
    const fill = start.slice(0, units);
    const edges = new Int32Array(key.length);
    for (let e = 0; e < key.length; e++) edges[fill[key[e]!]!++] = e;
    return { start, edges };
  };
  const inc = csr(g.dst);
  const out = csr(g.src);
  return { inStart: inc.start, inEdges: inc.edges, outStart: out.start, outEdges: out.edges };
}

export interface WeightSummary {
  count: number;
  positive: number;
  negative: number;
  meanAbs: number;
  maxAbs: number;
  /** Sum of signed weights. */
  sum: number;
}

export function summarizeWeights(g: ArchGraph, edges: Int32Array, start: number, end: number): WeightSummary {
  let positive = 0;
  let negative = 0;
  let sumAbs = 0;
  let maxAbs = 0;
  let sum = 0;
  for (let k = start; k < end; k++) {
    const w = g.weight[edges[k]!]!;
    if (w > 0) positive++;
    else if (w < 0) negative++;
    const a = Math.abs(w);
    sumAbs += a;
    sum += w;
    if (a > maxAbs) maxAbs = a;
  }
  const count = end - start;
  return { count, positive, negative, meanAbs: count > 0 ? sumAbs / count : 0, maxAbs, sum };
}

/** Everything the inspector shows about one unit. */
export interface UnitInfo {
  unit: number;
  kind: UnitKind;
  name: string;
  /** 0 for inputs, the hidden level, or depth + 1 for outputs. */
  level: number;
  bias: number | null;
  incoming: WeightSummary;
  outgoing: WeightSummary;
  /** Strongest incoming connections by |w|, at most 5. */
  strongestIn: { unit: number; name: string; weight: number }[];
}

export function maxLevel(g: ArchGraph): number {
  let m = 0;
  for (let k = 0; k < g.hidden; k++) if (g.levels[k]! > m) m = g.levels[k]!;
  return m;
}

export function unitInfo(g: ArchGraph, adj: Adjacency, unit: number): UnitInfo {
  const kind = unitKind(g, unit);
  const level = kind === 'input' ? 0 : kind === 'hidden' ? g.levels[unit - g.inputs]! : maxLevel(g) + 1;
  const b = kind === 'input' ? NaN : g.bias[unit - g.inputs]!;
  const inS = adj.inStart[unit]!;
  const inE = adj.inStart[unit + 1]!;
  const incoming = summarizeWeights(g, adj.inEdges, inS, inE);
  const outgoing = summarizeWeights(g, adj.outEdges, adj.outStart[unit]!, adj.outStart[unit + 1]!);
  const strongest = Array.from(adj.inEdges.subarray(inS, inE))
    .sort((a, c) => Math.abs(g.weight[c]!) - Math.abs(g.weight[a]!) || a - c)
    .slice(0, 5)
    .map((e) => ({ unit: g.src[e]!, name: unitName(g, g.src[e]!), weight: g.weight[e]! }));
  return {
    unit,
    kind,
    name: unitName(g, unit),
    level,
    bias: Number.isNaN(b) ? null : b,
    incoming,
    outgoing,
    strongestIn: strongest,
  };
}

/** Per input: the number of active outgoing connections (the image heat map's values). */
export function inputFanOut(g: ArchGraph): Int32Array {
  const out = new Int32Array(g.inputs);
  for (let e = 0; e < g.src.length; e++) {
    const s = g.src[e]!;
    if (s < g.inputs) out[s]!++;
  }
  return out;
}
