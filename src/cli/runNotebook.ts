import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { runSynthesis } from '../engine/run/run';
import { isRunCancelled } from '../engine/training/cancel';
import { plannedEpochs } from '../engine/synthesis/schemes';
import type { ScannConfig } from '../protocol/config';
import {
  configCells,
  parseNotebook,
  serializeNotebook,
  setCellOutputs,
  type ConfigCellRef,
  type NotebookDocumentData,
} from '../protocol/notebook';
import { errorOutput, runOutput } from '../protocol/runOutput';
import { writeFileAtomic } from '../node/atomicWrite';
import { readInputText } from '../node/inputFile';
import { UsageError, validConfig } from './configFile';
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
}

/**
 * `scann run NOTEBOOK.scann`: validates every chosen config cell first (nothing runs if one is invalid), then runs
 * them in order and writes each cell's outputs back into the file as soon as its run ends. A file that does not
 * parse is never written, and a file changed on disk during the run is not overwritten: the outputs then go to a
 * sibling file and the user is told.
 */
export async function runNotebook(o: RunNotebookOptions): Promise<NotebookRunSummary> {
  let diskText = await readInputText(o.file);
  let nb: NotebookDocumentData = parseNotebook(diskText);
  const chosen = chooseCells(configCells(nb), o.cells, o.file);
  const configs = chosen.map((c) => ({ cell: c, ...validConfig(c.source, `${o.file} [${c.name}]`) }));
  for (const c of configs) for (const w of c.warnings) process.stderr.write(`${w}\n`);

  let order = Math.max(0, ...nb.cells.map((c) => c.execution?.order ?? 0));
  let failed = 0;
  let ran = 0;
  let target = o.file;
  const save = async (next: NotebookDocumentData): Promise<void> => {
    const current = await fs.readFile(target, 'utf8').catch(() => diskText);
    if (current !== diskText) {
      target = path.join(path.dirname(o.file), `${path.basename(o.file, '.scann')}.outputs-${Date.now()}.scann`);
      process.stderr.write(`${o.file} changed on disk during the run; writing outputs to ${target} instead\n`);
    }
    diskText = serializeNotebook(next);
    await writeFileAtomic(target, diskText);
    nb = next;
  };

  for (const { cell, config } of configs) {
    if (o.signal.aborted) break;
    const startTime = Date.now();
    order++;
    // One progress display per cell, stopped before anything else is printed, so bars never redraw over text.
    const progress = new RunProgress();
    try {
      const result = await runCell(config, cell, o, progress);
      progress.stop();
      ran++;
      await save(
        setCellOutputs(nb, cell.index, [runOutput(result)], {
          order,
          success: result.status === 'done',
          startTime,
          endTime: Date.now(),
        }),
      );
      process.stderr.write(`\n${terminalSummary(result)}\n\n`);
    } catch (err) {
      progress.stop();
      // Cancelled before the baseline finished: nothing to show, so the cell keeps its previous outputs.
      if (isRunCancelled(err)) break;
      failed++;
      const message = err instanceof Error ? err.message : String(err);
      process.stderr.write(`${o.file} [${cell.name}]: run failed: ${message}\n`);
      await save(
        setCellOutputs(nb, cell.index, [errorOutput(message)], {
          order,
          success: false,
          startTime,
          endTime: Date.now(),
        }),
      );
    }
  }
  return { ran, failed, cancelled: o.signal.aborted };
}

async function runCell(config: ScannConfig, cell: ConfigCellRef, o: RunNotebookOptions, progress: RunProgress) {
  return runSynthesis(config, {
    baseDir: path.dirname(path.resolve(o.file)),
    dataDir: o.dataDir,
    emit: progress.track(cell.name, plannedEpochs(config)),
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
