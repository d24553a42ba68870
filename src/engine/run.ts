import type { ScannConfig, TrainConfig } from '../protocol/config';
import type { RunEvent } from '../protocol/events';
import type { DatasetSummary, EnergyTable, EpochPoint, EvaluatedNetwork, RunResult } from '../protocol/result';
import { loadDataset } from './data/load';
import { prepareData } from './data/prepare';
import type { PreparedData } from './data/types';
import { synthesize } from './driver';
import { energyTable } from './energy';
import { chooseEngine, type EngineChoice } from './engines';
import { mlpNetwork, startNetwork } from './init';
import { networkMetrics } from './metrics';
import { toModel } from './model';
import type { Network } from './network';
import { Rng } from './random';
import { resolvePlan } from './schemes';
import { Selector } from './selector';
import { Trainer, type Yielder } from './trainer';
import { ValidationWindow } from './validationWindow';

export interface RunContext {
  /** Relative dataset paths resolve against this folder (the notebook's or config's). */
  baseDir: string;
  /** The bundled `data/` folder. */
  dataDir: string;
  emit?: (e: RunEvent) => void;
  signal?: AbortSignal;
}

export class RunCancelled extends Error {
  override name = 'RunCancelled';
  constructor() {
    super('run cancelled');
  }
}

/** Gives the event loop a turn every ~50 ms so IPC (cancel) is heard during long synchronous training. */
function makeYielder(signal?: AbortSignal): Yielder {
  let last = Date.now();
  return {
    maybeYield: async () => {
      if (Date.now() - last < 50) return;
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      last = Date.now();
    },
    checkCancelled: () => {
      if (signal?.aborted) throw new RunCancelled();
    },
  };
}

/**
 * Runs one synthesis config end to end: data, baseline MLP, SCANN synthesis, selection, evaluation. Emits every
 * step; resolves with the result, also when cancelled after the baseline (status `cancelled`, best so far).
 */
export async function runSynthesis(config: ScannConfig, ctx: RunContext): Promise<RunResult> {
  const t0 = Date.now();
  const emit = ctx.emit ?? (() => undefined);
  const yielder = makeYielder(ctx.signal);
  const rng = new Rng(config.seed);
  const raw = await loadDataset(config.dataset, { baseDir: ctx.baseDir, dataDir: ctx.dataDir });
  const data = prepareData(raw, config.dataset, rng.fork('split'));
  const dataset = summarize(data, config);
  const name = config.name ?? `${data.name}-scheme-${config.scheme}`;
  emit({ type: 'started', time: t0, name, config, dataset });

  const table = energyTable(config.energy);
  const engine = await chooseEngine(config.engine);
  const {
    baseline,
    epochs: baselineEpochs,
    score: baselineScore,
  } = await trainBaseline(config, data, table, rng, emit, yielder, engine);
  emit({ type: 'baseline', baseline });

  const plan = resolvePlan(config);
  const net = startNetwork(data.features, data.classes, plan.start, rng.fork('init'));
  const trainer = engine.create(net, data.train, data.validation, config.train, rng.fork('shuffle'), yielder);
  const selector = new Selector(config.select, baselineScore);
  const log: { history: RunResult['history']; epochs: EpochPoint[] } = { history: [], epochs: [] };
  let status: RunResult['status'] = 'done';
  try {
    await synthesize({
      trainer,
      plan,
      selector,
      rng: rng.fork('operations'),
      defaultEpochs: config.train.epochs,
      window: config.select.window,
      emit,
      log,
    });
  } catch (err) {
    if (!(err instanceof RunCancelled)) throw err;
    status = 'cancelled';
  }
  const chosen = selector.selected();
  if (!chosen) throw new RunCancelled();
  const finalNet = chosen.candidate.net;
  const final = evaluateNetwork(finalNet, data, config.train, table);
  const result: RunResult = {
    version: 1,
    status,
    name,
    scheme: config.scheme,
    seed: config.seed,
    engine: engine.name,
    dataset,
    baseline,
    final: {
      ...final,
      selectedAt: { step: chosen.candidate.step, iteration: chosen.candidate.iteration, op: chosen.candidate.op },
      validationScore: chosen.candidate.validationAccuracy,
      baselineValidationScore: baselineScore,
      rule: chosen.rule,
    },
    compression: final.connections > 0 ? baseline.connections / final.connections : Infinity,
    energy: {
      table,
      unit: 'pJ',
      baseline: baseline.energyPj,
      final: final.energyPj,
      ratio: final.energyPj > 0 ? baseline.energyPj / final.energyPj : Infinity,
    },
    history: log.history,
    epochs: [...baselineEpochs, ...log.epochs],
    model: toModel(finalNet, {
      featureNames: data.featureNames,
      labelNames: data.labelNames,
      scaler: data.scaler,
      ...(data.imageShape ? { imageShape: data.imageShape } : {}),
    }),
    durationMs: Date.now() - t0,
  };
  emit(status === 'done' ? { type: 'done', result } : { type: 'cancelled', result });
  return result;
}

async function trainBaseline(
  config: ScannConfig,
  data: PreparedData,
  table: EnergyTable,
  rng: Rng,
  emit: (e: RunEvent) => void,
  yielder: Yielder,
  engine: EngineChoice,
): Promise<{ baseline: EvaluatedNetwork & { layers: number[] }; epochs: EpochPoint[]; score: number }> {
  const layers = config.baseline.hidden;
  const net = mlpNetwork(
    data.features,
    data.classes,
    { layers, inputDensity: 1, initialBias: 0 },
    rng.fork('baseline-init'),
  );
  const trainer = engine.create(net, data.train, data.validation, config.train, rng.fork('baseline-shuffle'), yielder);
  const connections = net.activeConnections();
  // The baseline is scored like the synthesis: its best window of `select.window` epochs, ending at the kept network.
  let best: Network | undefined;
  let bestScore = -1;
  const window = new ValidationWindow(config.select.window);
  const log: EpochPoint[] = [];
  for (let e = 1; e <= config.baseline.epochs; e++) {
    const s = await trainer.epoch();
    const point: EpochPoint = { phase: 'baseline', step: 0, epoch: e, ...s };
    log.push(point);
    emit({ type: 'epoch', ...point, connections });
    window.push(s.validationAccuracy);
    if ((window.full || e === config.baseline.epochs) && window.mean() > bestScore) {
      bestScore = window.mean();
      best = net.clone();
    }
  }
  return {
    baseline: { ...evaluateNetwork(best ?? net, data, config.train, table), layers },
    epochs: log,
    score: bestScore,
  };
}

function evaluateNetwork(net: Network, data: PreparedData, train: TrainConfig, table: EnergyTable): EvaluatedNetwork {
  const t = new Trainer(net, data.train, data.validation, train, new Rng(0));
  const tr = t.evaluate(data.train);
  const va = t.evaluate(data.validation);
  const te = t.evaluate(data.test);
  return {
    ...networkMetrics(net, table),
    trainAccuracy: tr.accuracy,
    validationAccuracy: va.accuracy,
    testAccuracy: te.accuracy,
    testLoss: te.loss,
  };
}

function summarize(data: PreparedData, config: ScannConfig): DatasetSummary {
  const s: DatasetSummary = {
    name: data.name,
    source: config.dataset.source,
    features: data.features,
    classes: data.classes,
    labelNames: data.labelNames,
    trainRows: data.train.rows,
    validationRows: data.validation.rows,
    testRows: data.test.rows,
    testSource: data.testSource,
    scaling: config.dataset.scaling,
  };
  if (data.imageShape) s.imageShape = data.imageShape;
  return s;
}
