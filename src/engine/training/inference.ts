/**
 * Forward-only use of a trained network, on the kernels unless `options` / `SCANN_KERNELS` ask for the reference
 * path or the kernels cannot run here. The one place outside training that chooses between the two paths.
 */
import { referenceLogits, softmaxRows } from '../core/compute';
import type { Network } from '../core/network';
import { inferenceDevice, type KernelOptions } from '../kernels';

/** Rows below which a forward pass runs on one thread: starting a worker costs tens of milliseconds once. */
const THREADED_ROWS = 4096;

/** Predicted class probabilities for row-major `x` (n rows), as row-major n x outputs. */
export function predictProba(
  net: Network,
  x: Float32Array,
  n: number,
  batch = 512,
  options: KernelOptions = {},
): Float32Array {
  const z = kernelLogits(net, x, n, batch, options) ?? referenceLogits(net, x, n, batch);
  return softmaxRows(z, n, net.outputs);
}

function kernelLogits(
  net: Network,
  x: Float32Array,
  n: number,
  batch: number,
  options: KernelOptions,
): Float32Array | undefined {
  const { device } = inferenceDevice(net, Math.max(1, Math.min(batch, n)), { ...threadsFor(n), ...options });
  if (!device) return undefined;
  const out = new Float32Array(n * net.outputs);
  device.logits(x, n, out);
  return out;
}

function threadsFor(rows: number): KernelOptions {
  return rows < THREADED_ROWS ? { threads: 1 } : {};
}
