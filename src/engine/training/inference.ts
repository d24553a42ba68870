/**
 * Forward-only use of a trained network, on the kernels unless `options` / `SCANN_KERNELS` ask for the reference
 * path or the kernels cannot run here. The one place outside training that chooses between the two paths.
 */
import { EVAL_BATCH, evaluate, referenceLogits, softmaxRows, Workspace } from '../core/compute';
import type { Network } from '../core/network';
import { compilePlan } from '../core/plan';
import type { Table } from '../data/types';
import { inferenceDevice, type KernelDevice, type KernelOptions } from '../kernels';

export interface Score {
  accuracy: number;
  /** Mean softmax cross-entropy. */
  loss: number;
  /** Per row, 1 when the network classifies it right: only for the tables `scoreTables` was asked for. */
  correct?: Uint8Array;
}

/** Rows below which a forward pass runs on one thread: starting a worker costs tens of milliseconds once. */
const THREADED_ROWS = 4096;

/**
 * Rows below which a network predicts one sample per pass, on a device kept for the network (see keptDevice). With a
 * conv front end that beats one batch of 8 columns, most of them idle: on LeNet-5 one sample costs about 1/7 of the
 * 8-column pass, dense and at 10 % of the weights (119 against 851 us, 36 against 243 us; measured under load), so 7
 * samples one by one still cost less than the batch. A network without one needs no 8 columns, and its per-column
 * kernels cost about as much per sample in passes of one as in passes of 2-7 (layout.ts' cost model counts columns),
 * so a single kept device serves all its calls below 8 rows.
 */
const ONE_SAMPLE_ROWS = 8;

/**
 * Per network, the forward-only devices of its predictions below THREADED_ROWS rows (one-sample, and batch), by the
 * kernel options and rows per pass they were made for, with the network revision their layout and weights are from:
 * building one (a wasm instance, the layout, the front end's job list, the weights) costs tens of milliseconds, far
 * more than a few samples, so calls on an unchanged network reuse it. Weak: they go with the network.
 */
const kept = new WeakMap<Network, Map<string, KeptDevice>>();

interface KeptDevice {
  front: Network['front'];
  revision: number;
  device: KernelDevice;
}

/** Predicted class probabilities for row-major `x` (n rows), as row-major n x outputs. */
export function predictProba(
  net: Network,
  x: Float32Array,
  n: number,
  batch = EVAL_BATCH,
  options: KernelOptions = {},
): Float32Array {
  const z = kernelLogits(net, x, n, batch, options) ?? referenceLogits(net, x, n, batch);
  return softmaxRows(z, n, net.outputs);
}

/**
 * Accuracy and mean loss of `net` on each table: the numbers `Trainer.evaluate` gives, without building a trainer
 * (optimizer state, gradient buffers, a training device) to get them. `perRow[i]` also asks for table i's per-row
 * correct flags, taken from the same forward pass.
 */
export function scoreTables(
  net: Network,
  tables: readonly Table[],
  options: KernelOptions = {},
  perRow: readonly boolean[] = [],
): Score[] {
  const rows = Math.max(0, ...tables.map((t) => t.rows));
  const flagsFor = (i: number): Uint8Array | undefined => (perRow[i] ? new Uint8Array(tables[i]!.rows) : undefined);
  const withFlags = (s: Score, flags: Uint8Array | undefined): Score => (flags ? { ...s, correct: flags } : s);
  const { device } = inferenceDevice(net, EVAL_BATCH, { ...threadsFor(rows), ...options });
  if (device) {
    return tables.map((t, i) => {
      const flags = flagsFor(i);
      return withFlags(device.evaluate(t.x, t.y, t.rows, flags), flags);
    });
  }
  const plan = compilePlan(net);
  const ws = new Workspace(net, EVAL_BATCH);
  return tables.map((t, i) => {
    const flags = flagsFor(i);
    return withFlags(evaluate(plan, ws, t.x, t.y, t.rows, flags), flags);
  });
}

function kernelLogits(
  net: Network,
  x: Float32Array,
  n: number,
  batch: number,
  options: KernelOptions,
): Float32Array | undefined {
  const device = predictionDevice(net, n, batch, options);
  if (!device) return undefined;
  const out = new Float32Array(n * net.outputs);
  device.logits(x, n, out);
  return out;
}

/**
 * The device `predictProba` predicts `n` rows on (undefined: the reference path): for fewer than THREADED_ROWS rows
 * one the network keeps (one sample per pass below ONE_SAMPLE_ROWS), else one made for the call.
 */
export function predictionDevice(
  net: Network,
  n: number,
  batch = EVAL_BATCH,
  options: KernelOptions = {},
): KernelDevice | undefined {
  const opts = { ...threadsFor(n), ...options };
  if (n >= THREADED_ROWS) return inferenceDevice(net, Math.max(1, Math.min(batch, n)), opts).device;
  return keptDevice(net, n < ONE_SAMPLE_ROWS ? 1 : Math.max(ONE_SAMPLE_ROWS, batch), opts);
}

/**
 * The network's kept device for `rows` per pass and `options`: rebuilt from the network (layout, job list, weights)
 * when its revision moved since the last call, replaced when the front end itself changed. A rebuild follows any
 * structural change of the dense part (neurons added or removed, skip connections): the network's inputs and slot
 * capacity are fixed, the layout is compiled afresh from `order` and the masks, and placing it grows the arena.
 */
function keptDevice(net: Network, rows: number, options: KernelOptions): KernelDevice | undefined {
  const key = JSON.stringify([rows, options]);
  const devices = kept.get(net) ?? new Map<string, KeptDevice>();
  const entry = devices.get(key);
  if (entry && entry.front === net.front) {
    if (entry.revision !== net.revision) {
      entry.device.invalidate();
      entry.revision = net.revision;
    }
    return entry.device;
  }
  const { device } = inferenceDevice(net, rows, options);
  if (!device) return undefined;
  devices.set(key, { front: net.front, revision: net.revision, device });
  kept.set(net, devices);
  return device;
}

function threadsFor(rows: number): KernelOptions {
  return rows < THREADED_ROWS ? { threads: 1 } : {};
}
