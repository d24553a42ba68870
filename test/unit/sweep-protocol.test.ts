/**
 * The sweep protocol: expansion (counts, order, determinism, seeds), the checks of a sweep block at their text
 * ranges, the summary's statistics (checked by hand on a small example), the Pareto front and the event guard.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configSchema, type ScannConfigInput } from '../../src/protocol/config';
import { parseConfigText } from '../../src/protocol/configText';
import {
  expandSweep,
  isSweepSummary,
  parseSweepEvent,
  summarizeSweep,
  type SweepJobInfo,
  type SweepJobStatus,
  type SweepRunResult,
} from '../../src/protocol/sweep';
import { completeAt, hoverAt } from '../../src/extension/language/configAssist';
import { runConfig } from './helpers/run';

const cfg = (input: ScannConfigInput) => configSchema.parse(input);

function issues(text: string) {
  return parseConfigText(text).issues.map((i) => ({
    text: text.slice(i.start, i.end),
    severity: i.severity,
    message: i.message,
  }));
}

describe('expandSweep', () => {
  it('grid x random x repeats: the count, grid order (last path fastest) and consecutive seeds', () => {
    const jobs = expandSweep(
      cfg({
        dataset: { source: 'builtin:iris' },
        seed: 7,
        sweep: {
          grid: { scheme: ['B', 'C'], 'reduce.method': ['none', 'pca', 'auto'] },
          random: { count: 2, params: { 'train.lr': { min: 0.001, max: 0.1, log: true } } },
          repeats: 3,
        },
      }),
      'sw1',
    );
    assert.equal(jobs.length, 2 * 3 * 2 * 3);
    assert.deepEqual(
      jobs.map((j) => j.index),
      jobs.map((_, i) => i),
    );
    assert.equal(jobs[0]!.jobId, 'sw1-j0000');
    assert.equal(jobs[35]!.jobId, 'sw1-j0035');
    assert.equal(new Set(jobs.map((j) => j.group)).size, 12);
    // Row-major: reduce.method varies before scheme; the random draws inside; repeats innermost.
    const points = jobs
      .filter((j) => j.repeat === 0)
      .map((j) => `${String(j.values.scheme)}/${String(j.values['reduce.method'])}`);
    assert.deepEqual(
      points.filter((_, i) => i % 2 === 0),
      ['B/none', 'B/pca', 'B/auto', 'C/none', 'C/pca', 'C/auto'],
    );
    for (const j of jobs) {
      assert.equal(j.seed, 7 + j.repeat);
      assert.equal(j.config.seed, j.seed);
      assert.equal(j.config.scheme, j.values.scheme);
      assert.equal(j.config.reduce?.method, j.values['reduce.method']);
      assert.equal(j.config.train.lr, j.values['train.lr']);
      assert.equal('sweep' in j.config, false);
      assert.deepEqual(configSchema.parse(j.config), j.config, 'the job config re-validates unchanged');
      const lr = j.values['train.lr'] as number;
      assert.ok(lr >= 0.001 && lr <= 0.1, `lr ${lr}`);
      assert.equal(Number(lr.toPrecision(4)), lr);
    }
    // All repeats of a point share its group and values; the two random draws differ.
    const g = jobs.filter((j) => j.group === jobs[0]!.group);
    assert.deepEqual(
      g.map((j) => j.repeat),
      [0, 1, 2],
    );
    assert.notEqual(jobs[0]!.values['train.lr'], jobs[3]!.values['train.lr']);
  });

  it('is deterministic, and the random draws follow the config seed', () => {
    const input = (seed: number): ScannConfigInput => ({
      dataset: { source: 'builtin:iris' },
      seed,
      sweep: {
        random: {
          count: 5,
          params: {
            'train.epochs': { min: 1, max: 50, int: true },
            scheme: ['A', 'B', 'C'],
            'train.lr': { min: 0.1, max: 0.5 },
          },
        },
      },
    });
    const a = expandSweep(cfg(input(3)), 'x');
    assert.deepEqual(expandSweep(cfg(input(3)), 'x'), a);
    assert.notDeepEqual(
      expandSweep(cfg(input(4)), 'x').map((j) => j.values),
      a.map((j) => j.values),
    );
    for (const j of a) {
      const e = j.values['train.epochs'] as number;
      assert.ok(Number.isInteger(e) && e >= 1 && e <= 50, `epochs ${e}`);
      assert.ok(['A', 'B', 'C'].includes(j.values.scheme as string));
    }
  });

  it('a config without a sweep is one job; a swept seed is the base of the repeats; list paths index', () => {
    assert.equal(expandSweep(cfg({ dataset: { source: 'builtin:iris' } }), 's').length, 1);
    const jobs = expandSweep(
      cfg({
        dataset: { source: 'builtin:iris' },
        loop: [{ op: 'prune', ratio: 0.3 }],
        sweep: { grid: { seed: [10, 20], 'loop.0.ratio': [0.5] }, repeats: 2 },
      }),
      's',
    );
    assert.deepEqual(
      jobs.map((j) => j.seed),
      [10, 11, 20, 21],
    );
    assert.equal(jobs[0]!.group, 'seed=10, loop.0.ratio=0.5');
    const op = jobs[0]!.config.loop![0]!;
    assert.equal(op.op === 'prune' && op.ratio, 0.5);
  });
});

describe('sweep checks in the config text', () => {
  it('an unknown path is an error on its key with the closest path; a refused value on the value itself', () => {
    const text = [
      'dataset: { source: builtin:iris }',
      'sweep:',
      '  grid:',
      '    scheme: [B, Q]',
      '    reduce.methd: [none]',
      '    train.epochs: [2, -1]',
      '  random:',
      '    count: 2',
      '    params:',
      '      train.lr: { min: 0.5, max: 0.1 }',
      '      train.batch: [16, 0]',
      '',
    ].join('\n');
    assert.deepEqual(issues(text), [
      { text: 'Q', severity: 'error', message: 'expected one of "A", "B", "C", "imp", "auto", got "Q"' },
      {
        text: 'reduce.methd',
        severity: 'error',
        message: "unknown config path 'reduce.methd': 'reduce' has no key 'methd'; did you mean 'reduce.method'?",
      },
      { text: '-1', severity: 'error', message: '-1 is too small: must be >= 0' },
      { text: '{ min: 0.5, max: 0.1 }', severity: 'error', message: 'min (0.5) is above max (0.1)' },
      { text: '0', severity: 'error', message: '0 is too small: must be >= 1' },
    ]);
    assert.equal(parseConfigText(text).config, undefined);
  });

  it('a combination that breaks a cross-field rule is a warning on `sweep`, the config stays runnable', () => {
    const text =
      'dataset: { source: builtin:iris }\nsweep:\n  grid: { scheme: [B, imp], reduce.method: [none, pca] }\n';
    const r = parseConfigText(text);
    assert.ok(r.config);
    assert.deepEqual(
      r.issues.map((i) => [text.slice(i.start, i.end), i.severity]),
      [['sweep', 'warning']],
    );
    assert.match(r.issues[0]!.message, /these runs will fail \(scheme=imp, reduce\.method=pca\): reduce: scheme imp/);
  });

  it('refuses sweeping the sweep, a path in both grid and random, and too many runs', () => {
    const msgs = (t: string) => issues(t).map((i) => `${i.text}: ${i.message}`);
    assert.deepEqual(msgs('dataset: { source: a.csv }\nsweep: { grid: { sweep.repeats: [2] } }\n'), [
      'sweep.repeats: a sweep cannot sweep its own settings',
    ]);
    assert.deepEqual(
      msgs(
        'dataset: { source: a.csv }\nsweep: { grid: { seed: [1] }, random: { count: 2, params: { seed: [3, 4] } } }\n',
      ),
      ["seed: 'seed' is swept by the grid already: sweep a path in one place"],
    );
    assert.deepEqual(
      msgs('dataset: { source: a.csv }\nsweep: { random: { count: 5000, params: { seed: [3] } }, repeats: 3 }\n'),
      ['sweep: the sweep expands to 15000 runs; at most 10000'],
    );
  });
});

describe('editor assist for the sweep block', () => {
  const text = 'dataset: { source: builtin:iris }\nsweep:\n  grid:\n    reduce.method: [none, pca]\n    train.l\n';
  it('completes config paths under grid, replacing the whole dotted word', () => {
    const off = text.indexOf('train.l') + 'train.l'.length;
    const c = completeAt(text, off)!;
    assert.deepEqual(c.path, ['sweep', 'grid']);
    const lr = c.items.find((i) => i.label === 'train.lr')!;
    assert.equal(lr.insertText, 'train.lr: ');
    assert.equal(lr.documentation, 'Learning rate.');
    assert.equal(text.slice(c.start, c.end), 'train.l');
    assert.ok(!c.items.some((i) => i.label === 'reduce.method'), 'a path already swept is not offered again');
    assert.ok(!c.items.some((i) => i.label.startsWith('sweep')));
  });
  it("hover on a swept path shows the field's type and description", () => {
    const h = hoverAt(text, text.indexOf('reduce.method') + 2)!;
    assert.deepEqual(h.path, ['sweep', 'grid', 'reduce.method']);
    assert.match(h.markdown, /^\*\*sweep\.grid\.reduce\.method\*\* `list of auto \| none \| pca/);
    assert.match(h.markdown, /Dimensionality reduction before synthesis/);
  });
});

/** A result with just the fields the summary reads (the figures are what a hand computation checks). */
function fakeResult(acc: number, connections: number, energyPj: number, baselineConnections = 1000): SweepRunResult {
  return {
    status: 'done',
    durationMs: 10,
    compression: baselineConnections / connections,
    compressionWithTransform: baselineConnections / connections,
    baseline: { testAccuracy: 0.9, connections: baselineConnections },
    final: { testAccuracy: acc, connections, energyPj },
    energy: { baseline: 100, final: energyPj, ratio: 100 / energyPj },
  } as unknown as SweepRunResult;
}

describe('summarizeSweep', () => {
  const jobs: SweepJobInfo[] = expandSweep(
    cfg({ dataset: { source: 'builtin:iris' }, sweep: { grid: { scheme: ['B', 'C', 'A'] }, repeats: 3 } }),
    'sw',
  ).map(({ config: _c, ...j }) => j);
  const results = new Map<string, SweepRunResult>([
    // B: accuracies 0.90, 0.92, 0.94; connections 100, 200, 300; energy 10, 20, 40.
    [jobs[0]!.jobId, fakeResult(0.9, 100, 10)],
    [jobs[1]!.jobId, fakeResult(0.92, 200, 20)],
    [jobs[2]!.jobId, fakeResult(0.94, 300, 40)],
    // C: one failed, two done.
    [jobs[3]!.jobId, fakeResult(0.95, 500, 50)],
    [jobs[4]!.jobId, fakeResult(0.97, 500, 50)],
    // A: a single done run, dominated by B (less accurate, more connections).
    [jobs[6]!.jobId, fakeResult(0.8, 400, 30)],
  ]);
  const statuses = new Map<string, SweepJobStatus>([
    [jobs[5]!.jobId, { jobId: jobs[5]!.jobId, state: 'failed', attempts: 1, error: 'boom' }],
    [jobs[7]!.jobId, { jobId: jobs[7]!.jobId, state: 'running', attempts: 1, epoch: 3, plannedEpochs: 9 }],
  ]);
  const s = summarizeSweep(jobs, results, statuses);

  it('mean, sample sd, min, max and the geometric mean compression, by hand', () => {
    const b = s.groups.find((g) => g.group === 'scheme=B')!;
    assert.equal(b.n, 3);
    assert.equal(b.done, 3);
    assert.ok(Math.abs(b.testAccuracy!.mean - 0.92) < 1e-12);
    // deviations -0.02, 0, 0.02: sum of squares 0.0008 / (3 - 1) = 0.0004 -> sd 0.02.
    assert.ok(Math.abs(b.testAccuracy!.sd - 0.02) < 1e-12);
    assert.deepEqual([b.testAccuracy!.min, b.testAccuracy!.max], [0.9, 0.94]);
    assert.deepEqual(b.connections, { mean: 200, sd: 100, min: 100, max: 300 });
    // energy 10, 20, 40: mean 70/3; squares (40/3)^2 + (10/3)^2 + (50/3)^2 = 4200/9, / 2 -> sd sqrt(2100/9).
    assert.ok(Math.abs(b.energy!.mean - 70 / 3) < 1e-12);
    assert.ok(Math.abs(b.energy!.sd - Math.sqrt(2100 / 9)) < 1e-12);
    // compressions 10, 5, 10/3: geometric mean (500/3)^(1/3).
    assert.ok(Math.abs(b.compression! - Math.cbrt(500 / 3)) < 1e-12);
  });

  it('failed and unfinished runs are counted and left out of the statistics', () => {
    const c = s.groups.find((g) => g.group === 'scheme=C')!;
    assert.deepEqual([c.n, c.done, c.failed], [3, 2, 1]);
    assert.ok(Math.abs(c.testAccuracy!.mean - 0.96) < 1e-12);
    const a = s.groups.find((g) => g.group === 'scheme=A')!;
    assert.deepEqual([a.n, a.done, a.failed, a.testAccuracy!.sd], [3, 1, 0, 0]);
    assert.deepEqual(s.counts, { queued: 1, running: 1, done: 6, failed: 1, cancelled: 0 });
    const failed = s.runs.find((r) => r.jobId === jobs[5]!.jobId)!;
    assert.deepEqual([failed.status, failed.error, failed.testAccuracy], ['failed', 'boom', undefined]);
    assert.equal(s.runs[0]!.testAccuracy, 0.9);
    assert.equal(s.runs[0]!.baselineTestAccuracy, 0.9);
    assert.equal(s.runs[0]!.connections, 100);
  });

  it('the Pareto front: groups no other beats on both mean accuracy and mean connections', () => {
    // B (0.92, 200) and C (0.96, 500) trade off; A (0.8, 400) is beaten by B on both.
    assert.deepEqual(s.pareto, ['scheme=B', 'scheme=C']);
    assert.ok(isSweepSummary(JSON.parse(JSON.stringify(s))));
  });
});

describe('parseSweepEvent', () => {
  it('accepts each event kind (a real result for job-result) and refuses malformed ones with a reason', async () => {
    const jobs = expandSweep(cfg({ dataset: { source: 'builtin:iris' }, sweep: { repeats: 2 } }), 'ev1');
    const infos = jobs.map(({ config: _c, ...j }) => j);
    const { model: _m, ...result } = await runConfig({
      dataset: { source: 'builtin:iris' },
      scheme: 'C',
      iterations: 1,
      train: { epochs: 1 },
      baseline: { epochs: 2 },
      select: { finetune: 0 },
    });
    const summary = summarizeSweep(infos, new Map([[infos[0]!.jobId, result]]));
    const good: unknown[] = [
      { type: 'sweep-started', sweepId: 'ev1', jobs: infos },
      { type: 'job', status: { jobId: 'ev1-j0000', state: 'running', attempts: 1, worker: 'local-0', epoch: 2 } },
      { type: 'job-result', jobId: 'ev1-j0000', result },
      { type: 'sweep-done', summary },
    ];
    for (const e of good) assert.deepEqual(parseSweepEvent(JSON.parse(JSON.stringify(e))), { ok: true, event: e });
    const bad: [unknown, RegExp][] = [
      [null, /no type/],
      [{ type: 'nope' }, /unknown sweep event type 'nope'/],
      [{ type: 'sweep-started', sweepId: '../x', jobs: [] }, /sweepId/],
      [{ type: 'job', status: { jobId: 'a', state: 'exploded', attempts: 1 } }, /status/],
      [{ type: 'job-result', jobId: 'a', result: { ...result, final: null } }, /result/],
      [{ type: 'sweep-done', summary: { ...summary, pareto: [1] } }, /summary/],
    ];
    for (const [e, why] of bad) {
      const r = parseSweepEvent(e);
      assert.equal(r.ok, false);
      assert.match(r.ok ? '' : r.reason, why);
    }
  });
});
