import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runSynthesis } from '../../src/engine/run/run';
import { resolvePlan } from '../../src/engine/synthesis/schemes';
import { AUTO_MARGIN_ROWS, configSchema, type ScannConfigInput } from '../../src/protocol/config';
import { parseConfigText } from '../../src/protocol/configText';
import type { RunEvent } from '../../src/protocol/events';
import { beforeData, chooseScheme, resolveScheme } from '../../src/protocol/schemeChoice';
import { dataDir } from './helpers/run';

const parse = (x: Partial<ScannConfigInput>) => configSchema.parse({ dataset: { source: 'x.csv' }, ...x });

test('scheme auto is the default, and settles on the size of the validation split', () => {
  const c = parse({});
  assert.equal(c.scheme, 'auto');
  const small = chooseScheme(c, AUTO_MARGIN_ROWS - 1);
  assert.deepEqual([small.scheme, small.fromBaseline], ['C', true]);
  assert.match(small.reason, /199 rows \(fewer than 200\)/);
  const large = chooseScheme(c, AUTO_MARGIN_ROWS);
  assert.deepEqual([large.scheme, large.fromBaseline], ['B', false]);
  assert.match(large.reason, /200 rows \(at least 200\)/);
  assert.equal(beforeData(c).scheme, 'B', 'before the data is loaded, estimates take the large-split choice');
});

test('scheme auto keeps B for a reduction or for settings written for a scheme, and C for start.from: baseline', () => {
  const rows = 50;
  const pick = (x: Partial<ScannConfigInput>) => chooseScheme(parse(x), rows);
  assert.match(pick({ reduce: { method: 'pca' } }).reason, /reduction/);
  assert.equal(pick({ reduce: { method: 'pca' } }).scheme, 'B');
  assert.equal(pick({ reduce: { method: 'none' } }).scheme, 'C', 'no reduction is no reduction');
  assert.deepEqual(
    [pick({ start: { hidden: 12 } }).scheme, pick({ start: { hidden: 12 } }).reason],
    ['B', 'start.hidden is set'],
  );
  assert.equal(pick({ iterations: 3, loop: [{ op: 'prune', ratio: 0.1 }] }).reason, 'iterations, loop are set');
  assert.equal(pick({ start: { initialBias: 1 } }).scheme, 'B');
  assert.equal(pick({ start: { from: 'scratch' } }).scheme, 'B');
  const warm = chooseScheme(parse({ start: { from: 'baseline' } }), 10_000);
  assert.deepEqual([warm.scheme, warm.fromBaseline], ['C', true], 'asked for by name, whatever the split');
  // A named scheme is never changed.
  for (const scheme of ['A', 'B', 'C', 'imp'] as const)
    assert.equal(chooseScheme(parse({ scheme }), rows).scheme, scheme);
});

test('the resolved config is the round-eight Cw recipe: C from the trained baseline, 12 rounds, no initial training', () => {
  const { config } = resolveScheme(parse({}), 100);
  assert.deepEqual([config.scheme, config.start.from], ['C', 'baseline']);
  const plan = resolvePlan(config);
  assert.deepEqual([plan.fromBaseline, plan.iterations, plan.initialEpochs], [true, 12, 0]);
  const named = resolvePlan(resolveScheme(parse({ scheme: 'C', start: { from: 'baseline' } }), 100).config);
  assert.deepEqual([named.iterations, named.initialEpochs], [12, 0], 'the same as naming it');
  assert.equal(resolvePlan(resolveScheme(parse({ scheme: 'C' }), 100).config).iterations, 8, 'C from scratch: 8');
  const b = resolveScheme(parse({}), 1000).config;
  assert.deepEqual([b.scheme, b.start.from], ['B', undefined]);
});

test('the config check knows that auto with start.from: baseline starts from the baseline', () => {
  const issues = parseConfigText(
    'dataset: { source: builtin:wine }\nstart: { from: baseline, hidden: 8 }\n' + 'reduce: { method: pca }\n',
  ).issues;
  assert.ok(
    issues.some((i) => i.severity === 'error' && /cannot follow a reduction/.test(i.message)),
    JSON.stringify(issues),
  );
  assert.ok(issues.some((i) => i.severity === 'warning' && i.path.join('.') === 'start.hidden'));
  const plain = parseConfigText('dataset: { source: builtin:wine }\nstart: { from: baseline }\n').issues;
  assert.deepEqual(plain, [], 'no error: only B and A are refused a start from the baseline');
});

test('a run with only dataset and seed says which scheme auto chose, and why, in the result and the log', async () => {
  const run = async (source: string) => {
    const events: RunEvent[] = [];
    const config = configSchema.parse({
      dataset: { source },
      seed: 3,
      select: { finetune: 0 },
      baseline: { epochs: 8 },
    });
    const result = await runSynthesis(config, { baseDir: dataDir, dataDir, emit: (e) => events.push(e) });
    const logs = events.flatMap((e) => (e.type === 'log' ? [e.message] : []));
    const started = events.find((e) => e.type === 'started');
    return { result, logs, started };
  };
  // wine: 21 validation rows.
  const wine = await run('builtin:wine');
  assert.ok(wine.result.dataset.validationRows < AUTO_MARGIN_ROWS);
  assert.equal(wine.result.scheme, 'C');
  assert.deepEqual(
    wine.result.schemeChoice && [wine.result.schemeChoice.scheme, wine.result.schemeChoice.fromBaseline],
    ['C', true],
  );
  assert.ok(
    wine.logs.some((m) =>
      /^`scheme: auto` chose scheme C from the trained baseline, because the validation split has \d+ rows/.test(m),
    ),
  );
  assert.equal(
    wine.started?.type === 'started' && wine.started.config.scheme,
    'C',
    'the started event carries the settled config',
  );
  // The synthesis starts from the trained baseline: its first step is the baseline's own network.
  assert.deepEqual(
    [wine.result.history[0]?.epochs, wine.result.history[0]?.connections],
    [0, wine.result.baseline.connections],
  );
  // optdigits: 216 validation rows.
  const digits = await run('builtin:optdigits');
  assert.ok(digits.result.dataset.validationRows >= AUTO_MARGIN_ROWS);
  assert.equal(digits.result.schemeChoice?.scheme, 'B');
  assert.ok(
    digits.logs.some((m) => /^`scheme: auto` chose scheme B, because the validation split has 216 rows/.test(m)),
  );
  // A named scheme: no choice recorded.
  const named = await runSynthesis(
    configSchema.parse({
      dataset: { source: 'builtin:wine' },
      scheme: 'B',
      seed: 3,
      select: { finetune: 0 },
      baseline: { epochs: 8 },
    }),
    { baseDir: dataDir, dataDir },
  );
  assert.equal(named.schemeChoice, undefined);
  assert.equal(named.scheme, 'B');
});
