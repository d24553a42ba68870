import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  comparisonShort,
  comparisonText,
  comparisonVerdict,
  formatCi,
  formatP,
  pctPair,
  reduceLine,
  targetHeadline,
} from '../../src/protocol/claims';
import type { PairedComparison } from '../../src/protocol/result';

const c = (delta: number, ci: [number, number], p: number): PairedComparison => ({
  testAccuracyDelta: delta,
  ci95: ci,
  pValue: p,
  method: 'mcnemar-exact+newcombe',
  testRows: 1797,
  onlyBaselineRight: 22,
  onlySynthesizedRight: 12,
});

test('percent pairs keep unequal values apart with the fewest decimals', () => {
  assert.deepEqual(pctPair(0.971, 0.979), ['97.1%', '97.9%']);
  assert.deepEqual(pctPair(0.9712, 0.9714), ['97.12%', '97.14%']);
  assert.deepEqual(pctPair(0.97121, 0.97124), ['97.121%', '97.124%']);
  assert.deepEqual(pctPair(0.95, 0.95), ['95.0%', '95.0%']);
});

test('the delta, its interval and p-value read as the issue asks', () => {
  assert.equal(comparisonText(c(-0.0056, [-0.014, 0.003], 0.27)), '-0.56 pt [-1.4, +0.3], p = 0.27');
  assert.equal(comparisonShort(c(-0.003, [-0.009, 0.003], 0.4)), '-0.3 pt [-0.9, +0.3]');
  // A narrow interval keeps two decimals; a zero has no sign.
  assert.equal(formatCi([-0.0004, 0.0021]), '[-0.04, +0.21]');
  assert.equal(comparisonText(c(0, [-0.00001, 0.00001], 1)), '0.00 pt [0.00, 0.00], p = 1');
  assert.equal(formatP(0.0004), 'p < 0.001');
  assert.equal(formatP(0.04213), 'p = 0.042');
  assert.match(comparisonVerdict(c(-0.0056, [-0.014, 0.003], 0.27)), /: no significant difference from the baseline/);
  assert.match(comparisonVerdict(c(-0.02, [-0.03, -0.01], 0.001)), /: SCANN is less accurate than the baseline/);
  assert.match(comparisonVerdict(c(0.02, [0.01, 0.03], 0.001)), /: SCANN is more accurate than the baseline/);
});

test('a missed target headline, and none for a met or unknown one', () => {
  const t = {
    rule: 'smallestWithin',
    tolerance: 0,
    baselineValidation: 0.98,
    selectedValidation: 0.97,
    suggestions: [],
  };
  assert.equal(targetHeadline({ ...t, met: false, reason: 'why' }), 'target NOT met: why');
  assert.equal(targetHeadline({ ...t, met: true }), undefined);
  assert.equal(targetHeadline(undefined), undefined);
});

test('the DR line names a kept-features choice and a reduction', () => {
  assert.equal(
    reduceLine({ method: 'none', dims: 64, inputs: 64, selected: true, reason: 'every reduction cost ...' }),
    'auto chose none (every reduction cost ...)',
  );
  assert.equal(
    reduceLine({ method: 'pca', dims: 16, inputs: 64, selected: true, reason: 'validation 97.9% vs 97.5% unreduced' }),
    'pca 64 -> 16 features (auto: validation 97.9% vs 97.5% unreduced)',
  );
  assert.equal(reduceLine({ method: 'pca', dims: 16, inputs: 64, selected: false }), 'pca 64 -> 16 features');
});
