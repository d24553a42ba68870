/**
 * What a run claims: whether it met its selection target (and what to try when not), the paired comparison with the
 * baseline on the test split, and `reduce: auto` keeping the raw features when every reduction costs accuracy.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { RunProgress } from '../../src/cli/progress';
import { jsonReport } from '../../src/cli/runConfig';
import { terminalSummary } from '../../src/cli/summary';
import { configSchema, type ScannConfigInput } from '../../src/protocol/config';
import type { RunEvent } from '../../src/protocol/events';
import type { RunResult, RunTarget } from '../../src/protocol/result';
import { isRunResult } from '../../src/protocol/resultGuards';
import { markdownSummary } from '../../src/protocol/runOutput';
import { Rng } from '../../src/engine/core/random';
import { mlpNetwork } from '../../src/engine/core/init';
import { runSynthesis } from '../../src/engine/run/run';
import { selectionTarget } from '../../src/engine/run/target';
import { resolvePlan } from '../../src/engine/synthesis/schemes';
import { resolvedConfig } from './helpers/resolvedConfig';

const root = path.join(__dirname, '..', '..');
const work = mkdtempSync(path.join(tmpdir(), 'scann-claims-'));
after(() => rmSync(work, { recursive: true, force: true }));
const ctx = { baseDir: work, dataDir: path.join(root, 'data') };

async function run(input: ScannConfigInput): Promise<{ result: RunResult; events: RunEvent[] }> {
  const events: RunEvent[] = [];
  const result = await runSynthesis(configSchema.parse(input), { ...ctx, emit: (e) => events.push(e) });
  return { result, events };
}

/** A CSV of `rows` rows drawn by `row` (features, class index). */
function writeCsv(name: string, rows: number, d: number, seed: number, row: (rng: Rng) => [number[], number]): string {
  const rng = new Rng(seed);
  const lines = [[...Array.from({ length: d }, (_, j) => `f${j}`), 'label'].join(',')];
  for (let i = 0; i < rows; i++) {
    const [x, y] = row(rng);
    lines.push([...x.map((v) => v.toFixed(4)), `c${y}`].join(','));
  }
  writeFileSync(path.join(work, name), `${lines.join('\n')}\n`);
  return name;
}

/**
 * The synthesis cannot reach the baseline: one iteration from a single hidden neuron, two epochs per step, and no
 * fallback scheme to rescue it.
 */
const TINY: ScannConfigInput = {
  dataset: { source: 'builtin:optdigits' },
  scheme: 'A',
  iterations: 1,
  start: { hidden: 1 },
  train: { epochs: 2 },
  baseline: { epochs: 10 },
  select: { fallback: 'none' },
  seed: 3,
};
const NORMAL: ScannConfigInput = {
  dataset: { source: 'builtin:iris' },
  scheme: 'B',
  iterations: 2,
  train: { epochs: 5 },
  baseline: { epochs: 10 },
  seed: 1,
};

function checkComparison(r: RunResult): void {
  const c = r.comparison!;
  assert.equal(c.method, 'mcnemar-exact+newcombe');
  assert.equal(c.testRows, r.dataset.testRows);
  // The delta is exactly the difference of the reported accuracies, and the disagreements account for it.
  assert.equal(c.testAccuracyDelta, r.final.testAccuracy - r.baseline.testAccuracy);
  const n = c.testRows;
  const finalRight = Math.round(r.final.testAccuracy * n);
  const baselineRight = Math.round(r.baseline.testAccuracy * n);
  assert.equal(finalRight - baselineRight, c.onlySynthesizedRight - c.onlyBaselineRight);
  assert.ok(c.onlyBaselineRight + c.onlySynthesizedRight <= n);
  assert.ok(c.onlyBaselineRight <= baselineRight && c.onlySynthesizedRight <= finalRight);
  assert.ok(
    c.ci95[0] <= c.testAccuracyDelta && c.testAccuracyDelta <= c.ci95[1],
    `${c.testAccuracyDelta} in ${c.ci95}`,
  );
  assert.ok(c.ci95[0] >= -1 && c.ci95[1] <= 1 && c.ci95[0] < c.ci95[1]);
  assert.ok(c.pValue > 0 && c.pValue <= 1);
}

describe('selection target', () => {
  it('a run that cannot reach the baseline says so, with the reason and config-specific suggestions', async () => {
    const { result: r } = await run(TINY);
    assert.equal(r.status, 'done', 'the run still ends done: the network is usable');
    const t = r.target!;
    assert.equal(t.met, false);
    assert.equal(t.rule, 'smallestWithin');
    assert.equal(t.tolerance, 0);
    assert.equal(t.baselineValidation, r.final.baselineValidationScore);
    assert.equal(t.selectedValidation, r.final.validationScore);
    assert.ok(t.selectedValidation < t.baselineValidation);
    assert.match(r.final.rule, /fell back to best/);
    assert.match(
      t.reason ?? '',
      new RegExp(
        `^no network reached the baseline's validation accuracy \\(\\d+\\.\\d+%, as 3-epoch means\\); best \\d+\\.\\d+% at ` +
          `${r.final.connections.toLocaleString('en-US')} connections$`,
      ),
    );
    // Suggestions name config keys with values from this config: scheme A can switch to C; the gap sets a tolerance.
    assert.ok(t.suggestions.some((s) => s.startsWith("scheme: C keeps the baseline's layers (128-64)")));
    const gap = t.baselineValidation - t.selectedValidation;
    const tol = t.suggestions.find((s) => s.startsWith('select.tolerance: '));
    if (gap <= 0.05) {
      const value = Number(/^select\.tolerance: ([\d.]+)/.exec(tol ?? '')?.[1]);
      assert.ok(value >= gap && value < gap + 0.001, `tolerance ${value} covers the gap ${gap}`);
    }
    assert.ok(t.suggestions.some((s) => /^longer first training: train\.initialEpochs: 10 /.test(s)));
    checkComparison(r);

    // Every text surface says it.
    const table = terminalSummary(r);
    assert.match(table, /\n {2}target NOT met: no network reached the baseline's validation accuracy/);
    assert.match(table, /\n {2}try:\n {4}- /);
    assert.match(table, /test accuracy .* \((-|\+)?\d+\.\d\d pt \[[-+]?\d+\.\d+, [-+]?\d+\.\d+\], p (=|<) [\d.]+\)/);
    assert.match(
      markdownSummary(r),
      /^### .* \(target not met\)\n\n\*\*Verdict:\*\* .* · target NOT met\.\n\n> \*\*Warning: target NOT met: /,
    );
    const json = JSON.parse(JSON.stringify(jsonReport(r))) as RunResult;
    assert.deepEqual(json.target, t);
    assert.deepEqual(json.comparison, r.comparison);
    assert.ok(isRunResult({ ...json, model: r.model }));
  });

  it('a normal run meets it and says so; no suggestions', async () => {
    const { result: r } = await run(NORMAL);
    const t = r.target!;
    assert.equal(t.met, true);
    assert.equal(t.reason, undefined);
    assert.deepEqual(t.suggestions, []);
    assert.equal(r.final.rule, 'smallestWithin + fine-tune');
    assert.ok(t.selectedValidation >= t.baselineValidation);
    checkComparison(r);
    const table = terminalSummary(r);
    assert.doesNotMatch(table, /NOT met/);
    assert.match(table, /\n {2}target met \(smallestWithin\): validation /);
    assert.match(table, /\n {2}paired on \d+ test rows \(only the baseline right on \d+, only SCANN on \d+\): /);
  });
});

describe('reduce: auto may keep the raw features', () => {
  // Eight independent features that all carry the label (the sign of their sum): any projection to fewer
  // dimensions loses part of it.
  const dense = (): string =>
    writeCsv('dense.csv', 900, 8, 1, (rng) => {
      const x = Array.from({ length: 8 }, () => rng.normal());
      return [x, x.reduce((a, b) => a + b, 0) > 0 ? 1 : 0];
    });
  // Three classes in two high-variance features among 298 of noise: PCA to 2 keeps exactly the signal, the raw
  // 300 features drown it for a briefly trained MLP.
  const noisy = (): string =>
    writeCsv('noisy.csv', 300, 300, 2, (rng) => {
      const c = Math.floor(rng.next() * 3);
      const a = (2 * Math.PI * c) / 3;
      const signal = [4 * Math.cos(a) + rng.normal(), 4 * Math.sin(a) + rng.normal()];
      return [[...signal, ...Array.from({ length: 298 }, () => 1.5 * rng.normal())], c];
    });

  it('chooses none when every reduction costs validation accuracy; the run is then the run without reduce', async () => {
    const cfg: ScannConfigInput = {
      dataset: { source: dense() },
      scheme: 'C',
      iterations: 1,
      train: { epochs: 2 },
      baseline: { epochs: 4 },
    };
    const { result: r, events } = await run({
      ...cfg,
      reduce: { method: 'auto', methods: ['pca', 'rpGaussian'], dims: [4, 2], epochs: 3 },
    });
    const red = r.reduce!;
    assert.equal(red.method, 'none');
    assert.equal(red.dims, 8);
    assert.equal(red.ratio, 1);
    assert.equal(red.extension, 'none');
    assert.equal(red.transform.macs, 0);
    assert.equal(red.compressedMlp, undefined, 'no DR-only point without a reduction');
    assert.equal(red.withTransform.connections, r.final.connections);
    assert.deepEqual(
      red.grid.map((c) => `${c.method}/${c.dims}`),
      ['none/8', 'pca/4', 'pca/2', 'rpGaussian/4', 'rpGaussian/2'],
    );
    const raw = red.grid[0]!;
    assert.ok(red.grid.slice(1).every((c) => c.score < raw.score));
    assert.match(
      red.reason ?? '',
      /^every reduction cost validation accuracy: best (pca|rpGaussian) k=\d \d+\.\d% vs \d+\.\d% unreduced$/,
    );
    assert.equal(r.model.reduce, undefined);
    assert.equal(r.model.inputs, 8);
    const log = events.find((e) => e.type === 'log' && e.message.startsWith('reduce: '));
    assert.equal(
      log?.type === 'log' && log.message,
      `reduce: auto chose none (${red.reason}); the network takes the raw 8 features`,
    );
    assert.ok(events.some((e) => e.type === 'reduceChosen' && e.reduce.method === 'none'));
    assert.match(terminalSummary(r), /\n {2}reduce: auto chose none \(every reduction cost validation accuracy: /);
    // The CLI's progress prints the decision as it happens.
    const written: string[] = [];
    const stream = { isTTY: false, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    const listen = new RunProgress(stream).track('dense', 1);
    for (const e of events) listen(e);
    assert.ok(
      written.includes(`dense: reduce: auto chose none (${red.reason}); the network takes the raw 8 features\n`),
    );
    assert.match(markdownSummary(r), /\nDR: auto chose none \(every reduction cost/);

    // Exactly the run without `reduce`: same start, same synthesis, same network.
    const { result: plain } = await run(cfg);
    assert.deepEqual(r.history, plain.history);
    assert.deepEqual(r.model, plain.model);
    assert.equal(r.final.testAccuracy, plain.final.testAccuracy);
  });

  it('chooses a reduction when it costs nothing, and says how it compared with the raw features', async () => {
    const { result: r } = await run({
      dataset: { source: noisy(), scaling: 'none' },
      scheme: 'C',
      iterations: 1,
      train: { epochs: 2 },
      baseline: { epochs: 4 },
      reduce: { method: 'auto', methods: ['pca'], dims: [2], epochs: 3, compressedMlp: false },
      // The network on the reduced features, also when it scores below the baseline: this checks the search's
      // choice. With a tolerance of 100 points any network meets the target, so no pass on the raw features runs.
      select: { keepBaseline: 'never', tolerance: 1 },
    });
    const red = r.reduce!;
    assert.equal(red.method, 'pca');
    assert.equal(red.dims, 2);
    const [raw, pca] = red.grid;
    assert.equal(raw?.method, 'none');
    assert.ok(pca!.score > raw!.score, `pca ${pca!.score} vs raw ${raw!.score}`);
    assert.match(red.reason ?? '', /^validation \d+\.\d% vs \d+\.\d% unreduced; \d+ MACs$/);
    assert.equal(red.transform.macs, pca!.macs);
    assert.equal(r.model.reduce?.outputs, 2);
    assert.match(terminalSummary(r), /\n {2}reduce: pca 300 -> 2 features \(auto: validation /);
  });
});

describe('suggestions for a start from the baseline', () => {
  const missed = (input: ScannConfigInput): RunTarget => {
    const config = resolvedConfig(input);
    const net = mlpNetwork(4, 3, { layers: [2], inputDensity: 1, initialBias: 0 }, new Rng(1));
    return selectionTarget({
      config,
      plan: resolvePlan(config),
      chosen: {
        candidate: {
          net,
          connections: net.activeConnections(),
          validationAccuracy: 0.8,
          step: 3,
          iteration: 1,
          op: 'prune',
        },
        met: false,
      },
      baselineScore: 0.9,
      history: [],
      status: 'done',
    });
  };

  it('scheme C from new weights is pointed at the trained baseline, and at a longer first training', () => {
    const t = missed({ dataset: { source: 'x.csv' }, scheme: 'C' });
    assert.ok(t.suggestions.some((s) => s.startsWith('scheme: C with start: { from: baseline } prunes and regrows')));
    assert.ok(t.suggestions.some((s) => s.startsWith('longer first training: train.initialEpochs: 200 ')));
  });

  it('a start from the baseline gets neither: it is the trained baseline already', () => {
    for (const input of [
      { dataset: { source: 'x.csv' }, scheme: 'C', start: { from: 'baseline' } },
      { dataset: { source: 'x.csv' }, scheme: 'imp' },
    ] satisfies ScannConfigInput[]) {
      const t = missed(input);
      assert.equal(t.met, false);
      assert.ok(t.suggestions.length > 0, `${input.scheme}: still something to try`);
      assert.ok(!t.suggestions.some((s) => /from: baseline|initialEpochs/.test(s)), t.suggestions.join('\n'));
    }
  });
});
