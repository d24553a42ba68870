import type { ScannConfig } from '../../protocol/config';
import type { RunEvent } from '../../protocol/events';
import type { DatasetSummary, EpochPoint, ReduceResult, RunResult } from '../../protocol/result';
import { startNetwork } from '../core/init';
import { Rng } from '../core/random';
import { loadDataset } from '../data/load';
import { prepareData } from '../data/prepare';
import type { PreparedData } from '../data/types';
import { energyTable } from '../../protocol/energy';
import { toModel } from '../model/format';
import { checkReduce, reduceData, reduceRequested, type ReducedData } from '../reduce/pipeline';
import { synthesize } from '../synthesis/driver';
import { plannedEpochs, resolvePlan } from '../synthesis/schemes';
import { Selector } from '../synthesis/selector';
import { isRunCancelled, RunCancelled } from '../training/cancel';
import { signalYielder } from '../training/yielder';
import { memoBaseline, trainBaseline, type BaselineOutcome } from './baseline';
import { trainCompressedMlp } from './compressedMlp';
import { chooseEngine } from './engines';
import { evaluateNetwork } from './evaluate';

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

/**
 * Runs one synthesis config end to end: data, baseline MLP, SCANN synthesis, selection, evaluation. Emits every
 * step; resolves with the result, also when cancelled after the baseline (status `cancelled`, best so far).
 */
export async function runSynthesis(config: ScannConfig, ctx: RunContext): Promise<RunResult> {
  const t0 = Date.now();
  const emit = ctx.emit ?? (() => undefined);
  const yielder = signalYielder(ctx.signal);
  const rng = new Rng(config.seed);
  const raw = await loadDataset(config.dataset, { baseDir: ctx.baseDir, dataDir: ctx.dataDir });
  const data = prepareData(raw, config.dataset, rng.fork('split'));
  const dataset = summarize(data, config);
  checkReduce(config, data);
  if (resolvePlan(config).fromBaseline && reduceRequested(config)) throw new Error(IMP_AFTER_REDUCE);
  const name = config.name ?? `${data.name}-scheme-${config.scheme}`;
  emit({ type: 'started', time: t0, name, config, dataset, plannedEpochs: plannedEpochs(config) });

  const table = energyTable(config.energy);
  const engine = await chooseEngine(config.engine);
  const {
    baseline,
    net: baselineNet,
    epochs: baselineEpochs,
    score: baselineScore,
  } = await memoBaseline(ctx.baselines, config, engine.name, () =>
    trainBaseline(config, data, table, rng, emit, yielder, engine),
  );
  emit({ type: 'baseline', baseline, plannedEpochs: plannedEpochs(config, baseline.epochsUsed) });

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
  // A clone: a memoised baseline is shared with other runs.
  const net = plan.fromBaseline
    ? baselineNet.clone()
    : startNetwork(synthData.features, synthData.classes, plan.start, rng.fork('init'));
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
    if (!isRunCancelled(err)) throw err;
    status = 'cancelled';
  }
  const chosen = selector.selected();
  if (!chosen) throw new RunCancelled();
  const finalNet = chosen.candidate.net;
  const final = evaluateNetwork(finalNet, synthData, table);
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
      ...(reduced ? { reduce: reduced.fitted.transform } : {}),
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

const IMP_AFTER_REDUCE =
  'scheme imp prunes the trained baseline, which reads the raw features, so it cannot run after a reduction: ' +
  'remove `reduce` or set `reduce.method: none`';

function describeExtension(r: ReducedData): string {
  const t = r.fitted.transform;
  if (t.kind === 'linear') return 'linear transform';
  const how = r.fitted.extension === 'landmarkMds' ? 'landmark MDS' : 'Nystrom extension';
  return `out-of-sample by ${how} from ${t.count} training landmarks`;
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
