import type { ArchitectureSnapshot } from '../../protocol/events';
import type { EnergyTable, NetworkMetrics } from '../../protocol/result';
import { inferenceEnergy } from '../../protocol/energy';
import type { Network } from './network';

export function networkMetrics(net: Network, table: EnergyTable): NetworkMetrics {
  const byGroup = net.connectionsByGroup();
  const connections = byGroup.inputHidden + byGroup.hiddenHidden + byGroup.hiddenOutput + byGroup.inputOutput;
  const hiddenNeurons = net.order.length;
  return {
    connections,
    byGroup,
    parameters: connections + hiddenNeurons + net.outputs,
    hiddenNeurons,
    depth: net.levels().depth,
    macs: connections,
    energyPj: inferenceEnergy(
      { connections, hiddenNeurons, outputs: net.outputs, reluNeurons: net.order.filter((s) => !net.linear[s]).length },
      table,
    ),
  };
}

/** The structure of a network for live views, in model unit numbering (inputs, hidden by position, outputs). */
export function architectureSnapshot(net: Network): ArchitectureSnapshot {
  const d = net.inputs;
  const pos = net.positions();
  const h = net.order.length;
  const { level } = net.levels();
  const unit = (src: number): number => (src < d ? src : d + pos[src - d]!);
  const edges: [number, number][] = [];
  const weights: number[] = [];
  net.forEachActive((src, t, i) => {
    const target = net.isHiddenTarget(t) ? d + pos[t]! : d + h + (t - net.capacity);
    edges.push([unit(src), target]);
    weights.push(net.weights[i]!);
  });
  return {
    inputs: d,
    outputs: net.outputs,
    hidden: h,
    levels: net.order.map((s) => level[s]!),
    edges,
    weights,
    biases: net.order.map((s) => net.bias[s]!),
  };
}
