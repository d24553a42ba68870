import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ArchitectureSnapshot } from '../../src/protocol/events';
import type { RunResult } from '../../src/protocol/result';
import { markdownSummary, runOutput } from '../../src/protocol/runOutput';
import { parseRunPayload, PayloadError } from '../../webview/components/payload';
import { liveSummaryTable, summaryTable } from '../../webview/components/summary';
import { accuracySpec, energySpec, lossSpec, stepEnergies, structureSpec } from '../../webview/renderer/charts';
import { fixtureResult, livePayload } from '../webview/support/fixtures';

const palette = {
  kind: 'dark' as const,
  background: '#000',
  foreground: '#fff',
  muted: '#888',
  border: '#333',
  grid: '#444',
  accent: '#08f',
  positive: '#00f',
  negative: '#f00',
  input: '#a0a',
  hidden: '#fa0',
  output: '#0a0',
  grown: '#0f0',
  pruned: '#f00',
  kept: '#ccc',
  series: ['#1', '#2', '#3', '#4', '#5', '#6'],
  fontFamily: 'sans-serif',
  fontSize: 13,
  monoFamily: 'monospace',
};

/** The output item exactly as the CLI / extension write it (compact result + run id). */
const saved = (): RunResult & { runId?: string } =>
  JSON.parse(JSON.stringify(runOutput(fixtureResult('optdigits-b'), 'run-42').items[0]!.data)) as RunResult & {
    runId?: string;
  };

test('a saved output parses into a view with the final network', () => {
  const v = parseRunPayload(saved());
  const r = fixtureResult('optdigits-b');
  assert.equal(v.status, 'done');
  assert.equal(v.runId, 'run-42');
  assert.equal(v.graph!.src.length, r.final.connections);
  assert.equal(v.graphLabel, `selected network (step ${r.final.selectedAt.step})`);
  assert.equal(v.history.length, r.history.length);
  assert.deepEqual(v.energyTable, r.energy.table);
});

test('a live payload parses into a view with the latest snapshot and progress', () => {
  const p = livePayload('optdigits-b', 4, 100);
  const v = parseRunPayload(p);
  assert.equal(v.status, 'running');
  assert.equal(v.result, undefined);
  assert.equal(v.graph!.src.length, (p.architecture as ArchitectureSnapshot).edges.length);
  assert.deepEqual(v.progress, { done: p.epochsDone, planned: 100 });
  assert.match(v.graphKey, /^live:/);
  // The key changes with the network, not with each resend.
  assert.equal(parseRunPayload(livePayload('optdigits-b', 4, 100)).graphKey, v.graphKey);
  const other = livePayload('optdigits-b', 4, 100);
  other.architecture = {
    ...other.architecture!,
    edges: other.architecture!.edges.slice(1),
    weights: other.architecture!.weights.slice(1),
  };
  assert.notEqual(parseRunPayload(other).graphKey, v.graphKey);
  // Queued: nothing but the name yet.
  const q = parseRunPayload({
    version: 1,
    status: 'queued',
    runId: 'q',
    name: 'waits',
    startedAt: 0,
    plannedEpochs: 10,
    epochsDone: 0,
    history: [],
    epochs: [],
  });
  assert.equal(q.status, 'queued');
  assert.equal(q.graph, undefined);
});

test('broken payloads fail with the path of the problem', () => {
  const cases: [unknown, RegExp][] = [
    [null, /^payload: expected an object/],
    [[], /^payload: expected an object/],
    [{ ...saved(), version: 2 }, /^version: unsupported version 2/],
    [{ ...saved(), status: 'exploded' }, /^status: expected/],
    [{ ...saved(), history: 'x' }, /^history: expected an array/],
  ];
  const h = saved();
  (h.history[3] as unknown as Record<string, unknown>).connections = 'many';
  cases.push([h, /^history\[3\]\.connections: expected a number/]);
  const m = saved();
  m.model.hidden[2]!.weights = 'not base64!';
  cases.push([m, /^model: Invalid base64/]);
  const mismatch = saved();
  mismatch.model.hidden[2]!.sources.push(1);
  cases.push([mismatch, /^model: unit 66: \d+ sources but \d+ weights/]);
  cases.push([{ ...saved(), final: undefined }, /^final: expected an object/]);
  const e = saved();
  delete (e.epochs[0] as unknown as Record<string, unknown>).trainLoss;
  cases.push([e, /^epochs\[0\]\.trainLoss: expected a number/]);
  const l = livePayload('optdigits-b', 4, 100);
  l.architecture!.edges[5] = [3] as unknown as [number, number];
  cases.push([l, /^architecture\.edges\[5\]: expected \[source, target\]/]);
  for (const [payload, message] of cases) {
    assert.throws(
      () => parseRunPayload(payload),
      (err: unknown) => err instanceof PayloadError && message.test(err.message),
    );
  }
});

/** The rows of the markdown summary table, as cells. */
function markdownRows(md: string): string[][] {
  return md
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('|---'))
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
}

test('the summary table has exactly the cells of the markdown summary', () => {
  for (const name of ['optdigits-b', 'optdigits-c', 'optdigits-a']) {
    const r = fixtureResult(name);
    const t = summaryTable(r);
    const md = markdownRows(markdownSummary(r));
    assert.deepEqual([t.headers, ...t.rows], md);
  }
});

test('live summary: baseline against the latest step, dashes where unknown', () => {
  const p = livePayload('optdigits-b', 4, 100);
  const last = p.history[p.history.length - 1]!;
  const t = liveSummaryTable(p.baseline, last, 10, { name: 'horowitz45nm', mac: 4.6, memory: 5, compare: 0.9 });
  assert.equal(t.headers[2], `SCANN (step ${last.step})`);
  assert.deepEqual(t.rows[0], ['Test accuracy', '96.94%', '—']);
  assert.equal(t.rows[2]![2], last.connections.toLocaleString('en-US'));
  assert.equal(t.rows.length, 6);
  assert.equal(liveSummaryTable(undefined, undefined, 10, undefined).rows.length, 5);
});

test('renderer charts: curves per phase, one marker per step, energies from the table', () => {
  const v = parseRunPayload(saved());
  const r = fixtureResult('optdigits-b');
  const acc = accuracySpec(v, palette);
  assert.deepEqual(
    acc.series.map((s) => s.name),
    ['train (baseline)', 'validation (baseline)', 'train', 'validation'],
  );
  const baselineEpochs = r.epochs.filter((e) => e.phase === 'baseline').length;
  assert.equal(acc.series[0]!.x.length, baselineEpochs);
  assert.deepEqual(acc.bands, [{ x0: 0.5, x1: baselineEpochs + 0.5, label: 'baseline MLP' }]);
  assert.equal(lossSpec(v, palette).logY, true);
  const st = structureSpec(v, palette);
  assert.equal(st.series[0]!.x.length, r.history.length);
  assert.equal(st.series[0]!.markers!.titles!.length, r.history.length);
  assert.deepEqual(st.series[2]!.x, [r.final.selectedAt.step]); // the selected network
  const energies = stepEnergies(v);
  const sel = r.history.findIndex((h) => h.step === r.final.selectedAt.step);
  assert.ok(Math.abs(energies[sel]! - r.energy.final) < 1e-6, 'the selected step costs what the result says');
  const en = energySpec(v, palette)!;
  assert.equal(en.hlines![0]!.y, r.energy.baseline);
});
