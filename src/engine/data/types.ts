/** In-memory datasets. Features are row-major float32 (`x[i * features + j]`), labels are class indices. */
export interface Table {
  /** Row-major features, `rows * features` values. */
  x: Float32Array;
  /** Class index per row, in 0..classes-1. */
  y: Int32Array;
  rows: number;
}

/** What a loader returns: raw (unscaled) features with an optional official test split. */
export interface RawDataset {
  /** A short name for messages and results, e.g. `iris` or the file's base name. */
  name: string;
  features: number;
  featureNames: string[];
  /** Label names in class-index order (string labels as found, numeric labels as their text). */
  labelNames: string[];
  train: Table;
  /** The source's own test split, when it has one. */
  test?: Table;
  /** For image datasets (IDX), the image shape, so views can draw inputs as pixels. */
  imageShape?: [number, number];
}

/** Feature scaling fitted on the training split, stored in models so they accept raw features. */
export interface Scaler {
  kind: 'minmax' | 'zscore' | 'none';
  /** Per feature: x' = (x - offset[j]) * scale[j]. */
  offset: Float32Array;
  scale: Float32Array;
}

/** Ready for training: scaled, split into train / validation / test. */
export interface PreparedData {
  name: string;
  features: number;
  classes: number;
  featureNames: string[];
  labelNames: string[];
  imageShape?: [number, number];
  train: Table;
  validation: Table;
  test: Table;
  scaler: Scaler;
  /** Whether `test` is the source's official split or one held out by us. */
  testSource: 'official' | 'heldOut';
}

/** A dataset error that names the file, and the line where one applies. */
export class DatasetError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(file ? `${file}${line !== undefined ? `:${line}` : ''}: ${message}` : message);
    this.name = 'DatasetError';
  }
}
