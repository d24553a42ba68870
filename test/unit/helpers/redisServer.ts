/**
 * A real `redis-server` for the queue tests and the sweep benchmark: on a free loopback port, in its own temp
 * directory, with the append-only file on (the persistence the fault tests restart it with), never the system's
 * server. `test/install-redis.sh` installs Debian's package.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  readonly dir: string;
  /** Stops the server (SIGTERM: it writes its data and exits) and starts it again on the same port and files. */
  restart(downMs?: number): Promise<void>;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

/** Fails with the fix when redis-server is missing, instead of every queue test failing to connect. */
export function redisServerVersion(): string {
  const r = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0)
    throw new Error('redis-server is not installed: run `bash test/install-redis.sh` (Debian package redis-server)');
  return /v=(\S+)/.exec(r.stdout)?.[1] ?? r.stdout.trim();
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function launch(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      // Every write reaches the file before the reply, so a restart loses nothing the queue acknowledged.
      '--appendfsync',
      'always',
      '--save',
      '',
      '--protected-mode',
      'no',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`redis-server did not start within 20 s:\n${out}`)), 20_000);
    const fail = (err: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(err);
    };
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`redis-server exited with ${code}:\n${out}`)));
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        child.removeAllListeners('error');
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        resolve(child);
      }
    });
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  });
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export async function startRedis(): Promise<RedisServer> {
  redisServerVersion();
  const dir = mkdtempSync(path.join(tmpdir(), 'scann-redis-'));
  const port = await freePort();
  let child = await launch(port, dir);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    async restart(downMs = 0) {
      await terminate(child);
      if (downMs) await new Promise((r) => setTimeout(r, downMs));
      child = await launch(port, dir);
    },
    async stop() {
      await terminate(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
