import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { RunEvent } from '../protocol/events';
import type { RunResult } from '../protocol/result';
import { isModelJson, isRunResult } from '../protocol/resultGuards';
import { isRunId } from '../protocol/runId';
import { countedCost } from '../protocol/countedCost';
import { writeFileAtomic } from './atomicWrite';
import { writeOnce } from './writeOnce';
import type { RunOutcome } from './engineClient';
import { parseEventLog } from './eventLog';
import { runMetaSchema, type RunMeta } from './runMeta';

/** Where a store says what it skipped: a run folder it could not read (the message names the file). */
export type ProblemReporter = (message: string) => void;

/**
 * Every run in `<root>/<runId>/`: config.yaml, run.json, events.jsonl (every event, snapshots included),
 * result.json and model.json. JSON files are written atomically; events are appended in batches. Everything read
 * back is checked: a corrupt folder is reported and skipped, never trusted and never fatal to the others.
 */
export class RunStore {
  constructor(
    readonly root: string,
    private readonly report: ProblemReporter = () => undefined,
  ) {}

  /** The run's folder. Throws for anything but a run id: ids also come from notebook files and messages. */
  dir(runId: string): string {
    if (!isRunId(runId)) throw new Error(`not a run id: ${JSON.stringify(runId)}`);
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

  /** One run's `run.json`, or undefined when this store has no such run or cannot read it (reported). */
  async readMeta(runId: string): Promise<RunMeta | undefined> {
    if (!isRunId(runId)) return undefined;
    const file = path.join(this.dir(runId), 'run.json');
    const value = await readJson(file, this.report);
    if (value === undefined) return undefined;
    const parsed = runMetaSchema.safeParse(value);
    if (!parsed.success)
      return skip(this.report, `${file}: not a run record (${parsed.error.issues[0]?.message ?? 'invalid'})`);
    if (parsed.data.runId !== runId)
      return skip(this.report, `${file}: names run ${parsed.data.runId}, not its folder's`);
    return parsed.data;
  }

  /** All runs, newest first; unreadable entries are skipped (and reported). */
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

  /**
   * The run's events; none when it has no event log. A half-written last line (a run killed mid-append) is
   * dropped; a corrupt line before it throws CorruptRunError.
   */
  async readEvents(runId: string): Promise<RunEvent[]> {
    if (!isRunId(runId)) return [];
    const file = path.join(this.dir(runId), 'events.jsonl');
    const text = await fs.readFile(file, 'utf8').catch(() => '');
    const log = parseEventLog(text, file);
    if (log.truncated) this.report(`${file}: dropped a half-written last line (the run stopped mid-write)`);
    return log.events;
  }

  /** The saved result with its model, or undefined for a run that did not finish or whose files are corrupt. */
  readResult(runId: string): Promise<RunResult | undefined> {
    if (!isRunId(runId)) return Promise.resolve(undefined);
    return readResultIn(this.dir(runId), this.report);
  }
}

/** The result saved in a run folder with its model; undefined when it has none or it is corrupt (reported). */
async function readResultIn(dir: string, report: ProblemReporter): Promise<RunResult | undefined> {
  const rest = await readJson(path.join(dir, 'result.json'), report);
  const model = await readJson(path.join(dir, 'model.json'), report);
  if (rest === undefined || model === undefined) return undefined;
  if (!isModelJson(model)) return skip(report, `${path.join(dir, 'model.json')}: not a SCANN model`);
  const result: unknown = typeof rest === 'object' && rest !== null ? { ...rest, model } : rest;
  if (!isRunResult(result)) return skip(report, `${path.join(dir, 'result.json')}: not a run result of this version`);
  return result;
}

/** A JSON file's value; undefined when it does not exist, and also (reported) when it cannot be read or parsed. */
async function readJson(file: string, report: ProblemReporter): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    return skip(report, `${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    return skip(report, `${file}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
}

function skip(report: ProblemReporter, message: string): undefined {
  report(message);
  return undefined;
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

  /**
   * Saves the result unless the folder has one already, and says whether it did: a sweep job's result must land
   * exactly once, even when a retried job reports twice or a re-attached submitter settles it again. The result
   * and its model are claimed as one group (`writeOnce`): racing writers leave one whole pair, and a writer killed
   * half-way is completed by the next call rather than leaving a result without its model.
   */
  saveResultOnce(result: RunResult): Promise<boolean> {
    const { model, ...rest } = result;
    return writeOnce(this.dir, [
      { name: 'model.json', text: `${JSON.stringify(model)}\n` },
      { name: 'result.json', text: `${JSON.stringify(rest)}\n` },
    ]);
  }

  /**
   * Records how the run ended: its events flushed, its result (when it has one) and `run.json` with the figures
   * the run history lists. With `once`, a result is kept only if the folder has none yet (`saveResultOnce`);
   * returns false when it was dropped for that reason.
   */
  async saveOutcome(o: RunOutcome, opts: { once?: boolean } = {}): Promise<boolean> {
    await this.flush();
    if (o.status === 'failed') {
      await this.saveMeta({ status: 'failed', endedAt: Date.now(), message: o.message });
      return true;
    }
    if (!o.result) {
      await this.saveMeta({ status: 'cancelled', endedAt: Date.now(), ...(o.lost ? { message: o.lost } : {}) });
      return true;
    }
    const r = o.result;
    if (opts.once && !(await this.saveResultOnce(r))) {
      // The job's result is someone else's. If its writer died before recording the ending, record it from the
      // stored result, so the run history does not show a finished job as running forever.
      const kept = this.meta.status === 'running' ? await readResultIn(this.dir, () => undefined) : undefined;
      if (!kept) return false;
      await this.saveFinished(o.status, kept);
      return false;
    }
    if (!opts.once) await this.saveResult(r);
    await this.saveFinished(o.status, r);
    return true;
  }

  private async saveFinished(status: 'done' | 'cancelled', r: RunResult): Promise<void> {
    const cost = countedCost(r);
    await this.saveMeta({
      status,
      endedAt: Date.now(),
      dataset: r.dataset.source,
      // The scheme that ran: `auto` (the config's default) is settled by the data, a fallback may replace it.
      scheme: r.scheme,
      testAccuracy: r.final.testAccuracy,
      baselineTestAccuracy: r.baseline.testAccuracy,
      connections: r.final.connections,
      baselineConnections: r.baseline.connections,
      compression: cost.compression,
      energyPj: cost.energyPj,
      durationMs: r.durationMs,
      ...(r.target ? { targetMet: r.target.met } : {}),
    });
  }
}
