import * as vscode from 'vscode';

export const SUMMARY_SCHEME = 'scann-summary';

/**
 * Run summaries as read-only documents (`scann-summary:` URIs): "Show summary" opens one in the markdown preview.
 * An untitled document would do the same but count as unsaved, and ask to be saved when closed.
 */
export class RunSummaryDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(SUMMARY_SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** Shows `markdown` as the summary of run `runId`, titled `name`. */
  async show(runId: string, name: string, markdown: string): Promise<vscode.Uri> {
    const uri = vscode.Uri.from({ scheme: SUMMARY_SCHEME, path: `/${runId}/${name.replace(/[\\/]/g, '-')}.md` });
    this.texts.set(uri.toString(), markdown);
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    if ((await vscode.commands.getCommands(true)).includes('markdown.showPreview')) {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } else {
      await vscode.window.showTextDocument(doc, { preview: true });
    }
    return uri;
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
