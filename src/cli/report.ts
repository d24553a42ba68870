/** `scann report NOTEBOOK.scann`: the notebook as one self-contained HTML file, or as Markdown + SVG figures. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { isFigureSize, type FigureSize } from '../protocol/figure';
import { writeFileAtomic } from '../node/atomicWrite';
import { htmlReport, readReportAssets } from '../report/htmlReport';
import { markdownReport } from '../report/markdownReport';
import { redactDatasetPaths } from '../report/redact';
import { loadSource } from '../report/sources';
import { UsageError } from './configFile';

export const REPORT_USAGE =
  'usage: scann report NOTEBOOK.scann [--format html|md] [-o FILE.html|DIR] [--no-config] [--no-dataset-paths] [--size one-column|two-column]';

/** Writes the report; returns the files written (the HTML file, or README.md first and then the figures). */
export async function reportCommand(args: string[], version: string): Promise<string[]> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'html' },
      out: { type: 'string', short: 'o' },
      'no-config': { type: 'boolean' },
      'no-dataset-paths': { type: 'boolean' },
      size: { type: 'string', default: 'two-column' },
    },
  });
  if (positionals.length !== 1) throw new UsageError(REPORT_USAGE);
  const format = values.format;
  if (format !== 'html' && format !== 'md') throw new UsageError(`--format must be html or md\n${REPORT_USAGE}`);
  const size = values.size;
  if (!isFigureSize(size)) throw new UsageError(`--size must be one-column or two-column\n${REPORT_USAGE}`);
  const input = positionals[0]!;
  if ((await fs.stat(input)).isDirectory()) throw new UsageError(`${input}: a report is made from a .scann notebook`);

  let src = await loadSource(input);
  if (values['no-dataset-paths']) src = redactDatasetPaths(src);
  const includeConfig = !values['no-config'];
  const stem = path.join(path.dirname(input), path.basename(input).replace(/\.scann$/i, ''));

  if (format === 'html') {
    const file = values.out ?? `${stem}.html`;
    const html = htmlReport(src, await readReportAssets(), { includeConfig, version });
    await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
    await writeFileAtomic(file, html);
    return [file];
  }
  const dir = values.out ?? `${stem}-report`;
  const report = markdownReport(src, { includeConfig, size: size as FigureSize });
  await fs.mkdir(dir, { recursive: true });
  const written = [path.join(dir, 'README.md')];
  for (const [name, svg] of report.files) {
    await writeFileAtomic(path.join(dir, name), svg);
    written.push(path.join(dir, name));
  }
  // README last: a reader who sees it finds its figures already there.
  await writeFileAtomic(written[0]!, report.markdown);
  return written;
}
