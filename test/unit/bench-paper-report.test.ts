/**
 * bench:paper's report keeps the LeNet-5 row (the conv part) and the MLP rows apart: a run of one part rewrites its
 * own text of docs/results.md and its own rows of docs/results.json and leaves the other part's as they were.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type { BenchDataset } from '../../bench/datasets';
import { lenet5Row } from '../../bench/lenet5Row';
import { writeReport } from '../../bench/report';
import { CNN_END, CNN_START } from '../../bench/reportCnn';
import type { BenchRun, NetFigures } from '../../bench/summary';

const net = (acc: number, connections: number): NetFigures => ({
  testAccuracy: acc,
  validationAccuracy: acc,
  connections,
  hiddenNeurons: 10,
  depth: 1,
  energyPj: connections * 10,
});

function run(dataset: string, title: string, base: number, final: number, acc: number): BenchRun {
  return {
    dataset,
    title,
    scheme: 'C',
    status: 'done',
    seed: 1,
    energyTable: 'horowitz45nm',
    dataRows: { train: 900, validation: 100, test: 200, features: 784, classes: 10 },
    baseline: { ...net(0.99, base), layers: [500], epochsUsed: 12 },
    final: { ...net(acc, final), validationScore: 0.99, baselineValidationScore: 0.99 },
    compression: base / final,
    compressionWithTransform: base / final,
    energyRatio: base / final,
    energyRatioWithTransform: base / final,
    timings: { totalMs: 1_800_000, baselineMs: 600_000, reduceMs: 0, synthesisMs: 1_200_000 },
  };
}

const mlpSet: BenchDataset = {
  id: 'pendigits',
  title: 'Pen digits (UCI)',
  dataset: { source: 'x.csv' },
  baseline: [256, 128],
  baselineNote: 'MLP 256-128',
  epochs: 1,
  baselineEpochs: 1,
  reduceEpochs: 1,
  reduce: null,
  notes: [],
};
const lenet = lenet5Row();
const sets = [mlpSet, lenet];
const info = { wallS: 1, computeS: 1, budgetS: 1, command: [] };

function lenetRun(final: number): BenchRun {
  return {
    ...run('mnist-lenet5', lenet.title, 430_500, final, 0.9905),
    layers: [
      { name: 'conv 1 (5x5)', baseline: 500, final: 300 },
      { name: 'conv 2 (5x5)', baseline: 25_000, final: 3000 },
      { name: 'flatten -> hidden', baseline: 400_000, final: final - 3800 },
      { name: 'hidden -> output', baseline: 5000, final: 500 },
    ],
    load: { before: 3, after: 5, mean: 4.2, max: 9, samples: 61 },
    cpuS: 1500,
  };
}

const read = (dir: string) => ({
  md: readFileSync(path.join(dir, 'results.md'), 'utf8'),
  json: JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')) as { name: string; connections: number }[],
});

test('a run of the LeNet-5 row alone adds its part and rows; a rerun of the MLP rows keeps them, and the other way round', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'paper-report-'));
  writeReport(dir, [run('pendigits', 'Pen digits (UCI)', 38_144, 1408, 0.97)], sets, [], info);
  const mlpOnly = read(dir);
  assert.ok(!mlpOnly.md.includes(CNN_START));

  writeReport(dir, [lenetRun(9000)], sets, [], info);
  const both = read(dir);
  const part = both.md.slice(both.md.indexOf(CNN_START), both.md.indexOf(CNN_END) + CNN_END.length);
  // The MLP text is unchanged around the conv part, which sits before the per-dataset sections.
  assert.equal(both.md.replace(`${part}\n\n`, ''), mlpOnly.md);
  assert.ok(both.md.indexOf(CNN_END) < both.md.indexOf('## Per dataset'));
  assert.match(part, /\| paper: SCANN scheme C \| 9\.3K \|/);
  assert.match(
    part,
    /\| \*\*ours: SCANN C\*\* \| 9,000 \| 300 \| 3,000 \| 5,200 \| 500 \| 0\.95% \| \*\*47\.8x\*\* \|/,
  );
  assert.match(
    part,
    /Time: 30\.0 min of wall time in all .*within the hour\. Load average \(1 min\) 3\.0 at the start, 4\.2/,
  );
  assert.match(part, /It used 25\.0 min of CPU time \(all threads\): 83% of one core over its wall time\./);
  assert.match(part, /Target at most 0\.1 point below the baseline on test at 46\.3x or more .*\*\*met\*\*/);
  assert.deepEqual(
    both.json.map((r) => r.name),
    ['pendigits baseline', 'pendigits SCANN C', 'mnist-lenet5 baseline', 'mnist-lenet5 SCANN C'],
  );

  // The MLP rows again: the conv part and rows stay as they were.
  writeReport(dir, [run('pendigits', 'Pen digits (UCI)', 38_144, 1000, 0.97)], sets, [], info);
  const rerun = read(dir);
  assert.ok(rerun.md.includes(part));
  assert.deepEqual(
    rerun.json.map((r) => [r.name, r.connections]),
    [
      ['pendigits baseline', 38_144],
      ['pendigits SCANN C', 1000],
      ['mnist-lenet5 baseline', 430_500],
      ['mnist-lenet5 SCANN C', 9000],
    ],
  );

  // The LeNet-5 row again: its part is replaced, once, and the MLP text and rows are left alone.
  writeReport(dir, [lenetRun(20_000)], sets, [], info);
  const again = read(dir);
  assert.equal(again.md.split(CNN_START).length, 2);
  assert.match(again.md, /\| \*\*ours: SCANN C\*\* \| 20,000 \|/);
  assert.match(again.md, /compression: 21\.5x, a factor 2\.15 short of 46\.3x/);
  assert.equal(
    again.md.replace(/<!-- bench:paper:cnn:start -->[\s\S]*<!-- bench:paper:cnn:end -->/, ''),
    rerun.md.replace(part, ''),
  );
  assert.deepEqual(
    again.json.map((r) => r.connections),
    [38_144, 1000, 430_500, 20_000],
  );
});
