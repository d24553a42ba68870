import type { OperationConfig, RetrainDecay } from '../../protocol/config';
import type { RunEvent } from '../../protocol/events';
import type { EpochPoint, HistoryStep, OperationName } from '../../protocol/result';
import { architectureSnapshot, convCounts } from '../core/metrics';
import type { Rng } from '../core/random';
import { retrainLr } from '../training/lrSchedule';
import type { Trainer } from '../training/trainer';
import { trainWindowed } from '../training/windowedTraining';
import { growChannels } from './ops/channels';
import { growConnections } from './ops/growConnections';
import { growNeurons } from './ops/growNeurons';
import { noChange, type OpOutcome } from './ops/outcome';
import { prune } from './ops/prune';
import type { SynthesisPlan } from './schemes';
import type { Selector } from './selector';

export interface DriverContext {
  trainer: Trainer;
  plan: SynthesisPlan;
  selector: Selector;
  /** Growth noise and random choices of operations. */
  rng: Rng;
  defaultEpochs: number;
  /** Epochs averaged into a step's validation score (`select.window`). */
  window: number;
  emit: (e: RunEvent) => void;
  /** Filled as the synthesis goes, so that a cancelled run keeps everything up to the cancel. */
  log: { history: HistoryStep[]; epochs: EpochPoint[] };
  /** Number of the first step (a second pass of a run continues the first's numbering). */
  firstStep?: number;
  /** `train.retrainDecay`: how the learning rate moves during each retraining (absent: it stays at `train.lr`). */
  retrainDecay?: RetrainDecay;
}

/** Applies one operation to the trainer's network. */
export function applyOperation(
  o: OperationConfig,
  trainer: Trainer,
  rng: Rng,
  pruneScope: 'group' | 'global',
): OpOutcome {
  switch (o.op) {
    case 'growConnections':
      return growConnections(trainer, o, rng);
    case 'growNeurons':
      return growNeurons(trainer, o, rng);
    case 'growChannels':
      return growChannels(trainer, o, rng);
    case 'prune':
      return prune(trainer, o, pruneScope);
  }
}

/**
 * The one synthesis driver: initial training, then prelude, `iterations` x loop, finale; every operation is
 * followed by retraining, every epoch offered to the selector, every step reported as events.
 */
export async function synthesize(ctx: DriverContext): Promise<void> {
  const { trainer, plan, emit } = ctx;
  const { history, epochs } = ctx.log;
  let step = ctx.firstStep ?? 0;
  // The rate every retraining starts from; a decayed retraining gives it back when it ends.
  const lr = trainer.learningRate;
  const decays = ctx.retrainDecay === 'cosine';

  const phase = async (iteration: number, op: OperationName, nEpochs: number, outcome: OpOutcome): Promise<void> => {
    const net = trainer.net;
    const connections = net.activeWeights();
    if (op !== 'train') {
      emit({ type: 'operation', step, iteration, op, ...outcome, connections, hiddenNeurons: net.order.length });
    }
    emit({ type: 'snapshot', step, architecture: architectureSnapshot(net) });
    const offer = (validationAccuracy: number): void =>
      ctx.selector.offer(net, { connections, validationAccuracy, step, iteration, op, afterPrune: op === 'prune' });
    if (decays && nEpochs > 0) trainer.learningRate = retrainLr(lr, nEpochs, 1);
    const decay = decays ? { afterEpoch: (e: number) => (trainer.learningRate = retrainLr(lr, nEpochs, e + 1)) } : {};
    const trained = await trainWindowed(trainer, {
      epochs: nEpochs,
      window: ctx.window,
      // With a window, a step is one candidate: its final network, scored by its last epochs.
      scored: ctx.window === 1 ? 'every' : 'last',
      onEpoch: (epoch, s) => {
        const point: EpochPoint = { phase: 'synthesis', step, epoch, ...s };
        epochs.push(point);
        emit({ type: 'epoch', ...point, connections });
      },
      onScore: offer,
      ...decay,
    }).finally(() => (trainer.learningRate = lr));
    // A step without retraining is a candidate too, as its operation left it.
    const bestVal = nEpochs > 0 ? trained.bestEpoch : trainer.validate().accuracy;
    if (nEpochs === 0) offer(bestVal);
    const h: HistoryStep = {
      step,
      iteration,
      op,
      connections,
      hiddenNeurons: net.order.length,
      depth: net.levels().depth,
      ...convCounts(net),
      ...outcome,
      ...(net.hasLinearUnits() ? { linearNeurons: net.order.filter((s) => net.linear[s]).length } : {}),
      validationAccuracy: bestVal,
      trainLoss: trained.lastTrainLoss,
      epochs: nEpochs,
    };
    history.push(h);
    emit({ type: 'step', history: h });
    step++;
  };

  const run = async (o: OperationConfig, iteration: number): Promise<void> => {
    const outcome = applyOperation(o, trainer, ctx.rng, plan.pruneScope);
    await phase(iteration, o.op, o.epochs ?? ctx.defaultEpochs, outcome);
  };

  await phase(0, 'train', plan.initialEpochs, noChange());
  for (const o of plan.prelude) await run(o, 0);
  for (let it = 1; it <= plan.iterations; it++) for (const o of plan.loop) await run(o, it);
  for (const o of plan.finale) await run(o, plan.iterations + 1);
}
