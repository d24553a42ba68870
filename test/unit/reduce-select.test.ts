import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reduceSchema, trainSchema } from '../../src/protocol/config';
import type { ReduceCandidate } from '../../src/protocol/result';
import type { Table } from '../../src/engine/data/types';
import { Rng } from '../../src/engine/core/random';
import type { GridShared } from '../../src/engine/reduce/candidate';
import { shrinkLayers } from '../../src/engine/reduce/compress';
import {
  accuracyStandardError,
  chooseCandidate,
  chooseReduction,
  defaultDims,
  gridCells,
  reductionGate,
} from '../../src/engine/reduce/grid';
import { runGrid } from '../../src/engine/reduce/pool';
import { ReduceError } from '../../src/engine/reduce/types';
import { resolvePlan } from '../../src/engine/synthesis/schemes';
import { noYield } from '../../src/engine/training/yielder';
import { resolvedConfig } from './helpers/resolvedConfig';

/** A scored cell; its transform costs `macs` (default: a dense d = 16 matrix, 16 x dims; none costs nothing). */
const cand = (
  method: ReduceCandidate['method'],
  dims: number,
  score: number,
  error?: string,
  macs = method === 'none' ? 0 : 16 * dims,
): ReduceCandidate => ({
  method,
  dims,
  score,
  validationAccuracy: score,
  epochs: 1,
  ...(error ? { error } : { macs }),
  fitMs: 0,
  trainMs: 0,
});

describe('reduce: selection grid', () => {
  it('default dims halve from d/2 down to the class count', () => {
    assert.deepEqual(defaultDims(178, 2), [89, 44, 22, 11, 5, 2]);
    assert.deepEqual(defaultDims(64, 10), [32, 16]);
    assert.deepEqual(defaultDims(4, 3), [2]);
  });

  it('lists every method x dims cell (auto: after the unreduced data) and rejects dims above the feature count', () => {
    const cfg = reduceSchema.parse({ method: 'auto', methods: ['pca', 'ica'], dims: [4, 8] });
    assert.deepEqual(
      gridCells(cfg, 16, 2, 'x').map((c) => `${c.method}/${c.dims}`),
      ['none/16', 'pca/8', 'pca/4', 'ica/8', 'ica/4'],
    );
    // A fixed method searches its dimension only: the user asked for that reduction.
    assert.deepEqual(
      gridCells(reduceSchema.parse({ method: 'pca', dims: [4, 8] }), 16, 2, 'x').map((c) => `${c.method}/${c.dims}`),
      ['pca/8', 'pca/4'],
    );
    assert.throws(
      () => gridCells(reduceSchema.parse({ method: 'pca', dims: 20 }), 16, 2, 'pendigits'),
      (e) => e instanceof ReduceError && /reduce.dims 20 is larger than the 16 features of "pendigits"/.test(e.message),
    );
  });

  it('keeps the best score; ties go to the cheaper transform; failed cells are skipped', () => {
    const grid = [cand('pca', 8, 0.9), cand('ica', 4, 0.95), cand('rpGaussian', 2, 0.95), cand('isomap', 2, 0.99, 'x')];
    const best = chooseCandidate(grid);
    assert.equal(`${best.method}/${best.dims}`, 'rpGaussian/2');
    assert.throws(() => chooseCandidate([cand('isomap', 2, 0, 'too few rows')]), /no DR candidate could be evaluated/);
  });

  it('a cheaper transform wins at equal accuracy and within the tolerance, never beyond it', () => {
    // Same dimension, same score: the sparse projection's 40 non-zeros beat PCA's dense 16 x 8.
    const sparse = cand('rpSparseBinary', 8, 0.9, undefined, 40);
    assert.equal(chooseCandidate([cand('pca', 8, 0.9), sparse]), sparse);
    // Within 0.5 point of the best, the cheapest; the best score only breaks cost ties.
    const grid = [cand('factorAnalysis', 12, 0.95), cand('pca', 8, 0.947), cand('ica', 4, 0.943), sparse];
    assert.equal(chooseCandidate(grid, 0.005), grid[1]);
    assert.equal(chooseCandidate(grid, 0.01), grid[2]);
    assert.equal(chooseCandidate(grid, 0.06), sparse);
    assert.equal(chooseCandidate(grid, 0), grid[0]);
    // Equal cost: the higher score.
    assert.equal(chooseCandidate([cand('pca', 4, 0.9), cand('ica', 4, 0.91)], 0.05).method, 'ica');
  });

  it('auto keeps the raw features unless a reduction scores more than the tolerance above them', () => {
    const raw = cand('none', 16, 0.9);
    // A tie costs nothing to keep: the raw features stay.
    const tie = chooseReduction([raw, cand('pca', 8, 0.9), cand('ica', 4, 0.85)]);
    assert.equal(tie.choice.method, 'none');
    assert.equal(
      tie.reason,
      'no reduction beat the raw features by more than the 0.0 pt tolerance: best pca k=8 90.0% vs 90.0% unreduced',
    );
    // One validation row of 300 less is a loss: the raw features stay.
    const loss = chooseReduction([raw, cand('pca', 8, 0.9 - 1 / 300), cand('ica', 4, 0.85)], { tolerance: 0.005 });
    assert.equal(loss.choice.method, 'none');
    assert.equal(loss.reason, 'every reduction cost validation accuracy: best pca k=8 89.7% vs 90.0% unreduced');
    // Better, but within the tolerance: still the raw features.
    const small = chooseReduction([raw, cand('pca', 8, 0.904)], { tolerance: 0.005 });
    assert.equal(small.choice.method, 'none');
    assert.equal(
      small.reason,
      'no reduction beat the raw features by more than the 0.5 pt tolerance: best pca k=8 90.4% vs 90.0% unreduced',
    );
    // Clearly better: the cheapest reduction within the tolerance of the best.
    const gain = chooseReduction([raw, cand('pca', 8, 0.93), cand('rpSparseTernary', 8, 0.926, undefined, 30)], {
      tolerance: 0.005,
    });
    assert.equal(gain.choice.method, 'rpSparseTernary');
    assert.equal(
      gain.reason,
      'validation 92.6% vs 90.0% unreduced; 30 MACs, the cheapest within 0.5 pt of the best (pca k=8 93.0%)',
    );
    const only = chooseReduction([raw, cand('pca', 8, 0.93)], { tolerance: 0.005 });
    assert.equal(only.reason, 'validation 93.0% vs 90.0% unreduced; 128 MACs');
    const failed = chooseReduction([raw, cand('isomap', 4, 0, 'too few rows')]);
    assert.equal(failed.choice.method, 'none');
    assert.equal(failed.reason, 'no reduction could be evaluated');
    // A fixed method's dimension search has no raw cell: it picks among its reductions, by the same rule.
    assert.equal(chooseReduction([cand('pca', 8, 0.8), cand('pca', 4, 0.85)]).choice.dims, 4);
    assert.equal(chooseReduction([cand('pca', 8, 0.852), cand('pca', 4, 0.85)], { tolerance: 0.005 }).choice.dims, 4);
    assert.equal(chooseReduction([cand('pca', 8, 0.8)]).reason, undefined);
  });

  it('a reduction is chosen only when it scores more than the tolerance above the raw features, even when the best does', () => {
    // Modelled on breast_cancer seed 1 of the generalization suite (68 validation rows): the best reduction scored 1
    // point above the raw features, and the cheapest within the tolerance of it only 0.49 point above them; that one
    // was chosen and lost 2.6 test points against the run without `reduce`. It must not compete.
    const raw = cand('none', 30, 0.9559);
    const best = cand('pca', 15, 0.9657, undefined, 450);
    const barely = cand('ica', 7, 0.9608, undefined, 210);
    const pick = chooseReduction([raw, best, barely], { tolerance: 0.005 });
    assert.equal(pick.choice, best);
    assert.equal(pick.reason, 'validation 96.6% vs 95.6% unreduced; 450 MACs');
    // A cheaper cell that clears the tolerance above the raw features and is within it of the best still wins.
    const cheap = cand('rpSparseBinary', 7, 0.9612, undefined, 30);
    assert.equal(chooseReduction([raw, best, barely, cheap], { tolerance: 0.005 }).choice, cheap);
  });

  it('the margin asks a reduction to beat the raw features by standard errors of a small validation split', () => {
    assert.ok(Math.abs(accuracyStandardError(0.9559, 68) - 0.02489) < 1e-4);
    assert.equal(accuracyStandardError(0.9, 0), 0);
    assert.equal(accuracyStandardError(1, 50), 0);
    // 68 validation rows: two standard errors are 5.0 points; a 1-point gain is luck, a 6-point gain is not.
    const raw = cand('none', 30, 0.9);
    const rule = { tolerance: 0.005, margin: 2, validationRows: 68 };
    assert.ok(Math.abs(reductionGate(0.9, rule) - 2 * Math.sqrt(0.09 / 68)) < 1e-12);
    const luck = chooseReduction([raw, cand('pca', 15, 0.91), cand('ica', 7, 0.88)], rule);
    assert.equal(luck.choice.method, 'none');
    assert.equal(
      luck.reason,
      'no reduction beat the raw features by more than the 7.3 pt margin (2 standard errors of 90.0% on 68 ' +
        'validation rows): best pca k=15 91.0% vs 90.0% unreduced',
    );
    assert.equal(chooseReduction([raw, cand('pca', 15, 0.98)], rule).choice.method, 'pca');
    // On 9,000 validation rows two standard errors are 0.6 point: a 1-point gain is chosen, the tolerance still holds.
    const large = { tolerance: 0.005, margin: 2, validationRows: 9000 };
    assert.equal(chooseReduction([raw, cand('pca', 15, 0.91)], large).choice.method, 'pca');
    assert.equal(chooseReduction([raw, cand('pca', 15, 0.905)], large).choice.method, 'none');
    // Margin 0: the tolerance alone, as before.
    assert.equal(chooseReduction([raw, cand('pca', 15, 0.91)], { ...rule, margin: 0 }).choice.method, 'pca');
  });

  it('picks the planted best on a constructed case, on worker threads', async () => {
    // The class lives in one high-variance feature among 19 noise features: PCA with k = 1 finds it, a random
    // 1-D projection mixes it with noise.
    const make = (seed: number, rows: number): Table => {
      const rng = new Rng(seed);
      const d = 20;
      const x = new Float32Array(rows * d);
      const y = new Int32Array(rows);
      for (let r = 0; r < rows; r++) {
        y[r] = r % 2;
        x[r * d] = (y[r] ? 4 : -4) + rng.normal();
        for (let i = 1; i < d; i++) x[r * d + i] = rng.normal();
      }
      return { x, y, rows };
    };
    const shared: GridShared = {
      train: make(1, 300),
      validation: make(2, 200),
      d: 20,
      classes: 2,
      layers: [8],
      trainConfig: trainSchema.parse({}),
      epochs: 4,
      window: 2,
      seed: 3,
      neighbors: 10,
      landmarks: 500,
    };
    const cells = [
      { method: 'rpGaussian' as const, dims: 1 },
      { method: 'pca' as const, dims: 1 },
      { method: 'rpSparseTernary' as const, dims: 1 },
    ];
    const seen: number[] = [];
    const run = await runGrid(cells, shared, 2, noYield, (_c, i) => seen.push(i));
    assert.equal(run.parallel.mode, 'threads', run.parallel.reason);
    assert.deepEqual(seen, [1, 2, 3]);
    const best = chooseCandidate(run.candidates);
    assert.equal(best.method, 'pca');
    assert.ok(best.score > 0.95, `pca score ${best.score}`);
    // The same cells in one thread give the same scores (each cell has its own random streams).
    const seq = await runGrid(cells, shared, 1, noYield, () => undefined);
    assert.equal(seq.parallel.mode, 'sequential');
    assert.deepEqual(
      seq.candidates.map((c) => c.score),
      cells.map((c) => run.candidates.find((r) => r.method === c.method)!.score),
    );
  });
});

describe('reduce: layer compression', () => {
  it('shrinks every start layer (MLP) or the neuron count (DAG) by d / k', () => {
    assert.deepEqual(shrinkLayers([128, 64], 4), [32, 16]);
    assert.deepEqual(shrinkLayers([10, 3], 100), [1, 1]);
    const c = resolvedConfig({ dataset: { source: 'builtin:wine' }, scheme: 'C', reduce: { method: 'pca' } });
    assert.deepEqual(resolvePlan(c, 4).start.hidden, [32, 16]);
    assert.deepEqual(resolvePlan(c).start.hidden, [128, 64]);
    const b = resolvedConfig({ dataset: { source: 'builtin:wine' }, scheme: 'B', reduce: { method: 'pca' } });
    assert.equal(resolvePlan(b, 4).start.hidden, 16);
    const off = resolvedConfig({
      dataset: { source: 'builtin:wine' },
      scheme: 'B',
      reduce: { method: 'pca', shrinkLayers: false },
    });
    assert.equal(resolvePlan(off, 4).start.hidden, 64);
  });
});
