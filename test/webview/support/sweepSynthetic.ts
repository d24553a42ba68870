/**
 * Synthetic sweep outputs: a 2 x 2 grid (scheme x reduce.method) with three repeats, as a live payload (jobs
 * spread over two workers in every state) and as a finished one with its summary. The figures are made up but
 * shaped like real runs: scheme C smaller than B, `auto` reduction smaller again, a little seed-to-seed spread;
 * C without reduction is off the Pareto front.
 */
import type { SweepJobState, SweepSummary } from '../../../src/protocol/sweepContract';
import type { SweepJobView, SweepPayload } from '../../../src/protocol/sweepOutput';
import { paretoFront } from '../../../webview/components/pareto';

export const SWEEP_FIELDS = ['scheme', 'reduce.method'];
const GRID: [string, string][] = [
  ['B', 'none'],
  ['B', 'auto'],
  ['C', 'none'],
  ['C', 'auto'],
];
const REPEATS = 3;

function jobs(sweepId: string): SweepJobView[] {
  const out: SweepJobView[] = [];
  GRID.forEach(([scheme, method], g) => {
    for (let r = 0; r < REPEATS; r++) {
      const index = g * REPEATS + r;
      out.push({
        jobId: `${sweepId}-j${String(index).padStart(4, '0')}`,
        index,
        group: `scheme=${scheme},reduce.method=${method}`,
        values: { scheme, 'reduce.method': method },
        repeat: r,
        seed: 7 + r,
        state: 'queued',
        attempts: 0,
      });
    }
  });
  return out;
}

/** Mid-sweep: jobs done, failed, running (with epoch progress) and queued, on two workers. */
export function liveSweep(sweepId = 'sw-20261205-a1'): SweepPayload {
  const states: SweepJobState[] = [
    'done',
    'done',
    'done',
    'done',
    'failed',
    'running',
    'running',
    'queued',
    'queued',
    'queued',
    'queued',
    'queued',
  ];
  const js = jobs(sweepId).map((j, i): SweepJobView => {
    const state = states[i]!;
    const view: SweepJobView = { ...j, state, attempts: state === 'queued' ? 0 : 1 };
    if (state !== 'queued') view.worker = `local-${(i % 2) + 1}`;
    if (state === 'running') {
      view.epoch = i === 5 ? 12 : 30;
      view.plannedEpochs = 40;
    }
    if (state === 'failed') view.error = 'reduce: auto found no reduction within the accuracy budget';
    return view;
  });
  return {
    version: 1,
    sweepId,
    name: 'iris sweep',
    status: 'running',
    backend: 'local',
    startedAt: Date.UTC(2026, 11, 5, 4, 0, 0),
    fields: SWEEP_FIELDS,
    jobs: js,
  };
}

const ACC: Record<string, number> = {
  'B,none': 0.962,
  'B,auto': 0.958,
  'C,none': 0.944,
  'C,auto': 0.947,
};
const CONN: Record<string, number> = {
  'B,none': 410,
  'B,auto': 160,
  'C,none': 95,
  'C,auto': 60,
};

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]): number | null => {
  if (xs.length < 2) return null;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
};
const stats = (xs: number[]): { mean: number; sd: number | null; min: number; max: number } => ({
  mean: mean(xs),
  sd: sd(xs),
  min: Math.min(...xs),
  max: Math.max(...xs),
});

/** The finished sweep: every job done but one failure, and the summary over them. */
export function finishedSweep(sweepId = 'sw-20261205-a1'): SweepPayload {
  const js = jobs(sweepId).map((j, i): SweepJobView => {
    const failed = i === 4;
    return {
      ...j,
      state: failed ? 'failed' : 'done',
      worker: `local-${(i % 2) + 1}`,
      attempts: 1,
      ...(failed ? { error: 'reduce: auto found no reduction within the accuracy budget' } : {}),
    };
  });
  const runs: SweepSummary['runs'] = js.map((j) => {
    const key = `${String(j.values.scheme)},${String(j.values['reduce.method'])}`;
    const wobble = [-0.006, 0.004, 0.002][j.repeat]!;
    return {
      jobId: j.jobId,
      group: j.group,
      status: j.state,
      values: j.values,
      repeat: j.repeat,
      seed: j.seed,
      ...(j.state === 'done'
        ? {
            testAccuracy: ACC[key]! + wobble,
            baselineTestAccuracy: 0.96,
            connections: Math.round(CONN[key]! * (1 + 2 * wobble)),
            compression: 1200 / (CONN[key]! * (1 + 2 * wobble)),
            energy: CONN[key]! * 4.6 * (1 + wobble),
          }
        : {}),
    };
  });
  const groups: SweepSummary['groups'] = GRID.map(([scheme, method]) => {
    const group = `scheme=${scheme},reduce.method=${method}`;
    const mine = runs.filter((r) => r.group === group);
    const ok = mine.filter((r) => r.status === 'done');
    return {
      group,
      values: { scheme, 'reduce.method': method },
      n: mine.length,
      done: ok.length,
      failed: mine.length - ok.length,
      testAccuracy: stats(ok.map((r) => r.testAccuracy!)),
      connections: stats(ok.map((r) => r.connections!)),
      energy: stats(ok.map((r) => r.energy!)),
      compression: Math.exp(mean(ok.map((r) => Math.log(r.compression!)))),
    };
  });
  return {
    ...liveSweep(sweepId),
    status: 'done',
    endedAt: Date.UTC(2026, 11, 5, 4, 3, 12),
    jobs: js,
    summary: {
      sweepId,
      runs,
      groups,
      pareto: paretoFront(groups.map((g) => ({ cost: g.connections.mean, accuracy: g.testAccuracy.mean }))).map(
        (i) => groups[i]!.group,
      ),
    },
  };
}
