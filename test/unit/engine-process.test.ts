import assert from 'node:assert/strict';
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { configSchema, type ScannConfigInput } from '../../src/protocol/config';
import type { EngineBatch, EngineRequest, RunEvent } from '../../src/protocol/events';

const root = path.join(__dirname, '..', '..');
const dataDir = path.join(root, 'data');
const tsx = pathToFileURL(require.resolve('tsx')).href;

const engineEntry = path.join(root, 'src/engine/run/process.ts');

/**
 * Forks the engine process from source and collects its events until it exits. `before` are raw messages sent
 * ahead of the start request (what a confused or hostile parent might send).
 */
function runEngine(
  cfg: ScannConfigInput,
  onEvent?: (e: RunEvent, send: (r: unknown) => void, pid: number) => void,
  before: unknown[] = [],
) {
  const child = fork(engineEntry, [], { execArgv: ['--import', tsx], stdio: 'pipe' });
  const events: RunEvent[] = [];
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const send = (r: unknown): void => void child.send(r as EngineRequest);
  child.on('message', (batch: EngineBatch) => {
    for (const e of batch) {
      events.push(e);
      onEvent?.(e, send, child.pid!);
    }
  });
  for (const m of before) send(m);
  send({ type: 'start', config: configSchema.parse(cfg), baseDir: dataDir, dataDir });
  return new Promise<{ events: RunEvent[]; code: number | null; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ events, code, stderr })),
  );
}

const tiny: ScannConfigInput = {
  dataset: { source: 'builtin:iris' },
  iterations: 1,
  baseline: { epochs: 3 },
  train: { epochs: 1 },
};

const warnings = (events: RunEvent[]): string[] =>
  events.flatMap((e) => (e.type === 'log' && e.level === 'warn' ? [e.message] : []));

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

test('messages that are not engine requests are refused with a warning, and the run goes on', async () => {
  const { events, code, stderr } = await runEngine(tiny, undefined, [
    null,
    'start',
    [],
    { type: 'start' },
    { type: 'start', config: { dataset: {} }, baseDir: dataDir, dataDir },
    { type: 'launch' },
  ]);
  assert.equal(code, 0, stderr);
  const refused = warnings(events).filter((m) => /not an engine request/.test(m));
  assert.equal(refused.length, 6, refused.join('\n'));
  assert.ok(
    refused.some((m) => /config/.test(m)),
    'a bad config names where it is wrong',
  );
  assert.equal(events.filter((e) => e.type === 'started').length, 1);
  assert.equal(events[events.length - 1]!.type, 'done');
});

test('a second start while a run is going is refused, not run twice', async () => {
  const { events, code } = await runEngine(tiny, (e, send) => {
    if (e.type === 'started') send({ type: 'start', config: configSchema.parse(tiny), baseDir: dataDir, dataDir });
  });
  assert.equal(code, 0);
  assert.equal(events.filter((e) => e.type === 'started').length, 1);
  assert.equal(events.filter((e) => e.type === 'done').length, 1);
  assert.ok(warnings(events).some((m) => /refused a second start/.test(m)));
});

test('the engine lowers its own priority so that the editor wins the CPU, unless asked not to', async () => {
  const seen: Record<string, number> = {};
  for (const priority of ['belowNormal', 'normal'] as const) {
    const child = fork(engineEntry, [], { execArgv: ['--import', tsx], stdio: 'pipe' });
    child.on('message', (batch: EngineBatch) => {
      if (batch.some((e) => e.type === 'started')) seen[priority] = getPriority(child.pid!);
    });
    child.send({ type: 'start', config: configSchema.parse(tiny), baseDir: dataDir, dataDir, priority });
    await new Promise((r) => child.on('exit', r));
  }
  assert.equal(seen['belowNormal'], Math.max(getPriority(), 10));
  assert.equal(seen['normal'], getPriority());
});

test('the engine answers a cancel at once, before it assembles the best network', async () => {
  let cancelled = false;
  const { events } = await runEngine({ dataset: { source: 'builtin:optdigits' }, scheme: 'B' }, (e, send) => {
    if (e.type === 'step' && !cancelled) {
      cancelled = true;
      send({ type: 'cancel' });
    }
  });
  const heard = events.findIndex((e) => e.type === 'log' && /cancel received/.test(e.message));
  assert.ok(heard >= 0, 'the cancel is acknowledged');
  assert.equal(events[events.length - 1]!.type, 'cancelled');
  assert.ok(heard < events.length - 1);
});

test('the engine process stops promptly when its parent dies, without an IPC error', async () => {
  // A stand-in for the extension host: it forks the engine on a run that trains for minutes, reports the engine's
  // pid once training is under way, and is then killed with SIGKILL (no chance to cancel or disconnect).
  const dir = mkdtempSync(path.join(tmpdir(), 'scann-orphan-'));
  const errFile = path.join(dir, 'engine-stderr.txt');
  const config = configSchema.parse({
    dataset: { source: 'builtin:optdigits' },
    scheme: 'B',
    iterations: 1000,
    train: { epochs: 100 },
  });
  const parentSource = `
    const { fork } = require('node:child_process');
    const fs = require('node:fs');
    const err = fs.openSync(${JSON.stringify(errFile)}, 'w');
    const child = fork(${JSON.stringify(engineEntry)}, [], {
      execArgv: ['--import', ${JSON.stringify(tsx)}], stdio: ['ignore', err, err, 'ipc'],
    });
    let told = false;
    child.on('message', (batch) => {
      if (!told && batch.some((e) => e.type === 'epoch')) { told = true; process.stdout.write(child.pid + '\\n'); }
    });
    child.send(${JSON.stringify({ type: 'start', config, baseDir: dataDir, dataDir })});
  `;
  const parent = spawn(process.execPath, ['-e', parentSource], { stdio: ['ignore', 'pipe', 'inherit'] });
  const enginePid = await new Promise<number>((resolve, reject) => {
    parent.stdout.on('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    parent.on('exit', (code) => reject(new Error(`the stand-in parent exited early (${String(code)})`)));
  });
  parent.kill('SIGKILL');
  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  // A liveness bound, not a speed target: the run it was given takes minutes.
  const deadline = Date.now() + 30000;
  while (alive(enginePid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const stillAlive = alive(enginePid);
  if (stillAlive) process.kill(enginePid, 'SIGKILL');
  assert.equal(stillAlive, false, 'the orphaned engine process exits');
  const stderr = readFileSync(errFile, 'utf8');
  assert.doesNotMatch(stderr, /ERR_IPC_DISCONNECTED|Error/);
});
