import { baselineArchitecture, baselineStartName, type ScannConfig } from '../../protocol/config';
import type { RunEvent } from '../../protocol/events';
import type { DatasetSummary, EpochPoint, ReduceResult, RunResult } from '../../protocol/result';
import { Rng } from '../core/random';
import { loadDataset } from '../data/load';
import { checkNetworkSize } from '../core/limits';
import { prepareData } from '../data/prepare';
import type { PreparedData } from '../data/types';
import { energyTable } from '../../protocol/energy';
import { reduceLine } from '../../protocol/claims';
import { toModel } from '../model/format';
import {
  checkReduce,
  layerTransform,
  reduceData,
  reduceRequested,
  type KeptFeatures,
  type ReducedData,
} from '../reduce/pipeline';
import { plannedEpochs, resolvePlan } from '../synthesis/schemes';
import { RunCancelled } from '../training/cancel';
import { signalYielder } from '../training/yielder';
import { memoBaseline, trainBaseline, type BaselineOutcome } from './baseline';
import { trainCompressedMlp } from './compressedMlp';
import { chooseEngine } from './engines';
import { compareOnTest } from './comparison';
import { evaluateWithRows } from './evaluate';
import { frontPlan } from './frontEnd';
import { owesRawPass, rescueOnRawFeatures } from './rawRescue';
import { synthesizeWithFallback } from './passes';
import { selectionTarget } from './target';
import { keepBaselineReason } from './keepBaseline';
import { validationPairs } from '../synthesis/pairedMargin';
import { scoreTables } from '../training/inference';
import { resolveScheme, type ResolvedConfig } from '../../protocol/schemeChoice';
import { schemeChoiceLine } from '../../protocol/result';

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
export async function runSynthesis(asked: ScannConfig, ctx: RunContext): Promise<RunResult> {
  const t0 = Date.now();
  const emit = ctx.emit ?? (() => undefined);
  const yielder = signalYielder(ctx.signal);
  const rng = new Rng(asked.seed);
  const raw = await loadDataset(asked.dataset, { baseDir: ctx.baseDir, dataDir: ctx.dataDir });
  const data = prepareData(raw, asked.dataset, rng.fork('split'));
  // `scheme: auto` is settled by the validation split's size; from here on the run is the chosen scheme's.
  const { config, choice } = resolveScheme(asked, data.validation.rows);
  const dataset = summarize(data, config);
  checkReduce(config, data);
  // Before any training: a start or baseline too large to build (or a conv front end that does not fit the images)
  // is a config error, not a failure hours in.
  const baselineInputs = frontPlan(config, data)?.units ?? data.features;
  const startInputs = frontPlan(config, data, config.start.channelCapacity)?.units ?? data.features;
  checkNetworkSize(baselineInputs, sum(baselineArchitecture(config.baseline).hidden), data.classes);
  if (!reduceRequested(config)) checkNetworkSize(startInputs, resolvePlan(config).start.capacity, data.classes);
  if (resolvePlan(config).fromBaseline && reduceRequested(config)) throw new Error(baselineAfterReduce(config));
  const name = config.name ?? `${data.name}-scheme-${config.scheme}`;
  emit({ type: 'started', time: t0, name, config, dataset, plannedEpochs: plannedEpochs(config) });
  if (asked.scheme === 'auto') emit({ type: 'log', level: 'info', message: schemeChoiceLine(choice) });

  const table = energyTable(config.energy);
  const engine = await chooseEngine(config.engine);
  const {
    baseline,
    net: baselineNet,
    epochs: baselineEpochs,
    score: baselineScore,
    testCorrect: baselineCorrect,
  } = await memoBaseline(ctx.baselines, config, engine.name, () =>
    trainBaseline(config, data, table, rng, emit, yielder, engine),
  );
  emit({ type: 'baseline', baseline, plannedEpochs: plannedEpochs(config, baseline.epochsUsed) });

  // DR+SCANN: the baseline above stays on the raw features (compression is measured against it); the synthesis
  // runs on the reduced data from a start shrunk by the feature compression ratio.
  // When `auto` keeps the raw features (every reduction cost accuracy), nothing below sees a reduction: the run is
  // the run without `reduce`, plus the report of the choice.
  let outcome: ReducedData | KeptFeatures | undefined;
  if (reduceRequested(config)) outcome = await reduceData(config, data, table, emit, yielder);
  let reduced = outcome?.kind === 'reduced' ? outcome : undefined;
  // A DR layer: the synthesis reads the raw features and the transform is the network's first layer.
  let layer = layerTransform(config, reduced);
  let synthData = layer ? data : (reduced?.data ?? data);
  const plan = resolvePlan(config, reduced?.ratio ?? 1);
  if (layer) checkNetworkSize(data.features, plan.start.capacity + layer.k, data.classes);
  let reduceInfo: Omit<ReduceResult, 'withTransform' | 'grid'> | undefined;
  if (outcome && reduceRequested(config)) {
    reduceInfo = { ...outcome.summary, startHidden: plan.start.hidden };
    if (layer) {
      // The transform is connections of the network now, counted there: nothing runs before the network.
      reduceInfo.as = 'layer';
      reduceInfo.layerConnections = reduceInfo.transform.macs;
      reduceInfo.transform = { macs: 0, parameters: 0, energyPj: 0 };
    }
    const s = outcome.summary;
    emit({
      type: 'log',
      level: 'info',
      message: reduced
        ? `reduce: ${s.method} ${s.inputs} -> ${s.dims} features (ratio ${s.ratio.toFixed(2)}), ` +
          `${describeExtension(reduced)}${layer ? ` as the network's first layer (${layer.k} linear neurons)` : ''}; ` +
          `start ${JSON.stringify(plan.start.hidden)}` +
          (s.reason ? `; auto: ${s.reason}` : '')
        : `reduce: ${reduceLine(s)}; the network takes the raw ${s.inputs} features`,
    });
    for (const note of s.notes) emit({ type: 'log', level: 'warn', message: note });
    if (reduced && config.reduce.compressedMlp) {
      reduceInfo.compressedMlp = await trainCompressedMlp(config, reduced.data, reduced.ratio, table, rng, yielder);
    }
    emit({ type: 'reduceChosen', reduce: reduceInfo });
  }
  const log: { history: RunResult['history']; epochs: EpochPoint[] } = { history: [], epochs: [] };
  // The baseline reads the raw features; a reduction keeps the validation rows and their order.
  const baselineValidationCorrect = scoreTables(baselineNet, [data.validation], {}, [true])[0]!.correct!;
  const pass = {
    config,
    data: synthData,
    engine,
    baselineScore,
    baselineNet,
    baselineValidationCorrect,
    yielder,
    emit,
    log,
    ...(layer ? { layer } : {}),
  };
  const passes = await synthesizeWithFallback(config, plan, { ...pass, rng }, reduced?.ratio ?? 1);
  let { chosen, cancelled, scheme, plan: usedPlan, fallbackTried } = passes;
  if (!cancelled && chosen && reduced && owesRawPass(config, reduced, chosen)) {
    const { layer: _layer, data: _reducedData, ...common } = pass;
    const rescue = await rescueOnRawFeatures(config, reduced, chosen, common, data, rng);
    cancelled = rescue.outcome.cancelled;
    const raw = rescue.outcome.chosen;
    if (rescue.none && raw) {
      // From here on the run is the run without a reduction, plus the report of why `auto` ended with none.
      chosen = { ...raw, rule: `${raw.rule} (on the raw features)` };
      ({ scheme, plan: usedPlan, fallbackTried } = rescue.outcome);
      outcome = rescue.none;
      reduced = undefined;
      layer = undefined;
      synthData = data;
      reduceInfo = { ...rescue.none.summary, startHidden: rescue.outcome.plan.start.hidden };
      emit({ type: 'reduceChosen', reduce: reduceInfo });
    }
  }
  const status: RunResult['status'] = cancelled ? 'cancelled' : 'done';
  if (!chosen) throw new RunCancelled();
  const synthPairs = validationPairs(
    baselineValidationCorrect,
    scoreTables(chosen.candidate.net, [synthData.validation], {}, [true])[0]!.correct!,
  );
  const keepWhy = status === 'done' ? keepBaselineReason(config, chosen.met, synthPairs) : undefined;
  if (keepWhy) {
    emit({ type: 'log', level: 'warn', message: `select.keepBaseline: ${keepWhy}; the trained baseline is returned` });
  }
  // The baseline reads the raw features: returned, it runs without the reduction in front.
  const finalNet = keepWhy ? baselineNet : chosen.candidate.net;
  const finalData = keepWhy ? data : synthData;
  const { evaluated: final, testCorrect } = evaluateWithRows(finalNet, finalData, table);
  // An inference runs the DR transform too: the headline figures count it (zero without a reduction).
  // A DR layer's connections are the network's own (`final.connections`), so nothing is added for it.
  const transform = (!keepWhy && !layer && reduced?.fitted.cost) || { macs: 0, energyPj: 0 };
  const countedConnections = final.connections + transform.macs;
  const countedEnergy = final.energyPj + transform.energyPj;
  const compressionWithTransform = countedConnections > 0 ? baseline.connections / countedConnections : Infinity;
  const energyRatio = countedEnergy > 0 ? baseline.energyPj / countedEnergy : Infinity;
  const result: RunResult = {
    version: 1,
    status,
    name,
    scheme,
    ...(asked.scheme === 'auto' ? { schemeChoice: choice } : {}),
    seed: config.seed,
    engine: engine.name,
    dataset,
    baseline,
    final: {
      ...final,
      selectedAt: { step: chosen.candidate.step, iteration: chosen.candidate.iteration, op: chosen.candidate.op },
      validationScore: keepWhy ? baselineScore : chosen.candidate.validationAccuracy,
      baselineValidationScore: baselineScore,
      rule: keepWhy ? `${chosen.rule}; the trained baseline returned (select.keepBaseline)` : chosen.rule,
    },
    compression: final.connections > 0 ? baseline.connections / final.connections : Infinity,
    compressionWithTransform,
    energy: {
      table,
      unit: 'pJ',
      baseline: baseline.energyPj,
      final: countedEnergy,
      ratio: energyRatio,
      transform: transform.energyPj,
    },
    history: log.history,
    epochs: [...baselineEpochs, ...log.epochs],
    model: toModel(finalNet, {
      featureNames: data.featureNames,
      labelNames: data.labelNames,
      scaler: data.scaler,
      ...(data.imageShape ? { imageShape: data.imageShape } : {}),
      ...(reduced && !layer && !keepWhy ? { reduce: reduced.fitted.transform } : {}),
    }),
    durationMs: Date.now() - t0,
    target: selectionTarget({
      config,
      plan: usedPlan,
      // Returning the baseline is a missed target, even when the network had cleared the score.
      chosen: keepWhy ? { ...chosen, met: false } : chosen,
      baselineScore,
      history: log.history,
      status,
      ...(reduceInfo ? { reduce: reduceInfo } : {}),
    }),
    // Same rows in the same order: a reduction transforms the test split's features, never its rows.
    comparison: compareOnTest(
      { testAccuracy: final.testAccuracy, correct: testCorrect },
      { testAccuracy: baseline.testAccuracy, correct: baselineCorrect },
    ),
  };
  if (fallbackTried && result.target && !result.target.met && result.target.reason && !chosen.met) {
    result.target.reason += `; the fallback scheme ${config.select.fallback} did not reach it either`;
  }
  if (result.target) {
    result.target.validationPairs = {
      rows: synthPairs.rows,
      onlyBaselineRight: synthPairs.onlyBaseline,
      onlySynthesizedRight: synthPairs.onlyCandidate,
    };
  }
  if (keepWhy && result.target) {
    const c = chosen.candidate;
    const network = `${c.connections.toLocaleString('en-US')} connections, ${(baseline.connections / c.connections).toFixed(1)}x`;
    result.target.returnedBaseline = true;
    result.target.reason =
      `the trained baseline is returned (1.0x) because ${keepWhy}` +
      (chosen.met ? '' : `; ${result.target.reason ?? 'the target was missed'}`);
    result.target.suggestions.push(
      `select.keepBaseline: never returns the synthesized network (${network}) with its validation shortfall`,
    );
  }
  if (outcome && reduceInfo) {
    result.reduce = {
      ...reduceInfo,
      withTransform: {
        connections: countedConnections,
        energyPj: countedEnergy,
        compression: compressionWithTransform,
        energyRatio,
      },
      grid: outcome.grid,
    };
  }
  emit(status === 'done' ? { type: 'done', result } : { type: 'cancelled', result });
  return result;
}

function baselineAfterReduce(config: ResolvedConfig): string {
  return (
    `${baselineStartName(config)} prunes the trained baseline, which reads the raw features, so it cannot run after a reduction: ` +
    'remove `reduce` or set `reduce.method: none`'
  );
}

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

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
