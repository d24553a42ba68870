/** The recorded runs in test/fixtures/runs (scripts/record-run-fixture.ts). */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RunEvent } from '../../../src/protocol/events';
import type { RunResult } from '../../../src/protocol/result';
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
