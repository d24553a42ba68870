import { AUTO_MARGIN_ROWS, type SelectConfig } from '../../protocol/config';
import type { ResolvedConfig } from '../../protocol/schemeChoice';
import type { RunEvent } from '../../protocol/events';
import type { EpochPoint, HistoryStep } from '../../protocol/result';
import type { SoftTargets } from '../core/compute';
import { frontNetwork, startNetwork } from '../core/init';
import type { Network } from '../core/network';
import type { Rng } from '../core/random';
import { transformLayer } from '../reduce/layer';
import type { LinearTransform } from '../reduce/transform';
import type { PreparedData } from '../data/types';
import { synthesize } from '../synthesis/driver';
import { finishSelection, type FinishContext, type FinishOutcome } from '../synthesis/finish';
import type { SynthesisPlan } from '../synthesis/schemes';
import { validationPairs } from '../synthesis/pairedMargin';
import { Selector } from '../synthesis/selector';
import { predictProba, scoreTables } from '../training/inference';
import { isRunCancelled } from '../training/cancel';
import type { EngineChoice } from '../training/engineChoice';
import { frontPlan } from './frontEnd';
import type { Yielder } from '../training/yielder';

export interface PassContext {
  config: ResolvedConfig;
  data: PreparedData;
  engine: EngineChoice;
  baselineScore: number;
  /** The trained baseline: where a plan that starts from it (`scheme: imp`, `start.from: baseline`) begins. */
  baselineNet: Network;
  /** Which validation rows the baseline classifies right (1/0, the split's order): for paired confirmations. */
  baselineValidationCorrect: Uint8Array;
  rng: Rng;
  yielder: Yielder;
  emit: (e: RunEvent) => void;
  /**
   * `reduce.as: layer`: the start network is built on the transform's k outputs, then the transform becomes its
   * first layer (`data` is then the raw features).
   */
  layer?: LinearTransform;
  /** Shared by every pass of a run, so a second pass continues the step numbering and the cancel keeps both. */
  log: { history: HistoryStep[]; epochs: EpochPoint[] };
}

export interface PassOutcome {
  chosen: FinishOutcome | undefined;
  cancelled: boolean;
}

/**
 * One synthesis from a start network: the plan's operations, then the choice of the network to return. A run makes
 * one pass, or two when the first misses its target and `select.fallback` names another scheme.
 */
export async function synthesisPass(plan: SynthesisPlan, ctx: PassContext): Promise<PassOutcome> {
  const { config, data, engine, rng, yielder, emit, layer } = ctx;
  // A clone: a memoised baseline is shared with other runs.
  const front = frontPlan(config, data, config.start.channelCapacity);
  const initRng = rng.fork('init');
  // A plan from the baseline (imp, C with `start.from: baseline`) takes the trained network, conv front end and all;
  // otherwise a conv front end starts with the baseline's layers (fresh weights) and the plan's start is its dense part.
  // (A conv front end and a DR layer exclude each other: the config check refuses `reduce` with conv layers.)
  const net = plan.fromBaseline
    ? ctx.baselineNet.clone()
    : front
      ? frontNetwork(front.input, front.specs, (d) => startNetwork(d, data.classes, plan.start, initRng), initRng)
      : layer
        ? transformLayer(startNetwork(layer.k, data.classes, plan.start, initRng), layer)
        : startNetwork(data.features, data.classes, plan.start, initRng);
  const trainer = engine.create(net, data.train, data.validation, config.train, rng.fork('shuffle'), yielder);
  const teacher = distillation(ctx);
  if (teacher && distillsSynthesis(config.select, data.validation.rows)) trainer.distillFrom(teacher);
  const selector = new Selector(config.select, ctx.baselineScore, data.validation.rows);
  let cancelled = false;
  try {
    await synthesize({
      trainer,
      plan,
      selector,
      rng: rng.fork('operations'),
      defaultEpochs: config.train.epochs,
      window: config.select.window,
      emit,
      log: ctx.log,
      firstStep: ctx.log.history.length,
      retrainDecay: config.train.retrainDecay,
    });
  } catch (err) {
    if (!isRunCancelled(err)) throw err;
    cancelled = true;
  }
  const finishContext: FinishContext = {
    retrainer: (n, lrFactor, r) => {
      const t = engine.create(
        n,
        data.train,
        data.validation,
        { ...config.train, lr: config.train.lr * lrFactor },
        r,
        yielder,
      );
      if (teacher) t.distillFrom(teacher);
      return t;
    },
    window: config.select.window,
    rng: rng.fork('finish'),
    log: (message) => emit({ type: 'log', level: 'info', message }),
    pairs: (n) =>
      validationPairs(ctx.baselineValidationCorrect, scoreTables(n, [data.validation], {}, [true])[0]!.correct!),
  };
  // A cancelled run returns what it has at once: no fine-tuning after the user asked to stop, and a cancel during
  // fine-tuning returns the selection as it stood.
  const untuned = { ...config.select, finetune: 0 };
  try {
    return {
      chosen: await finishSelection(selector, cancelled ? untuned : config.select, finishContext),
      cancelled,
    };
  } catch (err) {
    if (!isRunCancelled(err)) throw err;
    return { chosen: await finishSelection(selector, untuned, finishContext), cancelled: true };
  }
}

/**
 * The baseline's probabilities for every training row, when `select.distill` asks the fine-tuning (and with
 * `distillDuring: synthesis`, every retraining) to learn from them. Not when the synthesis runs on reduced features (the baseline reads the raw ones), nor on an engine whose
 * epochs ignore soft targets: the run says so in its log instead.
 */
function distillation(ctx: PassContext): SoftTargets | undefined {
  const { config, data, baselineNet, emit } = ctx;
  const weight = config.select.distill;
  const during = distillsSynthesis(config.select, data.validation.rows);
  if (weight <= 0 || (config.select.finetune === 0 && !during)) return undefined;
  const skip = (why: string) => {
    const what = during ? 'the synthesis and the fine-tuning use' : 'fine-tuning uses';
    emit({ type: 'log', level: 'warn', message: `select.distill: ${why}; ${what} the labels alone` });
    return undefined;
  };
  // A conv front end reads the rows as images; its network's `inputs` are the flatten's values, not features.
  const front = baselineNet.front?.input;
  const reads = front ? front.h * front.w * front.c : baselineNet.inputs;
  if (reads !== data.features) return skip('the synthesis runs on reduced features');
  if (ctx.engine.name !== 'builtin') return skip(`the ${ctx.engine.name} engine computes its own loss`);
  // On the kernels: the teacher's forward pass over every training row took longer than a LeNet-5 epoch on the
  // reference path (4 minutes on all of MNIST).
  return { probs: predictProba(baselineNet, data.train.x, data.train.rows), weight };
}

/**
 * Whether the synthesis's own retraining distils from the baseline too: `auto` does on a validation split of fewer
 * than AUTO_MARGIN_ROWS rows, the small sets where the suite measured its gain.
 */
export function distillsSynthesis(select: Pick<SelectConfig, 'distillDuring'>, validationRows: number): boolean {
  if (select.distillDuring === 'auto') return validationRows < AUTO_MARGIN_ROWS;
  return select.distillDuring === 'synthesis';
}
