import { isMap, parseDocument } from 'yaml';
import * as vscode from 'vscode';
import { parseConfigText, type ConfigParseResult } from '../protocol/configText';
import { ENGINE_PRIORITIES, type EnginePriority } from '../protocol/events';

/** `scann.*` settings, read when used so changes apply to the next run without a reload. */
export function maxConcurrentRuns(): number {
  return Math.max(1, vscode.workspace.getConfiguration('scann').get<number>('maxConcurrentRuns', 1));
}

/** `scann.enginePriority`: how the engine process shares the CPU with the editor and the user's other work. */
export function enginePriority(): EnginePriority {
  const p = vscode.workspace.getConfiguration('scann').get<string>('enginePriority', 'belowNormal');
  return (ENGINE_PRIORITIES as readonly string[]).includes(p) ? (p as EnginePriority) : 'belowNormal';
}

/**
 * `scann.queue`: the redis:// URL of the BullMQ queue notebook sweeps go to, or undefined (empty setting) to run
 * them on this machine through the run queue.
 */
export function sweepQueue(): string | undefined {
  const url = vscode.workspace.getConfiguration('scann').get<string>('queue', '').trim();
  return url || undefined;
}

/**
 * A config ready to run: the cell's own values, with the user's defaults for what the cell leaves out
 * (`scann.energyPreset`, `scann.engine`). An explicit key in the cell always wins.
 */
export function configForRun(text: string): ConfigParseResult {
  const parsed = parseConfigText(text);
  if (!parsed.config) return parsed;
  const doc = parseDocument(text);
  const has = (key: string): boolean => isMap(doc.contents) && doc.contents.has(key);
  const cfg = vscode.workspace.getConfiguration('scann');
  const config = { ...parsed.config };
  if (!has('energy')) config.energy = cfg.get<'horowitz45nm' | 'scann130nm'>('energyPreset', 'horowitz45nm');
  const engine = cfg.get<'builtin' | 'tfjs'>('engine', 'builtin');
  if (!has('engine') && engine !== 'builtin') config.engine = engine;
  return { ...parsed, config };
}
