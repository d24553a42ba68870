/** Public API of the dataset layer: loading (files and builtins), preparation (splits, scaling) and types. */
export { loadArff, readArffTable, type ArffOptions } from './arff';
export { BUILTIN_PREFIX, isBuiltinSource, loadBuiltin } from './builtin';
export { loadCsv, parseCsv, readCsvTable, type CsvOptions } from './csv';
export { loadIdx, readIdxTable } from './idx';
export { toRawDataset, type LabeledTable } from './labels';
export { detectFormat, loadDataset, type DataFormat, type LoadContext } from './load';
export { prepareData, type PrepareOptions } from './prepare';
export { applyScaler, fitScaler, scaleTable, type ScalingKind } from './scaler';
export { holdOut, stratifiedQuotas, subsample, takeRows } from './split';
export {
  DatasetError,
  type PreparedData,
  type RawDataset,
  type Scaler,
  type Table,
} from './types';
