import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { baselineArchitecture, configSchema, operationSchema } from '../../src/protocol/config';
import { formatIssue, parseConfigText, suggest } from '../../src/protocol/configText';
import { plannedEpochs, resolvePlan } from '../../src/engine/synthesis/schemes';
import { resolvedConfig } from './helpers/resolvedConfig';

function issuesOf(text: string): { where: string; text: string; message: string; severity: string }[] {
  return parseConfigText(text).issues.map((i) => ({
    where: `${i.line}:${i.column}`,
    text: text.slice(i.start, i.end),
    message: `${i.path.join('.')}: ${i.message}`,
    severity: i.severity,
  }));
}

test('a minimal config gets every default', () => {
  const { config, issues } = parseConfigText('dataset: { source: data.csv }\n');
  assert.deepEqual(issues, []);
  assert.ok(config);
  assert.equal(config.scheme, 'auto');
  assert.equal(config.seed, 1);
  assert.equal(config.energy, 'horowitz45nm');
  assert.deepEqual(config.baseline, {
    epochs: 200,
    patience: 10,
    lrDecay: 'plateau',
    init: 'glorot',
  });
  // The layers are resolved with `preset` and `conv`, so an explicit `hidden` can be told from the default.
  assert.deepEqual(baselineArchitecture(config.baseline), { conv: [], hidden: [128, 64] });
  assert.equal(config.select.rule, 'smallestWithin');
  assert.equal(config.dataset.scaling, 'zscore');
  assert.equal(config.train.optimizer, 'adam');
});

test('unknown keys are located on the key and suggest the closest known key', () => {
  const text = 'dataset:\n  source: builtin:iris\n  scalng: zscore\nschem: A\ntrain: { optimzer: sgd }\n';
  const got = issuesOf(text);
  assert.deepEqual(
    got.map((g) => [g.where, g.text, g.message]),
    [
      ['3:3', 'scalng', "dataset.scalng: unknown key 'scalng'; did you mean 'scaling'?"],
      ['4:1', 'schem', "schem: unknown key 'schem'; did you mean 'scheme'?"],
      ['5:10', 'optimzer', "train.optimzer: unknown key 'optimzer'; did you mean 'optimizer'?"],
    ],
  );
});

test('wrong types and out-of-range values point at the value', () => {
  const text = 'dataset: { source: x.csv, validation: 1.5 }\ntrain:\n  batch: 2.5\n  lr: 0\nscheme: D\n';
  const got = issuesOf(text);
  assert.deepEqual(
    got.map((g) => [g.where, g.text, g.message]),
    [
      ['1:39', '1.5', 'dataset.validation: 1.5 is too large: must be <= 1'],
      ['3:10', '2.5', 'train.batch: expected integer, got 2.5'],
      ['4:7', '0', 'train.lr: 0 is too small: must be > 0'],
      ['5:9', 'D', 'scheme: expected one of "A", "B", "C", "imp", "auto", got "D"'],
    ],
  );
});

test('operation lists are validated per operation kind, with suggestions from that kind', () => {
  const text = 'dataset: { source: x.csv }\nloop:\n  - op: prune\n    ratoi: 0.2\n  - op: grow\n';
  const got = issuesOf(text);
  assert.deepEqual(
    got.map((g) => [g.where, g.message]),
    [
      ['4:5', "loop.0.ratoi: unknown key 'ratoi'; did you mean 'ratio'?"],
      [
        '5:9',
        'loop.1.op: "grow" is not valid here (expected one of growConnections, growNeurons, growChannels, prune)',
      ],
    ],
  );
});

test('missing required keys, YAML syntax errors and non-mapping documents are reported', () => {
  assert.deepEqual(
    issuesOf('scheme: A\n').map((g) => g.message),
    ["dataset: missing required key 'dataset'"],
  );
  const syntax = parseConfigText('dataset: [1\n');
  assert.equal(syntax.config, undefined);
  assert.equal(syntax.issues.length, 1);
  assert.match(syntax.issues[0]!.message, /flow sequence/i);
  assert.deepEqual(
    issuesOf('- a\n- b\n').map((g) => g.message),
    [': a config is a YAML mapping (key: value lines)'],
  );
  assert.deepEqual(
    issuesOf('dataset: { source: a.csv }\ndataset: { source: b.csv }\n').length,
    1,
    'duplicate keys are errors',
  );
});

test('cross-field rules and unknown built-in datasets', () => {
  const got = issuesOf(
    'dataset: { source: "builtin:irsi" }\nscheme: C\nstart: { hidden: 10 }\nloop: [{ op: prune, keep: 5, ratio: 0.1 }, { op: growConnections, percentile: 70, fraction: 0.1 }]\n',
  );
  assert.deepEqual(
    got.map((g) => [g.severity, g.message]),
    [
      [
        'error',
        "dataset.source: unknown built-in dataset 'irsi'; did you mean 'builtin:iris'? (built-in: iris, wine, breast_cancer, optdigits, mnist)",
      ],
      ['warning', 'start.hidden: scheme C works on an MLP: give layer sizes, e.g. [128, 64]'],
      ['error', 'loop.0.keep: give either `ratio` or `keep`, not both'],
      ['error', 'loop.1.fraction: give either `percentile` or `fraction`, not both'],
    ],
  );
  const warnOnly = parseConfigText('dataset: { source: x.csv }\nscheme: C\nstart: { hidden: 10 }\n');
  assert.ok(warnOnly.config, 'warnings alone still give a config');
  assert.equal(
    formatIssue(warnOnly.issues[0]!),
    '3:18 warning: start.hidden: scheme C works on an MLP: give layer sizes, e.g. [128, 64]',
  );
});

test('scheme imp: no reduction in front, and `start` is ignored', () => {
  const got = issuesOf(
    'dataset: { source: x.csv }\nscheme: imp\nreduce: { method: pca }\nstart: { hidden: [10], initialBias: 1 }\n',
  );
  assert.deepEqual(
    got.map((g) => [g.severity, g.message]),
    [
      [
        'error',
        'reduce: scheme imp prunes the trained baseline, which reads the raw features: it cannot follow a reduction',
      ],
      [
        'warning',
        'start.hidden: ignored: scheme imp starts from the trained baseline (its layers are `baseline.hidden`)',
      ],
      [
        'warning',
        'start.initialBias: ignored: scheme imp starts from the trained baseline (its layers are `baseline.hidden`)',
      ],
    ],
  );
  assert.deepEqual(issuesOf('dataset: { source: x.csv }\nscheme: imp\nreduce: { method: none }\n'), []);
});

test('start.from baseline: scheme C only, no reduction in front, and the other `start` fields are ignored', () => {
  const c = issuesOf(
    'dataset: { source: x.csv }\nscheme: C\nreduce: { method: pca }\n' +
      'start: { from: baseline, hidden: [10], channelCapacity: 2 }\n',
  );
  const ignored = 'ignored: scheme C with `start.from: baseline` starts from the trained baseline';
  assert.deepEqual(
    c.map((g) => [g.severity, g.message]),
    [
      [
        'error',
        'reduce: scheme C with `start.from: baseline` prunes the trained baseline, which reads the raw features: ' +
          'it cannot follow a reduction',
      ],
      ['warning', `start.hidden: ${ignored} (its layers are \`baseline.hidden\`)`],
      ['warning', `start.channelCapacity: ${ignored} (its layers are \`baseline.hidden\`)`],
    ],
  );
  for (const scheme of ['A', 'B']) {
    assert.deepEqual(
      issuesOf(`dataset: { source: x.csv }\nscheme: ${scheme}\nstart: { from: baseline }\n`).map((g) => g.message),
      [`start.from: scheme ${scheme} grows a network of its own; only scheme C (or imp) can start from the baseline`],
    );
  }
  assert.deepEqual(
    issuesOf('dataset: { source: x.csv }\nscheme: imp\nstart: { from: scratch }\n').map((g) => g.message),
    ['start.from: ignored: scheme imp starts from the trained baseline (its layers are `baseline.hidden`)'],
  );
  assert.deepEqual(issuesOf('dataset: { source: x.csv }\nscheme: C\nstart: { from: baseline }\n'), []);
  assert.deepEqual(issuesOf('dataset: { source: x.csv }\nscheme: C\nstart: { from: scratch }\n'), []);
});

test('suggestions only for likely typos', () => {
  assert.equal(suggest('itertions', ['iterations', 'seed']), 'iterations');
  assert.equal(suggest('zzzzzz', ['iterations', 'seed']), undefined);
});

test('scheme presets resolve to one driver plan, and explicit values win', () => {
  const base = { dataset: { source: 'x.csv' } };
  const a = resolvePlan(resolvedConfig({ ...base, scheme: 'A' }));
  assert.equal(a.start.space, 'dag');
  assert.equal(a.start.hidden, 8);
  assert.deepEqual(
    a.loop.map((o) => o.op),
    ['growNeurons', 'growConnections', 'prune'],
  );
  const c = resolvePlan(resolvedConfig({ ...base, scheme: 'C', baseline: { hidden: [30, 20] } }));
  assert.equal(c.start.space, 'mlp');
  assert.deepEqual(c.start.hidden, [30, 20]);
  assert.equal(c.pruneScope, 'global');
  const custom = resolvePlan(
    resolvedConfig({
      ...base,
      scheme: 'B',
      iterations: 2,
      start: { hidden: 12, maxHidden: 20 },
      loop: [{ op: 'prune', ratio: 0.1, epochs: 3 }],
    }),
  );
  assert.equal(custom.iterations, 2);
  assert.equal(custom.start.hidden, 12);
  assert.equal(custom.start.capacity, 20);
  assert.deepEqual(
    custom.loop.map((o) => [o.op, o.epochs]),
    [['prune', 3]],
  );
  const cfg = resolvedConfig({
    ...base,
    scheme: 'B',
    iterations: 2,
    train: { epochs: 5 },
    baseline: { epochs: 7 },
    loop: [{ op: 'prune', ratio: 0.1, epochs: 3 }],
  });
  // baseline 7 + initial 2x5 + prelude prune 5 + 2 x 3
  assert.equal(plannedEpochs(cfg), 7 + 10 + 5 + 6);
  assert.equal(plannedEpochs(cfg, 4), 4 + 10 + 5 + 6, 'with the epochs the baseline trained');
  const imp = resolvePlan(resolvedConfig({ ...base, scheme: 'imp', baseline: { hidden: [30, 20] } }));
  assert.deepEqual([imp.fromBaseline, imp.start.space, imp.start.hidden], [true, 'mlp', [30, 20]]);
  assert.deepEqual([imp.initialEpochs, imp.iterations], [0, 21]);
  assert.deepEqual(imp.loop, [operationSchema.parse({ op: 'prune', ratio: 0.2, scope: 'global' })]);
  assert.equal(resolvePlan(resolvedConfig({ ...base, scheme: 'B' })).fromBaseline, false);
});

test('the baseline trains to convergence by default: a cap, patience and a decaying learning rate', () => {
  const b = configSchema.parse({ dataset: { source: 'x.csv' } }).baseline;
  assert.deepEqual([b.epochs, b.patience, b.lrDecay], [200, 10, 'plateau']);
});

test('the committed JSON Schema is generated from the config schema', () => {
  const root = path.join(__dirname, '..', '..');
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/generate-schema.ts', '--check'], {
    cwd: root,
    stdio: 'pipe',
  });
});
