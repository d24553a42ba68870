/**
 * Activation wiring only: every feature lives in its own module (notebook/, runs/, language/, commands/).
 */
/** Set by the bundle's first line (esbuild.mjs); falls back to this module's own evaluation. */
const loadedAt = (globalThis as { __scannLoadStart?: number }).__scannLoadStart ?? Date.now();

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExportArgs } from './commands/export';
import type { ExportReportArgs } from './commands/exportReport';
import type { SaveFigureContext } from './commands/saveFigure';
import { isRendererToHost } from '../protocol/messageGuards';
import { cancelRun, openRunFolder, pickRun, showDatasets, showRuns } from './commands/runs';
import { newNotebook } from './commands/starter';
import { RunSummaryDocuments } from './commands/summaryDocuments';
import { registerConfigAssist } from './language/assist';
import { ConfigDiagnostics } from './language/diagnostics';
import { ScannController } from './notebook/controller';
import { ComparePanel } from './panels/comparePanel';
import { DashboardPanels } from './panels/dashboardPanel';
import { registerSaveLock } from './notebook/saveLock';
import { NOTEBOOK_TYPE, ScannSerializer } from './notebook/serializer';
import type { RunRequest } from './runs/run';
import { RunManager } from './runs/runManager';
import { RunStore } from '../node/runStore';
import { RunStatusBar } from './runs/statusBar';
import { enginePriority, maxConcurrentRuns } from './settings';

/** What the extension hands to other extensions and to its own tests. */
export interface ScannApi {
  /** Milliseconds from module load to the end of `activate`. */
  activationMs: number;
  runs: RunManager;
  stores(): RunStore[];
  compare: ComparePanel;
}

export function activate(context: vscode.ExtensionContext): ScannApi {
  const log = vscode.window.createOutputChannel('SCANN', { log: true });
  const dataDir = context.asAbsolutePath('data');
  // Reports are written by the bundled `scann` command (the same code as the CLI), run in a child process.
  const cliPath = context.asAbsolutePath(path.join('dist', 'cli.js'));
  // A corrupt run folder is skipped; say so once per problem, not on every listing of the run history.
  const reported = new Set<string>();
  const reportProblem = (message: string): void => {
    if (reported.has(message)) return;
    reported.add(message);
    log.warn(`run store: ${message}`);
  };
  const storeFor = (folder: string): RunStore => new RunStore(path.join(folder, '.scann', 'runs'), reportProblem);
  const stores = (): RunStore[] => {
    const folders = vscode.workspace.workspaceFolders?.map((f) => f.uri.fsPath) ?? [];
    return (folders.length ? folders : [context.globalStorageUri.fsPath]).map(storeFor);
  };
  const storeForRequest = (r: RunRequest): RunStore => {
    const uri = r.notebook ? vscode.Uri.parse(r.notebook.uri) : undefined;
    const folder =
      (uri && vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath) ??
      vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    return storeFor(folder ?? context.globalStorageUri.fsPath);
  };
  const runs = new RunManager({
    enginePath: context.asAbsolutePath(path.join('dist', 'engine.js')),
    dataDir,
    log,
    storeFor: storeForRequest,
    maxConcurrent: maxConcurrentRuns,
    enginePriority,
  });
  const controller = new ScannController(runs);
  const dashboards = new DashboardPanels(context.extensionUri, runs, stores, log);
  const compare = new ComparePanel(context.extensionUri, stores);
  const summaries = new RunSummaryDocuments();
  const openDashboard = async (runId?: string): Promise<void> => {
    const id = runId ?? (await pickRun(stores(), 'Open the dashboard of which run?'))?.meta.runId;
    if (id) dashboards.open(id, runs.active.find((r) => r.id === id)?.request.name);
  };
  const figureContext: SaveFigureContext = { cliPath, stores, dashboardRun: () => dashboards.activeRunId() };
  // The notebook renderer's "Open dashboard" link.
  const rendererMessages = vscode.notebooks.createRendererMessaging('scann-renderer');
  // Menus and the cancel command are enabled only while something runs.
  runs.onDidChange(
    () => void vscode.commands.executeCommand('setContext', 'scann.hasActiveRun', runs.active.length > 0),
  );
  context.subscriptions.push(
    log,
    runs,
    controller,
    new RunStatusBar(runs),
    new ConfigDiagnostics(),
    registerConfigAssist(dataDir),
    vscode.workspace.registerNotebookSerializer(NOTEBOOK_TYPE, new ScannSerializer(), { transientOutputs: false }),
    registerSaveLock(log),
    dashboards,
    compare,
    summaries,
    rendererMessages.onDidReceiveMessage((e) => {
      if (isRendererToHost(e.message) && e.message.type === 'openDashboard') void openDashboard(e.message.runId);
    }),
    vscode.commands.registerCommand('scann.openDashboard', (runId?: string) => openDashboard(runId)),
    vscode.commands.registerCommand('scann.compareRuns', (runIds?: string[]) => compare.open(runIds)),
    vscode.commands.registerCommand('scann.newNotebook', () => newNotebook()),
    vscode.commands.registerCommand('scann.runAll', () => vscode.commands.executeCommand('notebook.execute')),
    vscode.commands.registerCommand('scann.cancelRun', () => cancelRun(runs)),
    vscode.commands.registerCommand('scann.showRuns', () => showRuns(stores(), summaries)),
    vscode.commands.registerCommand('scann.openRunFolder', () => openRunFolder(stores())),
    vscode.commands.registerCommand('scann.showDatasets', () => showDatasets(dataDir)),
    // Exports pull in the format writers (TF.js included): loaded on first use, not at activation.
    vscode.commands.registerCommand('scann.exportModel', async (args?: ExportArgs) =>
      (await import('./commands/export')).exportRunModel(stores(), args),
    ),
    vscode.commands.registerCommand('scann.exportNotebookHtml', async (args?: ExportReportArgs) =>
      (await import('./commands/exportReport')).exportNotebookReport(cliPath, 'html', args),
    ),
    vscode.commands.registerCommand('scann.saveFigure', async (arg?: unknown) =>
      (await import('./commands/saveFigure')).saveFigure(figureContext, arg),
    ),
    vscode.commands.registerCommand('scann.exportNotebookMarkdown', async (args?: ExportReportArgs) =>
      (await import('./commands/exportReport')).exportNotebookReport(cliPath, 'md', args),
    ),
  );
  const activationMs = Date.now() - loadedAt;
  log.info(`SCANN activated in ${activationMs} ms`);
  return { activationMs, runs, stores, compare };
}

export function deactivate(): void {
  // Disposables registered on the context stop every run (RunManager.dispose cancels them).
}
