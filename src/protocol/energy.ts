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
 * Energy of one inference: every active connection is one MAC and one weight read, every active neuron's bias
 * (hidden and output) one read, every hidden ReLU one comparison (`reluNeurons`, default all hidden neurons: only
 * the linear units of a DR layer have none).
 */
export function inferenceEnergy(
  counts: { connections: number; hiddenNeurons: number; outputs: number; reluNeurons?: number },
  table: EnergyTable,
): number {
  return operationsEnergy(
    {
      macs: counts.connections,
      reads: counts.connections + counts.hiddenNeurons + counts.outputs,
      compares: counts.reluNeurons ?? counts.hiddenNeurons,
    },
    table,
  );
}
