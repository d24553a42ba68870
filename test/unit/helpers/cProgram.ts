/**
 * Compiling and running an exported C model with the system compiler: a driver that reads raw rows on stdin and
 * prints the returned class and the probabilities, so tests compare the compiled code with the engine.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { exportModel } from '../../../src/engine/export';
import { buildTables, simulateC } from '../../../src/engine/export/cTables';
import { decodeModel } from '../../../src/engine/model/decode';
import { predictRaw } from '../../../src/engine/model/predict';
import type { ModelJson } from '../../../src/protocol/model';
import { argmax, compareProbs } from '../export-fixtures';

export const CFLAGS = ['-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic', '-O2'];

/** A test driver: prints the label names, then per stdin row the returned class and the probabilities. */
export function driver(prefix: string): string {
  const P = prefix.toUpperCase();
  return `#include <stdio.h>
#include "${prefix}.h"
int main(void)
{
    float x[${P}_FEATURES];
    float p[${P}_CLASSES];
    int i, best;
    for (i = 0; i < ${P}_CLASSES; ++i) printf("L %s\\n", ${prefix}_label_names[i]);
    for (;;) {
        for (i = 0; i < ${P}_FEATURES; ++i) if (scanf("%f", &x[i]) != 1) return 0;
        best = ${prefix}_predict(x, p);
        printf("%d", best);
        for (i = 0; i < ${P}_CLASSES; ++i) printf(" %.9g", p[i]);
        printf("\\n");
    }
}
`;
}

export function compile(dir: string, sources: string[], exe: string): void {
  const r = spawnSync('cc', [...CFLAGS, '-o', exe, ...sources, '-lm'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, `cc failed:\n${r.stderr}`);
}

/** Runs the driver on row-major raw rows; returns the probabilities, the returned classes and the label names. */
export function runC(
  dir: string,
  exe: string,
  raw: Float32Array,
  rows: number,
  c: number,
): { probs: Float32Array; returned: number[]; labels: string[] } {
  const d = raw.length / rows;
  const lines: string[] = [];
  for (let r = 0; r < rows; r++)
    lines.push(Array.from(raw.subarray(r * d, r * d + d), (v) => v.toPrecision(9)).join(' '));
  const out = spawnSync(path.join(dir, exe), {
    input: `${lines.join('\n')}\n`,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  assert.equal(out.status, 0, out.stderr);
  const labels: string[] = [];
  const returned: number[] = [];
  const probs = new Float32Array(rows * c);
  let row = 0;
  for (const line of out.stdout.split('\n')) {
    if (!line) continue;
    if (line.startsWith('L ')) {
      labels.push(line.slice(2));
      continue;
    }
    const [best, ...ps] = line.split(' ');
    returned.push(Number(best));
    ps.forEach((v, o) => (probs[row * c + o] = Number(v)));
    row++;
  }
  assert.equal(row, rows, 'one output line per input row');
  return { probs, returned, labels };
}

/** What the C export tests need of a fixture: its model and raw rows (row-major). */
export interface CFixture {
  name: string;
  model: ModelJson;
  raw: Float32Array;
  rows: number;
}

/** Exports `f.model` as C into a fresh folder under `work`, compiles it with the driver and runs it on the rows. */
export async function exportAndRunC(work: string, f: CFixture, weights: 'float32' | 'int8', prefix: string) {
  const dir = mkdtempSync(path.join(work, `${prefix}-`));
  const { files, summary } = await exportModel(f.model, 'c', dir, { weights, prefix });
  writeFileSync(path.join(dir, 'main.c'), driver(prefix));
  compile(dir, ['main.c', `${prefix}.c`], 'predict');
  const c = f.model.outputs;
  return { dir, files, summary, c, ...runC(dir, 'predict', f.raw, f.rows, c) };
}

/**
 * The float32 export's contract: the engine's argmax on every row, probabilities within 1e-5, the argmax returned,
 * the label names, and the float32 simulation of the C arithmetic (used for int8 reports) tracking the compiled code.
 */
export function checkFloat32C(f: CFixture, run: { probs: Float32Array; returned: number[]; labels: string[] }): number {
  const c = f.model.outputs;
  const cmp = compareProbs(run.probs, predictRaw(f.model, f.raw, f.rows), f.rows, c);
  assert.deepEqual(cmp.argmaxDiffers, [], `${f.name}: argmax differs on rows ${cmp.argmaxDiffers.join(', ')}`);
  assert.ok(cmp.maxDiff < 1e-5, `${f.name}: max |dp| ${cmp.maxDiff}`);
  for (let r = 0; r < f.rows; r++) assert.equal(run.returned[r], argmax(run.probs, r, c), 'returns the argmax');
  assert.deepEqual(run.labels, f.model.labelNames);
  const sim = simulateC(buildTables(decodeModel(f.model, 'c'), 'float32'), f.raw, f.rows);
  assert.ok(compareProbs(sim, run.probs, f.rows, c).maxDiff < 1e-6, `${f.name}: simulation`);
  return cmp.maxDiff;
}
