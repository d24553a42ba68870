/** `scann figure RUN_DIR_OR_NOTEBOOK --kind ...`: publication figures as SVG, PNG or PDF. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  FIGURE_FORMATS,
  FIGURE_KINDS,
  isFigureFormat,
  isFigureKind,
  isFigureSize,
  type FigureFormat,
} from '../protocol/figure';
import { writeFileAtomic } from '../node/atomicWrite';
import { paretoSvg, runFigureSvg, slug } from '../report/figures';
import { rasterize } from '../report/rasterize';
import { loadSource } from '../report/sources';
import { UsageError } from './configFile';

export const FIGURE_USAGE = `usage: scann figure RUN_DIR_OR_NOTEBOOK... --kind ${FIGURE_KINDS.join('|')} [--format ${FIGURE_FORMATS.join('|')}] [--size one-column|two-column] [--run NAME] [-o FILE|DIR]`;

/** Writes the figures; returns their paths. */
export async function figureCommand(args: string[]): Promise<string[]> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      kind: { type: 'string' },
      format: { type: 'string', default: 'svg' },
      size: { type: 'string', default: 'one-column' },
      run: { type: 'string', multiple: true },
      out: { type: 'string', short: 'o' },
    },
  });
  if (positionals.length === 0 || !values.kind) throw new UsageError(FIGURE_USAGE);
  const { kind, format, size } = values;
  if (!isFigureKind(kind)) throw new UsageError(`--kind must be one of ${FIGURE_KINDS.join(', ')}\n${FIGURE_USAGE}`);
  if (!isFigureFormat(format)) throw new UsageError(`--format must be one of ${FIGURE_FORMATS.join(', ')}`);
  if (!isFigureSize(size)) throw new UsageError('--size must be one-column or two-column');

  // Several inputs (run folders, notebooks) pool their runs, e.g. for one Pareto figure of runs kept apart.
  const sources = await Promise.all(positionals.map((p) => loadSource(p)));
  const src = {
    title: sources.length === 1 ? sources[0]!.title : 'runs',
    runs: sources.flatMap((s) => s.runs),
  };
  const wanted = values.run ?? [];
  const runs = wanted.length ? src.runs.filter((r) => wanted.includes(r.view.name)) : src.runs;
  const missing = wanted.filter((n) => !src.runs.some((r) => r.view.name === n));
  if (missing.length) {
    throw new UsageError(
      `no run named ${missing.map((n) => `'${n}'`).join(', ')}; runs: ${src.runs.map((r) => `'${r.view.name}'`).join(', ') || 'none'}`,
    );
  }
  if (runs.length === 0) throw new UsageError(`${positionals.join(', ')}: no run outputs (run the notebook first)`);

  const figures: { name: string; svg: string }[] =
    kind === 'pareto'
      ? [{ name: `${slug(src.title.replace(/\.scann$/i, ''))}-pareto`, svg: paretoSvg(runs, size) }]
      : runs.map((r) => ({ name: `${slug(r.view.name)}-${kind}`, svg: runFigureSvg(kind, r, size) }));

  const out = values.out ?? '.';
  const toFile = out.toLowerCase().endsWith(`.${format}`);
  if (toFile && figures.length > 1) {
    throw new UsageError(`${figures.length} figures (one per run): give -o a folder, or choose one with --run NAME`);
  }
  const files = figures.map((f) => (toFile ? out : path.join(out, `${f.name}.${format}`)));
  await fs.mkdir(toFile ? path.dirname(path.resolve(out)) : out, { recursive: true });
  for (let i = 0; i < figures.length; i++) {
    await writeFileAtomic(files[i]!, await encode(figures[i]!.svg, format));
  }
  return files;
}

async function encode(svg: string, format: FigureFormat): Promise<string | Uint8Array> {
  return format === 'svg' ? svg : rasterize(svg, format);
}
