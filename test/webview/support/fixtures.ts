/** The recorded runs in test/fixtures/runs (scripts/record-run-fixture.ts). */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RunEvent } from '../../../src/protocol/events';
import { ENERGY_TABLES } from '../../../src/protocol/energy';
import type { RunResult } from '../../../src/protocol/result';
import type { LiveRunPayload } from '../../../src/protocol/runOutput';
import { timelineFrom, timelineSteps } from '../../../webview/dashboard/timeline';
import { ROOT } from './server';

const dir = (name: string): string => path.join(ROOT, 'test', 'fixtures', 'runs', name);

export function fixtureEvents(name: string): RunEvent[] {
  return readFileSync(path.join(dir(name), 'events.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as RunEvent);
}

export function fixtureResult(name: string): RunResult {
  return JSON.parse(readFileSync(path.join(dir(name), 'result.json'), 'utf8')) as RunResult;
}

export const RESULTS_DIR = path.join(ROOT, 'test-results');

/** The live output after the recorded events up to the snapshot of `step` (what the extension would send). */
export function livePayload(name: string, step: number, plannedEpochs: number): LiveRunPayload {
  const events = fixtureEvents(name);
  const cut = events.findIndex((e) => e.type === 'snapshot' && e.step === step);
  const t = timelineFrom(events.slice(0, cut + 1));
  const steps = timelineSteps(t);
  return {
    version: 1,
    status: 'running',
    runId: 'run-live',
    name: t.name!,
    scheme: 'B',
    energyTable: ENERGY_TABLES.horowitz45nm,
    startedAt: t.startedAt!,
    plannedEpochs,
    epochsDone: t.epochs.length,
    dataset: t.dataset!,
    baseline: t.baseline!,
    history: steps.flatMap((s) => (s.history ? [s.history] : [])),
    epochs: t.epochs.map(({ connections: _c, ...e }) => e),
    architecture: steps[step]!.snapshot!,
  };
}
