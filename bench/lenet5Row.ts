/**
 * The paper's LeNet-5 row (research/paper.md R1, issue 14): Caffe's LeNet-5 on all of MNIST as the baseline, then
 * SCANN with the conv layers' kernel weights pruned and grown like connections. The paper reports 46.3x fewer weights
 * (430.5K to 9.3K) with no loss (0.72% error); the whole run has to fit in an hour on two cores.
 */
import type { BenchDataset } from './datasets';

/** What the row is compared against: research/paper.md R1 and its context line. */
export const PAPER_R1 = {
  baseline: { weights: 430_500, error: 0.0072 },
  schemes: [
    { scheme: 'A', weights: 184_600, error: 0.0068, compression: 2.3 },
    { scheme: 'B', weights: 19_300, error: null, compression: 22.3 },
    { scheme: 'C', weights: 9_300, error: 0.0072, compression: 46.3 },
  ],
  others: [
    { method: 'NeST (Dai, Yin, Jha)', compression: 74.3 },
    { method: 'Han et al. 2015, magnitude pruning', compression: 12 },
  ],
} as const;

/**
 * The recipe. Baseline: Adam instead of Caffe's SGD (momentum 0.9, lr 0.01 with `inv` decay, weight decay 5e-4,
 * batch 64, 10k iterations = 10.7 epochs of 60k), because the engine has no `inv` schedule and Adam with a cosine
 * decay reaches the same accuracy in fewer epochs here. Synthesis: scheme C (the paper's LeNet-5 result is C's) from
 * the trained baseline itself (`start.from: baseline`, as dense-sparse-dense starts from a trained network), over
 * every layer, kernels included: a global magnitude prune of 20% (one |w| threshold across conv kernels and fully
 * connected weights, so the 400K weights of fc 800 -> 500 go first), then gradient regrowth of 5% of the active
 * weights, two epochs of retraining after each, distilled from the baseline; the fine-tuning fits the baseline's
 * predictions alone (`select.distill: 1`) and walks up from the smallest candidates until one is confirmed.
 *
 * The seventh recipe tried (the others are in bench/notes.md). What made the difference was the start: the earlier
 * recipes started from new weights and two epochs of training, 0.7 point below the baseline on validation, and their
 * networks near 46x stayed 0.1 to 0.25 point below it; from the baseline, the validation score stays within 0.1 point
 * of the baseline's down to about 7,000 weights.
 */
export const LENET5_RECIPE = {
  validationRows: 5000,
  lr: 0.001,
  batch: 64,
  baselineEpochs: 12,
  epochs: 2,
  /** None: the synthesis starts from the trained baseline. */
  initialEpochs: 0,
  iterations: 26,
  prune: 0.2,
  regrow: 0.05,
  finalPrune: 0.2,
  finetune: 8,
  /** Fine-tuned candidates, smallest first, until one passes the paired rule (about the last 12 steps). */
  confirm: 12,
  /** The selection may lose this much validation accuracy against the baseline: the target's 0.1 point. */
  tolerance: 0.001,
  /** Retraining after each step distils from the baseline too (soft targets with the labels). */
  distillDuring: 'synthesis' as const,
  /** Wall-time budget of the synthesis (the baseline is bounded by its epochs). */
  budgetS: 3300,
};

export function lenet5Row(): BenchDataset {
  const r = LENET5_RECIPE;
  return {
    id: 'mnist-lenet5',
    title: 'MNIST on LeNet-5 (the paper R1 row)',
    dataset: { source: 'builtin:mnist', validation: r.validationRows / 60000, scaling: 'minmax' },
    baseline: [500],
    baselinePreset: 'lenet5',
    baselineNote:
      "Caffe's LeNet-5 (conv 20@5x5, max-pool 2, conv 50@5x5, max-pool 2, fc 500 + ReLU, fc 10; 430,500 weights)",
    epochs: r.epochs,
    initialEpochs: r.initialEpochs,
    baselineEpochs: r.baselineEpochs,
    baselinePatience: 0,
    baselineLrDecay: 'cosine',
    lr: r.lr,
    batch: r.batch,
    reduceEpochs: 0,
    reduce: null,
    schemes: ['C'],
    iterations: { C: r.iterations },
    plan: {
      start: { from: 'baseline' },
      loop: [
        { op: 'prune', ratio: r.prune, scope: 'global' },
        { op: 'growConnections', mode: 'gradient', fraction: r.regrow },
      ],
      finale: [{ op: 'prune', ratio: r.finalPrune, scope: 'global' }],
    },
    select: {
      tolerance: r.tolerance,
      finetune: r.finetune,
      confirm: r.confirm,
      distillDuring: r.distillDuring,
      distill: 1,
    },
    budgetS: r.budgetS,
    optIn: true,
    target: {
      points: 0.1,
      compression: 46.3,
      what: "at most 0.1 point below the baseline on test at 46.3x or more fewer weights (the paper's scheme C)",
    },
    notes: [
      `all 60,000 training images (${r.validationRows.toLocaleString('en-US')} of them, stratified, held out for ` +
        'validation) and the official 10,000-image test set; pixels min-max scaled to [0, 1]',
      `baseline: Adam lr ${r.lr}, batch ${r.batch}, ${r.baselineEpochs} epochs with a cosine decay to 0, no early ` +
        "stopping (Caffe's recipe is SGD with momentum 0.9, lr 0.01 and `inv` decay, weight decay 5e-4, batch 64, " +
        '10,000 iterations; the engine has no `inv` schedule)',
      `synthesis: scheme C from the trained baseline (\`start.from: baseline\`: its weights, no training before ` +
        `the first operation), ${r.iterations} iterations of a global prune of ${100 * r.prune}% of the active ` +
        `weights (conv kernels and fully connected weights under one |w| threshold) then gradient growth of ` +
        `${100 * r.regrow}%, ${r.epochs} epoch${r.epochs === 1 ? '' : 's'} of retraining after each (distilled ` +
        `from the baseline: its soft targets beside the labels); a final ${100 * r.finalPrune}% prune; the ` +
        `smallest network within ${100 * r.tolerance} point of the baseline's validation score and confirmed by ` +
        `the paired rule on validation after ${r.finetune} epochs of fine-tuning on the baseline's predictions ` +
        `alone (\`select.distill: 1\`; up to ${r.confirm} candidates, smallest first)`,
    ],
  };
}
