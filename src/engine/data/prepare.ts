/**
 * From a RawDataset to train / validation / test splits, scaled. The order is: hold out the test split (unless the
 * source has one), then apply `limit` to what is left, then split off validation. So the test rows never depend on
 * `limit`, and runs with different limits are compared on the same test split.
 */
import type { DatasetConfig } from '../../protocol/config';
import type { Rng } from '../core/random';
import { fitScaler, scaleTable } from './scaler';
import { classCounts, holdOut, subsample, takeRows } from './split';
import { DatasetError, type PreparedData, type RawDataset, type Table } from './types';

export { applyScaler, fitScaler } from './scaler';

/** The options of a dataset config that `prepareData` reads. */
export type PrepareOptions = Pick<DatasetConfig, 'validation' | 'testFraction' | 'scaling' | 'limit'>;

export function prepareData(raw: RawDataset, spec: PrepareOptions, rng: Rng): PreparedData {
  const { features } = raw;
  const classes = raw.labelNames.length;
  // One forked stream per step: changing one step's settings does not move the rows picked by the others.
  let pool: Table = raw.train;
  let test: Table;
  if (raw.test) {
    test = raw.test;
  } else {
    const split = holdOut(pool.y, classes, spec.testFraction, rng.fork('test'));
    test = takeRows(pool, features, split.held);
    pool = takeRows(pool, features, split.kept);
  }
  if (spec.limit !== undefined && spec.limit < pool.rows) {
    pool = takeRows(pool, features, subsample(pool.y, classes, spec.limit, rng.fork('limit')));
  }
  const split = holdOut(pool.y, classes, spec.validation, rng.fork('validation'));
  const train = takeRows(pool, features, split.kept);
  const validation = takeRows(pool, features, split.held);

  const present = classCounts(train.y, classes).filter((c) => c > 0).length;
  if (present < 2) {
    throw new DatasetError(
      `dataset "${raw.name}": the training split has ${train.rows} rows of ${present} class(es); at least 2 classes are ` +
        'needed (raise dataset.limit, or lower dataset.validation / dataset.testFraction)',
    );
  }
  // An empty split would score every network 0% and still "succeed": refuse before any training.
  if (validation.rows === 0) {
    throw new DatasetError(
      `dataset "${raw.name}": the validation split is empty (dataset.validation is ${spec.validation}, ${pool.rows} ` +
        'rows to split); model selection needs validation rows: raise dataset.validation (or dataset.limit)',
    );
  }
  if (test.rows === 0) {
    throw new DatasetError(
      `dataset "${raw.name}": the test split is empty (dataset.testFraction is ${spec.testFraction}, ` +
        `${raw.train.rows} rows); raise dataset.testFraction or give a test file in dataset.test`,
    );
  }
  const scaler = fitScaler(spec.scaling, train, features);
  const prepared: PreparedData = {
    name: raw.name,
    features,
    classes,
    featureNames: raw.featureNames,
    labelNames: raw.labelNames,
    train: scaleTable(scaler, train, features),
    validation: scaleTable(scaler, validation, features),
    test: scaleTable(scaler, test, features),
    scaler,
    testSource: raw.test ? 'official' : 'heldOut',
  };
  if (raw.imageShape) prepared.imageShape = raw.imageShape;
  return prepared;
}
