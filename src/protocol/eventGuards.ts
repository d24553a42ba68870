import type { RunEvent } from './events';
import { isNum, isObj, isStr } from './guard';

const RUN_EVENT_TYPES: ReadonlySet<string> = new Set<RunEvent['type']>([
  'started',
  'log',
  'epoch',
  'baseline',
  'operation',
  'step',
  'snapshot',
  'done',
  'failed',
  'cancelled',
  'reduce',
  'reduceChosen',
]);

/**
 * Shallow check of a run event: its type and the fields the views index by. Events come from our own engine
 * (over IPC, through the host, or from a run folder), so this guards against version skew and truncation, not
 * against hostile input.
 */
export function isRunEvent(x: unknown): x is RunEvent {
  if (!isObj(x) || !isStr(x.type) || !RUN_EVENT_TYPES.has(x.type)) return false;
  switch (x.type) {
    case 'started':
      return (
        isStr(x.name) &&
        isObj(x.config) &&
        isObj(x.dataset) &&
        (x.plannedEpochs === undefined || isNum(x.plannedEpochs))
      );
    case 'epoch':
      return isNum(x.step) && isNum(x.epoch) && (x.phase === 'baseline' || x.phase === 'synthesis');
    case 'baseline':
      return isObj(x.baseline) && (x.plannedEpochs === undefined || isNum(x.plannedEpochs));
    case 'operation':
      return isNum(x.step) && isStr(x.op);
    case 'step':
      return isObj(x.history) && isNum(x.history.step);
    case 'snapshot':
      return isNum(x.step) && isObj(x.architecture) && Array.isArray(x.architecture.edges);
    case 'done':
      return isObj(x.result);
    case 'cancelled':
      return x.result === undefined || isObj(x.result);
    case 'failed':
      return isStr(x.message);
    case 'log':
      return isStr(x.message);
    case 'reduce':
      return isObj(x.candidate);
    case 'reduceChosen':
      return isObj(x.reduce);
  }
  return false;
}

export const isRunEventList = (x: unknown): x is RunEvent[] => Array.isArray(x) && x.every(isRunEvent);
