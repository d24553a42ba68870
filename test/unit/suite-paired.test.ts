import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newcombePaired } from '../../src/engine/run/comparison';
import { aggregatePaired, pairRuns } from '../../bench/suite/pairedReport';
import type { SuiteRun } from '../../bench/suite/report';
import { correctFlags } from '../../bench/suite/testRows';
import type { BenchRun } from '../../bench/summary';

/** A suite run whose final network gets the test rows marked '1' in `rows` right. */
function run(method: string, seed: number, rows: string, extra: Partial<BenchRun> = {}): SuiteRun {
  const right = [...rows].filter((c) => c === '1').length;
  const net = { validationAccuracy: 0.9, connections: 100, hiddenNeurons: 10, depth: 2, energyPj: 1 };
  const bench = {
    dataset: 'toy',
    seed,
    dataRows: { train: 50, validation: 10, test: rows.length, features: 8, classes: 2 },
    baseline: { ...net, testAccuracy: 0.8, connections: 1000, layers: [128, 64] },
    final: { ...net, testAccuracy: right / rows.length, validationScore: 0.9, baselineValidationScore: 0.9 },
    compression: 10,
    compressionWithTransform: 10,
    ...extra,
  } as BenchRun;
  return {
    dataset: 'toy',
    half: 'tuning',
    seed,
    method,
    cacheKey: `${method}-${seed}`,
    status: 'done',
    bench,
    testCorrect: rows,
  };
}

describe('suite: a method against a reference, paired on the test rows', () => {
  it('pairs each run with the reference run of its dataset and seed, with the paired interval of the rows', () => {
    const ref = '1111111100';
    const auto = '1111110111';
    const dr = {
      method: 'pca',
      dims: 4,
      ratio: 2,
      extension: 'linear',
      selected: true,
      transformMacs: 32,
      transformEnergyPj: 1,
    };
    const runs = [
      run('default', 1, ref),
      run('auto', 1, auto, {
        dr: { ...dr, startHidden: 1, grid: [], parallel: '', notes: [] },
        compressionWithTransform: 5,
      }),
      run('default', 2, ref),
      run('auto', 2, ref, {
        dr: { ...dr, method: 'none', dims: 8, transformMacs: 0, startHidden: 1, grid: [], parallel: '', notes: [] },
      }),
      run('auto', 3, ref),
    ];
    const rows = pairRuns(runs, 'default', ['auto']);
    // Seed 3 has no reference run: left out.
    assert.deepEqual(
      rows.map((r) => r.seed),
      [1, 2],
    );
    const [a, b] = rows;
    assert.ok(Math.abs(a!.deltaPts - 10) < 1e-9);
    assert.equal(a!.onlyMethod, 2);
    assert.equal(a!.onlyReference, 1);
    // The interval is Newcombe's on the 2x2 table of the rows: 7 both, 2 only auto, 1 only default, 0 neither.
    const [lo, hi] = newcombePaired({ both: 7, onlyA: 2, onlyB: 1, neither: 0 });
    assert.deepEqual(a!.ci95Pts, [100 * lo, 100 * hi]);
    assert.deepEqual(a!.choice, { method: 'pca', dims: 4, inputs: 8, transformMacs: 32 });
    assert.equal(a!.compression, 5);
    assert.equal(a!.referenceCompression, 10);
    // Kept the raw features: the same rows, a zero difference and a degenerate interval around it.
    assert.equal(b!.deltaPts, 0);
    assert.equal(b!.choice?.method, 'none');
    const agg = aggregatePaired(rows);
    assert.equal(agg.runs, 2);
    assert.equal(agg.keptRawFeatures, 1);
    assert.equal(agg.beyondLimit, 0);
    assert.ok(Math.abs(agg.geoCompression - Math.sqrt(50)) < 1e-9);
  });

  it('counts a loss beyond one point, and a real one when the whole interval is below zero', () => {
    const ref = '1'.repeat(100);
    const lost = '0'.repeat(30) + '1'.repeat(70);
    const rows = pairRuns([run('default', 1, ref), run('auto', 1, lost)], 'default', ['auto']);
    const agg = aggregatePaired(rows);
    assert.equal(agg.beyondLimit, 1);
    assert.equal(agg.realLosses, 1);
    assert.ok(rows[0]!.ci95Pts![1] < 0);
  });

  it('refuses to pair runs that did not share their baseline', () => {
    const other = run('auto', 1, '11');
    other.bench!.baseline.testAccuracy = 0.5;
    assert.throws(
      () => pairRuns([run('default', 1, '11'), other], 'default', ['auto']),
      /did not share their baseline/,
    );
  });

  it('reads the stored rows back, and nothing from a run cached without them', () => {
    assert.deepEqual([...correctFlags('1001')!], [1, 0, 0, 1]);
    assert.equal(correctFlags(undefined), undefined);
  });
});
