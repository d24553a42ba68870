/**
 * Energy tables and the energy of one inference: data about results, so every runtime (the engine computing them,
 * the views redrawing per-step energies of a live run) uses the same numbers.
 */
import type { EnergyConfig } from './config';
import type { EnergyTable } from './result';

/**
 * Per-operation energies (pJ). `horowitz45nm`: Horowitz, ISSCC 2014, 45 nm, 32-bit float (MAC = mult 3.7 +
 * add 0.9, SRAM read 5, compare ~ float add 0.9). `scann130nm`: the 130 nm figures attributed to the SCANN paper
 * (MAC 11.8 pJ, SRAM 34.6 pJ, comparison 6.16 fJ), unverified (research/paper.md section 6).
 */
export const ENERGY_TABLES: Record<'horowitz45nm' | 'scann130nm', EnergyTable> = {
  horowitz45nm: { name: 'horowitz45nm', mac: 4.6, memory: 5, compare: 0.9 },
  scann130nm: { name: 'scann130nm', mac: 11.8, memory: 34.6, compare: 0.00616 },
};

export function energyTable(cfg: EnergyConfig): EnergyTable {
  if (typeof cfg === 'string') return ENERGY_TABLES[cfg];
  return { name: cfg.name, mac: cfg.mac, memory: cfg.memory, compare: cfg.compare };
}

/** Operations counted by the energy model: multiply-accumulates, parameter reads, comparisons. */
export interface OperationCounts {
  macs: number;
  reads: number;
  compares: number;
}

/** The one energy formula (pJ); networks and DR transforms differ only in what they count. */
export function operationsEnergy(ops: OperationCounts, table: EnergyTable): number {
  return ops.macs * table.mac + ops.reads * table.memory + ops.compares * table.compare;
}

/**
 * What a conv front end adds to an inference: its active kernel `weights` (counted in a network's connections),
 * `macs` (each active kernel weight once per output position of its layer), `reads` (each active kernel weight and
 * each bias once), `compares` (one per ReLU output, k*k - 1 per max-pooling output).
 */
export interface ConvOperationCounts extends OperationCounts {
  weights: number;
}

/**
 * Energy of one inference: every active connection of the dense part is one MAC and one weight read, every active
 * neuron's bias (hidden and output) one read, every hidden ReLU one comparison (`reluNeurons`, default all hidden
 * neurons: only the linear units of a DR layer have none); plus a conv front end's operations (`connections` then
 * includes its kernel weights, which `conv` counts by what they cost).
 */
export function inferenceEnergy(
  counts: {
    connections: number;
    hiddenNeurons: number;
    outputs: number;
    reluNeurons?: number;
    conv?: ConvOperationCounts;
  },
  table: EnergyTable,
): number {
  const conv = counts.conv ?? { weights: 0, macs: 0, reads: 0, compares: 0 };
  const dense = counts.connections - conv.weights;
  return operationsEnergy(
    {
      macs: dense + conv.macs,
      reads: dense + counts.hiddenNeurons + counts.outputs + conv.reads,
      compares: (counts.reluNeurons ?? counts.hiddenNeurons) + conv.compares,
    },
    table,
  );
}
