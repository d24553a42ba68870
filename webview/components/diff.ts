/**
 * Difference between two architectures of one run (an earlier step A, a later step B): which connections were
 * kept, grown or pruned, which hidden neurons were added or removed. Pure (no DOM).
 *
 * Snapshots number hidden neurons by position, not by identity, so a neuron added or removed between A and B
 * shifts the numbers of every later one. Neurons are therefore matched first: an order-preserving alignment
 * (Needleman-Wunsch, gaps free, a match worth 1 + the Jaccard similarity of the neurons' input sources and output
 * targets, which keep their numbers). Topological order survives growth and pruning, so an order-preserving match
 * is the right model; when no neuron was added or removed in between, callers pass `sameNeurons` and get the exact
 * identity matching.
 */
import { adjacency, type ArchGraph, GraphError, longestPathLevels } from './graph';

export const EdgeStatus = { Kept: 0, Grown: 1, Pruned: 2 } as const;
export const UnitStatus = { Kept: 0, Added: 1, Removed: 2 } as const;

export interface GraphDiff {
  /** Both networks in one: B's units and edges plus what only A had, hidden neurons in aligned order. */
  graph: ArchGraph;
  edgeStatus: Uint8Array;
  unitStatus: Uint8Array;
  counts: { kept: number; grown: number; pruned: number; neuronsAdded: number; neuronsRemoved: number };
  /** Union unit of each unit of A / of B. */
  fromA: Int32Array;
  fromB: Int32Array;
}

/** Stable keys of a hidden neuron's connections: input sources as is, output targets offset past any input id. */
function neuronKeys(g: ArchGraph): Int32Array[] {
  const adj = adjacency(g);
  const OUT = 1 << 30;
  const firstOutput = g.inputs + g.hidden;
  const keys: Int32Array[] = [];
  for (let k = 0; k < g.hidden; k++) {
    const u = g.inputs + k;
    const list: number[] = [];
    for (let i = adj.inStart[u]!; i < adj.inStart[u + 1]!; i++) {
      const s = g.src[adj.inEdges[i]!]!;
      if (s < g.inputs) list.push(s);
    }
    for (let i = adj.outStart[u]!; i < adj.outStart[u + 1]!; i++) {
      const t = g.dst[adj.outEdges[i]!]!;
      if (t >= firstOutput) list.push(OUT + (t - firstOutput));
    }
    keys.push(Int32Array.from(list).sort());
  }
  return keys;
}

export function jaccard(a: Int32Array, b: Int32Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      common++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return common / (a.length + b.length - common);
}

/** `aToB[i]` = the neuron of B matched with hidden neuron i of A, or -1; `bToA` likewise. */
export interface Alignment {
  aToB: Int32Array;
  bToA: Int32Array;
}

/**
 * Order-preserving matching of the hidden neurons of A and B (see the module comment). Banded around the
 * diagonal so that thousands of neurons stay cheap; the band always covers the size difference.
 */
export function alignHidden(a: ArchGraph, b: ArchGraph, sameNeurons = false): Alignment {
  const n = a.hidden;
  const m = b.hidden;
  const aToB = new Int32Array(n).fill(-1);
  const bToA = new Int32Array(m).fill(-1);
  if (sameNeurons && n === m) {
    for (let i = 0; i < n; i++) aToB[i] = bToA[i] = i;
    return { aToB, bToA };
  }
  const ka = neuronKeys(a);
  const kb = neuronKeys(b);
  const band = Math.abs(n - m) + 32;
  // Row i covers columns lo(i)..lo(i)+width-1 around the straight line from (0,0) to (n,m).
  const width = 2 * band + 1;
  const lo = (i: number): number => Math.round(n > 0 ? (i * m) / n : 0) - band;
  const score = new Float64Array((n + 1) * width).fill(-Infinity);
  const move = new Uint8Array((n + 1) * width); // 1 match, 2 skip A[i-1], 3 skip B[j-1]
  const at = (i: number, j: number): number => {
    const c = j - lo(i);
    return c >= 0 && c < width ? i * width + c : -1;
  };
  for (let i = 0; i <= n; i++) {
    const start = Math.max(0, lo(i));
    const end = Math.min(m, lo(i) + width - 1);
    for (let j = start; j <= end; j++) {
      const here = at(i, j);
      if (i === 0 && j === 0) {
        score[here] = 0;
        continue;
      }
      let best = -Infinity;
      let how = 0;
      if (i > 0 && j > 0) {
        const p = at(i - 1, j - 1);
        if (p >= 0 && score[p]! > -Infinity) {
          best = score[p]! + 1 + jaccard(ka[i - 1]!, kb[j - 1]!);
          how = 1;
        }
      }
      if (i > 0) {
        const p = at(i - 1, j);
        if (p >= 0 && score[p]! > best) {
          best = score[p]!;
          how = 2;
        }
      }
      if (j > 0) {
        const p = at(i, j - 1);
        if (p >= 0 && score[p]! > best) {
          best = score[p]!;
          how = 3;
        }
      }
      score[here] = best;
      move[here] = how;
    }
  }
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const how = move[at(i, j)]!;
    if (how === 1) {
      aToB[i - 1] = j - 1;
      bToA[j - 1] = i - 1;
      i--;
      j--;
    } else if (how === 2) i--;
    else if (how === 3) j--;
    else throw new Error('alignment traceback left the band');
  }
  return { aToB, bToA };
}

export function diffGraphs(a: ArchGraph, b: ArchGraph, sameNeurons = false): GraphDiff {
  if (a.inputs !== b.inputs || a.outputs !== b.outputs) {
    throw new GraphError(`cannot compare ${a.inputs}->${a.outputs} with ${b.inputs}->${b.outputs} units`);
  }
  const { aToB, bToA } = alignHidden(a, b, sameNeurons);
  const I = a.inputs;
  const O = a.outputs;
  const fromA = new Int32Array(I + a.hidden + O);
  const fromB = new Int32Array(I + b.hidden + O);
  for (let x = 0; x < I; x++) fromA[x] = fromB[x] = x;

  // Merge the two hidden sequences along the alignment: both orders are kept, so the union stays topological.
  const hiddenStatus: number[] = [];
  const unionBias: number[] = [];
  let i = 0;
  let j = 0;
  let u = I;
  while (i < a.hidden || j < b.hidden) {
    if (i < a.hidden && aToB[i] === -1) {
      fromA[I + i] = u++;
      hiddenStatus.push(UnitStatus.Removed);
      unionBias.push(a.bias[i]!);
      i++;
    } else if (j < b.hidden && bToA[j] === -1) {
      fromB[I + j] = u++;
      hiddenStatus.push(UnitStatus.Added);
      unionBias.push(b.bias[j]!);
      j++;
    } else {
      fromA[I + i] = u;
      fromB[I + j] = u++;
      hiddenStatus.push(UnitStatus.Kept);
      unionBias.push(b.bias[j]!);
      i++;
      j++;
    }
  }
  const H = u - I;
  for (let o = 0; o < O; o++) {
    fromA[I + a.hidden + o] = I + H + o;
    fromB[I + b.hidden + o] = I + H + o;
  }
  const units = I + H + O;

  const keyOf = (s: number, t: number): number => s * units + t;
  const inB = new Map<number, number>();
  const src: number[] = [];
  const dst: number[] = [];
  const weight: number[] = [];
  const status: number[] = [];
  for (let e = 0; e < b.src.length; e++) {
    const s = fromB[b.src[e]!]!;
    const t = fromB[b.dst[e]!]!;
    inB.set(keyOf(s, t), src.length);
    src.push(s);
    dst.push(t);
    weight.push(b.weight[e]!);
    status.push(EdgeStatus.Grown);
  }
  let kept = 0;
  let pruned = 0;
  for (let e = 0; e < a.src.length; e++) {
    const s = fromA[a.src[e]!]!;
    const t = fromA[a.dst[e]!]!;
    const hit = inB.get(keyOf(s, t));
    if (hit !== undefined) {
      status[hit] = EdgeStatus.Kept;
      kept++;
    } else {
      src.push(s);
      dst.push(t);
      weight.push(a.weight[e]!);
      status.push(EdgeStatus.Pruned);
      pruned++;
    }
  }
  const unitStatus = new Uint8Array(units);
  hiddenStatus.forEach((st, k) => (unitStatus[I + k] = st));
  const bias = new Float32Array(H + O);
  unionBias.forEach((v, k) => (bias[k] = v));
  for (let o = 0; o < O; o++) bias[H + o] = b.bias[b.hidden + o]!;
  const srcA = Int32Array.from(src);
  const dstA = Int32Array.from(dst);
  const graph: ArchGraph = {
    inputs: I,
    hidden: H,
    outputs: O,
    src: srcA,
    dst: dstA,
    weight: Float32Array.from(weight),
    bias,
    levels: longestPathLevels(I, H, srcA, dstA),
  };
  if (b.inputNames) graph.inputNames = b.inputNames;
  if (b.outputNames) graph.outputNames = b.outputNames;
  if (b.imageShape) graph.imageShape = b.imageShape;
  return {
    graph,
    edgeStatus: Uint8Array.from(status),
    unitStatus,
    counts: {
      kept,
      grown: b.src.length - kept,
      pruned,
      neuronsAdded: hiddenStatus.filter((s) => s === UnitStatus.Added).length,
      neuronsRemoved: hiddenStatus.filter((s) => s === UnitStatus.Removed).length,
    },
    fromA,
    fromB,
  };
}
