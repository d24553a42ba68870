import * as path from 'node:path';
import * as vscode from 'vscode';
import { listBuiltinDatasets } from '../../node/builtinDatasets';
import { CONFIG_LANGUAGE_ID } from '../../protocol/notebook';
import { formatInt, formatPct, formatRatio } from '../../protocol/numbers';
import { markdownSummary } from '../../protocol/runOutput';
import { statusLabel } from '../../protocol/verdict';
import type { Run } from '../runs/run';
import type { RunManager } from '../runs/runManager';
import type { RunMeta } from '../../node/runMeta';
import type { RunStore } from '../../node/runStore';
import type { RunSummaryDocuments } from './summaryDocuments';

const pct = (x: number | undefined): string => (x === undefined ? '-' : formatPct(x));

/**
 * A path or notebook URI as the workspace names it: relative to its folder; an unsaved notebook by its title.
 * Built-in sources (`builtin:NAME`) stay as they are.
 */
function shownPath(p: string): string {
  if (path.isAbsolute(p)) return vscode.workspace.asRelativePath(p, false);
  if (p.startsWith('file:')) return vscode.workspace.asRelativePath(vscode.Uri.parse(p), false);
  if (p.startsWith('untitled:')) return `${vscode.Uri.parse(p).path} (unsaved)`;
  return p;
}

export interface PickOptions {
  /** Only runs with a network to show or export (done, or cancelled after the baseline). */
  withResult?: boolean;
}

export interface PickedRun {
  meta: RunMeta;
  store: RunStore;
}

/**
 * Quick pick over the run history of every workspace folder, newest first. Failed runs are left out: they have
 * nothing to show or export (their message stays in their cell and in run.json).
 */
export async function pickRun(
  stores: RunStore[],
  title: string,
  opts: PickOptions = {},
): Promise<PickedRun | undefined> {
  const all = (await Promise.all(stores.map(async (store) => (await store.list()).map((meta) => ({ meta, store })))))
    .flat()
    .filter(({ meta }) =>
      opts.withResult
        ? (meta.status === 'done' || meta.status === 'cancelled') && meta.connections !== undefined
        : meta.status !== 'failed',
    );
  all.sort((a, b) => b.meta.createdAt - a.meta.createdAt);
  if (all.length === 0) {
    void vscode.window.showInformationMessage(
      opts.withResult
        ? 'SCANN: no run with a network yet. Run a config cell of a .scann notebook first.'
        : 'SCANN: no runs yet. Run a config cell of a .scann notebook first.',
    );
    return undefined;
  }
  const items = all.map((r) => ({
    label: `${statusIcon(r.meta.status)} ${r.meta.name}`,
    description:
      `${statusLabel(r.meta.status)}${r.meta.targetMet === false ? ' · $(warning) target not met' : ''} · ` +
      `${r.meta.dataset ? shownPath(r.meta.dataset) : ''}${r.meta.scheme ? ` · scheme ${r.meta.scheme}` : ''}`,
    detail: [
      r.meta.connections !== undefined
        ? `test ${pct(r.meta.testAccuracy)} (baseline ${pct(r.meta.baselineTestAccuracy)}) · ` +
          `${formatInt(r.meta.connections)} connections (${formatRatio(r.meta.compression ?? Infinity)} fewer)`
        : '',
      r.meta.notebook ? shownPath(r.meta.notebook) : '',
      new Date(r.meta.createdAt).toLocaleString(),
    ]
      .filter(Boolean)
      .join(' · '),
    run: r,
  }));
  const picked = await vscode.window.showQuickPick(items, { title, matchOnDescription: true, matchOnDetail: true });
  return picked?.run;
}

function statusIcon(s: RunMeta['status']): string {
  return {
    done: '$(pass)',
    cancelled: '$(circle-slash)',
    failed: '$(error)',
    running: '$(sync~spin)',
    queued: '$(clock)',
  }[s];
}

/** "SCANN: Cancel Run": the only active run, or a choice among them. */
export async function cancelRun(runs: RunManager): Promise<void> {
  const active = runs.active;
  if (active.length === 0) {
    void vscode.window.showInformationMessage('SCANN: no run is going.');
    return;
  }
  let target: Run | undefined = active[0];
  if (active.length > 1) {
    const picked = await vscode.window.showQuickPick(
      active.map((r) => ({ label: r.request.name, description: r.status, run: r })),
      { title: 'Cancel which SCANN run?' },
    );
    target = picked?.run;
  }
  if (target) runs.cancel(target);
}

/** "SCANN: Open Run Folder": reveals a run's folder (config, events, result, model) in the explorer. */
export async function openRunFolder(stores: RunStore[]): Promise<void> {
  const r = await pickRun(stores, 'Open the folder of which run?');
  if (!r) return;
  const uri = vscode.Uri.file(r.store.dir(r.meta.runId));
  await vscode.commands.executeCommand('revealInExplorer', uri);
  const result = vscode.Uri.file(
    path.join(r.store.dir(r.meta.runId), r.meta.status === 'done' ? 'result.json' : 'run.json'),
  );
  await vscode.window.showTextDocument(result, { preview: true });
}

/** "SCANN: Show Datasets": the built-in datasets; picking one puts its source into the active config cell. */
export async function showDatasets(dataDir: string): Promise<void> {
  const items = listBuiltinDatasets(dataDir).map((d) => ({
    label: d.source,
    description: `${d.rows.toLocaleString('en-US')} rows${d.testRows ? ` + ${d.testRows.toLocaleString('en-US')} test` : ''} · ${d.features} features · ${d.classes} classes`,
    detail: d.available ? d.description : `Unavailable: ${d.unavailableReason ?? ''}`,
    source: d.source,
  }));
  const picked = await vscode.window.showQuickPick(items, { title: 'SCANN built-in datasets', matchOnDetail: true });
  if (!picked) return;
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document.languageId === CONFIG_LANGUAGE_ID) {
    await editor.insertSnippet(
      new vscode.SnippetString(`dataset:\n  source: ${picked.source}\n`),
      editor.selection.active,
    );
  } else {
    await vscode.env.clipboard.writeText(`dataset:\n  source: ${picked.source}\n`);
    void vscode.window.showInformationMessage(`Copied "source: ${picked.source}" to the clipboard.`);
  }
}

/** "SCANN: Show Runs": the run history; a picked run offers its summary, its folder and its dashboard. */
export async function showRuns(stores: RunStore[], summaries: RunSummaryDocuments): Promise<void> {
  const r = await pickRun(stores, 'SCANN runs');
  if (!r) return;
  const actions = [
    { label: '$(preview) Show summary', id: 'summary' },
    { label: '$(folder-opened) Open run folder', id: 'folder' },
  ];
  if ((await vscode.commands.getCommands(true)).includes('scann.openDashboard')) {
    actions.unshift({ label: '$(graph) Open dashboard', id: 'dashboard' });
  }
  const action = await vscode.window.showQuickPick(actions, { title: r.meta.name });
  if (!action) return;
  if (action.id === 'dashboard') {
    await vscode.commands.executeCommand('scann.openDashboard', r.meta.runId);
  } else if (action.id === 'folder') {
    await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(r.store.dir(r.meta.runId)));
  } else {
    const result = await r.store.readResult(r.meta.runId);
    const content = result
      ? markdownSummary(result)
      : `### ${r.meta.name}\n\n${r.meta.status}${r.meta.message ? `: ${r.meta.message}` : ''}\n`;
    await summaries.show(r.meta.runId, r.meta.name, content);
  }
}
