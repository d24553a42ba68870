/**
 * Guards for a saved `RunResult` and its `model.json`: run folders outlive versions and runs can be killed
 * mid-write, so readers check the fields they use before trusting a file. Shallow on long arrays (epochs,
 * history, neurons): enough to catch a wrong or truncated file, not a hand-crafted one.
 */
import { isNum, isObj, isStr, type Obj } from './guard';
import { MODEL_FORMAT, type ModelJson } from './model';
import type { RunResult } from './result';

const hasNums = (o: Obj, keys: readonly string[]): boolean => keys.every((k) => isNum(o[k]));
/** Ratios are Infinity when the final network has no connections left, and JSON writes Infinity as null. */
const isRatio = (x: unknown): boolean => x === null || isNum(x);
const isObjList = (x: unknown): boolean => Array.isArray(x) && x.every(isObj);
const isStrList = (x: unknown): boolean => Array.isArray(x) && x.every(isStr);

const NETWORK_KEYS = ['connections', 'hiddenNeurons', 'depth', 'energyPj'] as const;
const EVALUATED_KEYS = [...NETWORK_KEYS, 'trainAccuracy', 'validationAccuracy', 'testAccuracy'] as const;

function isEvaluated(x: unknown): x is Obj {
  return isObj(x) && hasNums(x, EVALUATED_KEYS);
}

export function isModelJson(x: unknown): x is ModelJson {
  return (
    isObj(x) &&
    x.format === MODEL_FORMAT &&
    hasNums(x, ['version', 'inputs', 'outputs']) &&
    (x.space === 'dag' || x.space === 'mlp') &&
    isObjList(x.hidden) &&
    isObjList(x.output) &&
    isStrList(x.featureNames) &&
    isStrList(x.labelNames) &&
    isObj(x.scaler)
  );
}

/** `target` of a result (absent in results saved before it existed). */
export function isRunTarget(x: unknown): boolean {
  return (
    isObj(x) &&
    typeof x.met === 'boolean' &&
    isStr(x.rule) &&
    hasNums(x, ['tolerance', 'baselineValidation', 'selectedValidation']) &&
    (x.reason === undefined || isStr(x.reason)) &&
    isStrList(x.suggestions)
  );
}

/** `comparison` of a result (absent in results saved before it existed). */
export function isPairedComparison(x: unknown): boolean {
  return (
    isObj(x) &&
    hasNums(x, ['testAccuracyDelta', 'pValue', 'testRows', 'onlyBaselineRight', 'onlySynthesizedRight']) &&
    Array.isArray(x.ci95) &&
    x.ci95.length === 2 &&
    x.ci95.every(isNum)
  );
}

export function isRunResult(x: unknown): x is RunResult {
  return isRunResultFields(x) && isModelJson((x as Obj).model);
}

/** Every field of a result but its model (sweep results travel without it: src/protocol/sweep.ts). */
export function isRunResultFields(x: unknown): x is Omit<RunResult, 'model'> {
  if (!isObj(x) || x.version !== 1 || (x.status !== 'done' && x.status !== 'cancelled')) return false;
  const { dataset, baseline, final, energy } = x;
  return (
    isStr(x.name) &&
    isStr(x.scheme) &&
    hasNums(x, ['seed', 'durationMs']) &&
    isRatio(x.compression) &&
    isObj(dataset) &&
    isStr(dataset.name) &&
    isStr(dataset.source) &&
    hasNums(dataset, ['features', 'classes', 'trainRows', 'validationRows', 'testRows']) &&
    isEvaluated(baseline) &&
    Array.isArray(baseline.layers) &&
    baseline.layers.every(isNum) &&
    isEvaluated(final) &&
    isStr(final.rule) &&
    isObj(final.selectedAt) &&
    isObj(energy) &&
    isObj(energy.table) &&
    isStr(energy.table.name) &&
    hasNums(energy, ['baseline', 'final']) &&
    isRatio(energy.ratio) &&
    (energy.transform === undefined || isNum(energy.transform)) &&
    (x.compressionWithTransform === undefined || isRatio(x.compressionWithTransform)) &&
    isObjList(x.history) &&
    isObjList(x.epochs) &&
    (x.target === undefined || isRunTarget(x.target)) &&
    (x.comparison === undefined || isPairedComparison(x.comparison)) &&
    (x.schemeChoice === undefined || isSchemeChoice(x.schemeChoice))
  );
}

function isSchemeChoice(x: unknown): boolean {
  return isObj(x) && isStr(x.scheme) && typeof x.fromBaseline === 'boolean' && isStr(x.reason);
}
