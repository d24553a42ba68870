import type { Network } from '../core/network';

/**
 * One dense step of the network in TF.js: a group of targets whose sources are all computed before it. Hidden
 * neurons are grouped by level (1 + the highest level among their hidden sources), so a level only reads the
 * inputs and lower levels; the outputs are the last stage. A stage reads a contiguous range of hidden levels
 * `[fromLevel, toLevel)` (plus the inputs when any target uses one): in the MLP space that is exactly the
 * previous layer, in a DAG usually every earlier level.
 */
export interface Stage {
  /** Target ids (hidden slots, or output targets) in kernel-column order. */
  targets: Int32Array;
  hidden: boolean;
  useInputs: boolean;
  fromLevel: number;
  toLevel: number;
  /** Source unit of each kernel row: inputs 0..d-1, then hidden slot s as d + s, in bank order. */
  sources: Int32Array;
  /** Rows of the kernel fed by the inputs (d when `useInputs`, else 0); hidden rows follow. */
  inputRows: number;
  /** Width of each hidden level read, in order (how the bank gradient splits back into levels). */
  levelWidths: number[];
}

export interface Layout {
  /** Hidden levels in order (stage L-1 is level L), then the output stage. */
  stages: Stage[];
  depth: number;
}

/** Compiles the masks of `net` into stages; recompiled whenever the structure changes. */
export function compileLayout(net: Network): Layout {
  const d = net.inputs;
  const S = net.sources;
  const level = new Int32Array(net.capacity);
  const members: number[][] = [];
  for (const s of net.order) {
    let lv = 1;
    for (let src = d; src < S; src++) if (net.mask[s * S + src]) lv = Math.max(lv, level[src - d]! + 1);
    level[s] = lv;
    while (members.length < lv) members.push([]);
    members[lv - 1]!.push(s);
  }
  const depth = members.length;
  const stage = (targets: number[], hidden: boolean, ownLevel: number): Stage => {
    let useInputs = false;
    let fromLevel = ownLevel;
    for (const t of targets) {
      const row = t * S;
      for (let src = 0; src < S; src++) {
        if (!net.mask[row + src]) continue;
        if (src < d) useInputs = true;
        else fromLevel = Math.min(fromLevel, level[src - d]!);
      }
    }
    const sources: number[] = useInputs ? Array.from({ length: d }, (_, i) => i) : [];
    const levelWidths: number[] = [];
    for (let L = fromLevel; L < ownLevel; L++) {
      levelWidths.push(members[L - 1]!.length);
      for (const s of members[L - 1]!) sources.push(d + s);
    }
    return {
      targets: Int32Array.from(targets),
      hidden,
      useInputs,
      fromLevel,
      toLevel: ownLevel,
      sources: Int32Array.from(sources),
      inputRows: useInputs ? d : 0,
      levelWidths,
    };
  };
  const stages = members.map((m, i) => stage(m, true, i + 1));
  stages.push(
    stage(
      Array.from({ length: net.outputs }, (_, o) => net.outputTarget(o)),
      false,
      depth + 1,
    ),
  );
  return { stages, depth };
}

/** A stage's kernel (rows = sources, columns = targets, row-major) read from a net-layout array. */
export function gatherKernel(net: Network, st: Stage, from: Float32Array | Uint8Array): Float32Array {
  const S = net.sources;
  const n = st.targets.length;
  const out = new Float32Array(st.sources.length * n);
  st.sources.forEach((src, i) => st.targets.forEach((t, j) => (out[i * n + j] = from[t * S + src]!)));
  return out;
}

/** Writes a stage's kernel back into a net-layout array, at active connections only. */
export function scatterKernel(net: Network, st: Stage, values: Float32Array, into: Float32Array): void {
  const S = net.sources;
  const n = st.targets.length;
  st.sources.forEach((src, i) =>
    st.targets.forEach((t, j) => {
      if (net.mask[t * S + src]) into[t * S + src] = values[i * n + j]!;
    }),
  );
}
