import { Matrix } from 'ml-matrix';
import { symmetricEigen } from './linalg';
import { landmarkCost, landmarkGraph, landmarkTransform, type LandmarkGraph } from './manifold';
import type { FitInput, FittedReduce } from './types';

/**
 * Landmark Isomap (de Silva & Tenenbaum 2003): geodesic distances are shortest paths in the kNN graph of the
 * landmarks (a random subset of the training rows), embedded by classical MDS. A point is embedded by landmark MDS
 * from its squared geodesic distances to the landmarks, reached through its nearest landmarks; for a landmark this
 * gives its MDS coordinates exactly. A disconnected kNN graph is joined by the shortest edge between each pair of
 * components (as scikit-learn does), and noted.
 *
 * The coordinates are scaled by one factor so the first has unit variance on the landmarks: the MDS scale is the
 * data's geodesic scale, which the MLP's initialisation does not expect; one factor keeps the geometry.
 */
export function fitIsomap(input: FitInput): FittedReduce {
  const { k, neighbors } = input;
  const g = landmarkGraph('isomap', input);
  const m = g.count;
  const notes: string[] = [];
  const joined = joinComponents(g);
  if (joined > 1) notes.push(`isomap: the kNN graph had ${joined} components, joined by their shortest edges`);
  const G = allShortestPaths(g);
  // Classical MDS on the squared geodesics: B = -1/2 H S H.
  const S = new Float64Array(m * m);
  for (let i = 0; i < S.length; i++) S[i] = G[i]! * G[i]!;
  const colMean = new Float64Array(m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) colMean[j]! += S[i * m + j]! / m;
  const total = colMean.reduce((a, b) => a + b, 0) / m;
  const B = new Matrix(m, m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) B.set(i, j, -0.5 * (S[i * m + j]! - colMean[i]! - colMean[j]! + total));
  }
  const { values, vectors } = symmetricEigen(B);
  const top = Math.max(values[0]!, 1e-300);
  const scale = 1 / Math.sqrt(top / m);
  const projection = new Float64Array(m * k);
  const offset = new Float64Array(k);
  let degenerate = 0;
  for (let c = 0; c < k; c++) {
    const lambda = values[c]!;
    if (!(lambda > 1e-9 * top)) {
      degenerate++;
      continue;
    }
    const f = scale / Math.sqrt(lambda);
    for (let j = 0; j < m; j++) {
      projection[j * k + c] = -0.5 * f * vectors.get(j, c);
      offset[c]! += 0.5 * f * colMean[j]! * vectors.get(j, c);
    }
  }
  if (degenerate) notes.push(`isomap: ${degenerate} of ${k} dimensions have no positive eigenvalue and are constant`);
  const landmarkEmbedding = new Float32Array(m * k);
  for (let c = 0; c < k; c++) {
    const lambda = values[c]!;
    if (!(lambda > 1e-9 * top)) continue;
    for (let j = 0; j < m; j++) landmarkEmbedding[j * k + c] = scale * Math.sqrt(lambda) * vectors.get(j, c);
  }
  const transform = landmarkTransform('isomap', g, neighbors, k, projection, offset);
  transform.geodesic = Float32Array.from(G);
  const cost = landmarkCost(g, neighbors, k, true);
  return { method: 'isomap', transform, extension: 'landmarkMds', cost, notes, landmarkEmbedding };
}

/** Makes the kNN graph symmetric and connected; returns the number of components it had. */
function joinComponents(g: LandmarkGraph): number {
  const m = g.count;
  const A = g.adjacent;
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) if (A[i * m + j]) A[j * m + i] = 1;
  const comp = new Int32Array(m).fill(-1);
  let n = 0;
  for (let s = 0; s < m; s++) {
    if (comp[s]! >= 0) continue;
    const stack = [s];
    comp[s] = n;
    while (stack.length) {
      const i = stack.pop()!;
      for (let j = 0; j < m; j++) {
        if (A[i * m + j] && comp[j]! < 0) {
          comp[j] = n;
          stack.push(j);
        }
      }
    }
    n++;
  }
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      let best = Infinity;
      let pair = [-1, -1];
      for (let i = 0; i < m; i++) {
        if (comp[i] !== a) continue;
        for (let j = 0; j < m; j++) {
          if (comp[j] === b && g.dist[i * m + j]! < best) {
            best = g.dist[i * m + j]!;
            pair = [i, j];
          }
        }
      }
      A[pair[0]! * m + pair[1]!] = 1;
      A[pair[1]! * m + pair[0]!] = 1;
    }
  }
  return n;
}

/** Dijkstra from every landmark over the (symmetric, connected) graph: m x m geodesic distances. */
function allShortestPaths(g: LandmarkGraph): Float64Array {
  const m = g.count;
  const adj: number[][] = Array.from({ length: m }, () => []);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) if (g.adjacent[i * m + j]) adj[i]!.push(j);
  const G = new Float64Array(m * m);
  const heap = new MinHeap();
  for (let s = 0; s < m; s++) {
    const dist = G.subarray(s * m, (s + 1) * m);
    dist.fill(Infinity);
    dist[s] = 0;
    heap.clear();
    heap.push(0, s);
    while (heap.size) {
      const [du, u] = heap.pop();
      if (du > dist[u]!) continue;
      for (const v of adj[u]!) {
        const nd = du + g.dist[u * m + v]!;
        if (nd < dist[v]!) {
          dist[v] = nd;
          heap.push(nd, v);
        }
      }
    }
  }
  // Paths found from both ends can differ in the last bit; symmetric distances keep MDS exact.
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const v = Math.min(G[i * m + j]!, G[j * m + i]!);
      G[i * m + j] = v;
      G[j * m + i] = v;
    }
  }
  return G;
}

class MinHeap {
  private keys: number[] = [];
  private vals: number[] = [];
  get size(): number {
    return this.keys.length;
  }
  clear(): void {
    this.keys.length = 0;
    this.vals.length = 0;
  }
  push(key: number, val: number): void {
    const k = this.keys;
    const v = this.vals;
    let i = k.length;
    k.push(key);
    v.push(val);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (k[p]! <= key) break;
      k[i] = k[p]!;
      v[i] = v[p]!;
      i = p;
    }
    k[i] = key;
    v[i] = val;
  }
  pop(): [number, number] {
    const k = this.keys;
    const v = this.vals;
    const top: [number, number] = [k[0]!, v[0]!];
    const lastK = k.pop()!;
    const lastV = v.pop()!;
    const n = k.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && k[r]! < k[l]! ? r : l;
        if (k[c]! >= lastK) break;
        k[i] = k[c]!;
        v[i] = v[c]!;
        i = c;
      }
      k[i] = lastK;
      v[i] = lastV;
    }
    return top;
  }
}
