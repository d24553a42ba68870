/**
 * "SCANN: Save Figure...": publication figures (architecture, curves, energy, Pareto) as SVG, PNG or PDF, through
 * the bundled `scann figure`. From a config cell's toolbar it draws that cell's run (as it is in the editor); from
 * the dashboard it draws the dashboard's run; from Compare Runs or the palette it asks (Pareto: which runs).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  FIGURE_FORMATS,
  FIGURE_KINDS,
  FIGURE_SIZES,
  isFigureFormat,
  isFigureKind,
  type FigureFormat,
  type FigureKind,
  type FigureSize,
} from '../../protocol/figure';
import { RUN_MIME } from '../../protocol/notebook';
import type { RunMeta } from '../../node/runMeta';
import type { RunStore } from '../../node/runStore';
import { offerOpen, runCliWithProgress } from './cliProcess';
import { withNotebookCopy } from './notebookCopy';
import { pickRun } from './runs';

/** Arguments for scripted use (and tests): inputs are run folders or notebook files. */
export interface SaveFigureArgs {
  sources: string[];
  runs?: string[];
  kind: FigureKind;
  format: FigureFormat;
  size?: FigureSize;
  /** The figure file (one figure), or a folder (one per run). */
  out: string;
}

export interface SaveFigureContext {
  cliPath: string;
  stores: () => RunStore[];
  /** The run of the dashboard in front, if one is. */
  dashboardRun: () => string | undefined;
}

const KIND_ITEMS: Record<FigureKind, string> = {
  architecture: 'the selected network: neurons by level, edges by sign and |w|',
  curves: 'accuracy and loss per epoch',
  energy: 'energy per inference per step against the baseline',
  pareto: 'test accuracy against connections and energy, several runs',
};

const isArgs = (x: unknown): x is SaveFigureArgs =>
  typeof x === 'object' && x !== null && Array.isArray((x as SaveFigureArgs).sources) && 'kind' in x;

const isCell = (x: unknown): x is vscode.NotebookCell =>
  typeof x === 'object' && x !== null && 'notebook' in x && 'outputs' in x && 'document' in x;

/** The run name in a config cell's saved output. */
function cellRunName(cell: vscode.NotebookCell): string | undefined {
  for (const o of cell.outputs) {
    const item = o.items.find((i) => i.mime === RUN_MIME);
    if (!item) continue;
    try {
      const data = JSON.parse(new TextDecoder().decode(item.data)) as { name?: unknown };
      if (typeof data.name === 'string') return data.name;
    } catch {
      // Not a readable run output: the cell has no figure to save.
    }
  }
  return undefined;
}

async function pickKind(kinds: readonly FigureKind[]): Promise<FigureKind | undefined> {
  const picked = await vscode.window.showQuickPick(
    kinds.map((k) => ({ label: k, description: KIND_ITEMS[k] })),
    { title: 'Save figure: which figure?' },
  );
  return picked && isFigureKind(picked.label) ? picked.label : undefined;
}

async function pickFormatAndSize(): Promise<{ format: FigureFormat; size: FigureSize } | undefined> {
  const format = await vscode.window.showQuickPick(
    FIGURE_FORMATS.map((f) => ({
      label: f,
      description: f === 'svg' ? 'vector, needs nothing else' : 'printed by Chromium (playwright-core)',
    })),
    { title: 'Save figure: format' },
  );
  if (!format || !isFigureFormat(format.label)) return undefined;
  const size = await vscode.window.showQuickPick(
    (Object.keys(FIGURE_SIZES) as FigureSize[]).map((s) => ({
      label: s,
      description: `${FIGURE_SIZES[s].widthIn} in wide`,
      size: s,
    })),
    { title: 'Save figure: width' },
  );
  return size ? { format: format.label, size: size.size } : undefined;
}

/** Finished runs of every store, picked several at a time (all preselected). */
async function pickRunDirs(stores: RunStore[]): Promise<string[] | undefined> {
  const all = (
    await Promise.all(stores.map(async (s) => (await s.list()).map((meta) => ({ meta, dir: s.dir(meta.runId) }))))
  )
    .flat()
    .filter((r) => r.meta.status === 'done' || r.meta.status === 'cancelled');
  if (all.length === 0) {
    void vscode.window.showInformationMessage('SCANN: no finished runs to compare yet.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    all.map((r) => ({ label: r.meta.name, description: r.meta.dataset ?? '', picked: true, dir: r.dir })),
    { canPickMany: true, title: 'Save figure: which runs?' },
  );
  return picked?.length ? picked.map((p) => p.dir) : undefined;
}

async function save(ctx: SaveFigureContext, a: SaveFigureArgs, interactive: boolean): Promise<string[] | undefined> {
  const args = ['figure', ...a.sources, '--kind', a.kind, '--format', a.format, '--size', a.size ?? 'one-column'];
  for (const r of a.runs ?? []) args.push('--run', r);
  args.push('-o', a.out);
  try {
    const files = await runCliWithProgress(ctx.cliPath, args, `SCANN: saving the ${a.kind} figure`);
    if (interactive && files[0]) {
      void offerOpen(files[0], `SCANN: figure written to ${files[0]}`, (uri) =>
        vscode.commands.executeCommand('vscode.open', uri),
      );
    }
    return files;
  } catch (err) {
    if (err instanceof vscode.CancellationError) return undefined;
    void vscode.window.showErrorMessage(`SCANN: figure failed: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

async function askOut(defaultName: string, format: FigureFormat, near: string): Promise<string | undefined> {
  const uri = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.file(path.join(near, `${defaultName}.${format}`)),
    filters: { [format.toUpperCase()]: [format] },
    title: 'Save figure',
  });
  return uri?.fsPath;
}

/** The run of the dashboard in front, with its store. */
async function dashboardRun(
  ctx: SaveFigureContext,
  stores: RunStore[],
): Promise<{ meta: RunMeta; store: RunStore } | undefined> {
  const runId = ctx.dashboardRun();
  if (!runId) return undefined;
  for (const store of stores) {
    const meta = await store.readMeta(runId);
    if (meta) return { meta, store };
  }
  return undefined;
}

const slug = (s: string): string => s.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'figure';

export async function saveFigure(ctx: SaveFigureContext, arg?: unknown): Promise<string[] | undefined> {
  if (isArgs(arg)) return save(ctx, arg, false);

  if (isCell(arg)) {
    const name = cellRunName(arg);
    if (!name) {
      void vscode.window.showInformationMessage('SCANN: this cell has no run output to draw yet.');
      return undefined;
    }
    const kind = await pickKind(['architecture', 'curves', 'energy']);
    const fs = kind && (await pickFormatAndSize());
    if (!kind || !fs) return undefined;
    const near = path.dirname(arg.notebook.uri.fsPath);
    const out = await askOut(`${slug(name)}-${kind}`, fs.format, near);
    if (!out) return undefined;
    return withNotebookCopy(arg.notebook, (file) =>
      save(ctx, { sources: [file], runs: [name], kind, ...fs, out }, true),
    );
  }

  const stores = ctx.stores();
  const kind = await pickKind(FIGURE_KINDS);
  if (!kind) return undefined;
  let sources: string[] | undefined;
  let name = 'runs';
  if (kind === 'pareto') sources = await pickRunDirs(stores);
  else {
    const picked =
      (await dashboardRun(ctx, stores)) ?? (await pickRun(stores, `Save the ${kind} figure of which run?`));
    if (picked) {
      sources = [picked.store.dir(picked.meta.runId)];
      name = picked.meta.name;
    }
  }
  const fs = sources && (await pickFormatAndSize());
  if (!sources || !fs) return undefined;
  const near = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? path.dirname(sources[0]!);
  const out = await askOut(`${slug(name)}-${kind}`, fs.format, near);
  return out ? save(ctx, { sources, kind, ...fs, out }, true) : undefined;
}
