import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { CorruptRunError, parseEventLog } from '../../src/node/eventLog';
import type { RunMeta } from '../../src/node/runMeta';
import { RunStore } from '../../src/node/runStore';
import { isModelJson, isRunResult } from '../../src/protocol/resultGuards';
import { fixtureEvents, fixtureResult } from '../webview/support/fixtures';

/** A store in a fresh temporary folder, with every problem it reports. */
function tempStore(): { store: RunStore; problems: string[] } {
  const root = mkdtempSync(path.join(tmpdir(), 'scann-store-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const problems: string[] = [];
  return { store: new RunStore(root, (m) => problems.push(m)), problems };
}

const meta = (runId: string, createdAt: number): RunMeta => ({ runId, name: runId, status: 'done', createdAt });

/** A run folder with the recorded run's events (as JSON lines) and its result, written through the store. */
async function savedRun(store: RunStore, runId: string, createdAt = 1): Promise<void> {
  const rec = await store.create(meta(runId, createdAt), 'name: x\n');
  for (const e of fixtureEvents('optdigits-b')) rec.append(e);
  await rec.flush();
  await rec.saveResult(fixtureResult('optdigits-b'));
}

const eventsFile = (store: RunStore, runId: string): string => path.join(store.dir(runId), 'events.jsonl');

test('a saved run reads back whole: run.json, events and result', async () => {
  const { store, problems } = tempStore();
  await savedRun(store, 'run-1');
  assert.deepEqual(await store.readMeta('run-1'), meta('run-1', 1));
  assert.deepEqual(await store.readEvents('run-1'), fixtureEvents('optdigits-b'));
  assert.deepEqual(await store.readResult('run-1'), fixtureResult('optdigits-b'));
  assert.deepEqual(await store.readEvents('no-such-run'), []);
  // A final network without connections has an infinite compression, which JSON writes as null.
  const rec = await store.create(meta('run-2', 2), '');
  await rec.saveMeta({ compression: Infinity });
  assert.equal((await store.readMeta('run-2'))?.compression, null);
  assert.equal(await store.readResult('no-such-run'), undefined);
  assert.deepEqual(problems, []);
});

test('a finished run records the scheme that ran, not the `auto` its config asked for', async () => {
  const { store } = tempStore();
  const rec = await store.create({ ...meta('run-auto', 1), status: 'running', scheme: 'auto' }, 'dataset: x\n');
  const result = { ...fixtureResult('optdigits-b'), scheme: 'C' };
  await rec.saveOutcome({ status: 'done', result });
  const saved = await store.readMeta('run-auto');
  assert.deepEqual([saved?.status, saved?.scheme], ['done', 'C']);
});

test('corrupt run folders are skipped and reported, the others still listed', async () => {
  const { store, problems } = tempStore();
  await savedRun(store, 'good', 2);
  await savedRun(store, 'older', 1);
  const corrupt = (runId: string, content: string): void => {
    mkdirSync(store.dir(runId), { recursive: true });
    writeFileSync(path.join(store.dir(runId), 'run.json'), content);
  };
  corrupt('torn', '{"runId": "torn", "na');
  corrupt('wrong-shape', JSON.stringify({ runId: 'wrong-shape', name: 'x', status: 'exploded', createdAt: 1 }));
  corrupt('moved', JSON.stringify(meta('elsewhere', 3)));
  mkdirSync(store.dir('no-meta-yet'));
  writeFileSync(path.join(store.root, 'stray-file.txt'), 'not a run');

  assert.deepEqual(
    (await store.list()).map((m) => m.runId),
    ['good', 'older'],
  );
  assert.equal(problems.length, 3, problems.join('\n'));
  assert.match(problems.join('\n'), /torn[/\\]run\.json: not valid JSON/);
  assert.match(problems.join('\n'), /wrong-shape[/\\]run\.json: not a run record/);
  assert.match(problems.join('\n'), /moved[/\\]run\.json: names run elsewhere/);
});

test('a corrupt result or model is reported and read as no result', async () => {
  const { store, problems } = tempStore();
  await savedRun(store, 'bad-result');
  const resultFile = path.join(store.dir('bad-result'), 'result.json');
  const { final: _final, ...noFinal } = JSON.parse(readFileSync(resultFile, 'utf8')) as Record<string, unknown>;
  writeFileSync(resultFile, JSON.stringify(noFinal));
  assert.equal(await store.readResult('bad-result'), undefined);
  assert.match(problems.pop() ?? '', /bad-result[/\\]result\.json: not a run result/);

  await savedRun(store, 'bad-model');
  writeFileSync(path.join(store.dir('bad-model'), 'model.json'), JSON.stringify({ format: 'onnx' }));
  assert.equal(await store.readResult('bad-model'), undefined);
  assert.match(problems.pop() ?? '', /bad-model[/\\]model\.json: not a SCANN model/);

  await savedRun(store, 'torn-result');
  writeFileSync(path.join(store.dir('torn-result'), 'result.json'), '{"version": 1, "sta');
  assert.equal(await store.readResult('torn-result'), undefined);
  assert.match(problems.pop() ?? '', /torn-result[/\\]result\.json: not valid JSON/);
});

test('events: a half-written last line (run killed mid-write) is dropped, the rest kept', async () => {
  const { store, problems } = tempStore();
  await savedRun(store, 'killed');
  const all = fixtureEvents('optdigits-b');
  const text = readFileSync(eventsFile(store, 'killed'), 'utf8');
  const lastLine = `${JSON.stringify(all[all.length - 1])}\n`;
  // Cut inside the last event, as a process killed during the append leaves it.
  writeFileSync(eventsFile(store, 'killed'), text.slice(0, text.length - Math.floor(lastLine.length / 2)));
  assert.deepEqual(await store.readEvents('killed'), all.slice(0, -1));
  assert.equal(problems.length, 1);
  assert.match(problems[0]!, /killed[/\\]events\.jsonl: dropped a half-written last line/);
});

test('events: corruption before the last line is reported with its line number', async () => {
  const { store } = tempStore();
  await savedRun(store, 'corrupt');
  const lines = readFileSync(eventsFile(store, 'corrupt'), 'utf8').split('\n');
  lines[4] = lines[4]!.slice(0, 20);
  writeFileSync(eventsFile(store, 'corrupt'), lines.join('\n'));
  await assert.rejects(store.readEvents('corrupt'), (err: unknown) => {
    assert.ok(err instanceof CorruptRunError);
    assert.match(err.message, /corrupt[/\\]events\.jsonl:5: not valid JSON/);
    return true;
  });
});

test('event log parsing: which last lines are a cut-short write and which are corruption', () => {
  const [a, b] = fixtureEvents('optdigits-b').map((e) => JSON.stringify(e));
  assert.deepEqual(parseEventLog('', 'f'), { events: [], truncated: false });
  assert.equal(parseEventLog(`${a}\n${b}\n`, 'f').events.length, 2);
  // A complete event whose newline was never written is still an event.
  assert.deepEqual(parseEventLog(`${a}\n${b}`, 'f'), { events: [JSON.parse(a!), JSON.parse(b!)], truncated: false });
  assert.deepEqual(parseEventLog(`${a}\n${b!.slice(0, 10)}`, 'f'), { events: [JSON.parse(a!)], truncated: true });
  // A terminated line that is not JSON was written whole: corruption, not a cut-short write.
  assert.throws(() => parseEventLog(`${a}\n${b!.slice(0, 10)}\n`, 'f'), /f:2: not valid JSON/);
  // Valid JSON that is not a run event (another version, another file) is corruption wherever it is.
  assert.throws(() => parseEventLog(`${a}\n{"type":"nope"}`, 'f'), /f:2: not a run event/);
  assert.throws(() => parseEventLog(`{"type":"epoch"}\n${a}\n`, 'f'), /f:1: not a run event/);
});

test('result guards accept the recorded results and reject truncated ones', () => {
  for (const name of ['optdigits-a', 'optdigits-b', 'optdigits-c']) {
    const r = fixtureResult(name);
    assert.ok(isRunResult(r), name);
    assert.ok(isModelJson(r.model), name);
  }
  const r = fixtureResult('optdigits-b');
  // Infinite ratios (no connections left) are saved as null and still read.
  assert.ok(isRunResult(JSON.parse(JSON.stringify({ ...r, compression: Infinity }))));
  assert.ok(!isRunResult({ ...r, version: 2 }));
  assert.ok(!isRunResult({ ...r, energy: { ...r.energy, table: undefined } }));
  assert.ok(!isRunResult({ ...r, model: { ...r.model, hidden: undefined } }));
  assert.ok(!isModelJson({ ...r.model, format: 'scann-notebook' }));
});
