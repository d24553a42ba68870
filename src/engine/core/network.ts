import type { ConnectionGroup } from '../../protocol/config';
import type { ConvFront } from './convFront';
import { checkNetworkSize } from './limits';

/**
 * A feed-forward network of arbitrary structure.
 *
 * Units are numbered: inputs 0..d-1, hidden slots d..d+cap-1, outputs d+cap..d+cap+c-1. Hidden neurons live in
 * `cap` slots; `order` lists the active slots in a topological order, and a hidden->hidden connection may only go
 * from an earlier to a later neuron in that order. Every non-input unit is a "target" t (hidden slot s -> t = s,
 * output o -> t = cap + o) with one dense row of weights over all possible sources (inputs and hidden slots):
 * `w[t * sources + source]`. A 0/1 mask says which positions are connections; masked weights are kept at exactly 0.
 *
 * Slots instead of positions make neuron insertion and removal O(1) in the weights: only `order` changes.
 *
 * In the `mlp` space each hidden slot belongs to a layer and connections may only join consecutive layers (no
 * skip connections); that is the space scheme C and the baseline live in.
 *
 * Hidden neurons are ReLU unless their slot is flagged in `linear` (identity activation): the units of a DR
 * transform turned into the network's first layer (`reduce.as: layer`). Outputs are always linear (logits).
 */
export type NetworkSpace = 'dag' | 'mlp';

export class Network {
  readonly inputs: number;
  readonly outputs: number;
  readonly capacity: number;
  readonly sources: number;
  readonly space: NetworkSpace;
  /** Active hidden slots in topological order. */
  order: number[];
  /** MLP space: layer index (0-based) of each hidden slot, -1 when unused. */
  readonly layer: Int32Array;
  readonly weights: Float32Array;
  readonly mask: Uint8Array;
  /** One bias per target. */
  readonly bias: Float32Array;
  /**
   * The conv front end, when the network has one: its flatten output is the dense part's input (`inputs` =
   * `front.units`), and the dense part is everything else in this class.
   */
  front: ConvFront | undefined;
  /** Per hidden slot: 1 = identity activation, 0 = ReLU. */
  readonly linear: Uint8Array;
  /**
   * Counts changes of weights, masks or structure (`touch`), so that what is built from the network and kept across
   * calls (training/inference.ts' kept prediction devices) knows when to rebuild. Every change ends in `applyMask` (the
   * invariant), `copyFrom`, `attachFront` or a trainer's epoch, which touch it.
   */
  revision = 0;

  constructor(inputs: number, outputs: number, capacity: number, space: NetworkSpace) {
    checkNetworkSize(inputs, capacity, outputs);
    this.inputs = inputs;
    this.outputs = outputs;
    this.capacity = capacity;
    this.sources = inputs + capacity;
    this.space = space;
    this.order = [];
    this.layer = new Int32Array(capacity).fill(-1);
    const targets = capacity + outputs;
    this.weights = new Float32Array(targets * this.sources);
    this.mask = new Uint8Array(targets * this.sources);
    this.bias = new Float32Array(targets);
    this.front = undefined;
    this.linear = new Uint8Array(capacity);
  }

  /** Puts a conv front end before the dense part; its flatten must give exactly `inputs` values. */
  attachFront(front: ConvFront): this {
    if (front.units !== this.inputs)
      throw new Error(`the conv front end gives ${front.units} values but the dense part takes ${this.inputs} inputs`);
    this.front = front;
    this.touch();
    return this;
  }

  /** Active weights: connections of the dense part plus active kernel weights of the conv front end. */
  activeWeights(): number {
    return this.activeConnections() + (this.front?.activeWeights() ?? 0);
  }

  /** Whether any active hidden neuron is linear (paths that cannot compute one must refuse such a network). */
  hasLinearUnits(): boolean {
    return this.order.some((s) => this.linear[s] === 1);
  }

  get targets(): number {
    return this.capacity + this.outputs;
  }

  /** Floats per row the network reads: the image with a conv front end, else the dense part's inputs. */
  get rowSize(): number {
    return this.front ? this.front.inputSize : this.inputs;
  }

  get hiddenCount(): number {
    return this.order.length;
  }

  /** Number of layers in the MLP space (0 for a DAG). */
  get layerCount(): number {
    let max = -1;
    for (const s of this.order) max = Math.max(max, this.layer[s]!);
    return max + 1;
  }

  outputTarget(o: number): number {
    return this.capacity + o;
  }

  isHiddenTarget(t: number): boolean {
    return t < this.capacity;
  }

  /** Position of every hidden slot in `order` (-1 for unused slots). */
  positions(): Int32Array {
    const pos = new Int32Array(this.capacity).fill(-1);
    this.order.forEach((s, i) => (pos[s] = i));
    return pos;
  }

  freeSlot(): number {
    const used = new Uint8Array(this.capacity);
    for (const s of this.order) used[s] = 1;
    for (let s = 0; s < this.capacity; s++) if (!used[s]) return s;
    return -1;
  }

  /** Which connection group a (source, target) position belongs to. */
  groupOf(source: number, target: number): ConnectionGroup {
    const fromInput = source < this.inputs;
    const toHidden = target < this.capacity;
    if (fromInput) return toHidden ? 'inputHidden' : 'inputOutput';
    return toHidden ? 'hiddenHidden' : 'hiddenOutput';
  }

  /**
   * Whether a connection may exist at (source, target) given the current order and space. `pos` is
   * `positions()`, passed in because callers test many positions at once.
   */
  allowed(source: number, target: number, pos: Int32Array): boolean {
    const d = this.inputs;
    const toHidden = target < this.capacity;
    if (toHidden && pos[target]! < 0) return false;
    if (source >= d && pos[source - d]! < 0) return false;
    if (this.space === 'dag') {
      if (source < d || !toHidden) return true;
      return pos[source - d]! < pos[target]!;
    }
    const last = this.layerCount - 1;
    const srcLayer = source < d ? -1 : this.layer[source - d]!;
    const tgtLayer = toHidden ? this.layer[target]! : last + 1;
    return tgtLayer === srcLayer + 1;
  }

  /** Calls `fn` for every currently allowed position (active or dormant). */
  forEachAllowed(fn: (source: number, target: number, index: number) => void): void {
    const pos = this.positions();
    const targets = [...this.order, ...Array.from({ length: this.outputs }, (_, o) => this.outputTarget(o))];
    const sources = [...Array.from({ length: this.inputs }, (_, i) => i), ...this.order.map((s) => this.inputs + s)];
    for (const t of targets) {
      const row = t * this.sources;
      for (const src of sources) if (this.allowed(src, t, pos)) fn(src, t, row + src);
    }
  }

  /** Calls `fn` for every active connection. */
  forEachActive(fn: (source: number, target: number, index: number) => void): void {
    const S = this.sources;
    const visit = (t: number): void => {
      const row = t * S;
      for (let src = 0; src < S; src++) if (this.mask[row + src]) fn(src, t, row + src);
    };
    for (const s of this.order) visit(s);
    for (let o = 0; o < this.outputs; o++) visit(this.outputTarget(o));
  }

  activeConnections(): number {
    let n = 0;
    this.forEachActive(() => n++);
    return n;
  }

  connectionsByGroup(): Record<ConnectionGroup, number> {
    const counts: Record<ConnectionGroup, number> = {
      inputHidden: 0,
      hiddenHidden: 0,
      hiddenOutput: 0,
      inputOutput: 0,
    };
    this.forEachActive((src, t) => counts[this.groupOf(src, t)]++);
    return counts;
  }

  /** The network's weights, masks or structure changed (see `revision`). */
  touch(): void {
    this.revision++;
  }

  /** Zero every masked weight: the invariant after any change of weights or masks. */
  applyMask(): void {
    this.touch();
    const { weights, mask } = this;
    for (let i = 0; i < weights.length; i++) if (!mask[i]) weights[i] = 0;
    this.front?.applyMask();
  }

  clone(): Network {
    const n = new Network(this.inputs, this.outputs, this.capacity, this.space);
    n.order = [...this.order];
    n.layer.set(this.layer);
    n.weights.set(this.weights);
    n.mask.set(this.mask);
    n.bias.set(this.bias);
    n.front = this.front?.clone();
    n.linear.set(this.linear);
    return n;
  }

  /** Copies weights, masks and structure from a network of the same shape (checkpoint restore). */
  copyFrom(other: Network): void {
    if (other.inputs !== this.inputs || other.outputs !== this.outputs || other.capacity !== this.capacity) {
      throw new Error('copyFrom: networks differ in shape');
    }
    if (!this.front !== !other.front) throw new Error('copyFrom: only one of the networks has a conv front end');
    if (this.front && other.front) this.front.copyFrom(other.front);
    this.touch();
    this.order = [...other.order];
    this.layer.set(other.layer);
    this.weights.set(other.weights);
    this.mask.set(other.mask);
    this.bias.set(other.bias);
    this.linear.set(other.linear);
  }

  /**
   * Length of the longest input->output path counted in hidden neurons (0 when only skip connections remain),
   * and the level of every hidden slot (longest path from the inputs, 1-based; -1 when unreachable).
   */
  levels(): { depth: number; level: Int32Array } {
    const level = new Int32Array(this.capacity).fill(-1);
    const d = this.inputs;
    const S = this.sources;
    for (const t of this.order) {
      let lv = -1;
      const row = t * S;
      for (let src = 0; src < S; src++) {
        if (!this.mask[row + src]) continue;
        const l = src < d ? 0 : level[src - d]!;
        if (l >= 0 && l + 1 > lv) lv = l + 1;
      }
      level[t] = lv;
    }
    let depth = 0;
    for (let o = 0; o < this.outputs; o++) {
      const row = this.outputTarget(o) * S;
      for (let src = d; src < S; src++) if (this.mask[row + src] && level[src - d]! > depth) depth = level[src - d]!;
    }
    return { depth, level };
  }
}
