/** What the benchmark keeps of a run: the figures of the report, without weights or per-epoch logs. */
import { decodeBase64 } from '../src/protocol/base64';
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
  /** A network with a conv front end: active weights per layer, baseline and final (the paper's R1 breakdown). */
  layers?: LayerWeights[];
  /** The 1-minute load average of the machine while the run ran (sampled by bench/paper.ts). */
  load?: LoadFigures;
  /** CPU seconds (user + system, every thread) the run's process spent on it: its cost apart from the load. */
  cpuS?: number;
}

export interface LayerWeights {
  name: string;
  baseline: number;
  final: number;
}

export interface LoadFigures {
  before: number;
  after: number;
  mean: number;
  max: number;
  samples: number;
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
  const layers = layerWeights(r);
  if (layers) run.layers = layers;
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

/**
 * Active weights per layer of a network with a conv front end: each conv layer's from the final model's kernel
 * masks (the baseline's are dense: its channels x kernel area x input channels), then the dense part's groups.
 */
export function layerWeights(r: RunResult): LayerWeights[] | undefined {
  const front = r.model.front;
  const channels = r.baseline.conv?.channels;
  if (!front || !channels) return undefined;
  const out: LayerWeights[] = [];
  let inC = front.input[2];
  let i = 0;
  for (const layer of front.layers) {
    if (layer.kind !== 'conv') continue;
    const active = decodeBase64(layer.mask).reduce((s, m) => s + (m ? 1 : 0), 0);
    const base = channels[i]! * layer.kernel * layer.kernel * inC;
    out.push({ name: `conv ${i + 1} (${layer.kernel}x${layer.kernel})`, baseline: base, final: active });
    inC = channels[i]!;
    i++;
  }
  const groups: [keyof RunResult['final']['byGroup'], string][] = [
    ['inputHidden', 'flatten -> hidden'],
    ['hiddenHidden', 'hidden -> hidden'],
    ['hiddenOutput', 'hidden -> output'],
    ['inputOutput', 'flatten -> output'],
  ];
  for (const [g, name] of groups) {
    const base = r.baseline.byGroup[g];
    const fin = r.final.byGroup[g];
    if (base > 0 || fin > 0) out.push({ name, baseline: base, final: fin });
  }
  return out;
}
