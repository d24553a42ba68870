import type { ArchitectureSnapshot } from '../../protocol/events';
import type { EnergyTable, NetworkMetrics } from '../../protocol/result';
import { inferenceEnergy, type ConvOperationCounts } from '../../protocol/energy';
import { describeFront, type FrontSnapshot } from '../../protocol/frontSnapshot';
import { layerSpec, type ConvFront } from './convFront';
import type { Network } from './network';

export function networkMetrics(net: Network, table: EnergyTable): NetworkMetrics {
  const byGroup = net.connectionsByGroup();
  const dense = byGroup.inputHidden + byGroup.hiddenHidden + byGroup.hiddenOutput + byGroup.inputOutput;
  const hiddenNeurons = net.order.length;
  const front = net.front;
  const conv = front?.operations();
  const connections = dense + (conv?.weights ?? 0);
  const convBiases = front ? front.convLayers().reduce((s, l) => s + l.active.reduce((a, b) => a + b, 0), 0) : 0;
  const metrics: NetworkMetrics = {
    connections,
    byGroup,
    parameters: connections + convBiases + hiddenNeurons + net.outputs,
    hiddenNeurons,
    depth: net.levels().depth,
    macs: dense + (conv?.macs ?? 0),
    energyPj: inferenceEnergy(
      {
        connections,
        hiddenNeurons,
        outputs: net.outputs,
        reluNeurons: net.order.filter((s) => !net.linear[s]).length,
        ...(conv ? { conv } : {}),
      },
      table,
    ),
  };
  if (front && conv) {
    metrics.conv = {
      weights: conv.weights,
      macs: conv.macs,
      channels: front.convLayers().map((l) => l.active.reduce((a, b) => a + b, 0)),
    };
  }
  return metrics;
}

/** A conv front end's operation counts for a history step (what its per-step energy needs), when there is one. */
export function convCounts(net: Network): { conv: ConvOperationCounts } | Record<string, never> {
  return net.front ? { conv: net.front.operations() } : {};
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
  const inputRead = new Uint8Array(d);
  net.forEachActive((src, t, i) => {
    const target = net.isHiddenTarget(t) ? d + pos[t]! : d + h + (t - net.capacity);
    edges.push([unit(src), target]);
    weights.push(net.weights[i]!);
    if (src < d) inputRead[src] = 1;
  });
  const snapshot: ArchitectureSnapshot = {
    inputs: d,
    outputs: net.outputs,
    hidden: h,
    levels: net.order.map((s) => level[s]!),
    edges,
    weights,
    biases: net.order.map((s) => net.bias[s]!),
  };
  if (net.front) snapshot.front = frontSnapshot(net.front, (u) => inputRead[u] === 1);
  return snapshot;
}

/** The views' description of a front end: kernel weight counts and channel states (src/protocol/frontSnapshot.ts). */
export function frontSnapshot(front: ConvFront, unitRead: (unit: number) => boolean): FrontSnapshot {
  return describeFront(
    [front.input.h, front.input.w, front.input.c],
    front.layers.map((l) => (l.kind === 'conv' ? { ...layerSpec(l), mask: l.mask, active: l.active } : layerSpec(l))),
    unitRead,
  );
}
