import assert from 'node:assert/strict';
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { configSchema, type ScannConfigInput } from '../../src/protocol/config';
import { ENGINE_REUSE_ENV, type EngineBatch, type EngineRequest, type RunEvent } from '../../src/protocol/events';
import type { RunResult } from '../../src/protocol/result';

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

/** Forks a reusable engine (as the sweep pool does) that hands each event to `onEvent` with a way to send. */
function reusableEngine(onEvent: (e: RunEvent, send: (r: EngineRequest) => void) => void) {
  const child = fork(engineEntry, [], {
    execArgv: ['--import', tsx],
    stdio: 'pipe',
    env: { ...process.env, [ENGINE_REUSE_ENV]: '1' },
  });
  const send = (r: EngineRequest): void => void child.send(r);
  child.on('message', (batch: EngineBatch) => batch.forEach((e) => onEvent(e, send)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, send, exited };
}

const startOf = (cfg: ScannConfigInput): EngineRequest => ({
  type: 'start',
  config: configSchema.parse(cfg),
  baseDir: dataDir,
  dataDir,
});

/** A result without what differs between two runs of one config: wall times. */
function comparable(r: RunResult | undefined): unknown {
  assert.ok(r, 'the run has a result');
  const { durationMs: _d, ...rest } = r;
  return rest;
}

const resultOf = (events: RunEvent[]): RunResult | undefined =>
  events.flatMap((e) => (e.type === 'done' ? [e.result] : []))[0];

test('a reusable engine runs one start after another, one at a time, with the results of fresh processes', async () => {
  const second: ScannConfigInput = { ...tiny, scheme: 'C', seed: 7 };
  const runs: RunEvent[][] = [[]];
  let allDone: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (allDone = resolve));
  const engine = reusableEngine((e, send) => {
    runs.at(-1)!.push(e);
    // While the first run is going, a second start is refused.
    if (e.type === 'started' && runs.length === 1) send(startOf(second));
    if (e.type !== 'done') return;
    if (runs.length === 2) return allDone();
    runs.push([]);
    send(startOf(second));
  });
  engine.send(startOf(tiny));
  await finished;
  // It stays up between runs, and exits (cleanly) when the parent lets it go.
  assert.equal(engine.child.exitCode, null);
  engine.child.disconnect();
  assert.equal(await engine.exited, 0);

  assert.ok(warnings(runs[0]!).some((m) => /refused a second start/.test(m)));
  assert.equal(runs[0]!.filter((e) => e.type === 'started').length, 1);
  const fresh = await Promise.all([runEngine(tiny), runEngine(second)]);
  assert.deepEqual(comparable(resultOf(runs[0]!)), comparable(resultOf(fresh[0].events)));
  assert.deepEqual(comparable(resultOf(runs[1]!)), comparable(resultOf(fresh[1].events)));
});

test('a cancel stops the running run of a reusable engine only, not the next one', async () => {
  const long: ScannConfigInput = { ...tiny, baseline: { epochs: 2000, patience: 0 }, train: { epochs: 200 } };
  const ends: RunEvent['type'][] = [];
  let cancelSent = false;
  let bothEnded: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (bothEnded = resolve));
  const engine = reusableEngine((e, send) => {
    if (e.type === 'epoch' && !cancelSent) {
      cancelSent = true;
      send({ type: 'cancel' });
    }
    if (e.type !== 'done' && e.type !== 'cancelled' && e.type !== 'failed') return;
    ends.push(e.type);
    if (ends.length === 2) return bothEnded();
    // A cancel between runs has nothing to stop, and must not cancel the next run.
    send({ type: 'cancel' });
    send(startOf(tiny));
  });
  engine.send(startOf(long));
  await ended;
  engine.child.disconnect();
  assert.equal(await engine.exited, 0);
  assert.deepEqual(ends, ['cancelled', 'done']);
});
