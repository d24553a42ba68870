import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type { RunEvent } from '../../src/protocol/events';
import { configSchema } from '../../src/protocol/config';
import { EngineProcess } from '../../src/node/engineClient';

/** A stand-in engine (plain Node, no training) whose answer to `cancel` each test chooses. */
function fakeEngine(
  onCancel: string,
  onStart = "process.send([{ type: 'log', level: 'info', message: 'started' }]);",
): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'scann-fake-engine-')), 'engine.js');
  writeFileSync(
    file,
    `process.on('message', (m) => {
      if (m && m.type === 'start') { ${onStart} }
      if (m && m.type === 'cancel') { ${onCancel} }
    });
    setInterval(() => undefined, 1000);`,
  );
  return file;
}

const start = {
  type: 'start' as const,
  config: configSchema.parse({ dataset: { source: 'builtin:iris' } }),
  baseDir: '.',
  dataDir: '.',
};

function launch(enginePath: string): { engine: EngineProcess; events: RunEvent[]; stderr: string[] } {
  const events: RunEvent[] = [];
  const stderr: string[] = [];
  const engine = new EngineProcess(
    enginePath,
    start,
    (e) => events.push(e),
    (l) => stderr.push(l),
  );
  return { engine, events, stderr };
}

const started = (events: RunEvent[]): Promise<void> =>
  new Promise((resolve) => {
    const t = setInterval(() => {
      if (events.length) {
        clearInterval(t);
        resolve();
      }
    }, 20);
  });

test('a cancel the engine never answers ends in a kill that says why', async () => {
  const { engine, events } = launch(fakeEngine('/* stuck: never answers */'));
  await started(events);
  engine.cancel({ answerMs: 300, finishMs: 20000 });
  const exit = await engine.exited;
  assert.equal(exit.signal, 'SIGKILL');
  assert.match(exit.killed ?? '', /did not answer the cancel/);
});

test('an engine that answered the cancel is left to finish and keep its network', async () => {
  // It answers at once, then takes longer than the answer grace to send its result and exit on its own.
  const { engine, events } = launch(
    fakeEngine(`process.send([{ type: 'log', level: 'info', message: 'cancel received' }]);
      setTimeout(() => process.send([{ type: 'cancelled' }], () => process.exit(0)), 900);`),
  );
  await started(events);
  engine.cancel({ answerMs: 300, finishMs: 20000 });
  const exit = await engine.exited;
  assert.equal(exit.code, 0);
  assert.equal(exit.killed, undefined);
  assert.equal(events[events.length - 1]!.type, 'cancelled');
});

test('an engine that answers but never finishes is killed at the finish bound, and says so', async () => {
  const { engine, events } = launch(fakeEngine(`process.send([{ type: 'log', level: 'info', message: 'heard' }]);`));
  await started(events);
  engine.cancel({ answerMs: 200, finishMs: 800 });
  const exit = await engine.exited;
  assert.equal(exit.signal, 'SIGKILL');
  assert.match(exit.killed ?? '', /had not finished/);
});

test('messages from the engine that are not run events are reported, not used', async () => {
  const { engine, events, stderr } = launch(
    fakeEngine(
      '',
      "process.send(null); process.send([{ type: 'nope' }]); process.send([{ type: 'log', level: 'info', message: 'ok' }]);",
    ),
  );
  await started(events);
  engine.kill();
  await engine.exited;
  assert.equal(events.length, 1);
  assert.equal(stderr.filter((l) => /not a batch of run events/.test(l)).length, 2);
});
