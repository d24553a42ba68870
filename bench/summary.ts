/** What the benchmark keeps of a run: the figures of the report, without weights or per-epoch logs. */
import { countedCost } from '../src/protocol/countedCost';
import type { SchemeName } from '../src/protocol/config';
import type { RunEvent } from '../src/protocol/events';
import type { PairedComparison, ReduceCandidate, RunResult } from '../src/protocol/result';

export interface BenchRun {
  dataset: string;
  title: string;
  scheme: SchemeName;
  status: string;
  seed: number;
  energyTable: string;
  dataRows: { train: number; validation: number; test: number; features: number; classes: number };
  /** `epochsUsed`: epochs the baseline trained (early stopping); absent in runs cached before it was reported. */
  baseline: NetFigures & { layers: number[]; epochsUsed?: number };
  dr?: {
    method: string;
    dims: number;
    ratio: number;
    extension: string;
    selected: boolean;
    transformMacs: number;
    transformEnergyPj: number;
    startHidden: number | number[];
    grid: ReduceCandidate[];
    parallel: string;
    notes: string[];
  };
  compressedMlp?: NetFigures & { layers: number[] };
  final: NetFigures & { validationScore: number; baselineValidationScore: number };
  compression: number;
  compressionWithTransform: number;
  energyRatio: number;
  energyRatioWithTransform: number;
  timings: { totalMs: number; baselineMs: number; reduceMs: number; synthesisMs: number };
  /** The paired test comparison with the baseline (absent in runs cached before it was kept). */
  comparison?: PairedComparison;
}

export interface NetFigures {
  testAccuracy: number;
  validationAccuracy: number;
  connections: number;
  hiddenNeurons: number;
  depth: number;
  energyPj: number;
}

const figures = (n: RunResult['final']): NetFigures => ({
  testAccuracy: n.testAccuracy,
  validationAccuracy: n.validationAccuracy,
  connections: n.connections,
  hiddenNeurons: n.hiddenNeurons,
  depth: n.depth,
  energyPj: n.energyPj,
});

/** Event times of one run, to split its wall time into baseline, DR and synthesis. */
export class RunClock {
  readonly start = Date.now();
  baselineAt?: number;
  reduceAt?: number;

  see(e: RunEvent): void {
    if (e.type === 'baseline') this.baselineAt = Date.now();
    if (e.type === 'reduceChosen') this.reduceAt = Date.now();
  }
}

export function summarize(id: string, title: string, r: RunResult, clock: RunClock): BenchRun {
  const end = Date.now();
  const baselineAt = clock.baselineAt ?? clock.start;
  const reduceAt = clock.reduceAt ?? baselineAt;
  const red = r.reduce;
  const counted = countedCost(r);
  const run: BenchRun = {
    dataset: id,
    title,
    scheme: r.scheme as BenchRun['scheme'],
    status: r.status,
    seed: r.seed,
    energyTable: r.energy.table.name,
    dataRows: {
      train: r.dataset.trainRows,
      validation: r.dataset.validationRows,
      test: r.dataset.testRows,
      features: r.dataset.features,
      classes: r.dataset.classes,
    },
    baseline: {
      ...figures({ ...r.final, ...r.baseline }),
      layers: r.baseline.layers,
      ...(r.baseline.epochsUsed !== undefined ? { epochsUsed: r.baseline.epochsUsed } : {}),
    },
    final: {
      ...figures(r.final),
      validationScore: r.final.validationScore,
      baselineValidationScore: r.final.baselineValidationScore,
    },
    compression: counted.network.compression,
    compressionWithTransform: counted.compression,
    energyRatio: counted.network.energyRatio,
    energyRatioWithTransform: counted.energyRatio,
    timings: {
      totalMs: end - clock.start,
      baselineMs: baselineAt - clock.start,
      reduceMs: reduceAt - baselineAt,
      synthesisMs: end - reduceAt,
    },
    ...(r.comparison ? { comparison: r.comparison } : {}),
  };
  if (red) {
    run.dr = {
      method: red.method,
      dims: red.dims,
      ratio: red.ratio,
      extension: red.extension,
      selected: red.selected,
      transformMacs: red.transform.macs,
      transformEnergyPj: red.transform.energyPj,
      startHidden: red.startHidden,
      grid: red.grid,
      parallel: `${red.parallel.mode} x${red.parallel.workers}${red.parallel.reason ? ` (${red.parallel.reason})` : ''}`,
      notes: red.notes,
    };
    if (red.compressedMlp)
      run.compressedMlp = { ...figures({ ...r.final, ...red.compressedMlp }), layers: red.compressedMlp.layers };
  }
  return run;
}
