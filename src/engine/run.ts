import type { ScannConfig, TrainConfig } from '../protocol/config';
import type { RunEvent } from '../protocol/events';
import type {
  DatasetSummary,
  EnergyTable,
  EpochPoint,
  EvaluatedNetwork,
  ReduceResult,
  RunResult,
} from '../protocol/result';
import { loadDataset } from './data/load';
import { prepareData } from './data/prepare';
import type { PreparedData } from './data/types';
import { synthesize } from './driver';
import { energyTable } from '../protocol/energy';
import { chooseEngine, type EngineChoice } from './engines';
import { mlpNetwork, startNetwork } from './init';
import { networkMetrics } from './metrics';
import { toModel } from './model';
import type { Network } from './network';
import { Rng } from './random';
import { shrinkLayers } from './reduce/compress';
import { checkReduce, reduceData, reduceRequested, type ReducedData } from './reduce/pipeline';
import { trainQuietly } from './reduce/trainQuiet';
import { plannedEpochs, resolvePlan } from './schemes';
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
  /**
   * Baselines already trained, by a key of everything they depend on (data, baseline, training recipe, selection
   * window, seed, engine). Runs that differ only in what follows the baseline (scheme, DR) share one; a benchmark
   * passes the same map to all its runs. The baseline's epoch events are not replayed.
   */
  baselines?: Map<string, BaselineOutcome>;
}

export interface BaselineOutcome {
  baseline: EvaluatedNetwork & { layers: number[] };
  epochs: EpochPoint[];
  score: number;
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
  checkReduce(config, data);
  const name = config.name ?? `${data.name}-scheme-${config.scheme}`;
  emit({ type: 'started', time: t0, name, config, dataset, plannedEpochs: plannedEpochs(config) });

  const table = energyTable(config.energy);
  const engine = await chooseEngine(config.engine);
  const {
    baseline,
    epochs: baselineEpochs,
    score: baselineScore,
  } = await memoBaseline(ctx.baselines, config, engine.name, () =>
    trainBaseline(config, data, table, rng, emit, yielder, engine),
  );
  emit({ type: 'baseline', baseline });

  // DR+SCANN: the baseline above stays on the raw features (compression is measured against it); the synthesis
  // runs on the reduced data from a start shrunk by the feature compression ratio.
  let synthData = data;
  let reduced: ReducedData | undefined;
  let reduceInfo: Omit<ReduceResult, 'withTransform' | 'grid'> | undefined;
  if (reduceRequested(config)) {
    reduced = await reduceData(config, data, table, emit, yielder);
    synthData = reduced.data;
  }
  const plan = resolvePlan(config, reduced?.ratio ?? 1);
  if (reduced && reduceRequested(config)) {
    reduceInfo = { ...reduced.summary, startHidden: plan.start.hidden };
    const s = reduced.summary;
    emit({
      type: 'log',
      level: 'info',
      message:
        `reduce: ${s.method} ${s.inputs} -> ${s.dims} features (ratio ${s.ratio.toFixed(2)}), ` +
        `${describeExtension(reduced)}; start ${JSON.stringify(plan.start.hidden)}`,
    });
    for (const note of s.notes) emit({ type: 'log', level: 'warn', message: note });
    if (config.reduce.compressedMlp) {
      reduceInfo.compressedMlp = await trainCompressedMlp(config, synthData, reduced.ratio, table, rng, yielder);
    }
    emit({ type: 'reduceChosen', reduce: reduceInfo });
  }
  const net = startNetwork(synthData.features, synthData.classes, plan.start, rng.fork('init'));
  const trainer = engine.create(net, synthData.train, synthData.validation, config.train, rng.fork('shuffle'), yielder);
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
  const final = evaluateNetwork(finalNet, synthData, config.train, table);
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
      ...(reduced ? { reduce: reduced.fitted.model } : {}),
    }),
    durationMs: Date.now() - t0,
  };
  if (reduced && reduceInfo) {
    const t = reduced.fitted.cost;
    const connections = final.connections + t.macs;
    const energyPj = final.energyPj + t.energyPj;
    result.reduce = {
      ...reduceInfo,
      withTransform: {
        connections,
        energyPj,
        compression: connections > 0 ? baseline.connections / connections : Infinity,
        energyRatio: energyPj > 0 ? baseline.energyPj / energyPj : Infinity,
      },
      grid: reduced.grid,
    };
  }
  emit(status === 'done' ? { type: 'done', result } : { type: 'cancelled', result });
  return result;
}

async function memoBaseline(
  memo: Map<string, BaselineOutcome> | undefined,
  config: ScannConfig,
  engine: string,
  train: () => Promise<BaselineOutcome>,
): Promise<BaselineOutcome> {
  if (!memo) return train();
  const key = JSON.stringify([
    config.dataset,
    config.baseline,
    config.train,
    config.select.window,
    config.energy,
    config.seed,
    engine,
  ]);
  const hit = memo.get(key);
  if (hit) return hit;
  const outcome = await train();
  memo.set(key, outcome);
  return outcome;
}

async function trainBaseline(
  config: ScannConfig,
  data: PreparedData,
  table: EnergyTable,
  rng: Rng,
  emit: (e: RunEvent) => void,
  yielder: Yielder,
  engine: EngineChoice,
): Promise<BaselineOutcome> {
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

function describeExtension(r: ReducedData): string {
  const m = r.fitted.model;
  if (m.kind === 'linear') return 'linear transform';
  const how = m.extension === 'landmarkMds' ? 'landmark MDS' : 'Nystrom extension';
  return `out-of-sample by ${how} from ${m.count} training landmarks`;
}

/** The DR-only point of the paper's flow: the baseline MLP shrunk by the compression ratio, on the reduced data. */
async function trainCompressedMlp(
  config: ScannConfig,
  data: PreparedData,
  ratio: number,
  table: EnergyTable,
  rng: Rng,
  yielder: Yielder,
): Promise<EvaluatedNetwork & { layers: number[] }> {
  const layers = shrinkLayers(config.baseline.hidden, ratio);
  const r = rng.fork('compressed-mlp');
  const net = mlpNetwork(data.features, data.classes, { layers, inputDensity: 1, initialBias: 0 }, r.fork('init'));
  const window = Math.min(config.select.window, config.baseline.epochs);
  const trained = await trainQuietly(
    net,
    data.train,
    data.validation,
    config.train,
    config.baseline.epochs,
    window,
    r.fork('shuffle'),
    yielder,
  );
  return { ...evaluateNetwork(trained.best, data, config.train, table), layers };
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
