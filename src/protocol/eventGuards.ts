import type { RunEvent } from './events';
import { CHANNEL_STATES, type FrontSnapshot } from './frontSnapshot';
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
      return (
        isNum(x.step) &&
        isObj(x.architecture) &&
        Array.isArray(x.architecture.edges) &&
        (x.architecture.front === undefined || frontSnapshotProblem(x.architecture.front) === undefined)
      );
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

const isCount = (x: unknown, min = 0): x is number => Number.isInteger(x) && (x as number) >= min;
const isShape3 = (x: unknown): x is [number, number, number] =>
  Array.isArray(x) && x.length === 3 && x.every((v) => isCount(v, 1));

/**
 * What is wrong with a snapshot's conv front end description (the first problem, with its path under `front`), or
 * undefined when it is one. Checked in full, not shallowly: the views index the counts by channel, and a stage
 * whose counts do not match its shapes would draw wrong rather than fail.
 */
export function frontSnapshotProblem(x: unknown): string | undefined {
  if (!isObj(x)) return 'expected an object';
  if (!isShape3(x.input)) return 'input: expected [height, width, channels]';
  if (!Array.isArray(x.stages) || x.stages.length === 0) return 'stages: expected a non-empty list';
  let shape = x.input;
  for (let i = 0; i < x.stages.length; i++) {
    const s: unknown = x.stages[i];
    const at = `stages[${i}]`;
    if (!isObj(s)) return `${at}: expected an object`;
    if (!isShape3(s.input) || !isShape3(s.output)) return `${at}: input and output must be [height, width, channels]`;
    if (s.input.some((v, k) => v !== shape[k])) return `${at}.input: expected the previous output ${shape.join('x')}`;
    if (s.kind === 'conv') {
      if (![s.channels, s.kernel, s.stride].every((v) => isCount(v, 1)) || !isCount(s.padding))
        return `${at}: channels, kernel, stride and padding must be counts`;
      if (s.activation !== 'relu' && s.activation !== 'linear') return `${at}.activation: expected relu or linear`;
      if (s.output[2] !== s.channels) return `${at}.output: expected ${s.channels as number} channels`;
      const cells = (s.channels as number) * s.input[2];
      const max = (s.kernel as number) ** 2;
      if (!Array.isArray(s.kernelWeights) || s.kernelWeights.length !== cells)
        return `${at}.kernelWeights: expected ${cells} counts`;
      if (!s.kernelWeights.every((v) => isCount(v) && v <= max))
        return `${at}.kernelWeights: expected counts from 0 to ${max}`;
      if (
        !Array.isArray(s.channelStates) ||
        s.channelStates.length !== s.channels ||
        !s.channelStates.every((v) => CHANNEL_STATES.includes(v as never))
      )
        return `${at}.channelStates: expected one of ${CHANNEL_STATES.join(', ')} per channel`;
    } else if (s.kind === 'maxPool' || s.kind === 'avgPool') {
      if (!isCount(s.size, 1) || !isCount(s.stride, 1)) return `${at}: size and stride must be counts`;
      if (s.output[2] !== s.input[2]) return `${at}.output: pooling keeps the ${s.input[2]} channels`;
    } else return `${at}.kind: expected conv, maxPool or avgPool`;
    shape = s.output;
  }
  return undefined;
}

export const isFrontSnapshot = (x: unknown): x is FrontSnapshot => frontSnapshotProblem(x) === undefined;
