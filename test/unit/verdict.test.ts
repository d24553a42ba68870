import assert from 'node:assert/strict';
import { test } from 'node:test';
import { terminalSummary } from '../../src/cli/summary';
import { formatRatio } from '../../src/protocol/numbers';
import type { ReduceResult, RunResult } from '../../src/protocol/result';
import { markdownSummary } from '../../src/protocol/runOutput';
import { pendingVerdict, runVerdict, statusLabel, verdictLine } from '../../src/protocol/verdict';
import { ENERGY_TABLES, inferenceEnergy } from '../../src/protocol/energy';
import { costChange } from '../../src/protocol/claims';
import { parseRunPayload } from '../../webview/components/payload';
import { energySpec } from '../../webview/renderer/charts';
import type { Palette } from '../../webview/components/palette';
import { logTicks } from '../../webview/components/ticks';
import { summaryTable } from '../../webview/components/summary';
import { claimedResult, fixtureResult } from '../webview/support/fixtures';

/** The fixture run with a DR transform of `macs` multiply-accumulates in front of its network. */
function withTransform(r: RunResult, macs: number, method: ReduceResult['method'] = 'pca'): RunResult {
  const energyPj = macs * 4.6;
  const connections = r.final.connections + macs;
  return {
    ...r,
    reduce: {
      method,
      dims: 16,
      inputs: 64,
      ratio: 4,
      selected: true,
      extension: method === 'none' ? 'none' : 'linear',
      transform: { macs, parameters: macs, energyPj },
      withTransform: {
        connections,
        energyPj: r.energy.final + energyPj,
        compression: r.baseline.connections / connections,
        energyRatio: r.energy.baseline / (r.energy.final + energyPj),
      },
      startHidden: 16,
      grid: [],
      parallel: { mode: 'threads', workers: 2 },
      notes: [],
      durationMs: 10,
    },
  };
}

test('one ratio format everywhere: one decimal below 100, none from 100 on', () => {
  assert.equal(formatRatio(24.46), '24.5x');
  assert.equal(formatRatio(376.02), '376x');
  assert.equal(formatRatio(99.96), '100.0x');
  assert.equal(formatRatio(Infinity), 'n/a');
});

test('the verdict: accuracy with its interval, compression, energy ratio, target', () => {
  const r = claimedResult('optdigits-b', true);
  const v = runVerdict(r);
  assert.deepEqual(
    v.items.map((i) => [i.key, i.value]),
    [
      ['accuracy', '96.66%'],
      ['compression', formatRatio(r.compression)],
      ['energy', `${formatRatio(r.energy.ratio)} less`],
      ['target', 'met'],
    ],
  );
  assert.match(v.items[0]!.detail, /^-0\.3 pt \[-\d\.\d, \+\d\.\d\] vs baseline 96\.94%$/);
  // The interval includes zero: neither good nor bad.
  assert.equal(v.items[0]!.tone, 'neutral');
  assert.equal(v.items[3]!.tone, 'good');
  const missed = runVerdict(claimedResult('optdigits-b', false));
  assert.equal(missed.items[3]!.value, 'NOT met');
  assert.equal(missed.items[3]!.tone, 'bad');
  assert.match(missed.items[3]!.detail, /^no network reached the baseline's validation accuracy/);
  // Results saved before targets and comparisons existed: the delta alone, no target cell.
  const old = runVerdict(fixtureResult('optdigits-b'));
  assert.equal(old.items.length, 3);
  assert.equal(old.items[0]!.detail, '-0.28 pt vs baseline 96.94%');
});

test('compression and energy count the DR transform, as docs/results.md does; auto\'s "none" counts nothing', () => {
  const r = withTransform(claimedResult('optdigits-b', true), 1024);
  const v = runVerdict(r);
  const x = r.baseline.connections / (r.final.connections + 1024);
  assert.equal(v.items[1]!.value, formatRatio(x));
  assert.notEqual(formatRatio(x), formatRatio(r.compression));
  assert.match(v.items[1]!.detail, /incl\. DR transform MACs/);
  assert.equal(v.items[2]!.value, `${formatRatio(r.reduce!.withTransform.energyRatio)} less`);
  assert.match(
    verdictLine(r),
    new RegExp(`${formatRatio(x).replace('.', '\\.')} fewer connections \\(with the DR transform\\)`),
  );
  const kept = withTransform(claimedResult('optdigits-b', true), 0, 'none');
  assert.equal(runVerdict(kept).items[1]!.value, formatRatio(kept.compression));
  assert.doesNotMatch(verdictLine(kept), /transform/);
});

test('the CLI table and the markdown summary carry the same verdict line', () => {
  for (const r of [
    claimedResult('optdigits-b', true),
    claimedResult('optdigits-b', false),
    fixtureResult('optdigits-b'),
  ]) {
    const line = verdictLine(r);
    assert.ok(terminalSummary(r).split('\n')[1] === `  verdict: ${line}`, terminalSummary(r));
    assert.ok(markdownSummary(r).includes(`**Verdict:** ${line}.`));
  }
  assert.match(verdictLine(claimedResult('optdigits-b', false)), / · target NOT met$/);
  // Compression prints alike in the table rows and the verdict.
  const r = { ...fixtureResult('optdigits-b'), compression: 376.02 };
  assert.match(terminalSummary(r), /\(376x fewer\)/);
  assert.match(markdownSummary(r), /\(376x fewer\)/);
  assert.doesNotMatch(terminalSummary(r) + markdownSummary(r), /376\.0x/);
});

test('a cancelled run says its best network was kept, in every summary', () => {
  const r: RunResult = { ...fixtureResult('optdigits-b'), status: 'cancelled' };
  assert.equal(statusLabel('cancelled'), 'cancelled, best network kept');
  assert.match(markdownSummary(r), /^### .* \(cancelled, best network kept\)/);
  assert.match(terminalSummary(r), /\[cancelled, best network kept\]/);
  assert.match(verdictLine(r), / · cancelled, best network kept$/);
});

test('a run still going has the same four slots, compression and energy "so far"', () => {
  const r = fixtureResult('optdigits-b');
  const last = r.history[3]!;
  const v = pendingVerdict({
    status: 'running',
    baseline: r.baseline,
    last,
    outputs: r.dataset.classes,
    energyTable: ENERGY_TABLES.horowitz45nm,
  });
  assert.deepEqual(
    v.items.map((i) => i.key),
    ['accuracy', 'compression', 'energy', 'target'],
  );
  assert.equal(v.items[1]!.value, formatRatio(r.baseline.connections / last.connections));
  assert.match(v.items[1]!.detail, new RegExp(`at step ${last.step} so far$`));
  assert.equal(pendingVerdict({ status: 'queued', outputs: 10 }).items[1]!.value, '…');
});

test('the live energy counts no ReLU comparison for the linear neurons of a DR layer', () => {
  const r = fixtureResult('optdigits-b');
  const last = r.history[3]!;
  // Comparisons only, so that the count of ReLU neurons decides the figure (with real tables it is a rounding).
  const table = { name: 'compares', mac: 0, memory: 0, compare: 1 };
  const energy = (step: typeof last) =>
    pendingVerdict({
      status: 'running',
      baseline: r.baseline,
      last: step,
      outputs: r.dataset.classes,
      energyTable: table,
    }).items[2]!.value;
  const expected = (relu: number) =>
    costChange(
      r.baseline.energyPj / inferenceEnergy({ ...last, outputs: r.dataset.classes, reluNeurons: relu }, table),
      'less',
    );
  const linear = Math.floor(last.hiddenNeurons / 2);
  assert.ok(linear > 0);
  assert.notEqual(expected(last.hiddenNeurons), expected(last.hiddenNeurons - linear));
  assert.equal(energy(last), expected(last.hiddenNeurons));
  assert.equal(energy({ ...last, linearNeurons: linear }), expected(last.hiddenNeurons - linear));
});

test('the energy axis title names no unit that its ticks do not use', () => {
  const v = parseRunPayload(fixtureResult('optdigits-b'));
  // Only the series colours matter to the spec.
  const spec = energySpec(v, { series: ['#1', '#2', '#3', '#4'] } as unknown as Palette)!;
  const ys = spec.series.flatMap((s) => s.y);
  const ticks = logTicks(Math.min(...ys), Math.max(...ys)).map((t) => spec.yTickFormat!(t));
  const tickUnits = new Set(ticks.map((t) => /[pnu]J$/.exec(t)?.[0]));
  assert.ok(tickUnits.has('nJ'), `ticks ${ticks.join(', ')}`);
  const titleUnits = /\b([pnu]J)\b/.exec(spec.yLabel)?.[1];
  assert.ok(titleUnits === undefined || (tickUnits.size === 1 && tickUnits.has(titleUnits)), spec.yLabel);
});

test('a baseline with a conv front end is named by its channels and its dense layers, not as an MLP', () => {
  const r = fixtureResult('optdigits-b');
  const conv: RunResult = {
    ...r,
    baseline: { ...r.baseline, layers: [500], conv: { weights: 25_500, macs: 2_000_000, channels: [20, 50] } },
  };
  assert.match(terminalSummary(conv), /baseline conv 20-50 \+ MLP 500/);
  assert.match(markdownSummary(conv), /\| \| Baseline conv 20-50 \+ MLP 500 \| SCANN \|/);
  assert.doesNotMatch(terminalSummary(conv) + markdownSummary(conv), /MLP 500 \(|Baseline MLP/);
  // The views' table (renderer, report) says the same as the markdown summary.
  assert.equal(summaryTable(conv).headers[1], 'Baseline conv 20-50 + MLP 500');
  // An MLP keeps its name.
  assert.match(terminalSummary(r), /baseline MLP 128-64/);
  assert.equal(summaryTable(r).headers[1], 'Baseline MLP 128-64');
});
