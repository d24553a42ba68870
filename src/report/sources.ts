/**
 * What reports and figures are made from: a `.scann` notebook (every cell, and the runs in its outputs) or a run
 * folder (`result.json` + `model.json`, as `scann run --out` and the editor's run store write them).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import {
  cellName,
  isJsonMime,
  MARKDOWN_MIME,
  parseNotebook,
  RUN_MIME,
  type NotebookDocumentData,
} from '../protocol/notebook';
import type { RunPayload } from '../protocol/runOutput';
import { parseRunPayload, type RunView } from '../../webview/components/payload';
import { ReportInputError } from './errors';

export { ReportInputError };

/** One run found in the input: its payload as saved, and the view the renderer would draw from it. */
export interface SourceRun {
  /** Index of the notebook cell holding it (-1 for a run folder). */
  cell: number;
  payload: RunPayload;
  view: RunView;
}

export interface ReportSource {
  /** File or folder name, for titles. */
  title: string;
  /** Absent for a run folder. */
  notebook?: NotebookDocumentData;
  runs: SourceRun[];
}

function runOf(data: unknown, cell: number, where: string): SourceRun {
  try {
    return { cell, payload: data as RunPayload, view: parseRunPayload(data) };
  } catch (err) {
    throw new ReportInputError(`${where}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The runs of a notebook's outputs, in cell order (an output that is not a run, e.g. a failure, is skipped). */
export function notebookRuns(nb: NotebookDocumentData, file: string): SourceRun[] {
  const runs: SourceRun[] = [];
  nb.cells.forEach((cell, i) => {
    for (const out of cell.outputs ?? []) {
      const item = out.items.find((it) => it.mime === RUN_MIME);
      if (item) runs.push(runOf(item.data, i, `${file} [${cellName(cell, i)}]`));
    }
  });
  return runs;
}

async function readJson(file: string): Promise<unknown> {
  const text = await fs.readFile(file, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ReportInputError(`${file}: not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
}

export async function loadSource(input: string): Promise<ReportSource> {
  const stat = await fs.stat(input);
  if (stat.isDirectory()) {
    const result = await readJson(path.join(input, 'result.json'));
    const model = await readJson(path.join(input, 'model.json'));
    if (typeof result !== 'object' || result === null || Array.isArray(result)) {
      throw new ReportInputError(`${path.join(input, 'result.json')}: not a run result`);
    }
    // result.json leaves the network out (it is model.json); the saved output of a run has both in one object.
    const payload = { ...(result as Record<string, unknown>), model };
    return { title: path.basename(path.resolve(input)), runs: [runOf(payload, -1, input)] };
  }
  const notebook = parseNotebook(await fs.readFile(input, 'utf8'));
  return { title: path.basename(input), notebook, runs: notebookRuns(notebook, input) };
}

/** The text of a non-run output (a failed run's message), or undefined when the output has none. */
export function outputText(items: { mime: string; data: unknown }[]): string | undefined {
  const md = items.find((it) => it.mime === MARKDOWN_MIME || it.mime.startsWith('text/'));
  if (md && typeof md.data === 'string') return md.data;
  const json = items.find((it) => isJsonMime(it.mime));
  return json ? JSON.stringify(json.data, null, 1) : undefined;
}
