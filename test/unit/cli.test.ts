import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { predictRaw } from '../../src/engine/model/predict';
import type { ModelJson } from '../../src/protocol/model';
import { parseNotebook, RUN_MIME, MARKDOWN_MIME, serializeNotebook } from '../../src/protocol/notebook';
import type { RunResult } from '../../src/protocol/result';
import { blobs } from './helpers/synthetic';

const root = path.join(__dirname, '..', '..');
const work = mkdtempSync(path.join(tmpdir(), 'scann-cli-'));
after(() => rmSync(work, { recursive: true, force: true }));

// Runs the CLI from source; tsx is resolved from the project, since the child's cwd is a temp folder.
const tsx = pathToFileURL(require.resolve('tsx')).href;

function scann(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', tsx, path.join(root, 'src/cli/main.ts'), ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, SCANN_DATA_DIR: path.join(root, 'data') },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A CSV none of the other tests use: 4 Gaussian blobs in 5 dimensions with string labels and a header. */
function writeBlobsCsv(file: string, seed: number, rows: number, withLabel = true): void {
  const t = blobs(seed, rows, 5, 4, 0.9);
  const names = ['north', 'south', 'east', 'west'];
  const lines = [[...Array.from({ length: 5 }, (_, j) => `f${j}`), ...(withLabel ? ['label'] : [])].join(',')];
  for (let i = 0; i < rows; i++) {
    const feats = Array.from(t.x.subarray(i * 5, i * 5 + 5), (v) => v.toFixed(4));
    lines.push([...feats, ...(withLabel ? [names[t.y[i]!]!] : [])].join(','));
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

const quick = 'baseline: { epochs: 8 }\ntrain: { epochs: 3 }\niterations: 3\n';

test('run --config --json prints the documented contract and --out writes a model that predict uses', () => {
  const csv = path.join(work, 'blobs.csv');
  writeBlobsCsv(csv, 1, 600);
  writeFileSync(path.join(work, 'run.yaml'), `dataset: { source: blobs.csv }\nscheme: B\nseed: 4\n${quick}`);
  const r = scann('run', '--config', 'run.yaml', '--json', '--out', 'out');
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as RunResult;
  for (const key of ['testAccuracy', 'connections']) {
    assert.equal(typeof (report.baseline as unknown as Record<string, unknown>)[key], 'number');
    assert.equal(typeof (report.final as unknown as Record<string, unknown>)[key], 'number');
  }
  assert.equal(report.compression, report.baseline.connections / report.final.connections);
  assert.ok(report.energy.baseline > report.energy.final && report.energy.final > 0);
  assert.equal(typeof report.durationMs, 'number');
  assert.equal('model' in report, false, 'the model goes to --out, not stdout');
  assert.deepEqual(report.dataset.labelNames, ['east', 'north', 'south', 'west']);

  const model = JSON.parse(readFileSync(path.join(work, 'out', 'model.json'), 'utf8')) as ModelJson;
  const saved = JSON.parse(readFileSync(path.join(work, 'out', 'result.json'), 'utf8')) as RunResult;
  assert.equal(saved.final.connections, report.final.connections);
  const edges =
    model.hidden.reduce((s, n) => s + n.sources.length, 0) + model.output.reduce((s, n) => s + n.sources.length, 0);
  assert.equal(edges, report.final.connections);

  // predict: fresh rows, once with a label column (ignored) and once without; same answers as the engine.
  const fresh = path.join(work, 'fresh.csv');
  const unlabeled = path.join(work, 'fresh-unlabeled.csv');
  writeBlobsCsv(fresh, 1, 80);
  writeBlobsCsv(unlabeled, 1, 80, false);
  const p1 = scann('predict', 'out/model.json', '--data', fresh);
  const p2 = scann('predict', 'out/model.json', '--data', unlabeled);
  assert.equal(p1.code, 0, p1.stderr);
  assert.equal(p1.stdout, p2.stdout);
  const labels = p1.stdout.trim().split('\n');
  assert.equal(labels.length, 80);
  const truth = readFileSync(fresh, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[5]);
  const acc = labels.filter((l, i) => l === truth[i]).length / labels.length;
  assert.ok(acc >= report.final.testAccuracy - 0.15, `predict accuracy ${acc} on fresh rows`);
  const t = blobs(1, 80, 5, 4, 0.9);
  const x = Float32Array.from(t.x, (v) => Number(v.toFixed(4)));
  const probs = predictRaw(model, x, 80);
  labels.forEach((l, i) => {
    const row = Array.from(probs.subarray(i * 4, i * 4 + 4));
    assert.equal(l, model.labelNames[row.indexOf(Math.max(...row))]);
  });
});

test('run NOTEBOOK writes run and markdown outputs into the file, matching the --config run of the same seed', () => {
  const cfg = `name: wine-quick\ndataset: { source: builtin:wine }\nscheme: A\nseed: 2\n${quick}`;
  const file = path.join(work, 'nb.scann');
  writeFileSync(
    file,
    serializeNotebook({
      metadata: {},
      cells: [
        { kind: 'markdown', source: '# notes' },
        { kind: 'config', source: cfg },
      ],
    }),
  );
  const r = scann('run', 'nb.scann');
  assert.equal(r.code, 0, r.stderr);
  const nb = parseNotebook(readFileSync(file, 'utf8'));
  assert.equal(nb.cells[0]!.source, '# notes');
  const cell = nb.cells[1]!;
  assert.equal(cell.source, cfg, 'the config text is untouched');
  assert.equal(cell.execution?.success, true);
  assert.equal(cell.execution?.order, 1);
  const items = cell.outputs![0]!.items;
  assert.deepEqual(
    items.map((i) => i.mime),
    [RUN_MIME, MARKDOWN_MIME],
  );
  const result = items[0]!.data as unknown as RunResult;
  const markdown = items[1]!.data as string;
  writeFileSync(path.join(work, 'wine.yaml'), cfg);
  const viaConfig = JSON.parse(scann('run', '--config', 'wine.yaml', '--json').stdout) as RunResult;
  assert.equal(result.final.connections, viaConfig.final.connections);
  assert.equal(result.final.testAccuracy, viaConfig.final.testAccuracy);
  assert.equal(result.baseline.testAccuracy, viaConfig.baseline.testAccuracy);
  assert.ok(
    markdown.includes(
      `| Connections | ${viaConfig.baseline.connections.toLocaleString('en-US')} | ${viaConfig.final.connections.toLocaleString('en-US')} (`,
    ),
  );
  assert.ok(markdown.includes(`${(100 * viaConfig.final.testAccuracy).toFixed(2)}%`));
  // A re-run with the same seed reproduces the saved result exactly (timings aside).
  const again = scann('run', 'nb.scann');
  assert.equal(again.code, 0);
  const rerun = parseNotebook(readFileSync(file, 'utf8')).cells[1]!;
  assert.equal(rerun.execution?.order, 2);
  const strip = (x: RunResult) => ({ ...x, durationMs: 0 });
  assert.deepEqual(strip(rerun.outputs![0]!.items[0]!.data as unknown as RunResult), strip(result));
});

test('bad input: clear errors, exit code 2, and files left byte-identical', () => {
  const broken = path.join(work, 'broken.scann');
  const brokenText = '{"format": "scann-notebook", "version": 1, "cells": [\n  {"kind": "config", "source": ["a"]\n';
  writeFileSync(broken, brokenText);
  const r1 = scann('run', 'broken.scann');
  assert.equal(r1.code, 2);
  assert.match(r1.stderr, /line 3/);
  assert.equal(readFileSync(broken, 'utf8'), brokenText);

  const invalid = path.join(work, 'invalid.scann');
  const invalidText = serializeNotebook({
    metadata: {},
    cells: [
      { kind: 'config', source: 'name: ok\ndataset: { source: builtin:wine }\n' },
      { kind: 'config', source: 'name: bad\ndataset:\n  source: builtin:wine\n  scalng: zscore\ntrain: { lr: -1 }\n' },
    ],
  });
  writeFileSync(invalid, invalidText);
  const r2 = scann('run', 'invalid.scann');
  assert.equal(r2.code, 2);
  assert.match(
    r2.stderr,
    /invalid\.scann \[bad\]:4:3 error: dataset\.scalng: unknown key 'scalng'; did you mean 'scaling'\?/,
  );
  assert.match(r2.stderr, /invalid\.scann \[bad\]:5:14 error: train\.lr: -1 is too small: must be > 0/);
  assert.equal(readFileSync(invalid, 'utf8'), invalidText, 'nothing ran, nothing was written');

  const r3 = scann('run', 'invalid.scann', '--cell', 'nope');
  assert.equal(r3.code, 2);
  assert.match(r3.stderr, /no config cell named 'nope' \(cells: ok, bad/);

  writeFileSync(path.join(work, 'missing.yaml'), 'dataset: { source: nowhere.csv }\n');
  const r4 = scann('run', '--config', 'missing.yaml', '--json');
  assert.equal(r4.code, 2);
  assert.match(r4.stderr, /nowhere\.csv.*not found/);
  assert.equal(r4.stdout, '');

  writeFileSync(path.join(work, 'ragged.csv'), 'a,b,label\n1,2,x\n3,y\n4,5,z\n');
  writeFileSync(path.join(work, 'ragged.yaml'), 'dataset: { source: ragged.csv }\n');
  const r5 = scann('run', '--config', 'ragged.yaml');
  assert.equal(r5.code, 2);
  assert.match(r5.stderr, /ragged\.csv:3/);

  const r6 = scann('frobnicate');
  assert.equal(r6.code, 2);
  assert.match(r6.stderr, /unknown command 'frobnicate'/);

  // A mistyped option is a usage error with the option named, not a crash with a stack trace.
  const r7 = scann('run', '--config', 'ragged.yaml', '--verbose');
  assert.equal(r7.code, 2);
  assert.equal(r7.stderr, "scann: Unknown option '--verbose' (scann --help lists the options)\n");
});

test('datasets lists the built-in datasets with their sizes', () => {
  const r = scann('datasets', '--json');
  assert.equal(r.code, 0);
  const list = JSON.parse(r.stdout) as { source: string; rows: number; features: number; classes: number }[];
  assert.deepEqual(
    list.map((d) => [d.source, d.rows, d.features, d.classes]),
    [
      ['builtin:iris', 150, 4, 3],
      ['builtin:wine', 178, 13, 3],
      ['builtin:breast_cancer', 569, 30, 2],
      ['builtin:optdigits', 1797, 64, 10],
      ['builtin:mnist', 60000, 784, 10],
    ],
  );
});

test('a run that misses its selection target says so in the table and in --json; the exit code stays 0', () => {
  const tiny =
    'dataset: { source: builtin:optdigits }\nscheme: A\niterations: 1\nstart: { hidden: 1 }\n' +
    'train: { epochs: 2 }\nbaseline: { epochs: 10 }\nselect: { fallback: none }\nseed: 3\n';
  writeFileSync(path.join(work, 'tiny.yaml'), tiny);
  const table = scann('run', '--config', 'tiny.yaml');
  assert.equal(table.code, 0, table.stderr);
  assert.match(
    table.stdout,
    /\n {2}target NOT met: no network reached the baseline's validation accuracy \(\d+\.\d%, as 3-epoch means\); best \d+\.\d% at [\d,]+ connections\n {2}try:\n( {4}- .+\n)+/,
  );
  assert.match(
    table.stdout,
    /\n {2}test accuracy +\d+\.\d\d% +\d+\.\d\d% \([-+]?\d+\.\d\d pt \[[-+]?\d+\.\d, [-+]?\d+\.\d\], p = [\d.]+\)\n/,
  );
  const json = scann('run', '--config', 'tiny.yaml', '--json');
  assert.equal(json.code, 0, json.stderr);
  const r = JSON.parse(json.stdout) as RunResult;
  assert.equal(r.target?.met, false);
  assert.ok(r.target.suggestions.length > 0);
  assert.equal(r.comparison?.method, 'mcnemar-exact+newcombe');
  assert.equal(r.comparison.testAccuracyDelta, r.final.testAccuracy - r.baseline.testAccuracy);

  // A normal budget on an easy dataset meets it.
  writeFileSync(
    path.join(work, 'normal.yaml'),
    'dataset: { source: builtin:iris }\nscheme: B\niterations: 2\ntrain: { epochs: 5 }\nbaseline: { epochs: 10 }\nseed: 1\n',
  );
  const ok = scann('run', '--config', 'normal.yaml', '--json');
  assert.equal(ok.code, 0, ok.stderr);
  const met = JSON.parse(ok.stdout) as RunResult;
  assert.equal(met.target?.met, true);
  assert.deepEqual(met.target.suggestions, []);
});
