/**
 * bench:engine over some of its cases (`--cases f`) merges its figures into docs/performance.json and
 * docs/performance.md and leaves the other cases' figures, their run record and the hand-written text as they were.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  MAIN_SECTION,
  mergePerformanceJson,
  parseCases,
  partialKey,
  spliceSection,
  wrapSection,
  type PerformanceJson,
} from '../../bench/engineMerge';
import type { RunInfo } from '../../bench/engineReport';

const run = (started: string, load: number): RunInfo => ({
  started,
  quick: true,
  rounds: 2,
  repeats: 2,
  torch: true,
  loadBefore: [load, load, load],
  loadAfter: [load, load, load],
  seconds: 100,
});
const anchor = (reason: string) => ({ valid: false as const, reason });
const entry = (name: string, ours: number) => ({ case: name, ours_ex_s: ours, torch_ex_s: 10, ratio: ours / 10 });

const quiet: PerformanceJson = {
  cases: [entry('a', 50), entry('b', 60), entry('infer_a_b1', 70), entry('infer_a_b1024', 80)],
  run: run('2026-12-04T23:10:00.000Z', 2.4),
  anchor: anchor('quiet anchor'),
};

test('--cases takes group letters and case names, in the benchmark order, and refuses unknown ones', () => {
  assert.deepEqual(parseCases('f'), ['f64', 'f256', 'fs64', 'fs256', 'fb1', 'fsb1']);
  assert.deepEqual(parseCases('fb1,a,e'), ['a', 'infer_a', 'infer_s', 'fb1']);
  assert.equal(parseCases(undefined).length, 13);
  assert.throws(() => parseCases('g'), /unknown case "g".*groups: a, b, c, d, e, f/);
  assert.equal(partialKey(parseCases('f')), 'f');
  assert.equal(partialKey(parseCases('d,f')), 'df');
  assert.equal(partialKey(parseCases('f64,fb1')), 'f64,fb1');
});

test('a run of case f adds its keys and keeps the other cases, their run record and their anchor', () => {
  const f1 = {
    cases: [entry('f64', 3), entry('f256', 4), entry('fb1', 5)],
    run: run('2026-12-05T08:00:00.000Z', 9),
    anchor: anchor('busy anchor'),
  };
  const once = mergePerformanceJson(quiet, f1, parseCases('f'));
  assert.deepEqual(once.cases.slice(0, 4), quiet.cases);
  assert.deepEqual(
    once.cases.slice(4).map((c) => c.case),
    ['f64', 'f256', 'fb1'],
  );
  assert.deepEqual(once.run, quiet.run);
  assert.deepEqual(once.anchor, quiet.anchor);
  assert.deepEqual(once.separateRuns, [{ key: 'f', cases: ['f64', 'f256', 'fb1'], run: f1.run, anchor: f1.anchor }]);

  // Run again: the f figures are replaced where they stand, and there is still one record of a run of f.
  const f2 = {
    ...f1,
    cases: [entry('f64', 6), entry('f256', 7), entry('fb1', 8)],
    run: run('2026-12-05T09:00:00.000Z', 3),
  };
  const twice = mergePerformanceJson(once, f2, parseCases('f'));
  assert.deepEqual(twice.cases, [...quiet.cases, ...f2.cases]);
  assert.equal(twice.separateRuns?.length, 1);
  assert.deepEqual(twice.separateRuns?.[0]?.run, f2.run);

  // A run of e alone replaces both of its keys (infer_a_b1 and infer_a_b1024 belong to case infer_a), keeps f's record.
  const e = { cases: [entry('infer_a_b1', 1), entry('infer_a_b1024', 2)], run: run('x', 1), anchor: anchor('e') };
  const third = mergePerformanceJson(twice, e, ['infer_a']);
  assert.deepEqual(
    third.cases.map((c) => [c.case, c.ours_ex_s]),
    [
      ['a', 50],
      ['b', 60],
      ['infer_a_b1', 1],
      ['infer_a_b1024', 2],
      ['f64', 6],
      ['f256', 7],
      ['fb1', 8],
    ],
  );
  assert.deepEqual(
    third.separateRuns?.map((r) => [r.key, r.cases.length]),
    [
      ['f', 3],
      ['infer_a', 2],
    ],
  );
});

test("a partial run's section goes after the full run's and replaces itself; a full run removes it", () => {
  const doc = [
    '# Engine performance',
    '',
    'Hand-written introduction.',
    '',
    wrapSection(MAIN_SECTION, 'quiet table'),
    '',
    '### Notes kept by hand',
    '',
  ].join('\n');
  const withF = spliceSection(doc, 'f', wrapSection('f', 'busy f table'));
  assert.match(withF, /quiet table\n\n<!-- bench:engine:end -->\n\n<!-- bench:engine:f:start -->\n\nbusy f table/);
  assert.ok(withF.includes('Hand-written introduction.') && withF.includes('### Notes kept by hand'));
  const again = spliceSection(withF, 'f', wrapSection('f', 'second f table'));
  assert.ok(!again.includes('busy f table'));
  assert.equal(again.split('<!-- bench:engine:f:start -->').length, 2);
  assert.equal(again.replace('second f table', 'busy f table'), withF);
  const full = spliceSection(again, MAIN_SECTION, wrapSection(MAIN_SECTION, 'new full table'));
  assert.ok(!full.includes('bench:engine:f:') && !full.includes('quiet table'));
  assert.equal(full, doc.replace('quiet table', 'new full table'));
});
