import { Network } from '../../../src/engine/core/network';
import { Rng } from '../../../src/engine/core/random';
import { finishSelection, type FinishContext, type FinishOutcome } from '../../../src/engine/synthesis/finish';
import type { ValidationPairs } from '../../../src/engine/synthesis/pairedMargin';
import { Selector } from '../../../src/engine/synthesis/selector';
import { configSchema } from '../../../src/protocol/config';

/** One step of a synthetic history: its size, its score, and how it splits the validation rows with the baseline. */
export interface StubStep {
  name: string;
  connections: number;
  score: number;
  pairs: { onlyBaseline: number; onlyCandidate: number };
}

/**
 * A history whose smallest candidates near the target fail their confirmation, as in a synthesis from the trained
 * baseline: A and B are near the target but lose validation rows to the baseline; C scores the target but disagrees
 * with it on six rows, evenly; D agrees with it on every row; E, the largest, scores best.
 */
export const NEAR_MISS_HISTORY: readonly StubStep[] = [
  { name: 'A', connections: 10, score: 0.88, pairs: { onlyBaseline: 5, onlyCandidate: 1 } },
  { name: 'B', connections: 20, score: 0.89, pairs: { onlyBaseline: 4, onlyCandidate: 1 } },
  { name: 'C', connections: 30, score: 0.9, pairs: { onlyBaseline: 3, onlyCandidate: 3 } },
  { name: 'D', connections: 40, score: 0.9, pairs: { onlyBaseline: 0, onlyCandidate: 0 } },
  { name: 'E', connections: 100, score: 0.91, pairs: { onlyBaseline: 0, onlyCandidate: 1 } },
];

export interface StubRun {
  out: FinishOutcome;
  logs: string[];
  /** Names of the steps fine-tuned, in order. */
  tuned: string[];
  name(net: Network): string;
  /** Whether `net` is a fine-tuned copy (trained by the stub's retrainer). */
  isTunedCopy(net: Network): boolean;
}

/**
 * Runs the finishing pass of the selection over `history` with stub training: a network is told apart by its input
 * count (which clones keep), fine-tuning keeps its step's score, and its pairs with the baseline are the step's,
 * unless `pairs` says otherwise (given the step, whether the network is a fine-tuned copy, and the names tuned so far).
 * The baseline scores 90% on `rows` validation rows.
 */
export async function finishOver(
  history: readonly StubStep[],
  select: Record<string, unknown>,
  rows: number,
  pairs?: (step: StubStep, tunedCopy: boolean, tuned: string[]) => StubStep['pairs'],
): Promise<StubRun> {
  const cfg = configSchema.parse({ dataset: { source: 'x.csv' }, select }).select;
  const selector = new Selector(cfg, 0.9, rows);
  const of = (net: Network) => history[net.inputs - 1]!;
  history.forEach((h, i) =>
    selector.offer(new Network(i + 1, 3, 4, 'dag'), {
      step: i + 1,
      iteration: i + 1,
      op: 'prune',
      connections: h.connections,
      validationAccuracy: h.score,
      afterPrune: true,
    }),
  );
  const tuned: string[] = [];
  const copies = new WeakSet<Network>();
  const logs: string[] = [];
  const ctx: FinishContext = {
    retrainer: (net) => {
      copies.add(net);
      if (!tuned.includes(of(net).name)) tuned.push(of(net).name);
      return {
        net,
        epoch: async () => ({
          trainLoss: 0.1,
          trainAccuracy: 0.9,
          validationLoss: 0.3,
          validationAccuracy: of(net).score,
        }),
      };
    },
    window: 1,
    rng: new Rng(1),
    log: (m) => logs.push(m),
    pairs: (net): ValidationPairs => ({
      ...(pairs ? pairs(of(net), copies.has(net), tuned) : of(net).pairs),
      rows,
    }),
  };
  const out = (await finishSelection(selector, cfg, ctx))!;
  return { out, logs, tuned, name: (net) => of(net).name, isTunedCopy: (net) => copies.has(net) };
}
