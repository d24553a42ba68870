/** The recorded runs in test/fixtures/runs (scripts/record-run-fixture.ts). */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RunEvent } from '../../../src/protocol/events';
import { ENERGY_TABLES } from '../../../src/protocol/energy';
import type { PairedComparison, RunResult, RunTarget } from '../../../src/protocol/result';
import { compareOnTest } from '../../../src/engine/run/comparison';
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

/**
 * Per-row test flags with the fixture's two accuracies and `disagree` rows on which only one network is right
 * (split so the counts give the accuracies), turned into the comparison a run writes.
 */
export function fixtureComparison(r: RunResult, onlyBaseline: number): PairedComparison {
  const n = r.dataset.testRows;
  const baseRight = Math.round(r.baseline.testAccuracy * n);
  const finalRight = Math.round(r.final.testAccuracy * n);
  const onlyFinal = finalRight - baseRight + onlyBaseline;
  const both = baseRight - onlyBaseline;
  const base = new Uint8Array(n);
  const fin = new Uint8Array(n);
  let i = 0;
  for (let k = 0; k < both; k++, i++) base[i] = fin[i] = 1;
  for (let k = 0; k < onlyBaseline; k++, i++) base[i] = 1;
  for (let k = 0; k < onlyFinal; k++, i++) fin[i] = 1;
  return compareOnTest(
    { testAccuracy: r.final.testAccuracy, correct: fin },
    { testAccuracy: r.baseline.testAccuracy, correct: base },
  );
}

/** A target the fixture run missed, worded as the engine words it. */
export function missedTarget(r: RunResult): RunTarget {
  return {
    met: false,
    rule: 'smallestWithin',
    tolerance: 0,
    baselineValidation: 0.981,
    selectedValidation: 0.972,
    reason: `no network reached the baseline's validation accuracy (98.1%, as 3-epoch means); best 97.2% at ${r.final.connections} connections`,
    suggestions: [
      'a larger start: start.hidden: 128',
      "scheme: C keeps the baseline's layers (128-64) and prunes from there",
      "select.tolerance: 0.009 accepts a loss of 0.9 pt (this run's best network is 0.9 pt below)",
    ],
  };
}

/** The fixture run with what this version adds: a missed (or met) target and the paired test comparison. */
export function claimedResult(name: string, met: boolean): RunResult {
  const r = fixtureResult(name);
  const target = missedTarget(r);
  return {
    ...r,
    target: met
      ? {
          met: true,
          rule: 'smallestWithin',
          tolerance: 0,
          baselineValidation: 0.972,
          selectedValidation: 0.975,
          suggestions: [],
        }
      : target,
    comparison: fixtureComparison(r, 5),
  };
}
