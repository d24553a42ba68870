/**
 * Converts the small UCI datasets shipped in Debian's python3-sklearn into the CSV files behind `builtin:iris`,
 * `builtin:wine`, `builtin:breast_cancer` and `builtin:optdigits` (data/*.csv), and writes data/NOTICE.md with
 * provenance, licences and checksums.
 *
 *   npx tsx scripts/convert-sklearn-data.ts [SKLEARN_DATA_DIR [OUT_DIR]]
 *
 * OUT_DIR defaults to the repo's data/ folder (another folder lets a test check that a re-run is byte-identical).
 *
 * Values are copied as written in the source (only validated), and nothing depends on time or locale, so re-running
 * on the same inputs gives byte-identical outputs.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { loadCsv } from '../src/engine/data/csv';
import { parseNumberText } from '../src/engine/data/numbers';

const DEBIAN_PACKAGE = 'python3-sklearn 1.2.1+dfsg-1';
const DEBIAN_DIR = '/usr/lib/python3/dist-packages/sklearn/datasets/data';

interface Source {
  /** Output base name in data/ (also the builtin name). */
  name: string;
  file: string;
  title: string;
  /** Whether the first line is scikit-learn's `rows,features,class names...` line. */
  metaLine: boolean;
  featureNames: string[];
  /** Label text per class index; when absent the index itself is the label (digits). */
  classNames?: string[];
  origin: string;
  citation: string;
  notes?: string;
}

const WINE_FEATURES = [
  'alcohol',
  'malic_acid',
  'ash',
  'alcalinity_of_ash',
  'magnesium',
  'total_phenols',
  'flavanoids',
  'nonflavanoid_phenols',
  'proanthocyanins',
  'color_intensity',
  'hue',
  'od280/od315_of_diluted_wines',
  'proline',
];

const CANCER_MEASURES = [
  'radius',
  'texture',
  'perimeter',
  'area',
  'smoothness',
  'compactness',
  'concavity',
  'concave_points',
  'symmetry',
  'fractal_dimension',
];
/** scikit-learn's order: the 10 means, then the 10 standard errors, then the 10 "worst" values. */
const CANCER_FEATURES = [
  ...CANCER_MEASURES.map((m) => `mean_${m}`),
  ...CANCER_MEASURES.map((m) => `${m}_error`),
  ...CANCER_MEASURES.map((m) => `worst_${m}`),
];

const SOURCES: Source[] = [
  {
    name: 'iris',
    file: 'iris.csv',
    title: 'Iris',
    metaLine: true,
    featureNames: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
    classNames: ['setosa', 'versicolor', 'virginica'],
    origin: 'UCI Machine Learning Repository, Iris (id 53), https://archive.ics.uci.edu/dataset/53/iris',
    citation:
      'R. A. Fisher (1936), "The use of multiple measurements in taxonomic problems", Annals of Eugenics 7(2), 179-188. ' +
      'Dataset: R. A. Fisher, Iris, UCI Machine Learning Repository (1936/1988), doi:10.24432/C56C76.',
    notes:
      "scikit-learn's copy follows Fisher's paper, which differs from the UCI file in two data points (rows 35 and 38).",
  },
  {
    name: 'wine',
    file: 'wine_data.csv',
    title: 'Wine',
    metaLine: true,
    featureNames: WINE_FEATURES,
    classNames: ['class_0', 'class_1', 'class_2'],
    origin: 'UCI Machine Learning Repository, Wine (id 109), https://archive.ics.uci.edu/dataset/109/wine',
    citation:
      'M. Forina et al., PARVUS - An Extendible Package for Data Exploration, Classification and Correlation, ' +
      'Institute of Pharmaceutical and Food Analysis and Technologies, Genoa. Dataset: S. Aeberhard, M. Forina, Wine, ' +
      'UCI Machine Learning Repository (1991), doi:10.24432/C5PC7J.',
  },
  {
    name: 'breast_cancer',
    file: 'breast_cancer.csv',
    title: 'Breast Cancer Wisconsin (Diagnostic)',
    metaLine: true,
    featureNames: CANCER_FEATURES,
    classNames: ['malignant', 'benign'],
    origin:
      'UCI Machine Learning Repository, Breast Cancer Wisconsin (Diagnostic) (id 17), ' +
      'https://archive.ics.uci.edu/dataset/17/breast+cancer+wisconsin+diagnostic',
    citation:
      'W. H. Wolberg, O. L. Mangasarian, W. N. Street, Breast Cancer Wisconsin (Diagnostic), UCI Machine ' +
      'Learning Repository (1993/1995), doi:10.24432/C5DW2B. W. N. Street, W. H. Wolberg, O. L. Mangasarian, "Nuclear ' +
      'feature extraction for breast tumor diagnosis", IS&T/SPIE Electronic Imaging 1905 (1993), 861-870.',
    notes: 'Feature names are scikit-learn\'s with spaces replaced by underscores (e.g. "mean radius" -> mean_radius).',
  },
  {
    name: 'optdigits',
    file: 'digits.csv.gz',
    title: 'Optical Recognition of Handwritten Digits (optdigits)',
    metaLine: false,
    featureNames: Array.from({ length: 64 }, (_, j) => `p${j}`),
    origin:
      'UCI Machine Learning Repository, Optical Recognition of Handwritten Digits (id 80), ' +
      'https://archive.ics.uci.edu/dataset/80/optical+recognition+of+handwritten+digits',
    citation:
      'E. Alpaydin, C. Kaynak, Optical Recognition of Handwritten Digits, UCI Machine Learning Repository (1998), ' +
      'doi:10.24432/C50P49. C. Kaynak (1995), Methods of Combining Multiple Classifiers and Their Applications to ' +
      'Handwritten Digit Recognition, MSc thesis, Bogazici University; E. Alpaydin, C. Kaynak (1998), "Cascading ' +
      'Classifiers", Kybernetika 34(4).',
    notes:
      'The 1,797 rows are the set scikit-learn ships as `load_digits` (from the UCI test file optdigits.tes). Each row ' +
      'is an 8x8 image in row-major order (p0..p7 = top row), pixel values 0..16.',
  },
];

interface Converted {
  source: Source;
  sourcePath: string;
  sourceSha256: string;
  outPath: string;
  sha256: string;
  rows: number;
  classCounts: [string, number][];
}

function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function fail(file: string, line: number, problem: string): never {
  throw new Error(`${file}:${line}: ${problem}`);
}

function convert(source: Source, sourceDir: string, outDir: string): Converted {
  const sourcePath = join(sourceDir, source.file);
  const raw = readFileSync(sourcePath);
  const text = (source.file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  const lines = text.split('\n');
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const features = source.featureNames.length;
  let first = 0;
  let declaredRows: number | undefined;
  if (source.metaLine) {
    // scikit-learn's first line: rows, features, then the class names in class-index order.
    const meta = lines[0]!.trim().split(',');
    declaredRows = Number(meta[0]);
    if (Number(meta[1]) !== features) fail(sourcePath, 1, `expected ${features} features, the header says ${meta[1]}`);
    const names = meta.slice(2);
    if (names.join(',') !== source.classNames!.join(',')) {
      fail(sourcePath, 1, `class names ${names.join(',')} differ from the expected ${source.classNames!.join(',')}`);
    }
    first = 1;
  }
  const out = [[...source.featureNames, 'label'].join(',')];
  const counts = new Map<string, number>();
  for (let i = first; i < lines.length; i++) {
    const cells = lines[i]!.trim().split(',');
    if (cells.length !== features + 1)
      fail(sourcePath, i + 1, `expected ${features + 1} fields, found ${cells.length}`);
    cells.slice(0, features).forEach((cell) => {
      if (!parseNumberText(cell).ok) fail(sourcePath, i + 1, `bad feature value "${cell}"`);
    });
    const index = Number(cells[features]);
    if (!Number.isInteger(index) || index < 0) fail(sourcePath, i + 1, `bad class index "${cells[features]}"`);
    const label = source.classNames ? source.classNames[index] : String(index);
    if (label === undefined) fail(sourcePath, i + 1, `class index ${index} has no name`);
    counts.set(label, (counts.get(label) ?? 0) + 1);
    out.push([...cells.slice(0, features), label].join(','));
  }
  const rows = out.length - 1;
  if (declaredRows !== undefined && rows !== declaredRows) {
    fail(sourcePath, 1, `the header says ${declaredRows} rows but the file has ${rows}`);
  }
  const content = `${out.join('\n')}\n`;
  const outPath = join(outDir, `${source.name}.csv`);
  writeFileSync(outPath, content);
  const order = source.classNames ?? [...counts.keys()].sort((a, b) => Number(a) - Number(b));
  return {
    source,
    sourcePath,
    sourceSha256: sha256(raw),
    outPath,
    sha256: sha256(content),
    rows,
    classCounts: order.map((c) => [c, counts.get(c) ?? 0]),
  };
}

function notice(results: Converted[], sourceDir: string): string {
  const parts = [
    '# Builtin datasets: provenance and licences',
    '',
    'The CSV files in this folder back `builtin:iris`, `builtin:wine`, `builtin:breast_cancer` and `builtin:optdigits`.',
    'They were generated by `scripts/convert-sklearn-data.ts` (`npm run data:convert`) from the data files of the',
    `Debian package **${DEBIAN_PACKAGE}** (scikit-learn), installed under \`${sourceDir}/\`.`,
    'The script copies every value as written in the source, adds a header row with feature names and a `label`',
    'column with the class name, and writes `\\n` line endings; running it again on the same package gives',
    'byte-identical files (the SHA-256 below).',
    '',
    '**Licences.** The data files inside scikit-learn are distributed with scikit-learn under the **BSD-3-Clause**',
    'licence (Copyright 2007-2019 The scikit-learn developers; Debian `copyright` file, `Files: *`). The underlying',
    'datasets come from the **UCI Machine Learning Repository**, which publishes them under **CC BY 4.0**: reuse',
    'requires crediting the creators, as cited per dataset below. The UCI ids, URLs and DOIs were written from the',
    "UCI catalogue's conventions and were not checked online when this file was generated.",
    '',
  ];
  for (const r of results) {
    const s = r.source;
    const classes = r.classCounts.map(([name, n]) => `${name} (${n})`).join(', ');
    parts.push(
      `## data/${s.name}.csv - ${s.title}`,
      '',
      `* Source: \`${sourceDir}/${s.file}\` in ${DEBIAN_PACKAGE} (SHA-256 of the source file \`${r.sourceSha256}\`)`,
      `* Origin: ${s.origin}`,
      `* Creators / citation: ${s.citation}`,
      '* Licence: BSD-3-Clause as part of scikit-learn; the UCI dataset is CC BY 4.0',
      `* Rows: ${r.rows}; features: ${s.featureNames.length}; classes: ${r.classCounts.length}: ${classes}`,
      `* Columns: ${s.featureNames.length <= 13 ? s.featureNames.join(', ') : `${s.featureNames.slice(0, 3).join(', ')}, ..., ${s.featureNames[s.featureNames.length - 1]}`}, label`,
      `* SHA-256 of data/${s.name}.csv: \`${r.sha256}\``,
    );
    if (s.notes) parts.push(`* Notes: ${s.notes}`);
    parts.push('');
  }
  return parts.join('\n');
}

async function main(): Promise<void> {
  const sourceDir = process.argv[2] ?? DEBIAN_DIR;
  const outDir = resolve(process.argv[3] ?? join(__dirname, '..', 'data'));
  mkdirSync(outDir, { recursive: true });
  const results = SOURCES.map((s) => convert(s, sourceDir, outDir));
  // Read each file back with the engine's own loader, so a bad conversion fails here rather than in a run.
  for (const r of results) {
    const loaded = await loadCsv(r.outPath, { label: 'label' });
    if (loaded.train.rows !== r.rows || loaded.features !== r.source.featureNames.length) {
      throw new Error(
        `${r.outPath}: read back ${loaded.train.rows} x ${loaded.features}, expected ${r.rows} x ${r.source.featureNames.length}`,
      );
    }
    if (loaded.labelNames.length !== r.classCounts.length) {
      throw new Error(`${r.outPath}: read back ${loaded.labelNames.length} classes, expected ${r.classCounts.length}`);
    }
  }
  writeFileSync(join(outDir, 'NOTICE.md'), notice(results, sourceDir));
  for (const r of results) {
    console.log(
      `${r.outPath}: ${r.rows} rows x ${r.source.featureNames.length} features, ${r.classCounts.length} classes, sha256 ${r.sha256}`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
