/**
 * The ONE schema of a synthesis config. The engine validates with it, the CLI and the editor report its
 * messages, `schemas/scann-config.schema.json` is generated from it, and hover docs read its descriptions.
 *
 * Fields whose sensible default depends on the scheme (start size, operation settings) are optional here and
 * resolved by the scheme presets in the engine, so that an explicit value can always be told from a default.
 */
import { z } from 'zod';
import { sweepSchema } from './sweepSchema';

const fraction = (doc: string) => z.number().min(0).max(1).describe(doc);
const posInt = (doc: string) => z.number().int().min(1).describe(doc);

const SCALINGS = ['minmax', 'zscore', 'none'] as const;

export const datasetSchema = z
  .strictObject({
    source: z
      .string()
      .min(1)
      .describe(
        'Where the data comes from: `builtin:NAME` (see `scann datasets`), or a path (relative to the notebook) to a ' +
          'CSV (optionally .gz), ARFF, or IDX images file.',
      ),
    labels: z.string().min(1).optional().describe('IDX only: the labels file that goes with `source`.'),
    test: z
      .string()
      .min(1)
      .optional()
      .describe(
        'A separate test file in the same format as `source`. Without it, a stratified test split is held out.',
      ),
    testLabels: z.string().min(1).optional().describe('IDX only: the labels file that goes with `test`.'),
    label: z
      .union([z.string().min(1), z.number().int().min(0)])
      .optional()
      .describe(
        'CSV/ARFF: the label column, by name or 0-based index. Default: a column named `label`, else the last.',
      ),
    header: z
      .boolean()
      .optional()
      .describe('CSV: whether the first row is a header. Default: detected (a first row that is not all numbers).'),
    delimiter: z.string().length(1).optional().describe('CSV: the field separator. Default: detected among , ; tab.'),
    validation: fraction(
      'Fraction of the training part held out (stratified) for validation and model selection.',
    ).default(0.15),
    testFraction: fraction(
      'Fraction held out (stratified) as the test split when the source has no test split.',
    ).default(0.2),
    scaling: z
      .enum(SCALINGS)
      .default('zscore')
      .describe(
        'Feature scaling, fitted on the training split only: z-score (robust to outliers), min-max to [0,1] ' +
          "(the paper's choice), or none.",
      ),
    limit: posInt('Use at most this many training rows (stratified sample); handy for quick experiments.').optional(),
    shape: z
      .tuple([posInt('Height.'), posInt('Width.'), posInt('Channels.')])
      .optional()
      .describe(
        'Image shape [height, width, channels] of every row, for a conv front end (`baseline.conv`): the features ' +
          'are the pixels in height, width, channel order (HWC). IDX and built-in images have their own shape ' +
          '([28, 28, 1] for MNIST); a CSV of images needs this.',
      ),
  })
  .describe('The dataset and how it is split and scaled.');

const OPTIMIZERS = ['sgd', 'adam'] as const;
const RETRAIN_DECAYS = ['none', 'cosine'] as const;

export const trainSchema = z
  .strictObject({
    optimizer: z.enum(OPTIMIZERS).default('adam').describe('`sgd` (momentum, Nesterov, weight decay) or `adam`.'),
    lr: z.number().gt(0).max(10).default(0.005).describe('Learning rate.'),
    momentum: z.number().min(0).lt(1).default(0.9).describe('SGD momentum.'),
    nesterov: z.boolean().default(true).describe('SGD: use Nesterov momentum.'),
    weightDecay: z.number().min(0).max(1).default(0.0001).describe('L2 weight decay on active weights.'),
    beta1: z.number().min(0).lt(1).default(0.9).describe('Adam beta1.'),
    beta2: z.number().min(0).lt(1).default(0.999).describe('Adam beta2.'),
    batch: posInt('Mini-batch size.').max(65536).default(32),
    epochs: z.number().int().min(0).max(10000).default(10).describe('Epochs of retraining after every operation.'),
    retrainDecay: z
      .enum(RETRAIN_DECAYS)
      .default('none')
      .describe(
        'Learning rate of the retraining after every synthesis operation: `none` keeps `lr`; `cosine` anneals it ' +
          'from `lr` towards 0 over that retraining (one step per epoch, at the cosine of its midpoint) and starts ' +
          'again at `lr` after the next operation, so every candidate is scored at settled weights rather than ' +
          'mid-way through training at full rate.',
      ),
    initialEpochs: z
      .number()
      .int()
      .min(0)
      .max(10000)
      .optional()
      .describe(
        'Epochs of training before the first operation. Default: 2 x `epochs`; 0 for scheme imp, which starts ' +
          'from the trained baseline.',
      ),
  })
  .describe('The training recipe, shared by the baseline and the synthesis.');

const GROUPS = ['inputHidden', 'hiddenHidden', 'hiddenOutput', 'inputOutput'] as const;
export type ConnectionGroup = (typeof GROUPS)[number];

const groupsField = z
  .array(z.enum(GROUPS))
  .min(1)
  .optional()
  .describe('Connection groups the operation acts on. Default: every group the network space allows.');

/** Every operation is followed by retraining; this many epochs overrides `train.epochs` for it. */
const opEpochsField = z
  .number()
  .int()
  .min(0)
  .optional()
  .describe('Retraining epochs after this operation. Default: `train.epochs`.');

const growConnectionsSchema = z.strictObject({
  op: z.literal('growConnections'),
  mode: z
    .enum(['gradient', 'random', 'full'])
    .default('gradient')
    .describe('`gradient`: dormant positions with the largest |dL/dw|; `random`; `full`: every allowed position.'),
  percentile: z
    .number()
    .min(0)
    .lt(100)
    .optional()
    .describe('Activate dormant positions whose score is above this percentile of the dormant scores (paper: 70).'),
  fraction: z
    .number()
    .gt(0)
    .max(100)
    .optional()
    .describe('Instead of a percentile: add this many connections as a fraction of the currently active ones.'),
  batches: posInt('Mini-batches used to estimate the gradients (ignored with `fullData`).').default(1),
  fullData: z.boolean().default(false).describe('Estimate the gradients on the whole training split.'),
  groups: groupsField,
  kernels: z
    .boolean()
    .default(true)
    .describe(
      'With a conv front end: also grow dormant kernel weights, each conv layer on its own by the same rule ' +
        "(the percentile of that layer's dormant scores, or `fraction` x its active weights).",
    ),
  epochs: opEpochsField,
});

export const growNeuronsSchema = z.strictObject({
  op: z.literal('growNeurons'),
  count: posInt('Neurons added per operation (each splits one parent).').max(10000).default(1),
  select: z
    .enum(['activation', 'random'])
    .default('activation')
    .describe('Parent choice: the most active neurons (sum of |h| over the batches) or random ones.'),
  noise: z.number().min(0).max(10).default(0.01).describe('Std. deviation of the noise added to the clone weights.'),
  batches: posInt('Mini-batches used to measure activations.').default(1),
  copyOutgoingHidden: z
    .boolean()
    .default(false)
    .describe("Also copy the parent's outgoing hidden->hidden connections to the clone."),
  halveOutgoing: z
    .boolean()
    .default(false)
    .describe("Halve the parent's and clone's outgoing weights so the split preserves the function."),
  epochs: opEpochsField,
});

export const growChannelsSchema = z.strictObject({
  op: z.literal('growChannels'),
  count: posInt('Channels added per conv layer (each splits one parent), while the layer has free slots.')
    .max(4096)
    .default(1),
  select: z
    .enum(['activation', 'random'])
    .default('activation')
    .describe('Parent choice: the most active channels (sum of |output| over the batches) or random ones.'),
  noise: z.number().min(0).max(10).default(0.01).describe('Std. deviation of the noise added to the clone kernels.'),
  batches: posInt('Mini-batches used to measure activations.').default(1),
  halveOutgoing: z
    .boolean()
    .default(true)
    .describe("Halve the parent's and clone's outgoing weights so the split preserves the function."),
  epochs: opEpochsField,
});

export const pruneSchema = z.strictObject({
  op: z.literal('prune'),
  ratio: fraction('Fraction of the active connections to remove (smallest |w| first).').optional(),
  keep: posInt('Instead of a ratio: keep this many connections (global scope only).').optional(),
  scope: z
    .enum(['group', 'global'])
    .optional()
    .describe('`group`: the ratio applies to each connection group; `global`: one |w| threshold across all.'),
  removeDead: z
    .boolean()
    .default(true)
    .describe(
      'Remove neurons (and conv channels) left without inputs or outputs, folding constant outputs into biases.',
    ),
  groups: groupsField,
  kernels: z
    .boolean()
    .default(true)
    .describe(
      'With a conv front end: also prune kernel weights, `ratio` of each conv layer on its own with scope `group`, ' +
        'or ranked with the connections in the one |w| order (and counted by `keep`) with scope `global`.',
    ),
  epochs: opEpochsField,
});

export const operationSchema = z.discriminatedUnion('op', [
  growConnectionsSchema,
  growNeuronsSchema,
  growChannelsSchema,
  pruneSchema,
]);
export type OperationConfig = z.output<typeof operationSchema>;
export type OperationInput = z.input<typeof operationSchema>;

const SCHEMES = ['A', 'B', 'C', 'imp'] as const;
export type SchemeName = (typeof SCHEMES)[number];
/** What a config may ask for: a scheme, or `auto`, which the engine settles once it knows the data (schemeChoice.ts). */
const SCHEME_CHOICES = [...SCHEMES, 'auto'] as const;

const START_FROM = ['scratch', 'baseline'] as const;

const startSchema = z
  .strictObject({
    from: z
      .enum(START_FROM)
      .optional()
      .describe(
        'Scheme C: `baseline` starts from the trained baseline itself, weights and all (no initial training), so the ' +
          'synthesis prunes and regrows the network it is compared with and stays close to what it computes; ' +
          '`scratch` (the default) starts from new weights in the baseline layers. Scheme imp always starts from ' +
          'the baseline; A and B grow a network of their own.',
      ),
    hidden: z
      .union([z.number().int().min(1).max(100000), z.array(z.number().int().min(1).max(100000)).min(1)])
      .optional()
      .describe(
        'Starting hidden neurons: a count (arbitrary feed-forward space) or layer sizes (MLP space). ' +
          'Default: A 8, B 64, C the baseline layers. Scheme imp ignores `start`: it starts from the trained baseline.',
      ),
    channelCapacity: z
      .number()
      .min(1)
      .max(16)
      .default(1)
      .describe(
        "With a conv front end: channel slots of each conv layer as a multiple of the baseline's channels; the extra " +
          'slots start free and `growChannels` fills them. 1: no room for channel growth.',
      ),
    maxHidden: posInt('Upper bound on hidden neurons during neuron growth. Default: 4 x the start, at least 32.')
      .max(100000)
      .optional(),
    inputDensity: z
      .number()
      .gt(0)
      .max(1)
      .optional()
      .describe('Fraction of the inputs each starting neuron connects to (random). Default: A 1, B 0.9, C 1.'),
    hiddenDensity: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe(
        'Arbitrary space: fraction of the allowed hidden->hidden connections (earlier to later neuron) active at the ' +
          "start; 1 is the course code's dense DAG. Default: A 1, B 0.1.",
      ),
    skipConnections: z
      .boolean()
      .optional()
      .describe('Start with every input->output connection active (arbitrary space only). Default: true.'),
    initialBias: z
      .number()
      .min(-100)
      .max(100)
      .default(0)
      .describe('Bias of the starting hidden neurons (course code: 1).'),
    initStd: z
      .number()
      .gt(0)
      .max(10)
      .optional()
      .describe('Std. deviation of the initial weights. Default: He scaling.'),
  })
  .describe('The starting architecture.');

/** Below this many validation rows, `select.margin: auto` asks for one standard error (measured: docs/suite.md). */
export const AUTO_MARGIN_ROWS = 200;

export const selectSchema = z
  .strictObject({
    rule: z
      .enum(['best', 'bestAfterPrune', 'smallestWithin'])
      .default('smallestWithin')
      .describe(
        '`best`: highest validation accuracy; `bestAfterPrune`: highest right after a prune; `smallestWithin`: ' +
          "fewest connections whose validation accuracy is within `tolerance` of the baseline's (else `best`).",
      ),
    window: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(3)
      .describe(
        'Networks are scored by their mean validation accuracy over this many epochs (the last of a step; the best ' +
          "run of the baseline's), so one lucky epoch does not decide the selection. 1 scores every epoch alone.",
      ),
    tolerance: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .describe(
        'Validation accuracy the selected network may lose against the baseline, for `smallestWithin` (absolute: ' +
          '0.005 = half a point). Default 0: no loss.',
      ),
    margin: z
      .union([z.number().min(0).max(10), z.literal('auto')])
      .default('auto')
      .describe(
        'For `smallestWithin`: how many standard errors of the validation accuracy a network must clear the ' +
          "baseline's score by (the binomial standard error at the baseline's accuracy on the validation rows), so " +
          'that a network that reached the target by luck on a small validation split is not taken. `auto`: one ' +
          `standard error when the validation split has fewer than ${AUTO_MARGIN_ROWS} rows, none otherwise ` +
          '(the default, measured: docs/suite.md).',
      ),
    finetune: z
      .number()
      .int()
      .min(0)
      .max(10000)
      .default(15)
      .describe(
        'Epochs of fine-tuning the selected architecture with its mask fixed and a decaying learning rate (three ' +
          'stages at 1/2, 1/4 and 1/8 of `train.lr`). The fine-tuned network replaces the selected one only if its ' +
          'final validation score is at least as good. 0: none. Default 15 (measured: docs/suite.md, ablation).',
      ),
    confirm: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(3)
      .describe(
        'For `smallestWithin` with `finetune`: how many of the smallest candidates (those within one standard ' +
          'error of the target) are fine-tuned in turn; the first whose fine-tuned score clears the target is taken.',
      ),
    afterMiss: z
      .enum(['best', 'next'])
      .default('best')
      .describe(
        'For `smallestWithin` with `finetune`, when none of the `confirm` candidates is confirmed: `best` falls ' +
          'back to the best-scored network (fine-tuned when that helps); `next` first goes on up the other ' +
          'candidates in order of size, screens each by the confirmation rule as it stands (a validation pass, no ' +
          'training) and fine-tunes and confirms only those that pass, up to `confirm` more. Default `best`: on the ' +
          "suite's tuning half `next` changed 41 of 294 runs, as often to a larger network as to a smaller one, and " +
          'lowered compression (measured: docs/suite-ablation.md, round ten).',
      ),
    distill: z
      .number()
      .min(0)
      .max(1)
      .default(0.9)
      .describe(
        "Weight of the trained baseline's predicted probabilities in the fine-tuning targets (knowledge " +
          'distillation): each training row is fitted to (1 - distill) x its label + distill x what the baseline ' +
          'predicts for it, so the fine-tuned network learns to agree with the baseline. 0: labels only. Needs the ' +
          'builtin engine (TF.js fine-tunes on the labels). Default 0.9 (measured: docs/suite.md).',
      ),
    confirmBy: z
      .enum(['score', 'paired'])
      .default('paired')
      .describe(
        'For `smallestWithin` with `finetune`: how a fine-tuned candidate is confirmed. `score`: its validation ' +
          "score clears the baseline's by `margin` binomial standard errors. `paired`: the same validation rows, " +
          'counted in pairs: with b rows only the baseline classifies right and c rows only the candidate, it needs ' +
          "c - b >= margin x sqrt(b + c) - tolerance x rows (the standard error of McNemar's test), so a network " +
          'that disagrees with the baseline on many rows must win by more than one that agrees on nearly all. ' +
          'Default `paired` (measured: docs/suite-ablation.md).',
      ),
    confirmAsIs: z
      .boolean()
      .default(false)
      .describe(
        'With `confirmBy: paired`: when a fine-tuned candidate fails the confirmation, the candidate as it stands is ' +
          'confirmed too, and returned unchanged when it passes. Fine-tuning can cost a network taken from the ' +
          "trained baseline rows of agreement with it; the paired rule's requirement grows with the rows the two " +
          'classify differently, so what passes as it stands agrees with the baseline rather than beating it by ' +
          "luck. Default `false`: on the suite's tuning half it changed 23 of 330 runs and raised compression by 5%, " +
          'short of the 10% its rule asked for (measured: docs/suite-ablation.md, round eleven).',
      ),
    keepBaseline: z
      .enum(['never', 'below', 'missed', 'auto'])
      .default('auto')
      .describe(
        'Return the trained baseline itself (1.0x) instead of the synthesized network: `below` when the network ' +
          'classifies fewer validation rows right than the baseline, `missed` whenever it misses the target, ' +
          `\`auto\`: \`below\` when the validation split has fewer than ${AUTO_MARGIN_ROWS} rows, \`never\` otherwise ` +
          '(on a larger split, one or two rows below the baseline cost compression and no accuracy: docs/suite.md). ' +
          'The run then reports `target.met: false`, says so and names what to try. `never`: always the network. ' +
          'Not for `scheme: imp`, which is reported as itself. Default `auto` (measured: docs/suite-ablation.md).',
      ),
    distillDuring: z
      .enum(['finetune', 'synthesis', 'auto'])
      .default('auto')
      .describe(
        'Where `distill` applies: `finetune`, the fine-tuning of the selected candidates only; `synthesis`, every ' +
          'retraining of the synthesis too (slower: soft-target epochs do not run on the kernels, about 3x the ' +
          `synthesis time on small sets); \`auto\`: \`synthesis\` when the validation split has fewer than ${AUTO_MARGIN_ROWS} ` +
          'rows (small sets, where it removed the real losses and costs seconds), `finetune` otherwise. Default ' +
          '`auto` (measured: docs/suite-ablation.md).',
      ),
    fallback: z
      .enum(['none', 'A', 'B', 'C'])
      .default('C')
      .describe(
        'When no network of the scheme reaches the target: run this scheme too and return whichever does better ' +
          '(C starts from the baseline layers, so it nearly always reaches it). `none`: return the best network ' +
          'and report the missed target.',
      ),
  })
  .describe('Which network of the synthesis history is returned.');

const conv2dSchema = z.strictObject({
  layer: z.literal('conv2d'),
  channels: posInt('Output channels (feature maps).').max(4096),
  kernel: posInt('Kernel height and width.').max(64),
  stride: posInt('Step between kernel positions.').max(64).default(1),
  padding: z.number().int().min(0).max(64).default(0).describe('Zero padding on every side.'),
  activation: z
    .enum(['relu', 'linear'])
    .default('relu')
    .describe("After the convolution: `relu`, or `linear` (none, as in Caffe's LeNet-5)."),
});

const poolSchema = (kind: 'maxPool' | 'avgPool') =>
  z.strictObject({
    layer: z.literal(kind),
    size: posInt('Pooling window height and width.').max(64).default(2),
    stride: posInt('Step between windows. Default: `size`.').max(64).optional(),
  });

export const convLayerSchema = z
  .discriminatedUnion('layer', [
    conv2dSchema,
    poolSchema('maxPool'),
    poolSchema('avgPool'),
    z.strictObject({ layer: z.literal('flatten') }),
  ])
  .describe('A layer of the conv front end: `conv2d`, `maxPool`, `avgPool`, or a final `flatten`.');
export type ConvLayerConfig = z.output<typeof convLayerSchema>;

const BASELINE_PRESETS = ['lenet5'] as const;

/**
 * Whether a synthesis starts from the trained baseline network (scheme imp always, C with `start.from: baseline`):
 * it then reads the raw features the baseline reads and takes its layers and weights.
 */
export function startsFromBaseline(c: Pick<ScannConfig, 'scheme' | 'start'>): boolean {
  // `auto` with `start.from: baseline` is C from the baseline whatever the data (schemeChoice.ts).
  return c.scheme === 'imp' || ((c.scheme === 'C' || c.scheme === 'auto') && c.start.from === 'baseline');
}

/**
 * The `start` fields a config sets (dotted paths), as against their defaults: what a start from the trained baseline
 * ignores, and what keeps `scheme: auto` on scheme B.
 */
export function startFieldsSet(start: ScannConfig['start']): (keyof ScannConfig['start'])[] {
  const optional = ['hidden', 'maxHidden', 'inputDensity', 'hiddenDensity', 'skipConnections', 'initStd'] as const;
  const set: (keyof ScannConfig['start'])[] = optional.filter((k) => start[k] !== undefined);
  if (start.initialBias !== 0) set.push('initialBias');
  if (start.channelCapacity !== 1) set.push('channelCapacity');
  return set;
}

/** How messages name such a synthesis. */
export function baselineStartName(c: Pick<ScannConfig, 'scheme'>): string {
  return c.scheme === 'imp' ? 'scheme imp' : 'scheme C with `start.from: baseline`';
}

/** Caffe's LeNet-5 (the paper's MNIST baseline): conv 20@5x5, max-pool 2, conv 50@5x5, max-pool 2, fc 500, fc 10. */
export const LENET5: { conv: ConvLayerConfig[]; hidden: number[] } = {
  conv: [
    { layer: 'conv2d', channels: 20, kernel: 5, stride: 1, padding: 0, activation: 'linear' },
    { layer: 'maxPool', size: 2, stride: 2 },
    { layer: 'conv2d', channels: 50, kernel: 5, stride: 1, padding: 0, activation: 'linear' },
    { layer: 'maxPool', size: 2, stride: 2 },
  ],
  hidden: [500],
};

export const DEFAULT_BASELINE_HIDDEN = [128, 64];

/**
 * The baseline's architecture: its conv front end (empty for an MLP; a final `flatten` dropped, since the front end
 * always ends in one) and its dense hidden layers, from `preset` or the `conv` and `hidden` fields.
 */
export function baselineArchitecture(b: BaselineConfig): { conv: ConvLayerConfig[]; hidden: number[] } {
  if (b.preset === 'lenet5') return LENET5;
  const conv = (b.conv ?? []).filter((l) => l.layer !== 'flatten');
  return { conv, hidden: b.hidden ?? DEFAULT_BASELINE_HIDDEN };
}

const LR_DECAYS = ['plateau', 'cosine', 'none'] as const;
export type LrDecay = (typeof LR_DECAYS)[number];
export type RetrainDecay = (typeof RETRAIN_DECAYS)[number];

const baselineSchema = z
  .strictObject({
    hidden: z
      .array(z.number().int().min(1).max(100000))
      .min(1)
      .optional()
      .describe(
        'Hidden layer sizes of the baseline MLP every run is compared against (after `conv`, its dense part). ' +
          'Default: [128, 64].',
      ),
    conv: z
      .array(convLayerSchema)
      .min(1)
      .optional()
      .describe(
        'A conv front end before the hidden layers (images only: see `dataset.shape`), e.g. ' +
          '`[{layer: conv2d, channels: 20, kernel: 5}, {layer: maxPool}]`. Every kernel weight is a connection ' +
          'with a mask bit; the synthesis keeps the same layers. It ends in a flatten into the hidden layers.',
      ),
    preset: z
      .enum(BASELINE_PRESETS)
      .optional()
      .describe(
        "A named baseline instead of `conv` and `hidden`: `lenet5` is Caffe's LeNet-5 (conv 20@5x5, max-pool 2, " +
          'conv 50@5x5, max-pool 2, fc 500, fc 10; 430,500 weights), the MNIST baseline of the SCANN paper.',
      ),
    epochs: z
      .number()
      .int()
      .min(1)
      .max(10000)
      .default(200)
      .describe(
        'Most training epochs of the baseline; it stops earlier once `patience` epochs pass without a better ' +
          'validation score. The network at the end of its best `select.window` epochs is kept.',
      ),
    patience: z
      .number()
      .int()
      .min(0)
      .max(10000)
      .default(10)
      .describe(
        'Early stopping: the baseline stops after this many epochs without a better mean validation accuracy over ' +
          '`select.window` epochs. 0 trains all `epochs`.',
      ),
    lrDecay: z
      .enum(LR_DECAYS)
      .default('plateau')
      .describe(
        "The baseline's learning rate schedule, from `train.lr`: `plateau` halves it after half of `patience` " +
          'epochs without a better score; `cosine` anneals it to 0 over `epochs`; `none` keeps it.',
      ),
    init: z
      .enum(['he', 'glorot'])
      .default('glorot')
      .describe(
        "The baseline's starting weights: `he` (He-normal by fan-in, zero biases) or `glorot` (scikit-learn's " +
          'MLPClassifier: weights and biases uniform in +-sqrt(6 / (fan_in + fan_out))).',
      ),
  })
  .describe(
    'The baseline network (an MLP, or a conv front end and an MLP), trained to convergence with the same recipe plus ' +
      'early stopping and a decaying learning rate.',
  );

const ENERGY_PRESETS = ['horowitz45nm', 'scann130nm'] as const;
const energySchema = z
  .union([
    z.enum(ENERGY_PRESETS),
    z.strictObject({
      mac: z.number().min(0).describe('Energy of one multiply-accumulate, pJ.'),
      memory: z.number().min(0).describe('Energy of one parameter read, pJ.'),
      compare: z.number().min(0).describe('Energy of one comparison (ReLU), pJ.'),
      name: z.string().min(1).default('custom').describe('A name for this energy table, shown in results.'),
    }),
  ])
  .default('horowitz45nm')
  .describe('Per-operation energies for the energy-per-inference figure: a preset or custom numbers in pJ.');

export const DR_METHODS = [
  'pca',
  'factorAnalysis',
  'ica',
  'isomap',
  'spectral',
  'rpGaussian',
  'rpGaussianUnit',
  'rpSparseBinary',
  'rpSparseTernary',
] as const;
export type DrMethod = (typeof DR_METHODS)[number];
/** The methods whose fitted transform is a matrix (reduced = (x - mean) x matrix): those `reduce.as: layer` takes. */
export const LINEAR_DR_METHODS: readonly DrMethod[] = DR_METHODS.filter((m) => m !== 'isomap' && m !== 'spectral');

/** `reduce.margin`'s default, chosen on the tuning half of the generalization suite (docs/suite-reduce.md). */
const MARGIN_DEFAULT = 2;

export const reduceSchema = z
  .strictObject({
    method: z
      .enum(['auto', 'none', ...DR_METHODS])
      .default('auto')
      .describe(
        'Dimensionality reduction before synthesis (DR+SCANN), fitted on the training split. `auto` scores every ' +
          'method and dimension, and the raw features, by the validation accuracy of a briefly trained baseline ' +
          'MLP, and picks the cheapest transform (fewest multiply-accumulates per inference) among those within ' +
          '`tolerance` of the best score. The raw features cost nothing, so they are kept (the run is then a run ' +
          'without `reduce`) unless a reduction scores more than `tolerance`, and more than `margin` standard ' +
          'errors of their validation score, above them. When `auto` reduced and the network synthesized on the ' +
          'reduction misses the selection target, the raw features get a synthesis pass too and the run keeps ' +
          'the network the validation split prefers (reported as the `none` choice, with why). A method with ' +
          'several `dims` searches the dimension only, by the same rule; `none` keeps the raw features.',
      ),
    methods: z
      .array(z.enum(DR_METHODS))
      .min(1)
      .optional()
      .describe('Candidate methods for `auto`. Default: every method.'),
    dims: z
      .union([z.number().int().min(1), z.array(z.number().int().min(1)).min(1)])
      .optional()
      .describe(
        'Reduced dimension, or candidates for the search. Default: d/2, d/4, d/8, ... down to the class count.',
      ),
    epochs: z.number().int().min(1).max(1000).default(10).describe('Training epochs of each candidate in the search.'),
    sampleRows: z
      .number()
      .int()
      .min(100)
      .default(10000)
      .describe(
        'The search fits and scores every candidate on at most this many training rows (a stratified random ' +
          'subset; validation stays whole); the chosen transform is then refitted on the whole training split.',
      ),
    tolerance: z
      .number()
      .min(0)
      .max(1)
      .default(0.005)
      .describe(
        'The search: candidates whose validation score is within this much (a fraction: 0.005 = 0.5 point) of the ' +
          "best one count as equally good, and the cheapest transform among them is chosen. The raw features' cost " +
          'is zero, so a reduction must score more than this above them to be chosen.',
      ),
    margin: z
      .number()
      .min(0)
      .max(10)
      .default(MARGIN_DEFAULT)
      .describe(
        '`auto`: a reduction must also score more than this many binomial standard errors of the raw ' +
          "features' validation score above them (at 95% on 68 validation rows one standard error is 2.5 points, " +
          'on 9,000 rows 0.2). The best of dozens of briefly trained candidates beats the raw features by luck ' +
          'alone on a small validation split; 0 leaves only `tolerance`.',
      ),
    neighbors: z
      .number()
      .int()
      .min(2)
      .max(1000)
      .default(10)
      .describe('Neighbours of the graph in Isomap and spectral embedding.'),
    landmarks: z
      .number()
      .int()
      .min(10)
      .max(5000)
      .default(500)
      .describe(
        'Isomap and spectral embedding: training rows (a random subset) the embedding is fitted on; other points, ' +
          'test data included, are embedded from them (landmark MDS / Nystrom extension). Stored in the model.',
      ),
    workers: z
      .number()
      .int()
      .min(1)
      .max(64)
      .default(2)
      .describe('Worker threads evaluating the selection grid in parallel (capped by the cores); 1 runs it in-line.'),
    compressedMlp: z
      .boolean()
      .default(true)
      .describe(
        'Also train the DR-only point: the baseline MLP with every layer shrunk by the compression ratio, on the ' +
          'reduced data (reported next to the baseline and the synthesis).',
      ),
    shrinkLayers: z
      .boolean()
      .default(true)
      .describe('Shrink every hidden layer of the starting network by the feature compression ratio (d / k).'),
    as: z
      .enum(['transform', 'layer'])
      .default('transform')
      .describe(
        '`transform`: the fitted transform runs before the network, fixed (its multiply-accumulates are counted ' +
          "beside the network). `layer`: it becomes the network's first layer, k linear (identity-activation) " +
          'neurons reading the scaled raw features, initialised with its weights (the centering folded into their ' +
          'biases), so the network starts computing exactly what the fixed transform would, and growth and pruning ' +
          'then act on those connections like on any other: the model is one sparse network from the raw features. ' +
          'Linear methods only (PCA, factor analysis, ICA, random projections; `auto` then searches those); the ' +
          'builtin engine only.',
      ),
  })
  .describe("DR+SCANN: reduce the dataset's dimensionality first, shrink the network accordingly, then synthesize.");
export type ReduceConfig = z.output<typeof reduceSchema>;

const ENGINES = ['builtin', 'tfjs'] as const;

export const configSchema = z
  .strictObject({
    name: z.string().min(1).max(200).optional().describe('A name for this run, shown in outputs and run history.'),
    dataset: datasetSchema,
    reduce: reduceSchema.optional(),
    engine: z
      .enum(ENGINES)
      .optional()
      .describe(
        'Training engine: `builtin` (default) or `tfjs` (TensorFlow.js: tfjs-node when installed, else WebAssembly).',
      ),
    scheme: z
      .enum(SCHEME_CHOICES)
      .default('auto')
      .describe(
        'Synthesis scheme: A constructive (small DAG that grows), B destructive DAG, C destructive MLP; `imp` is the ' +
          'pruning peer to compare them with: iterative magnitude pruning of the trained baseline itself (20% of ' +
          'the remaining connections per round, globally, each round retrained), selected by the same rule. ' +
          `\`auto\` (the default): scheme C from the trained baseline when the validation split has fewer than ` +
          `${AUTO_MARGIN_ROWS} rows, where a grown network cannot be told apart from a lucky one, scheme B otherwise; ` +
          'B also whenever a reduction or settings of a start or schedule (`start`, `iterations`, `prelude`, `loop`, ' +
          '`finale`) are given. The run says which it chose and why (measured: docs/suite-ablation.md).',
      ),
    iterations: z
      .number()
      .int()
      .min(0)
      .max(1000)
      .optional()
      .describe(
        'Grow-and-prune iterations (pruning rounds for `imp`). Default: A 6, B 8, C 8 (12 from the trained ' +
          "baseline), imp 21 (down to 0.8^21 < 1% of the baseline's connections).",
      ),
    start: startSchema.default(() => startSchema.parse({})),
    loop: z
      .array(operationSchema)
      .optional()
      .describe("Replace the scheme's per-iteration operation list (each followed by retraining)."),
    finale: z
      .array(operationSchema)
      .optional()
      .describe("Replace the scheme's operations run once after the iterations."),
    prelude: z
      .array(operationSchema)
      .optional()
      .describe("Replace the scheme's operations run once before the iterations."),
    train: trainSchema.default(() => trainSchema.parse({})),
    select: selectSchema.default(() => selectSchema.parse({})),
    baseline: baselineSchema.default(() => baselineSchema.parse({})),
    energy: energySchema,
    seed: z
      .number()
      .int()
      .min(0)
      .max(4294967295)
      .default(1)
      .describe('One seed for splits, initialisation, shuffling and growth noise.'),
    sweep: sweepSchema.optional(),
  })
  .describe('A SCANN synthesis config.');

export type ScannConfig = z.output<typeof configSchema>;
export type ScannConfigInput = z.input<typeof configSchema>;
export type DatasetConfig = z.output<typeof datasetSchema>;
export type TrainConfig = z.output<typeof trainSchema>;
export type BaselineConfig = z.output<typeof baselineSchema>;
export type SelectConfig = z.output<typeof selectSchema>;
export type EnergyConfig = z.output<typeof energySchema>;
export type GrowConnectionsConfig = z.output<typeof growConnectionsSchema>;
export type GrowNeuronsConfig = z.output<typeof growNeuronsSchema>;
export type GrowChannelsConfig = z.output<typeof growChannelsSchema>;
export type PruneConfig = z.output<typeof pruneSchema>;
