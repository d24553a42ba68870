/**
 * Synthetic sweep outputs: a 2 x 2 grid (scheme x reduce.method) with three repeats, as a live payload (jobs
 * spread over two workers in every state) and as a finished one with its summary. The figures are made up but
 * shaped like real runs (a recorded run's result with other figures): scheme C smaller than B, `auto` reduction smaller again, a little seed-to-seed spread;
 * C without reduction is off the Pareto front.
 */
import { summarizeSweep, type SweepJobState, type SweepRunResult } from '../../../src/protocol/sweep';
import type { SweepJobView, SweepPayload } from '../../../src/protocol/sweepOutput';
import { fixtureResult } from './fixtures';

export const SWEEP_FIELDS = ['scheme', 'reduce.method'];
/** Made-up figures per configuration (test accuracy, connections), shaped like real ones. */
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

/** A recorded run's result with the figures of this job (the network only: no DR transform). */
function resultFor(j: SweepJobView): SweepRunResult {
  const { model: _model, ...base } = fixtureResult('optdigits-b');
  const key = `${String(j.values.scheme)},${String(j.values['reduce.method'])}`;
  const wobble = [-0.006, 0.004, 0.002][j.repeat]!;
  const connections = Math.round(CONN[key]! * (1 + 2 * wobble));
  const energyPj = connections * 4.6 * (1 + wobble);
  return {
    ...base,
    name: `iris sweep [${j.group}] seed ${j.seed}`,
    seed: j.seed,
    final: { ...base.final, testAccuracy: ACC[key]! + wobble, connections, energyPj },
    compression: base.baseline.connections / connections,
    energy: { ...base.energy, final: energyPj, ratio: base.energy.baseline / energyPj },
  };
}

/** The finished sweep: every job done but one failure, and its summary as the protocol makes it. */
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
  const results = new Map(js.filter((j) => j.state === 'done').map((j) => [j.jobId, resultFor(j)]));
  const statuses = new Map(js.map((j) => [j.jobId, { ...j, jobId: j.jobId }]));
  const summary = summarizeSweep(
    js.map((j) => ({
      sweepId,
      jobId: j.jobId,
      index: j.index,
      group: j.group,
      values: j.values,
      repeat: j.repeat,
      seed: j.seed,
    })),
    results,
    statuses,
  );
  return {
    ...liveSweep(sweepId),
    status: 'done',
    endedAt: Date.UTC(2026, 11, 5, 4, 3, 12),
    jobs: js,
    summary,
  };
}
