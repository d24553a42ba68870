/** Guards for the messages of messages.ts: both sides check what arrives before trusting it. */
import { isRunEventList } from './eventGuards';
import { isObj, isStr, optStr } from './guard';
import type { CompareToHost, DashboardToHost, HostToCompare, HostToDashboard, RendererToHost } from './messages';
import { isRunId } from './runId';
import { isRunSummary } from './runSummary';

const optRunId = (x: unknown): boolean => x === undefined || isRunId(x);

export function isRendererToHost(x: unknown): x is RendererToHost {
  if (!isObj(x)) return false;
  if (x.type === 'openDashboard') return isStr(x.name) && optRunId(x.runId);
  return x.type === 'compareRuns' && Array.isArray(x.runIds) && x.runIds.length > 0 && x.runIds.every(isRunId);
}

export function isHostToDashboard(x: unknown): x is HostToDashboard {
  if (!isObj(x) || !optRunId(x.runId)) return false;
  if (x.type === 'init')
    return isStr(x.name) && isRunEventList(x.events) && (x.result === undefined || isObj(x.result));
  if (x.type === 'events') return isRunEventList(x.events);
  return false;
}

export function isDashboardToHost(x: unknown): x is DashboardToHost {
  if (!isObj(x)) return false;
  if (x.type === 'ready') return optRunId(x.runId);
  if (x.type === 'error') return isStr(x.message);
  return false;
}

export function isHostToCompare(x: unknown): x is HostToCompare {
  if (!isObj(x)) return false;
  if (x.type === 'runs' || x.type === 'pickedRuns') return Array.isArray(x.runs) && x.runs.every(isRunSummary);
  if (x.type === 'saved') return typeof x.ok === 'boolean' && optStr(x.path) && optStr(x.message);
  return false;
}

export function isCompareToHost(x: unknown): x is CompareToHost {
  if (!isObj(x)) return false;
  switch (x.type) {
    case 'ready':
      return Array.isArray(x.runIds) && x.runIds.every(isRunId);
    case 'pickRuns':
      return x.exclude === undefined || (Array.isArray(x.exclude) && x.exclude.every(isStr));
    case 'save':
      return (
        (x.format === 'csv' || x.format === 'svg' || x.format === 'png') &&
        isStr(x.suggestedName) &&
        (x.encoding === 'utf8' || x.encoding === 'base64') &&
        isStr(x.data)
      );
    case 'openDashboard':
      return isRunId(x.runId);
    case 'error':
      return isStr(x.message);
  }
  return false;
}
