import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import {
  parseNotebook,
  serializeNotebook,
  setCellOutputs,
  type CellExecution,
  type CellOutputData,
  type NotebookDocumentData,
} from '../protocol/notebook';
import { writeFileAtomic, WriteRefusedError } from './atomicWrite';
import { withFileLock } from './fileLock';
import { errorText, rescuePlaces, uniqueSuffix, writeRescue, type RescuePlace } from './rescue';

/** A file rewritten by someone else this many times in a row, during one save, is left to the rescue path. */
const MAX_REMERGES = 5;

/** One finished cell's outputs, and how to find that cell again in the file as it is on disk now. */
export interface CellUpdate {
  index: number;
  /** The cell's text when it ran: the cell on disk must still have it, or the outputs would describe other text. */
  source: string;
  name: string;
  outputs: CellOutputData[];
  execution: CellExecution;
}

export type WriteBackResult =
  | { kind: 'saved'; file: string }
  /** Not in the notebook; every result of this run so far is in `file`, a complete notebook. */
  | { kind: 'rescued'; file: string; reason: string }
  /** Nowhere took it: the notebook with every result of this run was handed to `print`. */
  | { kind: 'printed'; reason: string; failures: string[] };

export interface WriteBackOptions {
  /** Last resort for a result no file took (the CLI prints it on stdout). */
  print: (notebookText: string) => void;
  places?: RescuePlace[];
}

/**
 * Writes finished cells' outputs back into a notebook that other processes may be writing too (more CLI runs of
 * other cells, the editor saving). Each save holds the notebook's inter-process lock across read, merge and write,
 * and merges by cell: the file on disk is read again and only this run's cells are replaced, so other writers'
 * results and the user's edits to other cells survive.
 *
 * A result is never dropped. When the notebook cannot take it (a cell this run ran was edited or removed, the file
 * no longer parses, is read-only, its folder is not writable, the disk is full), every result of this run goes to
 * one rescue notebook (see rescuePlaces), updated by later cells; results not yet in the notebook are retried with
 * each later save, so a passing fault costs nothing.
 */
export class NotebookWriteBack {
  private readonly base: NotebookDocumentData;
  private readonly all = new Map<number, CellUpdate>();
  private pending = new Map<number, CellUpdate>();
  private rescueFile: string | undefined;

  constructor(
    readonly file: string,
    baseText: string,
    private readonly opts: WriteBackOptions,
  ) {
    this.base = parseNotebook(baseText);
  }

  async save(u: CellUpdate): Promise<WriteBackResult> {
    this.all.set(u.index, u);
    this.pending.set(u.index, u);
    let reason: string;
    try {
      const conflict = await withFileLock(this.file, (held) => this.mergeIntoFile(held));
      if (conflict === undefined) {
        this.pending.clear();
        return { kind: 'saved', file: this.file };
      }
      reason = `${this.file} changed on disk during the run (${conflict}), so it was not written`;
    } catch (err) {
      reason = `could not write ${this.file}: ${errorText(err)}`;
    }
    return this.rescue(reason);
  }

  /** Under the lock: merges every pending cell into the file as it is now; a conflict in words, or undefined. */
  private async mergeIntoFile(held: () => boolean): Promise<string | undefined> {
    // Writers that take no lock (an editor whose save outlasted its wait, git) are caught just before the rename:
    // the file is then read and merged again.
    for (let attempt = 0; ; attempt++) {
      const read = await fs.stat(this.file);
      const text = await fs.readFile(this.file, 'utf8');
      let next: NotebookDocumentData;
      try {
        next = parseNotebook(text);
      } catch (err) {
        return `it no longer parses: ${errorText(err)}`;
      }
      for (const u of this.pending.values()) {
        const at = locate(next, u);
        if (at === undefined) return `cell ${u.name} was edited, moved or removed`;
        next = setCellOutputs(next, at, u.outputs, u.execution);
      }
      if (!held()) throw new Error('lost its lock on the notebook (the process stalled too long)');
      try {
        await writeFileAtomic(this.file, serializeNotebook(next), { unchangedSince: read });
        return undefined;
      } catch (err) {
        if (!(err instanceof WriteRefusedError && err.code === 'CHANGED') || attempt >= MAX_REMERGES) throw err;
      }
    }
  }

  private async rescue(reason: string): Promise<WriteBackResult> {
    let nb = this.base;
    for (const u of this.all.values()) nb = setCellOutputs(nb, u.index, u.outputs, u.execution);
    const text = serializeNotebook(nb);
    // As private as the notebook, but writable by its owner: later cells of this run update the rescue file.
    const mode = await fs.stat(this.file).then(
      (s) => (s.mode & 0o777) | 0o200,
      () => undefined,
    );
    const failures: string[] = [];
    if (this.rescueFile) {
      try {
        await writeFileAtomic(this.rescueFile, text);
        return { kind: 'rescued', file: this.rescueFile, reason };
      } catch (err) {
        failures.push(`${this.rescueFile}: ${errorText(err)}`);
      }
    }
    const stem = path.basename(this.file).replace(/\.scann$/i, '');
    const places = this.opts.places ?? rescuePlaces(path.dirname(path.resolve(this.file)));
    const attempt = await writeRescue(places, `${stem}.outputs-${uniqueSuffix()}.scann`, text, mode);
    failures.push(...attempt.failures);
    if (attempt.path) {
      this.rescueFile = attempt.path;
      return { kind: 'rescued', file: attempt.path, reason };
    }
    this.opts.print(text);
    return { kind: 'printed', reason, failures };
  }
}

/** The cell an update belongs to in `nb`: at its index if the text still matches, else the one cell with its text. */
function locate(nb: NotebookDocumentData, u: CellUpdate): number | undefined {
  const same = (i: number): boolean => nb.cells[i]?.kind === 'config' && nb.cells[i]!.source === u.source;
  if (same(u.index)) return u.index;
  const matches = nb.cells.map((_, i) => i).filter(same);
  return matches.length === 1 ? matches[0] : undefined;
}
