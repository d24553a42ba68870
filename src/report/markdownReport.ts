/**
 * `scann report --format md`: a README-style Markdown file with, per run, the same summary and table as the
 * notebook's markdown output, and SVG figures next to it (architecture, curves, energy; a Pareto figure when the
 * notebook has several finished runs). Plain Markdown and relative image links only, so it renders on GitHub and
 * in wikis as written.
 */
import { markdownText } from '../protocol/markdown';
import { markdownSummary } from '../protocol/runOutput';
import type { RunResult } from '../protocol/result';
import type { FigureKind, FigureSize } from '../protocol/figure';
import { FigureError, paretoSvg, runFigureSvg, slug } from './figures';
import { outputText, type ReportSource, type SourceRun } from './sources';

export interface MarkdownReport {
  /** README.md's text. */
  markdown: string;
  /** Figure files to write next to it: name -> SVG text. */
  files: Map<string, string>;
}

export interface MarkdownReportOptions {
  includeConfig: boolean;
  size: FigureSize;
}

const RUN_FIGURES: { kind: Exclude<FigureKind, 'pareto'>; alt: string }[] = [
  { kind: 'architecture', alt: 'Architecture' },
  { kind: 'curves', alt: 'Accuracy and loss per epoch' },
  { kind: 'energy', alt: 'Energy per inference per step' },
];

/** Text that cannot open a Markdown construct when put inside an image's alt text. */
const altText = (s: string): string => s.replace(/[[\]\\<>`*_]/g, ' ');

function fence(text: string, lang: string): string {
  let ticks = '```';
  while (text.includes(ticks)) ticks += '`';
  return `${ticks}${lang}\n${text.replace(/\n$/, '')}\n${ticks}`;
}

function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let k = 2; taken.has(name); k++) name = `${base}-${k}`;
  taken.add(name);
  return name;
}

function runSection(run: SourceRun, files: Map<string, string>, names: Set<string>, size: FigureSize): string {
  const v = run.view;
  const lines: string[] = [];
  if (v.result) lines.push(markdownSummary({ ...(v.result as RunResult), name: v.name }).trimEnd());
  else lines.push(`### ${markdownText(v.name)}`, '', `*This run was ${v.status} when the notebook was saved.*`);
  const base = uniqueName(slug(v.name), names);
  for (const f of RUN_FIGURES) {
    let svg: string;
    try {
      svg = runFigureSvg(f.kind, run, size);
    } catch (err) {
      // A run without (say) energy per step gets no such figure; anything else is a bug and must surface.
      if (err instanceof FigureError) continue;
      throw err;
    }
    const file = `${base}-${f.kind}.svg`;
    files.set(file, svg);
    lines.push('', `![${altText(`${f.alt} of ${v.name}`)}](${file})`);
  }
  return lines.join('\n');
}

export function markdownReport(src: ReportSource, opts: MarkdownReportOptions): MarkdownReport {
  const files = new Map<string, string>();
  const names = new Set<string>(['pareto']);
  const out: string[] = [];
  const cells = src.notebook?.cells ?? [];
  const first = cells[0];
  if (!(first?.kind === 'markdown' && /^#\s/.test(first.source.trimStart()))) out.push(`# ${src.title}`);
  const runsByCell = new Map<number, SourceRun[]>();
  for (const r of src.runs) runsByCell.set(r.cell, [...(runsByCell.get(r.cell) ?? []), r]);

  if (!src.notebook) for (const r of src.runs) out.push(runSection(r, files, names, opts.size));
  cells.forEach((cell, i) => {
    if (cell.kind === 'markdown') {
      if (cell.source.trim()) out.push(cell.source.trimEnd());
      return;
    }
    if (opts.includeConfig) out.push(fence(cell.source, 'yaml'));
    const runs = runsByCell.get(i) ?? [];
    if (runs.length === 0) {
      for (const o of cell.outputs ?? []) {
        const text = outputText(o.items);
        if (text !== undefined) out.push(text.trimEnd());
      }
    }
    for (const r of runs) out.push(runSection(r, files, names, opts.size));
  });

  const finished = src.runs.filter((r) => r.view.result);
  if (finished.length > 1) {
    files.set('pareto.svg', paretoSvg(finished, opts.size));
    out.push('## All runs', '![Test accuracy against connections and energy per inference, all runs](pareto.svg)');
  }
  return { markdown: `${out.join('\n\n')}\n`, files };
}
