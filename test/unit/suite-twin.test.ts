import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { aggregateTwins, twinDrop } from '../../bench/suite/report';
import { twinBaseline, type TwinOutcome } from '../../bench/suite/twin';
import type { BaselineOutcome } from '../../src/engine/run/baseline';
import { runSynthesis } from '../../src/engine/run/run';
import { configSchema } from '../../src/protocol/config';

const repoRoot = path.join(__dirname, '..', '..');

function outcome(baseline: number, twin: number, rows = 100, onlyBaseline = 0, onlyTwin = 0): TwinOutcome {
  return {
    baselineTestAccuracy: baseline,
    twinTestAccuracy: twin,
    testRows: rows,
    onlyBaselineRight: onlyBaseline,
    onlyTwinRight: onlyTwin,
    twinEpochs: 10,
    seconds: 0,
  };
}

describe('suite: the twin baseline (noise floor)', () => {
  it('counts a run within 1 point each way round, half each, and reports the gaps and the disagreement', () => {
    const a = aggregateTwins([
      // 2 points apart: within 1 pt only the way round where the worse one is "the baseline".
      outcome(0.8, 0.78, 100, 5, 3),
      // 0.5 point apart: within both ways.
      outcome(0.9, 0.905, 200, 1, 2),
      // Identical.
      outcome(0.7, 0.7, 50, 0, 0),
    ]);
    assert.equal(a.runs, 3);
    assert.ok(Math.abs(a.withinOnePoint - (0.5 + 1 + 1) / 3) < 1e-12);
    assert.ok(Math.abs(a.worstGap - 2) < 1e-9);
    assert.ok(Math.abs(a.medianGap - 0.5) < 1e-9);
    assert.ok(Math.abs(a.meanGap - 2.5 / 3) < 1e-9);
    assert.ok(Math.abs(a.disagreement - (8 / 100 + 3 / 200 + 0) / 3) < 1e-12);
    assert.ok(Math.abs(twinDrop(outcome(0.8, 0.78)) - 2) < 1e-9);
  });

  it("compares the run's own baseline with one trained from other random streams on the same rows", async () => {
    const config = configSchema.parse({ dataset: { source: 'builtin:iris' }, seed: 3, baseline: { epochs: 30 } });
    const memo = new Map<string, BaselineOutcome>();
    const run = await runSynthesis(
      { ...config, iterations: 1 },
      { baseDir: repoRoot, dataDir: path.join(repoRoot, 'data'), baselines: memo },
    );
    // With the run's memo: the very baseline of the run.
    const shared = await twinBaseline(config, repoRoot, memo);
    assert.equal(shared.baselineTestAccuracy, run.baseline.testAccuracy);
    // Without it: the baseline is trained again from the run's seed and is the same network.
    const again = await twinBaseline(config, repoRoot, new Map());
    assert.equal(again.baselineTestAccuracy, run.baseline.testAccuracy);
    assert.deepEqual(again, { ...shared, seconds: again.seconds });
    // The pairs account for the whole difference in accuracy, row for row.
    assert.equal(shared.testRows, run.dataset.testRows);
    const diff = Math.round((shared.baselineTestAccuracy - shared.twinTestAccuracy) * shared.testRows);
    assert.equal(shared.onlyBaselineRight - shared.onlyTwinRight, diff);
    assert.ok(shared.twinEpochs > 0 && shared.twinEpochs <= 30);
  });
});
