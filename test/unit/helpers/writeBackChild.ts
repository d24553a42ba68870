/**
 * A writer of one notebook cell in its own process, for the concurrent-writer tests: reads the notebook as a run
 * does at its start, waits for a shared start time (so that the writers' saves overlap), then writes its cell's
 * outputs back. Prints the write-back result as JSON; exit code 0 when it reached the notebook, 3 when rescued.
 * argv: FILE CELL_INDEX TAG START_AT_MS
 */
import { readFileSync } from 'node:fs';
import { MARKDOWN_MIME, parseNotebook } from '../../../src/protocol/notebook';
import { NotebookWriteBack } from '../../../src/node/notebookWriteBack';

async function main(): Promise<number> {
  const [file, indexText, tag, startText] = process.argv.slice(2) as [string, string, string, string];
  const text = readFileSync(file, 'utf8');
  const index = Number(indexText);
  const cell = parseNotebook(text).cells[index]!;
  const wb = new NotebookWriteBack(file, text, { print: (t) => process.stdout.write(t) });
  const wait = Number(startText) - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const r = await wb.save({
    index,
    source: cell.source,
    name: tag,
    outputs: [{ items: [{ mime: MARKDOWN_MIME, data: `written by ${tag}` }] }],
    execution: { order: index, success: true, startTime: 1, endTime: 2 },
  });
  process.stdout.write(`${JSON.stringify(r)}\n`);
  return r.kind === 'saved' ? 0 : 3;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exitCode = 1;
  },
);
