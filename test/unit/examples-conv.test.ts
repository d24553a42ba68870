/**
 * examples/conv-mnist.scann, the conv demo, runs through `scann run` end to end. The test runs a smaller variant of
 * its cell (fewer images, epochs and iterations; everything else as committed), so that it stays a unit test; the
 * full cell's time is measured in the notebook's text.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { locateMnist, mnistSearchRoots } from '../../src/node/mnistPackage';
import { MARKDOWN_MIME, parseNotebook, RUN_MIME, serializeNotebook } from '../../src/protocol/notebook';
import type { RunResult } from '../../src/protocol/result';

const root = path.join(__dirname, '..', '..');
const work = mkdtempSync(path.join(tmpdir(), 'scann-examples-'));
after(() => rmSync(work, { recursive: true, force: true }));
const tsx = pathToFileURL(require.resolve('tsx')).href;
const EXAMPLE = path.join(root, 'examples', 'conv-mnist.scann');
const mnist = locateMnist(mnistSearchRoots(path.join(root, 'data')));

/** The example's config text with some values made smaller; each must be there, so the variant follows the file. */
function smaller(source: string): string {
  const edits: [RegExp, string][] = [
    [/^  limit: \d+$/m, '  limit: 800'],
    [/^  epochs: \d+$/m, '  epochs: 3'],
    [/^iterations: \d+$/m, 'iterations: 1'],
    [/^train: \{ epochs: \d+ \}$/m, 'train: { epochs: 1 }'],
    [/^select: \{ finetune: \d+ \}$/m, 'select: { finetune: 1 }'],
  ];
  return edits.reduce((text, [re, to]) => {
    assert.match(text, re, `the example's cell no longer has ${re}`);
    return text.replace(re, to);
  }, source);
}

test(
  'the conv demo notebook runs through scann run (a smaller variant) and keeps its conv front end',
  { skip: 'dir' in mnist ? false : mnist.reason },
  () => {
    const nb = parseNotebook(readFileSync(EXAMPLE, 'utf8'));
    const configs = nb.cells.filter((c) => c.kind === 'config');
    assert.equal(configs.length, 1);
    assert.match(configs[0]!.source, /source: builtin:mnist/);
    assert.match(configs[0]!.source, /layer: conv2d/);
    const file = path.join(work, 'conv-mnist.scann');
    copyFileSync(EXAMPLE, file);
    const variant = smaller(configs[0]!.source);
    writeFileSync(
      file,
      serializeNotebook({
        ...nb,
        cells: nb.cells.map((c) => (c.kind === 'config' ? { kind: 'config', source: variant } : c)),
      }),
    );
    const r = spawnSync(process.execPath, ['--import', tsx, path.join(root, 'src/cli/main.ts'), 'run', file], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, SCANN_DATA_DIR: path.join(root, 'data') },
    });
    assert.equal(r.status, 0, r.stderr);
    const cell = parseNotebook(readFileSync(file, 'utf8')).cells.find((c) => c.kind === 'config')!;
    assert.equal(cell.execution?.success, true);
    const items = cell.outputs![0]!.items;
    assert.deepEqual(
      items.map((i) => i.mime),
      [RUN_MIME, MARKDOWN_MIME],
    );
    const result = items[0]!.data as unknown as RunResult;
    assert.equal(result.status, 'done');
    assert.equal(result.dataset.testRows, 10000, 'the official test images');
    // conv 8@5x5 on 28x28x1: 200 kernel weights, 8 channels; then 12x12x8 = 1,152 values into 32 units, 10 outputs.
    assert.deepEqual(result.baseline.conv?.channels, [8]);
    assert.equal(result.baseline.connections, 200 + 1152 * 32 + 32 * 10);
    assert.ok(result.final.conv && result.final.conv.weights > 0, 'the synthesized network keeps its conv layer');
    assert.ok(result.final.connections < result.baseline.connections, 'scheme C pruned');
    assert.ok(result.baseline.testAccuracy > 0.8, `baseline test accuracy ${result.baseline.testAccuracy}`);
  },
);
