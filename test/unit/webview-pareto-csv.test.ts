import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunResult } from '../../src/protocol/result';
import { isRunSummary, runSummary } from '../../src/protocol/runSummary';
import { CSV_COLUMNS, mergeRuns, sortRuns } from '../../webview/compare/columns';
import { comparePoints, frontsByDataset } from '../../webview/compare/paretoData';
import { csvField, toCsv } from '../../webview/components/csv';
import { decimateMinMax } from '../../webview/components/decimate';
import { paretoFront } from '../../webview/components/pareto';
import { claimedResult, fixtureResult } from '../webview/support/fixtures';

test('pareto front: non-dominated points by increasing cost', () => {
  const pts = [
    { cost: 10, accuracy: 0.9 },
    { cost: 5, accuracy: 0.8 },
    { cost: 20, accuracy: 0.95 },
    { cost: 15, accuracy: 0.85 }, // dominated by cost 10
    { cost: 5, accuracy: 0.7 }, // dominated by the other cost 5
    { cost: 30, accuracy: 0.95 }, // dominated: same accuracy, more cost
    { cost: NaN, accuracy: 1 },
  ];
  assert.deepEqual(paretoFront(pts), [1, 0, 2]);
  assert.deepEqual(paretoFront([]), []);
  assert.deepEqual(
    paretoFront([
      { cost: 1, accuracy: 0.5 },
      { cost: 1, accuracy: 0.5 },
    ]),
    [0],
  );
});

test('min-max decimation keeps first, last and every bucket extreme', () => {
  const ys = Array.from({ length: 10000 }, (_, i) => Math.sin(i / 50));
  ys[4321] = 10;
  ys[7777] = -10;
  const keep = decimateMinMax(ys, 100);
  assert.ok(keep.length <= 301);
  assert.equal(keep[0], 0);
  assert.equal(keep[keep.length - 1], 9999);
  assert.ok(keep.includes(4321) && keep.includes(7777));
  for (let i = 1; i < keep.length; i++) assert.ok(keep[i]! > keep[i - 1]!);
  assert.deepEqual(decimateMinMax([3, 1, 2], 100), [0, 1, 2]);
});

test('CSV fields are quoted only when needed (RFC 4180)', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField(' padded'), '" padded"');
  assert.equal(csvField(0.5), '0.5');
  assert.equal(csvField(Infinity), '');
  assert.equal(csvField(undefined), '');
  const csv = toCsv(
    [
      { header: 'name', value: (r: { n: string; v: number }) => r.n },
      { header: 'value', value: (r) => r.v },
    ],
    [
      { n: 'x,y', v: 1 },
      { n: 'z', v: 2.5 },
    ],
  );
  assert.equal(csv, 'name,value\r\n"x,y",1\r\nz,2.5\r\n');
});

const runs = () => ['optdigits-b', 'optdigits-c', 'optdigits-a'].map((n) => runSummary(fixtureResult(n), n));

test('compare CSV: one row per run with full-precision numbers from the results', () => {
  const rs = runs();
  const lines = toCsv(CSV_COLUMNS, rs).trimEnd().split('\r\n');
  assert.equal(lines.length, 4);
  const header = lines[0]!.split(',');
  assert.deepEqual(header.slice(0, 6), ['run', 'run_id', 'status', 'dataset', 'scheme', 'dr']);
  const row = Object.fromEntries(header.map((h, i) => [h, lines[1]!.split(',')[i]]));
  const r = fixtureResult('optdigits-b');
  assert.equal(row.run, r.name);
  assert.equal(Number(row.test_accuracy), r.final.testAccuracy);
  assert.equal(Number(row.connections), r.final.connections);
  assert.equal(Number(row.energy_pj), r.energy.final);
  assert.equal(Number(row.baseline_connections), r.baseline.connections);
  assert.equal(row.baseline_layers, r.baseline.layers.join('-'));
});

test('sorting is stable and by value; merging replaces known runs', () => {
  const rs = runs();
  const byConn = sortRuns(rs, 'connections', false).map((r) => r.connections);
  assert.deepEqual(
    byConn,
    [...byConn].sort((a, b) => a - b),
  );
  const byName = sortRuns(rs, 'name', true).map((r) => r.name);
  assert.deepEqual(byName, ['optdigits-scheme-C', 'optdigits-scheme-B', 'optdigits-scheme-A']);
  // Equal accuracies (B and C) keep their input order.
  const byAcc = sortRuns(rs, 'testAccuracy', false).map((r) => r.runId);
  assert.deepEqual(byAcc, ['optdigits-b', 'optdigits-c', 'optdigits-a']);
  const merged = mergeRuns(rs.slice(0, 2), [{ ...rs[0]!, name: 'renamed' }, rs[2]!]);
  assert.deepEqual(
    merged.map((r) => r.name),
    ['renamed', 'optdigits-scheme-C', 'optdigits-scheme-A'],
  );
});

test('compare points: runs plus one point per distinct baseline; fronts per dataset', () => {
  const pts = comparePoints(runs());
  assert.equal(pts.filter((p) => p.kind === 'run').length, 3);
  assert.equal(pts.filter((p) => p.kind === 'baseline').length, 1); // the three runs share the baseline
  const front = frontsByDataset(pts, 'connections').get('optdigits')!;
  // Scheme A (fewest connections, baseline accuracy) dominates everything here.
  assert.deepEqual(
    front.map((i) => pts[i]!.label),
    ['optdigits-scheme-A'],
  );
});

test('compare CSV and guard: target and paired interval columns, empty for results saved before them', () => {
  const missed = claimedResult('optdigits-b', false);
  const rs = [runSummary(missed, 'm'), runSummary(fixtureResult('optdigits-a'), 'old')];
  assert.ok(rs.every(isRunSummary));
  assert.equal(isRunSummary({ ...rs[0]!, target: { met: 'no' } }), false);
  assert.equal(isRunSummary({ ...rs[0]!, comparison: { ...missed.comparison!, ci95: [0] } }), false);
  const lines = toCsv(CSV_COLUMNS, rs).trimEnd().split('\r\n');
  const header = lines[0]!.split(',');
  const row = (i: number) => Object.fromEntries(header.map((h, k) => [h, lines[i]!.split(',')[k]]));
  const c = missed.comparison!;
  assert.equal(row(1).target_met, 'false');
  assert.equal(Number(row(1).delta_ci95_low), c.ci95[0]);
  assert.equal(Number(row(1).delta_ci95_high), c.ci95[1]);
  assert.equal(Number(row(1).delta_p_value), c.pValue);
  assert.equal(row(2).target_met, '');
  assert.equal(row(2).delta_ci95_low, '');
  // A run whose `reduce: auto` kept the raw features says so in the DR column.
  const kept = { ...missed, reduce: { method: 'none' } } as unknown as RunResult;
  assert.equal(runSummary(kept, 'k').dr, 'none (auto)');
});
