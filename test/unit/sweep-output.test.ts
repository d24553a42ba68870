/**
 * The sweep cell output: the codec (the MIME item and its markdown summary), the guard that checks what is read
 * back from a notebook, and the figure specs the renderer draws from it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isJsonMime, MARKDOWN_MIME, parseNotebook, serializeNotebook } from '../../src/protocol/notebook';
import {
  jobCountsLine,
  SWEEP_MIME,
  sweepGroupTable,
  sweepMarkdown,
  sweepOutput,
  type SweepPayload,
} from '../../src/protocol/sweepOutput';
import { parseSweepPayload, SweepPayloadError } from '../../src/protocol/sweepOutputGuards';
import { paretoSpec, parallelSpec } from '../../webview/renderer/sweepCharts';
import { finishedSweep, liveSweep, SWEEP_FIELDS } from '../webview/support/sweepSynthetic';
import type { Palette } from '../../webview/components/palette';

const palette = {
  series: ['#1', '#2', '#3'],
  muted: '#m',
  accent: '#a',
} as unknown as Palette;

test('a sweep output is a JSON item under the sweep MIME type and a markdown summary, and survives the file', () => {
  const p = finishedSweep();
  const out = sweepOutput(p);
  assert.deepEqual(
    out.items.map((i) => i.mime),
    [SWEEP_MIME, MARKDOWN_MIME],
  );
  assert.ok(isJsonMime(SWEEP_MIME));
  const text = serializeNotebook({ cells: [{ kind: 'config', source: 'sweep: {}', outputs: [out] }], metadata: {} });
  const back = parseNotebook(text).cells[0]!.outputs![0]!;
  assert.deepEqual(parseSweepPayload(back.items[0]!.data), p);
  assert.equal(back.items[1]!.data, sweepMarkdown(p));
});

test('the guard accepts live and finished payloads and names the first bad field', () => {
  assert.deepEqual(parseSweepPayload(JSON.parse(JSON.stringify(liveSweep()))), liveSweep());
  const bad = (mutate: (p: Record<string, unknown>) => void): string => {
    const p = JSON.parse(JSON.stringify(finishedSweep())) as Record<string, unknown>;
    mutate(p);
    try {
      parseSweepPayload(p);
    } catch (err) {
      assert.ok(err instanceof SweepPayloadError);
      return err.message;
    }
    return 'accepted';
  };
  assert.equal(
    bad((p) => (p.version = 2)),
    'version: this version of SCANN Studio reads sweep outputs of version 1, not 2',
  );
  assert.equal(
    bad((p) => (p.status = 'paused')),
    'status: expected one of running, done, cancelled, failed',
  );
  assert.equal(
    bad((p) => ((p.jobs as Record<string, unknown>[])[2]!.attempts = -1)),
    'jobs[2].attempts: expected a whole number >= 0',
  );
  assert.equal(
    bad((p) => ((p.jobs as unknown[])[1] = 'job')),
    'jobs[1]: expected an object',
  );
  assert.equal(
    bad((p) => delete (p.summary as { runs: Record<string, unknown>[] }).runs[0]!.testAccuracy),
    'summary.runs[0]: a finished run needs testAccuracy and connections',
  );
  assert.equal(
    bad((p) => ((p.summary as { groups: Record<string, unknown>[] }).groups[1]!.testAccuracy = { mean: 'x' })),
    'summary.groups[1].testAccuracy.mean: expected a number',
  );
  assert.equal(
    bad((p) => (p.fields = 'scheme')),
    'fields: expected a list',
  );
});

test('a list at the top is refused', () => {
  assert.throws(() => parseSweepPayload([]), /payload: expected an object/);
});

test('a group without a finished run shows dashes; a compression of null (no connections left) reads as infinite', () => {
  {
    const none = finishedSweep();
    const g = none.summary!.groups[1]!;
    Object.assign(g, { done: 0, failed: 3, testAccuracy: null, connections: null, energy: null, compression: null });
    assert.deepEqual(sweepGroupTable(parseSweepPayload(JSON.parse(JSON.stringify(none)))).rows[1]!.slice(2, 7), [
      '0 (3 failed)',
      '–',
      '–',
      '–',
      '–',
    ]);
    g.done = 1;
    assert.throws(
      () => parseSweepPayload(JSON.parse(JSON.stringify(none))),
      /summary\.groups\[1\]\.testAccuracy: expected figures for 1 finished run$/,
    );
  }

  const p = finishedSweep();
  p.summary!.groups[0]!.compression = null;
  assert.equal(parseSweepPayload(JSON.parse(JSON.stringify(p))).summary!.groups[0]!.compression, null);
  assert.equal(sweepGroupTable(p).rows[0]![6], '∞');
});

test('the markdown summary: job counts, one row per configuration with mean ± sd, the failures', () => {
  const live = liveSweep();
  assert.equal(jobCountsLine(live.jobs), '5 queued, 2 running, 4 done, 1 failed of 12 jobs');
  const md = sweepMarkdown(live);
  assert.match(md, /^### iris sweep \(sweep running\)$/m);
  assert.match(md, /5 queued, 2 running, 4 done, 1 failed of 12 jobs\./);
  assert.doesNotMatch(md, /\| n \|/, 'no table before the summary');
  assert.match(
    md,
    /1 job failed:\n\n- `sw-20261205-a1-j0004` \(scheme=B, reduce\.method=auto\): reduce\\?: auto found/,
  );

  const p = finishedSweep();
  const t = sweepGroupTable(p);
  assert.deepEqual(t.headers.slice(0, 2), SWEEP_FIELDS);
  // B/auto lost one of its three repeats; C/none is off the front.
  assert.deepEqual(
    t.rows.map((r) => [r[0], r[1], r[2], r[7]]),
    [
      ['B', 'none', '3', 'yes'],
      ['B', 'auto', '2 (1 failed)', 'yes'],
      ['C', 'none', '3', ''],
      ['C', 'auto', '3', 'yes'],
    ],
  );
  const g = p.summary!.groups[0]!;
  assert.equal(t.rows[0]![3], `${(100 * g.testAccuracy!.mean).toFixed(2)}% ± ${(100 * g.testAccuracy!.sd).toFixed(2)}`);
  const mdLines = sweepMarkdown(p).split('\n');
  assert.ok(mdLines.includes('|---|---|---:|---:|---:|---:|---:|:-:|'), mdLines.join('\n'));
  assert.equal(mdLines.filter((l) => l.startsWith('| ')).length, 1 + p.summary!.groups.length);
});

test('a single repeat shows the mean alone (no spread to show)', () => {
  const p = finishedSweep();
  const g = p.summary!.groups[3]!;
  g.done = 1;
  g.testAccuracy!.sd = 0;
  assert.equal(sweepGroupTable(p).rows[3]![3], `${(100 * g.testAccuracy!.mean).toFixed(2)}%`);
});

test('figure specs: one parallel line per finished run, groups with their standard deviations as error bars', () => {
  const p: SweepPayload = finishedSweep();
  const par = parallelSpec(p)!;
  assert.deepEqual(
    par.axes.map((a) => a.label),
    [...SWEEP_FIELDS, 'test accuracy', 'connections'],
  );
  const done = p.summary!.runs.filter((r) => r.status === 'done');
  assert.equal(par.lines.length, done.length);
  assert.deepEqual(par.lines[0]!.values, ['B', 'none', done[0]!.testAccuracy, done[0]!.connections]);
  assert.equal(par.shadeBy, 2);

  const spec = paretoSpec(p, palette)!;
  const front = spec.series.find((s) => s.name === 'Pareto front')!;
  const byGroup = new Map(p.summary!.groups.map((g) => [g.group, g]));
  const frontGroups = p
    .summary!.pareto.map((k) => byGroup.get(k)!)
    .sort((a, b) => a.connections!.mean - b.connections!.mean);
  assert.deepEqual(
    front.x,
    frontGroups.map((g) => g.connections!.mean),
  );
  assert.deepEqual(
    front.errorY,
    frontGroups.map((g) => g.testAccuracy!.sd),
  );
  assert.deepEqual(
    front.errorX,
    frontGroups.map((g) => g.connections!.sd),
  );
  assert.equal(spec.series.find((s) => s.name === 'runs')!.x.length, done.length);
  // Nothing finished: no figures.
  assert.equal(parallelSpec(liveSweep()), undefined);
  assert.equal(paretoSpec(liveSweep(), palette), undefined);
});

test('the output lists the job states of the sweep protocol, in its order', async () => {
  const protocol = await import('../../src/protocol/sweep');
  const output = await import('../../src/protocol/sweepOutput');
  assert.deepEqual(output.SWEEP_JOB_STATES, protocol.SWEEP_JOB_STATES);
});

test('markdown table: swept values are escaped as user text, our numbers stay readable', () => {
  const p = finishedSweep();
  p.summary!.groups[0]!.values = { ...p.summary!.groups[0]!.values, scheme: 'B | *x*' };
  const md = sweepMarkdown(p);
  const row = md.split('\n').find((l) => l.includes('B \\| \\*x\\*'));
  assert.ok(row, md);
  // One cell per column: the pipe in the value did not split it.
  assert.equal(row.split(/(?<!\\)\|/).length - 2, sweepGroupTable(p).headers.length);
  assert.match(row, / \d+\.\d\d% ± \d\.\d\d \|/, 'numbers without backslashes');
});
