import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { RunEvent } from '../../protocol/events';
import type { RunResult } from '../../protocol/result';
import { writeFileAtomic } from '../../node/atomicWrite';

export type RunStatus = 'queued' | 'running' | 'done' | 'cancelled' | 'failed';

/** `run.json`: what the run history lists without reading the events. */
export interface RunMeta {
  runId: string;
  name: string;
  status: RunStatus;
  createdAt: number;
  endedAt?: number;
  dataset?: string;
  scheme?: string;
  notebook?: string;
  cellIndex?: number;
  testAccuracy?: number;
  baselineTestAccuracy?: number;
  connections?: number;
  baselineConnections?: number;
  compression?: number;
  energyPj?: number;
  durationMs?: number;
  message?: string;
}

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${Math.random().toString(36).slice(2, 7)}`;
}

/**
 * Every run in `<root>/<runId>/`: config.yaml, run.json, events.jsonl (every event, snapshots included),
 * result.json and model.json. JSON files are written atomically; events are appended in batches.
 */
export class RunStore {
  constructor(readonly root: string) {}

  dir(runId: string): string {
    return path.join(this.root, runId);
  }

  async create(meta: RunMeta, configText: string): Promise<RunRecord> {
    const dir = this.dir(meta.runId);
    await fs.mkdir(dir, { recursive: true });
    await writeFileAtomic(path.join(dir, 'config.yaml'), configText);
    const rec = new RunRecord(dir, meta);
    await rec.saveMeta();
    return rec;
  }

  /** One run's `run.json`, or undefined when this store has no such (readable) run. */
  async readMeta(runId: string): Promise<RunMeta | undefined> {
    try {
      return JSON.parse(await fs.readFile(path.join(this.dir(runId), 'run.json'), 'utf8')) as RunMeta;
    } catch {
      return undefined;
    }
  }

  /** All runs, newest first; unreadable entries are skipped. */
  async list(): Promise<RunMeta[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.root);
    } catch {
      return [];
    }
    const metas = await Promise.all(names.map((n) => this.readMeta(n)));
    return metas.filter((m): m is RunMeta => !!m).sort((a, b) => b.createdAt - a.createdAt);
  }

  async readEvents(runId: string): Promise<RunEvent[]> {
    const text = await fs.readFile(path.join(this.dir(runId), 'events.jsonl'), 'utf8').catch(() => '');
    return text
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as RunEvent);
  }

  /** The saved result with its model, or undefined for a run that did not finish. */
  async readResult(runId: string): Promise<RunResult | undefined> {
    try {
      const dir = this.dir(runId);
      const rest = JSON.parse(await fs.readFile(path.join(dir, 'result.json'), 'utf8')) as Omit<RunResult, 'model'>;
      const model = JSON.parse(await fs.readFile(path.join(dir, 'model.json'), 'utf8')) as RunResult['model'];
      return { ...rest, model };
    } catch {
      return undefined;
    }
  }
}

export class RunRecord {
  private pending: string[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly dir: string,
    public meta: RunMeta,
  ) {}

  append(e: RunEvent): void {
    this.pending.push(`${JSON.stringify(e)}\n`);
    this.timer ??= setTimeout(() => void this.flush(), 250);
  }

  /** Writes what is buffered; resolves when everything appended so far is on disk. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const chunk = this.pending.join('');
    this.pending = [];
    if (chunk) this.flushing = this.flushing.then(() => fs.appendFile(path.join(this.dir, 'events.jsonl'), chunk));
    return this.flushing;
  }

  async saveMeta(patch: Partial<RunMeta> = {}): Promise<void> {
    this.meta = { ...this.meta, ...patch };
    await writeFileAtomic(path.join(this.dir, 'run.json'), `${JSON.stringify(this.meta, null, 1)}\n`);
  }

  async saveResult(result: RunResult): Promise<void> {
    await writeFileAtomic(path.join(this.dir, 'model.json'), `${JSON.stringify(result.model)}\n`);
    const { model: _model, ...rest } = result;
    await writeFileAtomic(path.join(this.dir, 'result.json'), `${JSON.stringify(rest)}\n`);
  }
}
