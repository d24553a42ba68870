import type { EnergyConfig } from '../protocol/config';
import type { EnergyTable } from '../protocol/result';

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

/**
 * Energy of one inference: every active connection is one MAC and one weight read, every active neuron's bias
 * (hidden and output) one read, every hidden ReLU one comparison.
 */
export function inferenceEnergy(
  counts: { connections: number; hiddenNeurons: number; outputs: number },
  table: EnergyTable,
): number {
  const macs = counts.connections;
  const reads = counts.connections + counts.hiddenNeurons + counts.outputs;
  return macs * table.mac + reads * table.memory + counts.hiddenNeurons * table.compare;
}
