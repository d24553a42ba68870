import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configSchema, type ScannConfigInput } from '../../src/protocol/config';
import type { RunEvent } from '../../src/protocol/events';
import { runSynthesis } from '../../src/engine/run/run';
import { dataDir, runConfig } from './helpers/run';

const run = runConfig;

// Stated tolerance: on optdigits' 360 held-out test rows, the selected network may lose at most 3 points of test
// accuracy against the baseline (selection itself only looks at validation accuracy, with no loss allowed by default).
const MAX_TEST_DROP = 0.03;

for (const scheme of ['A', 'B', 'C'] as const) {
  test(`scheme ${scheme} on builtin:optdigits ends far smaller than its baseline at similar accuracy`, async () => {
    const events: RunEvent[] = [];
    const r = await run({ dataset: { source: 'builtin:optdigits' }, scheme, seed: 3 }, events);
    assert.equal(r.status, 'done');
    assert.equal(r.baseline.connections, 64 * 128 + 128 * 64 + 64 * 10);
    assert.ok(r.final.connections * 5 < r.baseline.connections, `only ${r.compression.toFixed(1)}x fewer connections`);
    assert.ok(
      r.final.testAccuracy >= r.baseline.testAccuracy - MAX_TEST_DROP,
      `test accuracy ${r.final.testAccuracy} vs baseline ${r.baseline.testAccuracy}`,
    );
    // The default selection: the smallest network within the target, confirmed by fine-tuning.
    assert.equal(r.final.rule, 'smallestWithin + fine-tune');
    assert.ok(
      r.final.validationScore >= r.final.baselineValidationScore - 1e-9,
      'smallestWithin honours its tolerance',
    );
    assert.ok(r.energy.final < r.energy.baseline);
    assert.equal(r.compression, r.baseline.connections / r.final.connections);
    // The events tell the same story as the result.
    const started = events[0]!;
    assert.equal(started.type, 'started');
    // The planned total the progress bars count towards is the number of epochs the run trains, once the baseline
    // has said where it stopped; before, it counts the baseline's epoch cap.
    const epochCount = events.filter((e) => e.type === 'epoch').length;
    const base = events.find((e): e is Extract<RunEvent, { type: 'baseline' }> => e.type === 'baseline')!;
    assert.equal(base.plannedEpochs, epochCount);
    assert.equal(base.baseline.epochsUsed, r.baseline.epochsUsed);
    assert.ok(r.baseline.epochsUsed! < 200, `the baseline stopped early (${r.baseline.epochsUsed} epochs)`);
    assert.equal(
      started.type === 'started' && started.plannedEpochs,
      epochCount - r.baseline.epochsUsed! + 200,
      'planned with the cap of 200 baseline epochs',
    );
    assert.equal(events[events.length - 1]!.type, 'done');
    const steps = events.filter((e) => e.type === 'step');
    assert.equal(steps.length, r.history.length);
    const ops = events.filter((e): e is Extract<RunEvent, { type: 'operation' }> => e.type === 'operation');
    for (const o of ops) {
      const h = r.history.find((s) => s.step === o.step)!;
      assert.equal(h.connections, o.connections, `step ${o.step}: operation and history agree`);
    }
    if (scheme === 'C')
      assert.ok(r.final.byGroup.inputOutput === 0 && r.model.space === 'mlp', 'scheme C stays an MLP');
    if (scheme === 'A')
      assert.ok(
        r.history.some((h) => h.neuronsAdded > 0),
        'scheme A grows neurons',
      );
  });
}

test('the same config and seed give bit-identical results; another seed does not', async () => {
  const cfg: ScannConfigInput = { dataset: { source: 'builtin:wine' }, scheme: 'A', seed: 5, iterations: 2 };
  const strip = (r: Awaited<ReturnType<typeof run>>) => ({ ...r, durationMs: 0 });
  const a = strip(await run(cfg));
  const b = strip(await run(cfg));
  assert.deepEqual(a, b);
  const c = strip(await run({ ...cfg, seed: 6 }));
  assert.notDeepEqual(a.model, c.model);
});

test('a cancelled run ends with the best network so far, marked cancelled', async () => {
  const controller = new AbortController();
  const events: RunEvent[] = [];
  const r = await runSynthesis(configSchema.parse({ dataset: { source: 'builtin:wine' }, scheme: 'B' }), {
    baseDir: dataDir,
    dataDir,
    signal: controller.signal,
    emit: (e) => {
      events.push(e);
      if (e.type === 'step' && e.history.step === 3) controller.abort();
    },
  });
  assert.equal(r.status, 'cancelled');
  assert.equal(events[events.length - 1]!.type, 'cancelled');
  assert.ok(
    r.history.length >= 3 && r.history.length <= 5,
    `stopped soon after the request (${r.history.length} steps)`,
  );
  assert.ok(r.final.connections > 0);
});
