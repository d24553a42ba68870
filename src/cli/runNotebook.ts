import * as path from 'node:path';
import { runSynthesis } from '../engine/run/run';
import { isRunCancelled } from '../engine/training/cancel';
import { plannedEpochs } from '../engine/synthesis/schemes';
import { beforeData } from '../protocol/schemeChoice';
import type { ScannConfig } from '../protocol/config';
import { configCells, parseNotebook, type ConfigCellRef } from '../protocol/notebook';
import { errorOutput, runOutput } from '../protocol/runOutput';
import { NotebookWriteBack, type CellUpdate, type WriteBackResult } from '../node/notebookWriteBack';
import { readInputText } from '../node/inputFile';
import { assertNoSweep, UsageError, validConfig } from './configFile';
import { RunProgress } from './progress';
import { terminalSummary } from './summary';

export interface RunNotebookOptions {
  file: string;
  /** Cell names or 1-based config-cell numbers; all config cells when empty. */
  cells: string[];
  dataDir: string;
  signal: AbortSignal;
}

export interface NotebookRunSummary {
  ran: number;
  failed: number;
  cancelled: boolean;
  /** Cells whose outputs are not in the notebook but in a rescue file or on stdout (the messages say where). */
  unsaved: number;
}

/**
 * `scann run NOTEBOOK.scann`: validates every chosen config cell first (nothing runs if one is invalid), then runs
 * them in order and writes each cell's outputs back into the file as soon as its run ends, merged by cell under the
 * notebook's lock (other runs and the editor may write it too). A result the file cannot take (the cell was edited,
 * the file is read-only or its disk full) goes to a rescue notebook whose path is printed, and the next cells run.
 */
export async function runNotebook(o: RunNotebookOptions): Promise<NotebookRunSummary> {
  const diskText = await readInputText(o.file);
  const nb = parseNotebook(diskText);
  const chosen = chooseCells(configCells(nb), o.cells, o.file);
  const configs = chosen.map((c) => ({ cell: c, ...validConfig(c.source, `${o.file} [${c.name}]`) }));
  for (const c of configs) assertNoSweep(c.config, `${o.file} [${c.cell.name}]`);
  for (const c of configs) for (const w of c.warnings) process.stderr.write(`${w}\n`);

  let order = Math.max(0, ...nb.cells.map((c) => c.execution?.order ?? 0));
  let failed = 0;
  let ran = 0;
  const unsaved = new Set<number>();
  const writeBack = new NotebookWriteBack(o.file, diskText, { print: (text) => process.stdout.write(text) });
  const save = async (update: CellUpdate): Promise<void> => {
    const r = await writeBack.save(update);
    if (r.kind === 'saved') {
      unsaved.clear(); // every earlier result went in with this one
      return;
    }
    unsaved.add(update.index);
    process.stderr.write(`${o.file} [${update.name}]: ${writeBackMessage(r)}\n`);
  };

  for (const { cell, config } of configs) {
    if (o.signal.aborted) break;
    const startTime = Date.now();
    order++;
    // One progress display per cell, stopped before anything else is printed, so bars never redraw over text.
    const progress = new RunProgress();
    let outcome: Omit<CellUpdate, 'execution'> & { success: boolean };
    try {
      const result = await runCell(config, cell, o, progress);
      progress.stop();
      ran++;
      process.stderr.write(`\n${terminalSummary(result)}\n\n`);
      outcome = { ...cell, outputs: [runOutput(result)], success: result.status === 'done' };
    } catch (err) {
      progress.stop();
      // Cancelled before the baseline finished: nothing to show, so the cell keeps its previous outputs.
      if (isRunCancelled(err)) break;
      failed++;
      const message = err instanceof Error ? err.message : String(err);
      process.stderr.write(`${o.file} [${cell.name}]: run failed: ${message}\n`);
      outcome = { ...cell, outputs: [errorOutput(message)], success: false };
    }
    const { success, ...rest } = outcome;
    await save({ ...rest, execution: { order, success, startTime, endTime: Date.now() } });
  }
  return { ran, failed, cancelled: o.signal.aborted, unsaved: unsaved.size };
}

function writeBackMessage(r: Exclude<WriteBackResult, { kind: 'saved' }>): string {
  if (r.kind === 'rescued') return `${r.reason}; this run's results were saved to ${r.file}`;
  return (
    `${r.reason}; no other place could be written either (${r.failures.join('; ')}), ` +
    `so the notebook with this run's results is printed on stdout`
  );
}

async function runCell(config: ScannConfig, cell: ConfigCellRef, o: RunNotebookOptions, progress: RunProgress) {
  return runSynthesis(config, {
    baseDir: path.dirname(path.resolve(o.file)),
    dataDir: o.dataDir,
    emit: progress.track(cell.name, plannedEpochs(beforeData(config))),
    signal: o.signal,
  });
}

function chooseCells(all: ConfigCellRef[], wanted: string[], file: string): ConfigCellRef[] {
  if (all.length === 0) throw new UsageError(`${file} has no config cells to run`);
  if (wanted.length === 0) return all;
  return wanted.map((w) => {
    const byName = all.find((c) => c.name === w);
    if (byName) return byName;
    const n = Number(w);
    if (Number.isInteger(n) && n >= 1 && n <= all.length) return all[n - 1]!;
    throw new UsageError(
      `${file}: no config cell named '${w}' (cells: ${all.map((c) => c.name).join(', ')}; or a number 1-${all.length})`,
    );
  });
}
