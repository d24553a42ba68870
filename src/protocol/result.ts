import type { SchemeChoice } from './schemeChoice';
import type { DrMethod } from './config';
import type { ModelJson } from './model';

export type OperationName = 'train' | 'growConnections' | 'growNeurons' | 'growChannels' | 'prune';

export interface EnergyTable {
  name: string;
  /** pJ per multiply-accumulate. */
  mac: number;
  /** pJ per parameter read. */
  memory: number;
  /** pJ per comparison. */
  compare: number;
}

/** Size and cost of one network. */
export interface NetworkMetrics {
  /** Active weights: the dense part's connections plus, with a conv front end, its active kernel weights. */
  connections: number;
  byGroup: { inputHidden: number; hiddenHidden: number; hiddenOutput: number; inputOutput: number };
  /** Connections plus biases of hidden and output neurons. */
  parameters: number;
  hiddenNeurons: number;
  /** Longest input->output path, in hidden neurons. */
  depth: number;
  macs: number;
  /** pJ per inference with the run's energy table. */
  energyPj: number;
  /**
   * A conv front end's share, when the network has one (`byGroup` counts the dense part only): active kernel
   * weights, their multiply-accumulates per inference (one per output position), and each conv layer's channels.
   */
  conv?: { weights: number; macs: number; channels: number[] };
}

export interface EvaluatedNetwork extends NetworkMetrics {
  trainAccuracy: number;
  validationAccuracy: number;
  testAccuracy: number;
  testLoss: number;
}

export interface DatasetSummary {
  name: string;
  source: string;
  features: number;
  classes: number;
  labelNames: string[];
  trainRows: number;
  validationRows: number;
  testRows: number;
  testSource: 'official' | 'heldOut';
  scaling: string;
  imageShape?: [number, number];
}

/** One training phase of the synthesis: the operation that opened it and the state it ended in. */
export interface HistoryStep {
  step: number;
  /** 0 = before the loop (initial training and prelude), 1..n = loop iterations, n+1 = finale. */
  iteration: number;
  op: OperationName;
  connections: number;
  hiddenNeurons: number;
  /** Of `hiddenNeurons`, the linear ones (a DR layer's, `reduce.as: layer`); absent when there are none. */
  linearNeurons?: number;
  depth: number;
  connectionsAdded: number;
  connectionsRemoved: number;
  neuronsAdded: number;
  neuronsRemoved: number;
  /** Conv channels added or removed, for a network with a conv front end (connections count kernel weights too). */
  channelsAdded?: number;
  channelsRemoved?: number;
  /** A conv front end's operations (its kernel weights are in `connections`), so views can redraw its energy. */
  conv?: { weights: number; macs: number; reads: number; compares: number };
  /** Best validation accuracy reached during the phase's training. */
  validationAccuracy: number;
  trainLoss: number;
  epochs: number;
}

export interface EpochPoint {
  phase: 'baseline' | 'synthesis';
  step: number;
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  validationLoss: number;
  validationAccuracy: number;
}

export type RunStatus = 'done' | 'cancelled';

/** Everything a finished (or cancelled) run produced. `scann run --json` prints this shape, minus `model`. */
export interface RunResult {
  version: 1;
  status: RunStatus;
  name: string;
  scheme: string;
  /**
   * What `scheme: auto` chose and why (before any fallback: `scheme` is the scheme whose network was kept). Absent
   * when the config named its scheme, and in results of older versions.
   */
  schemeChoice?: SchemeChoice;
  seed: number;
  engine: string;
  dataset: DatasetSummary;
  /** `epochsUsed`: epochs the baseline trained before early stopping (absent in results of older versions). */
  baseline: EvaluatedNetwork & { layers: number[]; epochsUsed?: number };
  final: EvaluatedNetwork & {
    selectedAt: { step: number; iteration: number; op: OperationName };
    rule: string;
    /** The selection score of the chosen network and the baseline's: mean validation accuracy over `select.window` epochs. */
    validationScore: number;
    baselineValidationScore: number;
  };
  /** Baseline connections / final connections: the network alone, without a DR transform in front of it. */
  compression: number;
  /**
   * Baseline connections / (final connections + the DR transform's multiply-accumulates; non-zeros for sparse
   * projections): the headline figure. Equal to `compression` without a transform. Absent in older saved results
   * (`countedCost` in countedCost.ts derives it for those).
   */
  compressionWithTransform?: number;
  /**
   * pJ per inference. `final` and `ratio` count the DR transform (`transform`, 0 without one); the network alone is
   * `final.energyPj`. Results saved before `transform` existed have the network alone in `final`.
   */
  energy: { table: EnergyTable; unit: 'pJ'; baseline: number; final: number; ratio: number; transform?: number };
  history: HistoryStep[];
  epochs: EpochPoint[];
  model: ModelJson;
  durationMs: number;
  /**
   * DR+SCANN: the reduction in front of the network (absent when `reduce` is off or `method: none`). When `auto`
   * found that every reduction cost validation accuracy, `method` is `none`: the network takes the raw features.
   */
  reduce?: ReduceResult;
  /** Whether the selection rule found what it looks for. Written by every run; absent in older saved results. */
  target?: RunTarget;
  /** The final network against the baseline on the test split, row by row. Absent in older saved results. */
  comparison?: PairedComparison;
}

/**
 * Whether the selection rule found a network it accepts. `met` is false when no network qualified and the run
 * returned the best one instead (for `smallestWithin`: none reached the baseline's validation score less the
 * tolerance; for `bestAfterPrune`: no network was scored right after a prune). A run that misses its target still
 * ends `done`: the network is usable, but it is not what the rule promised.
 */
export interface RunTarget {
  met: boolean;
  /** The configured rule (`select.rule`). */
  rule: string;
  /** `select.tolerance`. */
  tolerance: number;
  /** The selection scores (mean validation accuracy over `select.window` epochs) of the baseline and the selected network. */
  baselineValidation: number;
  selectedValidation: number;
  /** Why the target was missed, in one sentence (absent when met). */
  reason?: string;
  /** Config changes to try, each naming the key and a value for this run (empty when met). */
  suggestions: string[];
  /**
   * True when `select.keepBaseline` returned the trained baseline itself instead of the synthesized network: `final`
   * is then the baseline (compression 1.0) and `reason` says why.
   */
  returnedBaseline?: boolean;
  /**
   * The synthesized network (the one the selection chose, also when the baseline is returned) against the baseline
   * on the validation rows: how many only the baseline classifies right and how many only the network. Absent in
   * older saved results.
   */
  validationPairs?: { rows: number; onlyBaselineRight: number; onlySynthesizedRight: number };
}

/**
 * The paired comparison of the final network with the baseline on the test split: both classify the same rows, so
 * what counts is how the rows only one of them gets right split. Interval: Newcombe's method 10 for paired
 * proportions; test: two-sided exact McNemar.
 */
export interface PairedComparison {
  /** final.testAccuracy - baseline.testAccuracy (fractions; negative = the synthesized network is worse). */
  testAccuracyDelta: number;
  /** 95% confidence interval of the delta. */
  ci95: [number, number];
  /** Exact McNemar p-value of "both are equally accurate". */
  pValue: number;
  method: 'mcnemar-exact+newcombe';
  testRows: number;
  /** Test rows only the baseline classifies right. */
  onlyBaselineRight: number;
  /** Test rows only the synthesized network classifies right. */
  onlySynthesizedRight: number;
}

/**
 * How a DR transform reaches points it was not fitted on: `linear` (a matrix), `landmarkMds` (Isomap's landmark
 * MDS through the nearest landmarks) or `nystrom` (Nystrom extension of the spectral embedding).
 */
export type ReduceExtension = 'linear' | 'landmarkMds' | 'nystrom';

/** Inference cost of a DR transform: dense linear k x d MACs, sparse random projections their non-zeros. */
export interface TransformCost {
  macs: number;
  parameters: number;
  /** pJ per inference with the run's energy table (a MAC and a parameter read each). */
  energyPj: number;
}

/** What the DR step may end with: a method, or `none` (auto's choice when every reduction cost accuracy). */
export type ReduceChoice = DrMethod | 'none';

/**
 * One cell of the DR selection grid: a method and dimension, scored by a briefly trained baseline MLP. With
 * `method: auto` the grid also holds the unreduced data (`method: none`, `dims` = the raw feature count).
 */
export interface ReduceCandidate {
  method: ReduceChoice;
  dims: number;
  /** Mean validation accuracy over the best `select.window` epochs (the selection score). */
  score: number;
  /** Best single-epoch validation accuracy. */
  validationAccuracy: number;
  epochs: number;
  /**
   * The cell's transform: multiply-accumulates per inference (as `TransformCost.macs`; 0 for `none`), what `auto`
   * ranks by among cells of about the best score. Absent for failed cells and in older saved results.
   */
  macs?: number;
  fitMs: number;
  trainMs: number;
  /** Why the candidate could not be evaluated (it is then skipped). */
  error?: string;
}

export interface ReduceResult {
  /** The method in use; `none` when `auto` kept the raw features (then `dims` = `inputs`, `ratio` 1, no transform). */
  method: ReduceChoice;
  /** Reduced dimension k. */
  dims: number;
  /** Raw feature count d. */
  inputs: number;
  /** Feature compression ratio d / k. */
  ratio: number;
  /** Whether the method and dimension came from the selection grid. */
  selected: boolean;
  /** `auto`'s choice in words: the chosen cell's score against the unreduced data's. */
  reason?: string;
  /** `none` when no transform is in use. */
  extension: ReduceExtension | 'none';
  /**
   * What runs before the network per inference. Zero with `as: layer`: the transform is then the network's first
   * layer and its connections are counted in the network's.
   */
  transform: TransformCost;
  /** `reduce.as: layer`: the transform became the network's first layer of linear neurons (absent: a fixed transform). */
  as?: 'layer';
  /** `as: layer`: the first layer's connections at the start (the transform's non-zeros), before any pruning. */
  layerConnections?: number;
  /** The final network plus the transform: the figures with the transform's cost counted. */
  withTransform: { connections: number; energyPj: number; compression: number; energyRatio: number };
  /** The start network's hidden layers (MLP) or neuron count (DAG) after shrinking by `ratio`. */
  startHidden: number | number[];
  /** The DR-only point: the baseline MLP with every layer shrunk by `ratio`, trained on the reduced data. */
  compressedMlp?: EvaluatedNetwork & { layers: number[] };
  grid: ReduceCandidate[];
  /** How the grid ran: on worker threads, or in the run's own thread (and why). */
  parallel: { mode: 'threads' | 'sequential'; workers: number; reason?: string };
  notes: string[];
  durationMs: number;
}

/**
 * How outputs name a run's scheme and its network: SCANN's schemes by letter; `imp` is the pruning peer SCANN is
 * compared with (magnitude pruning of the baseline), not SCANN, and is titled so.
 */
export function schemeLabel(scheme: string): { scheme: string; network: string } {
  return scheme === 'imp'
    ? { scheme: 'magnitude pruning (imp)', network: 'Pruned baseline (imp)' }
    : { scheme: `SCANN scheme ${scheme}`, network: 'SCANN' };
}

/** How outputs name what `scheme: auto` chose: "`scheme: auto` chose scheme C from the trained baseline, because ...". */
export function schemeChoiceLine(choice: SchemeChoice): string {
  const what = choice.fromBaseline ? 'scheme C from the trained baseline' : `scheme ${choice.scheme}`;
  return `\`scheme: auto\` chose ${what}, because ${choice.reason}`;
}

/** How outputs name the baseline: `MLP 128-64`, or with a conv front end its channels first, `conv 20-50 + MLP 500`. */
export function baselineLabel(b: Pick<NetworkMetrics, 'conv'> & { layers: number[] }): string {
  const mlp = `MLP ${b.layers.join('-')}`;
  return b.conv ? `conv ${b.conv.channels.join('-')} + ${mlp}` : mlp;
}
