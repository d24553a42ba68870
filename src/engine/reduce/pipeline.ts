import { baselineArchitecture, LINEAR_DR_METHODS, type ReduceConfig, type ScannConfig } from '../../protocol/config';
import type { RunEvent } from '../../protocol/events';
import type { EnergyTable, ReduceCandidate, ReduceResult } from '../../protocol/result';
import { Rng } from '../core/random';
import { subsample, takeRows } from '../data/split';
import type { PreparedData } from '../data/types';
import type { Yielder } from '../training/yielder';
import { fitInput, reduceTable, type GridShared } from './candidate';
import { fitReduce } from './fit';
import { chooseReduction, gridCells, sortGrid } from './grid';
import { runGrid } from './pool';
import { TrainingStats } from './stats';
import type { LinearTransform } from './transform';
import { ReduceError, type FittedReduce } from './types';

/** The DR step of a run: the transform in use, the data it produced, and what to report. */
export interface ReducedData {
  kind: 'reduced';
  fitted: FittedReduce;
  /** Train / validation / test in the reduced space (same rows and labels). */
  data: PreparedData;
  /** Feature compression ratio d / k. */
  ratio: number;
  grid: ReduceCandidate[];
  summary: Omit<ReduceResult, 'withTransform' | 'grid' | 'startHidden' | 'compressedMlp'>;
}

/** `auto` kept the raw features: the run goes on exactly as without `reduce`; only the report remains. */
export interface KeptFeatures {
  kind: 'none';
  grid: ReduceCandidate[];
  summary: Omit<ReduceResult, 'withTransform' | 'grid' | 'startHidden' | 'compressedMlp'>;
}

/** Whether a config asks for a reduction at all. */
export function reduceRequested(cfg: ScannConfig): cfg is ScannConfig & { reduce: ReduceConfig } {
  return cfg.reduce !== undefined && cfg.reduce.method !== 'none';
}

/** Checks the DR settings against the data before any training, so a bad `dims` fails at once. */
export function checkReduce(config: ScannConfig, data: PreparedData): void {
  if (!reduceRequested(config)) return;
  const cells = gridCells(config.reduce, data.features, data.classes, data.name);
  if (config.reduce.as !== 'layer') return;
  const manifold = cells.find(
    (c) => c.method !== 'none' && !(LINEAR_DR_METHODS as readonly string[]).includes(c.method),
  );
  if (manifold) {
    throw new ReduceError(
      `reduce.as: layer needs a linear transform; ${manifold.method} is not one (use ${LINEAR_DR_METHODS.join(', ')})`,
    );
  }
  if (config.engine === 'tfjs') {
    throw new ReduceError(
      'reduce.as: layer needs linear hidden units, which the tfjs engine lacks: use engine: builtin',
    );
  }
}

/** The transform to build the network's first layer from, when the run asks for a DR layer and reduced. */
export function layerTransform(config: ScannConfig, outcome: ReducedData | undefined): LinearTransform | undefined {
  if (!outcome || config.reduce?.as !== 'layer') return undefined;
  const t = outcome.fitted.transform;
  // checkReduce refused the manifold methods before the run started.
  if (t.kind !== 'linear') throw new ReduceError(`reduce.as: layer needs a linear transform, not ${t.method}`);
  return t;
}

/**
 * Selects (when there is more than one candidate) and fits the DR transform on the training split, and reduces
 * every split with it; or, when `auto` finds that every reduction costs validation accuracy, keeps the raw
 * features (`chooseReduction`). Grid cells are reported as `reduce` events in completion order.
 */
export async function reduceData(
  config: ScannConfig & { reduce: ReduceConfig },
  data: PreparedData,
  table: EnergyTable,
  emit: (e: RunEvent) => void,
  yielder: Yielder,
): Promise<ReducedData | KeptFeatures> {
  const t0 = Date.now();
  const cfg = config.reduce;
  const cells = gridCells(cfg, data.features, data.classes, data.name);
  // The search compares candidates, so a subset of rows serves it; the winner is refitted on them all below.
  const sample =
    data.train.rows > cfg.sampleRows
      ? takeRows(
          data.train,
          data.features,
          subsample(data.train.y, data.classes, cfg.sampleRows, new Rng(config.seed).fork('reduce-sample')),
        )
      : data.train;
  const shared: GridShared = {
    train: sample,
    validation: data.validation,
    d: data.features,
    classes: data.classes,
    layers: baselineArchitecture(config.baseline).hidden,
    trainConfig: config.train,
    epochs: cfg.epochs,
    window: Math.min(config.select.window, cfg.epochs),
    seed: config.seed,
    neighbors: cfg.neighbors,
    landmarks: cfg.landmarks,
  };
  let grid: ReduceCandidate[] = [];
  let parallel: ReduceResult['parallel'] = { mode: 'sequential', workers: 1, reason: 'no search (one candidate)' };
  let chosen = cells[0]!;
  let reason: string | undefined;
  if (cells.length > 1) {
    const run = await runGrid(cells, shared, cfg.workers, yielder, (candidate, index) =>
      emit({ type: 'reduce', index, total: cells.length, candidate }),
    );
    grid = sortGrid(run.candidates);
    parallel = run.parallel;
    const best = chooseReduction(grid, {
      tolerance: cfg.tolerance,
      margin: cfg.margin,
      validationRows: data.validation.rows,
    });
    chosen = { method: best.choice.method, dims: best.choice.dims };
    reason = best.reason;
  }
  const method = chosen.method;
  if (method === 'none') {
    const d = data.features;
    return {
      kind: 'none',
      grid,
      summary: {
        method: 'none',
        dims: d,
        inputs: d,
        ratio: 1,
        selected: true,
        ...(reason ? { reason } : {}),
        extension: 'none',
        transform: { macs: 0, parameters: 0, energyPj: 0 },
        parallel,
        notes: [],
        durationMs: Date.now() - t0,
      },
    };
  }
  const stats = new TrainingStats(data.train.x, data.train.rows, data.features);
  const fitted = fitReduce(method, fitInput(shared, stats, method, chosen.dims), table);
  const k = chosen.dims;
  const reduced: PreparedData = {
    ...data,
    features: k,
    featureNames: Array.from({ length: k }, (_, j) => `${method}${j}`),
    train: reduceTable(fitted, data.train),
    validation: reduceTable(fitted, data.validation),
    test: reduceTable(fitted, data.test),
  };
  delete reduced.imageShape;
  for (const split of [reduced.train, reduced.validation, reduced.test]) {
    for (let i = 0; i < split.x.length; i++) {
      if (!Number.isFinite(split.x[i]!)) {
        throw new ReduceError(
          `reduce: ${method} to ${k} dims produced a non-finite value (row ${Math.floor(i / k)}); try another method`,
        );
      }
    }
  }
  const ratio = data.features / k;
  return {
    kind: 'reduced',
    fitted,
    data: reduced,
    ratio,
    grid,
    summary: {
      method,
      dims: k,
      inputs: data.features,
      ratio,
      selected: cells.length > 1,
      ...(reason ? { reason } : {}),
      extension: fitted.extension,
      transform: fitted.cost,
      parallel,
      notes: fitted.notes,
      durationMs: Date.now() - t0,
    },
  };
}
