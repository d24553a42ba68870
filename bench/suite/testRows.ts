/**
 * Which test rows a run's final model classifies correctly, kept per run so that two methods of the same dataset and
 * seed can be compared row by row (the paired comparison the engine makes with its baseline, between two methods).
 */
import type { ScannConfig } from '../../src/protocol/config';
import type { RunResult } from '../../src/protocol/result';
import { fromModel } from '../../src/engine/model/format';
import { applyTransform } from '../../src/engine/reduce/transform';
import { predictProba } from '../../src/engine/training/inference';
import { prepareLikeTheEngine } from './references';

/**
 * The final model's per-row correctness on the run's test split, as a string of '1' (right) and '0' (wrong) in row
 * order. The split is prepared again exactly as the engine did (same seed fork), so it is the scaled test split the
 * run scored; the accuracy it gives must equal the run's own, which is checked.
 */
export async function testCorrectness(config: ScannConfig, result: RunResult, repoRoot: string): Promise<string> {
  const data = await prepareLikeTheEngine(config, repoRoot);
  const { net, ctx } = fromModel(result.model);
  const t = data.test;
  const x = ctx.reduce ? applyTransform(ctx.reduce, t.x, t.rows) : t.x;
  const proba = predictProba(net, x, t.rows);
  const k = net.outputs;
  let right = 0;
  let out = '';
  for (let i = 0; i < t.rows; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (proba[i * k + c]! > proba[i * k + best]!) best = c;
    const ok = best === t.y[i];
    if (ok) right++;
    out += ok ? '1' : '0';
  }
  // Ties between equal probabilities can go either way between two evaluations; more than that is a wrong split.
  const reported = Math.round(result.final.testAccuracy * t.rows);
  if (Math.abs(right - reported) > Math.max(1, Math.ceil(0.001 * t.rows))) {
    throw new Error(
      `${result.dataset.name}: the final model gets ${right} of ${t.rows} test rows right when evaluated again, ` +
        `the run reported ${reported}: the suite's test split differs from the run's`,
    );
  }
  return out;
}

/** Parses what `testCorrectness` stored; undefined when a cached run predates it. */
export function correctFlags(s: string | undefined): Uint8Array | undefined {
  if (s === undefined) return undefined;
  return Uint8Array.from(s, (ch) => (ch === '1' ? 1 : 0));
}
