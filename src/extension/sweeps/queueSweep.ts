/**
 * A sweep through a BullMQ queue (`scann.queue`): the bundled CLI submits it and collects its results
 * (`scann sweep CONFIG --queue URL --events`) in a child process, and the extension reads its sweep events, one
 * JSON object a line on stdout, each checked by the protocol's guard. The extension host loads none of the queue
 * code. Cancelling interrupts the submitter (as Ctrl-C does) and runs `scann sweep --cancel ID`, which stops the
 * sweep's jobs on every worker.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { stringify } from 'yaml';
import type { ScannConfig } from '../../protocol/config';
import { isBuiltinSource } from '../../protocol/datasets';
import { parseSweepEvent, type SweepEvent, type SweepSummary } from '../../protocol/sweep';
import type { SweepHandle } from './localSweep';

export interface QueueSweepRequest {
  config: ScannConfig;
  baseDir: string;
  queue: string;
  /** The workspace's `.scann` folder: the submitter's run store. */
  storeDir: string;
}

/** How long the submitter gets to stop after its interrupt before it is killed. */
const STOP_GRACE_MS = 10_000;

const FILE_KEYS = ['source', 'labels', 'test', 'testLabels'] as const;

/**
 * The config with its dataset files as absolute paths (also those swept): the CLI reads the config from a
 * temporary file, and resolves relative paths against the file's folder, not the notebook's.
 */
export function absoluteDataPaths(config: ScannConfig, baseDir: string): ScannConfig {
  const abs = (p: unknown): unknown =>
    typeof p === 'string' && !isBuiltinSource(p) && !path.isAbsolute(p) ? path.resolve(baseDir, p) : p;
  const out = JSON.parse(JSON.stringify(config)) as ScannConfig;
  const dataset = out.dataset as Record<string, unknown>;
  for (const k of FILE_KEYS) if (dataset[k] !== undefined) dataset[k] = abs(dataset[k]);
  const swept = (key: string): boolean => FILE_KEYS.some((k) => key === `dataset.${k}`);
  const grid = out.sweep?.grid as Record<string, unknown[]> | undefined;
  for (const [k, values] of Object.entries(grid ?? {})) if (swept(k)) grid![k] = values.map(abs);
  const params = out.sweep?.random?.params as Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(params ?? {})) if (swept(k) && Array.isArray(v)) params![k] = v.map(abs);
  return out;
}

/** Splits a stream into lines; the last, unfinished one waits for more. */
function lines(onLine: (line: string) => void): (chunk: Buffer) => void {
  let rest = '';
  return (chunk) => {
    rest += chunk.toString('utf8');
    let i: number;
    while ((i = rest.indexOf('\n')) >= 0) {
      const line = rest.slice(0, i).trim();
      rest = rest.slice(i + 1);
      if (line) onLine(line);
    }
  };
}

export function runQueueSweep(
  cliPath: string,
  request: QueueSweepRequest,
  onEvent: (e: SweepEvent) => void,
  log: vscode.LogOutputChannel,
  stopGraceMs = STOP_GRACE_MS,
): SweepHandle {
  let child: ChildProcess | undefined;
  let sweepId: string | undefined;
  let summary: SweepSummary | undefined;
  let cancelled = false;
  let stderr = '';
  // `--out DIR` names the folder whose `.scann/` keeps the runs and sweeps: the workspace folder.
  const outDir = path.dirname(request.storeDir);
  const fork_ = (args: string[]): ChildProcess =>
    fork(cliPath, args, {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      execArgv: [],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });

  const done = (async (): Promise<SweepSummary> => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'scann-sweep-'));
    const file = path.join(dir, 'sweep.yaml');
    try {
      await fs.writeFile(file, stringify(absoluteDataPaths(request.config, request.baseDir)));
      const args = ['sweep', file, '--queue', request.queue, '--events', '--out', outDir];
      const proc = fork_(args);
      child = proc;
      proc.stdout?.on(
        'data',
        lines((line) => {
          let value: unknown;
          try {
            value = JSON.parse(line);
          } catch {
            log.warn(`scann sweep: not JSON: ${line.slice(0, 200)}`);
            return;
          }
          const parsed = parseSweepEvent(value);
          if (!parsed.ok) {
            log.warn(`scann sweep: ignored an event: ${parsed.reason}`);
            return;
          }
          const e = parsed.event;
          if (e.type === 'sweep-started') sweepId = e.sweepId;
          if (e.type === 'sweep-done') summary = e.summary;
          onEvent(e);
        }),
      );
      proc.stderr?.on('data', (c: Buffer) => {
        stderr = (stderr + c.toString('utf8')).slice(-4000);
      });
      const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
        proc.on('error', reject);
        proc.on('exit', (code, signal) => resolve({ code, signal }));
      });
      if (summary) return summary;
      if (cancelled) throw new Error('cancelled before the sweep had a summary');
      const why = exit.signal ? `signal ${exit.signal}` : `exit code ${String(exit.code)}`;
      throw new Error(stderr.trim().replace(/^scann: /, '') || `scann sweep stopped (${why})`);
    } finally {
      child = undefined;
      await fs.rm(dir, { recursive: true, force: true });
    }
  })();

  const cancel = (): void => {
    if (cancelled) return;
    cancelled = true;
    const submitter = child;
    // SIGINT is the CLI's Ctrl-C: it stops following the sweep, records it cancelled and prints the summary of
    // what finished; a submitter that does not end within the grace period is killed.
    if (submitter && submitter.exitCode === null) {
      submitter.kill('SIGINT');
      setTimeout(() => submitter.exitCode === null && submitter.kill('SIGKILL'), stopGraceMs).unref();
    }
    // Not submitted yet (no sweep id): stopping the submitter is enough. Otherwise the workers are told through
    // the queue to stop this sweep's jobs.
    if (!sweepId) return;
    // The record keeps the queue's URL without its password: the cancel gets the full one.
    const c = fork_(['sweep', '--cancel', sweepId, '--queue', request.queue, '--out', outDir]);
    c.on('error', (err) => log.error(`scann sweep --cancel: ${err.message}`));
    c.on('exit', (code) => {
      if (code !== 0) log.warn(`scann sweep --cancel ${sweepId} exited with ${String(code)}`);
    });
  };
  return { done, cancel };
}
