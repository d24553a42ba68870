import type { ScannConfig } from './config';
import type { FrontSnapshot } from './frontSnapshot';
import type {
  DatasetSummary,
  EpochPoint,
  HistoryStep,
  OperationName,
  ReduceCandidate,
  ReduceResult,
  RunResult,
} from './result';

/**
 * Events a run emits, in order: started, then baseline epochs, `baseline`, synthesis epochs / operations /
 * snapshots / steps, and finally exactly one of done, failed or cancelled. Sent over IPC by the engine process
 * and appended to `events.jsonl` by the run store.
 */
export type RunEvent =
  | {
      type: 'started';
      time: number;
      name: string;
      config: ScannConfig;
      dataset: DatasetSummary;
      /**
       * Training epochs the run will take (baseline included), for progress bars: the engine knows its schedule,
       * so the extension need not load it. The baseline counts with its epoch cap; `baseline` revises the total
       * once it has stopped early. Absent in event logs saved before it was added.
       */
      plannedEpochs?: number;
    }
  | { type: 'log'; level: 'info' | 'warn'; message: string }
  | ({ type: 'epoch' } & EpochPoint & { connections: number })
  | {
      type: 'baseline';
      baseline: RunResult['baseline'];
      /** `started`'s planned total with the epochs the baseline actually trained (it stops early). */
      plannedEpochs?: number;
    }
  | {
      type: 'operation';
      step: number;
      iteration: number;
      op: OperationName;
      connectionsAdded: number;
      connectionsRemoved: number;
      neuronsAdded: number;
      neuronsRemoved: number;
      channelsAdded?: number;
      channelsRemoved?: number;
      connections: number;
      hiddenNeurons: number;
    }
  | { type: 'step'; history: HistoryStep }
  | { type: 'snapshot'; step: number; architecture: ArchitectureSnapshot }
  | { type: 'done'; result: RunResult }
  | { type: 'failed'; message: string; stack?: string }
  | { type: 'cancelled'; result?: RunResult }
  /** DR+SCANN selection: one grid cell evaluated (`index` of `total`, in completion order). */
  | { type: 'reduce'; index: number; total: number; candidate: ReduceCandidate }
  /**
   * DR+SCANN: the transform in use (chosen or configured), before the synthesis starts; `grid` is in the result.
   * Sent again, with `method: none`, when `auto`'s network on the reduction missed its target and the raw features'
   * network is kept instead (the later event wins).
   */
  | { type: 'reduceChosen'; reduce: Omit<ReduceResult, 'withTransform' | 'grid'> };

/**
 * The structure after a step, for live architecture views: edges as [source, target] unit pairs with their weights.
 * With a conv front end, `inputs` are its flattened outputs and `front` describes it.
 */
export interface ArchitectureSnapshot {
  inputs: number;
  outputs: number;
  hidden: number;
  /** Per hidden neuron (topological order): its level (longest path from the inputs). */
  levels: number[];
  /** [source, target] with model unit numbering: inputs, hidden by position, outputs after hidden. */
  edges: [number, number][];
  /** Weight of each edge, same order as `edges`. */
  weights: number[];
  /** Per hidden neuron (topological order): its bias. */
  biases: number[];
  /** The conv front end before the dense part, when the network has one (absent in snapshots saved before it). */
  front?: FrontSnapshot;
}

/** What the engine process sends: its events in order, several at a time. */
export type EngineBatch = RunEvent[];

/**
 * How much CPU the engine process takes when other work wants it: `belowNormal` (the default) and `low` lower the
 * engine's scheduling priority (nice 10 and 19 on Linux and macOS), so the editor and the user's other programs win
 * the CPU and the run takes what is left; `normal` competes as an equal.
 */
export const ENGINE_PRIORITIES = ['normal', 'belowNormal', 'low'] as const;
export type EnginePriority = (typeof ENGINE_PRIORITIES)[number];

/**
 * Set (to `1`) in an engine process's environment by a parent that wants to run several jobs one after another in
 * it (the CLI's sweep pool): forking and loading the engine costs a few hundred milliseconds per job, which is most
 * of a small job. Without it the process runs one start and exits, as the editor expects.
 */
export const ENGINE_REUSE_ENV = 'SCANN_ENGINE_REUSE';

/** Messages to the engine process (checked on arrival by `parseEngineRequest` in engineGuards.ts). */
export type EngineRequest =
  | { type: 'start'; config: ScannConfig; baseDir: string; dataDir: string; priority?: EnginePriority }
  | { type: 'cancel' };
