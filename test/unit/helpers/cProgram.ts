/**
 * Compiling and running an exported C model with the system compiler: a driver that reads raw rows on stdin and
 * prints the returned class and the probabilities, so tests compare the compiled code with the engine.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

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
