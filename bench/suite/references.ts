/**
 * Reference columns: accuracies of other learners on exactly the rows our engine uses, one per dataset and seed.
 * The prepared (split and scaled) data comes from the engine's own loader and `prepareData` with the run's split
 * stream, so the rows and values are those of the run; they are written to the cache as gzip CSV for the learner.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadDataset } from '../../src/engine/data/load';
import { prepareData } from '../../src/engine/data/prepare';
import type { PreparedData } from '../../src/engine/data/types';
import { Rng } from '../../src/engine/core/random';
import type { ScannConfig } from '../../src/protocol/config';
import { configHash } from '../cache';
import { csvText, sha256, writeGzip, type SuitePaths } from './data';
import { ensureDebianPackages, systemPython } from './system';

/** The exported splits of one dataset + seed (train / validation / test, scaled, `label` last). */
export interface SplitFiles {
  dir: string;
  rows: { train: number; validation: number; test: number };
  features: number;
  classes: number;
  /** SHA-256 over the three CSV texts: reference results are cached by it. */
  sha256: string;
}

export interface ReferenceOutcome {
  testAccuracy: number;
  validationAccuracy?: number;
  epochs?: number;
  seconds: number;
}

export interface ReferenceColumn {
  id: string;
  /** The field of docs/suite.json and the per-run rows, e.g. sklearnTestAccuracy. */
  field: string;
  title: string;
  /** Changes whenever the learner or its settings change (part of the cache key). */
  version(): string;
  run(splits: SplitFiles, seed: number): ReferenceOutcome;
}

const SCRIPT = path.join(__dirname, 'sklearn_reference.py');

export const SKLEARN: ReferenceColumn = {
  id: 'sklearn',
  field: 'sklearnTestAccuracy',
  title:
    'scikit-learn MLPClassifier(128, 64), Adam defaults but batch 32 (as ours), early stopping on our validation ' +
    'rows (patience 10)',
  version: () => sha256(readFileSync(SCRIPT)),
  run(splits, seed) {
    ensureDebianPackages(['python3-sklearn', 'libopenblas0-pthread'], () => {
      try {
        execFileSync(systemPython(), ['-c', 'import sklearn'], { stdio: 'ignore' });
        return undefined;
      } catch {
        return `scikit-learn is not importable by ${systemPython()}`;
      }
    });
    const out = execFileSync(systemPython(), [SCRIPT, splits.dir, '--seed', String(seed)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      // One BLAS thread: the machine is shared, and the result should not depend on the core count.
      env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
    });
    return JSON.parse(out.trim().split('\n').pop()!) as ReferenceOutcome;
  },
};

export const REFERENCES: ReferenceColumn[] = [SKLEARN];

/** The same split and scaling as `runSynthesis` (its first use of the seed's random stream is the `split` fork). */
export async function prepareLikeTheEngine(config: ScannConfig, repoRoot: string): Promise<PreparedData> {
  const raw = await loadDataset(config.dataset, { baseDir: repoRoot, dataDir: path.join(repoRoot, 'data') });
  return prepareData(raw, config.dataset, new Rng(config.seed).fork('split'));
}

/**
 * Writes the prepared splits of `config` (its dataset + seed) under cache/splits, keyed by everything they depend
 * on (`key`: dataset checksum, dataset options, seed, engine code); reused when present.
 */
export async function exportSplits(p: SuitePaths, config: ScannConfig, key: string): Promise<SplitFiles> {
  const dir = path.join(p.cache, 'splits', key);
  const metaFile = path.join(dir, 'splits.json');
  if (existsSync(metaFile)) return JSON.parse(readFileSync(metaFile, 'utf8')) as SplitFiles;
  const data = await prepareLikeTheEngine(config, p.repoRoot);
  const names = Array.from({ length: data.features }, (_, j) => `x${j}`);
  const hash: string[] = [];
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  for (const part of ['train', 'validation', 'test'] as const) {
    const text = csvText(names, data[part]);
    hash.push(sha256(text));
    writeGzip(path.join(tmp, `${part}.csv.gz`), text);
  }
  const files: SplitFiles = {
    dir,
    rows: { train: data.train.rows, validation: data.validation.rows, test: data.test.rows },
    features: data.features,
    classes: data.classes,
    sha256: sha256(hash.join('\n')),
  };
  writeFileSync(path.join(tmp, 'splits.json'), `${JSON.stringify(files, null, 1)}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return files;
}

export function referenceKey(ref: ReferenceColumn, splits: SplitFiles, seed: number): string {
  return `${ref.id}-${configHash({ version: ref.version(), splits: splits.sha256, seed })}`;
}
