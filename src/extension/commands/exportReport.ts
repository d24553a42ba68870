/**
 * "SCANN: Export Notebook as HTML" / "...as Markdown": the open notebook (as it is in the editor, unsaved edits
 * included) through `scann report`, the same code as on the command line: the extension runs the bundled CLI
 * (dist/cli.js) in a child process, which also keeps the report code and its server-side DOM out of the extension
 * host. A progress notification can cancel it; the end offers Open and Reveal.
 */
import { fork } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { NOTEBOOK_TYPE, notebookText } from '../notebook/serializer';

export type ReportFormat = 'html' | 'md';

/** Arguments for scripted use (and tests); without them the command asks. */
export interface ExportReportArgs {
  notebook?: vscode.Uri;
  /** The HTML file, or the Markdown report's folder. */
  out: string;
  includeConfig?: boolean;
  datasetPaths?: boolean;
}

const OPTION_ITEMS = [
  { label: 'Leave out config text', description: 'only the cells’ results', key: 'no-config' },
  {
    label: 'Leave out dataset paths',
    description: 'file paths of datasets become “(path omitted)”',
    key: 'no-dataset-paths',
  },
] as const;

function targetNotebook(uri: vscode.Uri | undefined): vscode.NotebookDocument | undefined {
  if (uri) return vscode.workspace.notebookDocuments.find((d) => d.uri.toString() === uri.toString());
  const active = vscode.window.activeNotebookEditor?.notebook;
  return active?.notebookType === NOTEBOOK_TYPE ? active : undefined;
}

/** Runs the bundled CLI; resolves with the files it wrote (one per stdout line), rejects with its message. */
function runCli(cliPath: string, args: string[], token: vscode.CancellationToken): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = fork(cliPath, args, {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      execArgv: [],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const cancel = token.onCancellationRequested(() => child.kill());
    child.on('error', (err) => {
      cancel.dispose();
      reject(err);
    });
    child.on('exit', (code, signal) => {
      cancel.dispose();
      if (token.isCancellationRequested) reject(new vscode.CancellationError());
      else if (code === 0) resolve(stdout.split('\n').filter((l) => l.trim() !== ''));
      else reject(new Error(stderr.trim().replace(/^scann: /, '') || `scann report exited with ${code ?? signal}`));
    });
  });
}

async function ask(doc: vscode.NotebookDocument, format: ReportFormat): Promise<ExportReportArgs | undefined> {
  const stem = doc.uri.fsPath.replace(/\.scann$/i, '');
  let out: string | undefined;
  if (format === 'html') {
    const uri = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(`${stem}.html`),
      filters: { 'HTML report': ['html'] },
      title: 'Export notebook as HTML',
    });
    out = uri?.fsPath;
  } else {
    const uri = await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      canSelectMany: false,
      defaultUri: vscode.Uri.file(path.dirname(stem)),
      openLabel: 'Write README.md and figures here',
      title: 'Export notebook as Markdown',
    });
    out = uri?.[0] ? path.join(uri[0].fsPath, `${path.basename(stem)}-report`) : undefined;
  }
  if (!out) return undefined;
  const picked = await vscode.window.showQuickPick(
    OPTION_ITEMS.map((o) => ({ ...o })),
    { canPickMany: true, title: 'Report options (none picked: everything is included)' },
  );
  if (!picked) return undefined;
  return {
    notebook: doc.uri,
    out,
    includeConfig: !picked.some((p) => p.key === 'no-config'),
    datasetPaths: !picked.some((p) => p.key === 'no-dataset-paths'),
  };
}

export async function exportNotebookReport(
  cliPath: string,
  format: ReportFormat,
  args?: ExportReportArgs,
): Promise<string[] | undefined> {
  const doc = targetNotebook(args?.notebook);
  if (!doc) {
    void vscode.window.showErrorMessage('SCANN: open a SCANN notebook (.scann) to export it.');
    return undefined;
  }
  const opts = args ?? (await ask(doc, format));
  if (!opts) return undefined;
  const name = path.basename(doc.uri.fsPath || doc.uri.path);
  // The CLI reads a file: the editor's current state goes to a private temp copy under the notebook's own name.
  const tmp = await fs.mkdtemp(path.join(tmpdir(), 'scann-report-'));
  try {
    const input = path.join(tmp, name.endsWith('.scann') ? name : `${name}.scann`);
    await fs.writeFile(input, notebookText(doc));
    const cliArgs = ['report', input, '--format', format, '-o', opts.out];
    if (opts.includeConfig === false) cliArgs.push('--no-config');
    if (opts.datasetPaths === false) cliArgs.push('--no-dataset-paths');
    const files = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `SCANN: exporting ${name} as ${format === 'html' ? 'HTML' : 'Markdown'}`,
        cancellable: true,
      },
      (_progress, token) => runCli(cliPath, cliArgs, token),
    );
    const main = files[0] ?? opts.out;
    if (!args) void offerOpen(main, format);
    return files;
  } catch (err) {
    if (err instanceof vscode.CancellationError) return undefined;
    void vscode.window.showErrorMessage(`SCANN: export failed: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

async function offerOpen(file: string, format: ReportFormat): Promise<void> {
  const open = 'Open';
  const reveal = 'Reveal';
  const choice = await vscode.window.showInformationMessage(`SCANN: report written to ${file}`, open, reveal);
  const uri = vscode.Uri.file(file);
  if (choice === open) {
    // An HTML report is for a browser (it has no place in an editor tab); Markdown opens in VS Code's preview.
    if (format === 'html') await vscode.env.openExternal(uri);
    else await vscode.commands.executeCommand('markdown.showPreview', uri);
  } else if (choice === reveal) {
    await vscode.commands.executeCommand('revealFileInOS', uri);
  }
}
