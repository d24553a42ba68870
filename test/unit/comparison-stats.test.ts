import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mcnemarExact, newcombePaired, pairedCounts, wilson } from '../../src/engine/run/comparison';

test('exact McNemar p-values match exact binomial sums computed with integer arithmetic', () => {
  // Reference: 2 * sum_{i<=min(b,c)} C(b+c, i) / 2^(b+c), capped at 1, evaluated exactly with Python's math.comb.
  const cases: [number, number, number][] = [
    [0, 0, 1],
    [3, 0, 0.25],
    [9, 2, 0.0654296875],
    [10, 10, 1],
    [45, 30, 0.10534226887460488],
    [120, 95, 0.10145232764870644],
    [600, 520, 0.018207019279300234],
    [5, 40, 7.878384167270269e-8],
  ];
  for (const [b, c, p] of cases) {
    assert.ok(Math.abs(mcnemarExact(b, c) - p) <= 1e-12 * Math.max(1, p) + 1e-15, `b=${b} c=${c}`);
    assert.equal(mcnemarExact(b, c), mcnemarExact(c, b));
  }
});

test('Wilson intervals reproduce Newcombe (1998) single-proportion examples', () => {
  const near = (got: [number, number], want: [number, number]) =>
    assert.ok(Math.abs(got[0] - want[0]) < 5e-5 && Math.abs(got[1] - want[1]) < 5e-5, `${got} vs ${want}`);
  near(wilson(81, 263), [0.2553, 0.3662]);
  near(wilson(15, 148), [0.0624, 0.1605]);
  near(wilson(0, 20), [0, 0.1611]);
  near(wilson(1, 29), [0.0061, 0.1718]);
});

test('the paired interval covers the true accuracy difference about 95% of the time', () => {
  // Seeded simulation of two classifiers scored on the same rows, for a few agreement patterns and sizes; the
  // method is known to be slightly conservative, so coverage should sit between 93.5% and 97.5%.
  let s = 12345;
  const rnd = (): number => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const patterns: [number, number, number, number][] = [
    [0.85, 0.05, 0.04, 200],
    [0.95, 0.02, 0.01, 500],
    [0.6, 0.1, 0.1, 100],
  ];
  for (const [both, onlyA, onlyB, n] of patterns) {
    const truth = onlyA - onlyB;
    const reps = 2000;
    let covered = 0;
    for (let r = 0; r < reps; r++) {
      const t = { both: 0, onlyA: 0, onlyB: 0, neither: 0 };
      for (let i = 0; i < n; i++) {
        const u = rnd();
        if (u < both) t.both++;
        else if (u < both + onlyA) t.onlyA++;
        else if (u < both + onlyA + onlyB) t.onlyB++;
        else t.neither++;
      }
      const [lo, hi] = newcombePaired(t);
      if (lo <= truth && truth <= hi) covered++;
    }
    const coverage = covered / reps;
    assert.ok(coverage > 0.935 && coverage < 0.975, `coverage ${coverage} for ${[both, onlyA, onlyB, n]}`);
  }
});

test('the paired interval is ordered, contains the estimate and stays inside [-1, 1]', () => {
  for (const t of [
    { both: 12, onlyA: 9, onlyB: 2, neither: 1 },
    { both: 0, onlyA: 5, onlyB: 0, neither: 0 },
    { both: 100, onlyA: 0, onlyB: 0, neither: 0 },
    { both: 0, onlyA: 0, onlyB: 0, neither: 7 },
  ]) {
    const n = t.both + t.onlyA + t.onlyB + t.neither;
    const d = (t.onlyA - t.onlyB) / n;
    const [lo, hi] = newcombePaired(t);
    assert.ok(-1 <= lo && lo <= d && d <= hi && hi <= 1, `${JSON.stringify(t)}: [${lo}, ${hi}] around ${d}`);
  }
});

test('paired counts tally agreement row by row and refuse unequal lengths', () => {
  assert.deepEqual(pairedCounts([1, 1, 0, 0, 1], [1, 0, 1, 0, 1]), { both: 2, onlyA: 1, onlyB: 1, neither: 1 });
  assert.throws(() => pairedCounts([1], [1, 0]), /1 and 2 rows/);
});
