/**
 * "SCANN: Export Notebook as HTML" / "...as Markdown": the open notebook (as it is in the editor, unsaved edits
 * included) through `scann report`, the same code as on the command line: the extension runs the bundled CLI
 * (dist/cli.js) in a child process, which also keeps the report code and its server-side DOM out of the extension
 * host. A progress notification can cancel it; the end offers Open and Reveal.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { NOTEBOOK_TYPE } from '../notebook/serializer';
import { offerOpen, runCliWithProgress } from './cliProcess';
import { withNotebookCopy } from './notebookCopy';

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
  try {
    const files = await withNotebookCopy(doc, (input) => {
      const cliArgs = ['report', input, '--format', format, '-o', opts.out];
      if (opts.includeConfig === false) cliArgs.push('--no-config');
      if (opts.datasetPaths === false) cliArgs.push('--no-dataset-paths');
      return runCliWithProgress(
        cliPath,
        cliArgs,
        `SCANN: exporting ${name} as ${format === 'html' ? 'HTML' : 'Markdown'}`,
      );
    });
    const main = files[0] ?? opts.out;
    // An HTML report is for a browser (it has no place in an editor tab); Markdown opens in VS Code's preview.
    if (!args) {
      void offerOpen(main, `SCANN: report written to ${main}`, (uri) =>
        format === 'html' ? vscode.env.openExternal(uri) : vscode.commands.executeCommand('markdown.showPreview', uri),
      );
    }
    return files;
  } catch (err) {
    if (err instanceof vscode.CancellationError) return undefined;
    void vscode.window.showErrorMessage(`SCANN: export failed: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}
