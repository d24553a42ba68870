/**
 * A user's one-sample prediction, as cases e and f of bench/engine.ts time it: `predictProba` one sample per call
 * (the network's kept device), after checking that its first samples' probabilities are the reference path's, so a
 * fast wrong answer fails the case instead of being timed.
 */
import { referenceLogits, softmaxRows } from '../src/engine/core/compute';
import type { Network } from '../src/engine/core/network';
import type { KernelDevice, KernelOptions } from '../src/engine/kernels';
import { predictionDevice, predictProba } from '../src/engine/training/inference';
import { timeRepeats, type Timing } from './timing';

/** Samples checked against the reference path before timing. */
const CHECKED = 8;

export function timeOneSample(
  name: string,
  net: Network,
  x: Float32Array,
  samples: number,
  repeats: number,
  options: KernelOptions,
): { device: KernelDevice; timing: Timing } {
  const d = net.rowSize;
  const c = net.outputs;
  const sample = (i: number): Float32Array => x.subarray(i * d, (i + 1) * d);
  const device = predictionDevice(net, 1, undefined, options);
  if (!device) throw new Error(`${name}: predictProba would take the reference path here`);
  const want = softmaxRows(referenceLogits(net, x, CHECKED, CHECKED), CHECKED, c);
  for (let i = 0; i < CHECKED; i++) {
    const got = predictProba(net, sample(i), 1, undefined, options);
    for (let k = 0; k < c; k++) {
      if (!(Math.abs(got[k]! - want[i * c + k]!) < 1e-4)) {
        throw new Error(`${name}: sample ${i} class ${k}: ${got[k]} against the reference's ${want[i * c + k]}`);
      }
    }
  }
  const timing = timeRepeats(() => {
    for (let i = 0; i < samples; i++) predictProba(net, sample(i), 1, undefined, options);
  }, repeats);
  return { device, timing };
}
