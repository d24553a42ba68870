/**
 * `reduce: { method: auto }` judged by the run's result: a reduction that wins the search but whose network misses
 * the target gives way to the raw features (issue 13: auto must never end worse than no `reduce`).
 *
 * The data are built so that the search prefers the reduction and the synthesis on it cannot reach the target: four
 * classes by the quadrant of (a, b), each repeated in 10 noisy copies, beside 150 noise features. PCA to 2 features
 * finds (a, b) and its briefly trained candidate beats the raw features, whose many noise inputs slow it down; but
 * scheme C on 2 features starts from the baseline's 16 hidden neurons shrunk by the ratio 85, one neuron, and grows
 * no neurons, and one neuron cannot tell four quadrants apart.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { Rng } from '../../src/engine/core/random';
import { runSynthesis } from '../../src/engine/run/run';
import { configSchema, type ScannConfigInput } from '../../src/protocol/config';
import type { RunEvent } from '../../src/protocol/events';
import type { RunResult } from '../../src/protocol/result';

const root = path.join(__dirname, '..', '..');
const work = mkdtempSync(path.join(tmpdir(), 'scann-rescue-'));
after(() => rmSync(work, { recursive: true, force: true }));

const COPIES = 10;
const NOISE = 150;

function quadrants(file: string, rows: number, seed: number): void {
  const rng = new Rng(seed);
  const names = Array.from({ length: 2 * COPIES + NOISE }, (_, i) => `f${i}`);
  const lines = [[...names, 'label'].join(',')];
  for (let r = 0; r < rows; r++) {
    const a = 2 * rng.next() - 1;
    const b = 2 * rng.next() - 1;
    const f: number[] = [];
    for (let c = 0; c < COPIES; c++) f.push(a + 0.1 * rng.normal(), b + 0.1 * rng.normal());
    for (let c = 0; c < NOISE; c++) f.push(rng.normal());
    lines.push([...f.map((v) => v.toFixed(4)), (a > 0 ? 1 : 0) + (b > 0 ? 2 : 0)].join(','));
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

const csv = path.join(work, 'quadrants.csv');
quadrants(csv, 900, 1);

async function run(reduce: ScannConfigInput['reduce']): Promise<{ result: RunResult; events: RunEvent[] }> {
  const config = configSchema.parse({
    dataset: { source: csv, validation: 0.25 },
    seed: 3,
    scheme: 'C',
    baseline: { hidden: [16], epochs: 60 },
    reduce,
  });
  const events: RunEvent[] = [];
  const result = await runSynthesis(config, {
    baseDir: work,
    dataDir: path.join(root, 'data'),
    emit: (e) => events.push(e),
  });
  return { result, events };
}

const SEARCH = { methods: ['pca' as const], dims: [2], epochs: 10, margin: 0 };

describe('reduce: auto when the network on its reduction misses the target', () => {
  it('the reduction asked for by name is kept, and its network does miss the target (the premise)', async () => {
    const { result } = await run({ method: 'pca', dims: 2 });
    assert.equal(result.reduce?.method, 'pca');
    assert.equal(result.target?.met, false, 'scheme C on 2 features from one neuron should miss');
  });

  it('auto synthesizes on the raw features too and keeps them, reported as the none choice with why', async () => {
    const { result, events } = await run({ method: 'auto', ...SEARCH });
    const chosen = events.flatMap((e) => (e.type === 'reduceChosen' ? [e.reduce.method] : []));
    assert.deepEqual(chosen, ['pca', 'none'], 'the search chose PCA; the later event says the run kept none');
    const reduce = result.reduce!;
    assert.equal(reduce.method, 'none');
    assert.equal(reduce.dims, reduce.inputs);
    assert.equal(reduce.ratio, 1);
    assert.match(reduce.reason ?? '', /chose pca to 2 features .* missed the target .* raw features are kept/);
    // The search itself is reported as it ran: PCA won it.
    const [first] = [...reduce.grid].sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
    assert.equal(first?.method, 'pca');
    // Nothing of the transform is counted or saved: the network reads the raw features.
    assert.equal(reduce.transform.macs, 0);
    assert.equal(result.compressionWithTransform, result.compression);
    assert.equal(reduce.withTransform.connections, result.final.connections);
    assert.equal(result.model.reduce, undefined);
    assert.equal(result.model.inputs, 2 * COPIES + NOISE);
    assert.equal(result.target?.met, true);
    assert.match(result.final.rule ?? '', /on the raw features/);
    // Issue 13's promise: not more than a point below the same config without `reduce`.
    const { result: plain } = await run(undefined);
    assert.ok(result.final.testAccuracy >= plain.final.testAccuracy - 0.01, `${result.final.testAccuracy}`);
    assert.ok(
      result.final.validationScore! >= result.final.baselineValidationScore! - 0.005,
      `validation ${result.final.validationScore} against the baseline's ${result.final.baselineValidationScore}`,
    );
  });
});
