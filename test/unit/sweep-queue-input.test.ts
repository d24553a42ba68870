/**
 * What the sweep queue reads from users and from Redis: queue URLs, job payloads and worker answers (Redis is
 * shared and the other end may be another version), and dataset bytes, which must match their hash.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import type { Redis } from 'ioredis';
import { UsageError } from '../../src/cli/configFile';
import { displayUrl, parseQueueUrl } from '../../src/cli/sweep/queue/connection';
import { BlobCache, MissingBlobError, sha256 } from '../../src/cli/sweep/queue/datasets';
import { parseJobOutcome, parseJobProgress, parseQueuedJob } from '../../src/cli/sweep/queue/payload';
import { parseConfigText } from '../../src/protocol/configText';
import { expandSweep } from '../../src/protocol/sweep';

const work = mkdtempSync(path.join(tmpdir(), 'scann-queue-input-'));
after(() => rmSync(work, { recursive: true, force: true }));

test('queue URLs: redis:// and rediss:// with user, password and db; anything else is a usage error', () => {
  assert.deepEqual(parseQueueUrl('redis://queue:6380/2'), {
    host: 'queue',
    port: 6380,
    db: 2,
    maxRetriesPerRequest: null,
  });
  const tls = parseQueueUrl('rediss://me:p%40ss@[::1]');
  assert.equal(tls.host, '::1');
  assert.equal(tls.port, 6379);
  assert.equal(tls.password, 'p@ss');
  assert.equal(tls.username, 'me');
  assert.deepEqual(tls.tls, {});
  for (const bad of ['localhost:6379', 'http://queue:6379', 'redis://queue:6379/zero', 'not a url'])
    assert.throws(() => parseQueueUrl(bad), UsageError, bad);
  assert.equal(displayUrl('redis://me:secret@queue:6379'), 'redis://me:***@queue:6379');
});

test('a job payload is checked: its config through the config schema, hashes as 64 hex digits', () => {
  const parsed = parseConfigText('dataset: { source: builtin:iris }\nsweep: { repeats: 2 }\n');
  const job = expandSweep(parsed.config!, 'sweep1')[1]!;
  const good = { v: 1, job, files: { source: { sha256: 'a'.repeat(64), name: 'x.csv' } } };
  assert.equal(parseQueuedJob(good).ok, true);
  const cases: [unknown, RegExp][] = [
    [null, /expected object/],
    [{ ...good, v: 2 }, /at v/],
    [{ ...good, job: { ...job, config: { ...job.config, scheme: 'Z' } } }, /at job\.config\.scheme/],
    [{ ...good, files: { source: { sha256: 'xyz', name: 'x.csv' } } }, /at files\.source\.sha256/],
    [{ ...good, job: { ...job, sweepId: '../etc' } }, /not a sweep id/],
  ];
  for (const [x, why] of cases) {
    const r = parseQueuedJob(x);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.reason, why);
  }
});

test("a worker's answer: done needs a result; progress keeps only numbers it can use", () => {
  assert.equal(parseJobOutcome({ kind: 'cancelled', worker: 'h:1' }).ok, true);
  assert.deepEqual(parseJobOutcome({ kind: 'done', worker: 'h:1' }), {
    ok: false,
    reason: 'a done job without a result',
  });
  assert.equal(parseJobOutcome({ kind: 'done', worker: 'h:1', result: { status: 'done' } }).ok, false);
  assert.equal(parseJobOutcome('done').ok, false);
  assert.deepEqual(parseJobProgress({ worker: 'h:1', epoch: 3, plannedEpochs: Infinity }), { worker: 'h:1', epoch: 3 });
  assert.equal(parseJobProgress(7), undefined);
});

/** Redis as the cache sees it: one stored value per key. */
function fakeRedis(values: Record<string, Buffer>): Redis & { reads: number } {
  const fake = {
    reads: 0,
    async getBuffer(key: string): Promise<Buffer | null> {
      fake.reads++;
      return values[key] ?? null;
    },
  };
  return fake as unknown as Redis & { reads: number };
}

test('a worker fetches a dataset file once, checks it against its hash, and refuses bytes that do not match', async () => {
  const bytes = Buffer.from('a,b,label\n1,2,x\n');
  const hash = sha256(bytes);
  const redis = fakeRedis({ [`scann:blob:${hash}`]: bytes, [`scann:blob:${'0'.repeat(64)}`]: bytes });
  const cache = new BlobCache(redis, path.join(work, 'cache'));
  const [a, b] = await Promise.all([
    cache.path({ sha256: hash, name: 'd.csv' }),
    cache.path({ sha256: hash, name: 'd.csv' }),
  ]);
  assert.equal(a, b);
  assert.equal(readFileSync(a, 'utf8'), bytes.toString());
  assert.equal(path.basename(a), 'd.csv', 'the extension stays for the loaders');
  await cache.path({ sha256: hash, name: 'd.csv' });
  assert.equal(redis.reads, 1, 'fetched once, however many jobs ask');
  await assert.rejects(cache.path({ sha256: '0'.repeat(64), name: 'e.csv' }), (err: Error) => {
    assert.ok(err instanceof MissingBlobError);
    assert.match(err.message, new RegExp(`hash to ${hash}`));
    return true;
  });
  await assert.rejects(cache.path({ sha256: '1'.repeat(64), name: 'f.csv' }), /not in Redis: it expired/);
});
