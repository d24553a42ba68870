import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { configSchema, type ScannConfigInput } from '../../src/protocol/config';
import type { EngineBatch, EngineRequest, RunEvent } from '../../src/protocol/events';

const root = path.join(__dirname, '..', '..');
const dataDir = path.join(root, 'data');
const tsx = pathToFileURL(require.resolve('tsx')).href;

/** Forks the engine process from source and collects its events until it exits. */
function runEngine(cfg: ScannConfigInput, onEvent?: (e: RunEvent, send: (r: EngineRequest) => void) => void) {
  const child = fork(path.join(root, 'src/engine/run/process.ts'), [], { execArgv: ['--import', tsx], stdio: 'pipe' });
  const events: RunEvent[] = [];
  const send = (r: EngineRequest): void => void child.send(r);
  child.on('message', (batch: EngineBatch) => {
    for (const e of batch) {
      events.push(e);
      onEvent?.(e, send);
    }
  });
  send({ type: 'start', config: configSchema.parse(cfg), baseDir: dataDir, dataDir });
  return new Promise<{ events: RunEvent[]; code: number | null }>((resolve) =>
    child.on('exit', (code) => resolve({ events, code })),
  );
}

test('the engine process streams a run as events and exits when it is done', async () => {
  const { events, code } = await runEngine({
    dataset: { source: 'builtin:iris' },
    iterations: 1,
    baseline: { epochs: 3 },
    train: { epochs: 1 },
  });
  assert.equal(code, 0);
  assert.equal(events[0]!.type, 'started');
  const last = events[events.length - 1]!;
  assert.equal(last.type, 'done');
  assert.ok(last.type === 'done' && last.result.final.connections > 0);
  for (const type of ['epoch', 'baseline', 'operation', 'snapshot', 'step'] as const) {
    assert.ok(
      events.some((e) => e.type === type),
      `emits ${type}`,
    );
  }
});

test('cancel ends the run in the engine process with the best network so far', async () => {
  const { events, code } = await runEngine({ dataset: { source: 'builtin:optdigits' }, scheme: 'B' }, (e, send) => {
    if (e.type === 'step' && e.history.step === 1) send({ type: 'cancel' });
  });
  assert.equal(code, 0);
  const last = events[events.length - 1]!;
  assert.equal(last.type, 'cancelled');
  assert.ok(last.type === 'cancelled' && last.result?.status === 'cancelled');
  const steps = events.filter((e) => e.type === 'step').length;
  // Scheme B's full plan is 18 steps (initial training, a prelude prune, 8 x grow + prune): it stopped early,
  // and the result covers exactly the steps that were reported.
  assert.ok(steps < 18, `stopped before the end (${steps} steps)`);
  assert.ok(last.type === 'cancelled' && last.result?.history.length === steps);
});

test('a failing run is reported as a failed event with the message', async () => {
  const { events, code } = await runEngine({ dataset: { source: 'no/such/file.csv' } });
  assert.equal(code, 0);
  const last = events[events.length - 1]!;
  assert.equal(last.type, 'failed');
  assert.match(last.type === 'failed' ? last.message : '', /file\.csv.*not found/);
});
