/**
 * Number formats of the views. The summary formats are exactly those of the markdown summary
 * (src/protocol/numbers.ts), so the renderer's table and the saved markdown read the same. Pure (no DOM).
 */
import { formatInt } from '../../src/protocol/numbers';

export { formatEnergy, formatInt as int, formatPct as pct, formatRatio as ratio } from '../../src/protocol/numbers';

const int = formatInt;

export function formatDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s - 60 * m)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Signed weight with 3 significant digits. */
export const weight = (w: number): string => (w >= 0 ? '+' : '') + w.toPrecision(3);

export const OP_LABELS: Record<string, string> = {
  train: 'initial training',
  growConnections: 'grow connections',
  growNeurons: 'grow neurons',
  growChannels: 'grow channels',
  prune: 'prune',
};

/** "prune: -135 connections, -2 neurons" */
export function describeChange(c: {
  op: string;
  connectionsAdded: number;
  connectionsRemoved: number;
  neuronsAdded: number;
  neuronsRemoved: number;
  channelsAdded?: number;
  channelsRemoved?: number;
}): string {
  const parts: string[] = [];
  if (c.connectionsAdded) parts.push(`+${int(c.connectionsAdded)} connections`);
  if (c.connectionsRemoved) parts.push(`-${int(c.connectionsRemoved)} connections`);
  if (c.neuronsAdded) parts.push(`+${c.neuronsAdded} neurons`);
  if (c.neuronsRemoved) parts.push(`-${c.neuronsRemoved} neurons`);
  if (c.channelsAdded) parts.push(`+${c.channelsAdded} channels`);
  if (c.channelsRemoved) parts.push(`-${c.channelsRemoved} channels`);
  const label = OP_LABELS[c.op] ?? c.op;
  return parts.length ? `${label}: ${parts.join(', ')}` : label;
}
