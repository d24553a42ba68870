import * as vscode from 'vscode';
import { MessageChannel } from '../../protocol/channel';
import { isCompareToHost } from '../../protocol/messageGuards';
import type { CompareState, CompareToHost, HostToCompare } from '../../protocol/messages';
import { runSummary, type RunSummary } from '../../protocol/runSummary';
import { COMPARE_VIEW_TYPE } from './bundles';
import type { RunStore } from '../runs/runStore';
import { panelHtml, panelIcon, panelOptions } from './webviewShell';

/**
 * The compare view: finished runs side by side (table, Pareto plots). The webview asks for the runs to show
 * (restored ids after a reload, or a pick from the run history) and hands exports back to be saved.
 */
export class ComparePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly serializer: vscode.Disposable;
  private initial: string[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly stores: () => RunStore[],
  ) {
    this.serializer = vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, _state: CompareState | undefined) => this.attach(panel),
    });
  }

  /** Opens the compare view with the given runs (or every finished run when none are given). */
  async open(runIds?: string[]): Promise<vscode.WebviewPanel> {
    this.initial = runIds ?? (await this.finished()).map((s) => s.runId);
    if (this.panel) {
      this.panel.reveal();
      return this.panel;
    }
    const panel = vscode.window.createWebviewPanel(
      COMPARE_VIEW_TYPE,
      'SCANN: Compare Runs',
      vscode.ViewColumn.Active,
      panelOptions(this.extensionUri),
    );
    this.attach(panel);
    return panel;
  }

  private async summaries(ids: string[]): Promise<RunSummary[]> {
    const out: RunSummary[] = [];
    for (const id of ids) {
      for (const store of this.stores()) {
        const r = await store.readResult(id);
        if (r) {
          out.push(runSummary(r, id));
          break;
        }
      }
    }
    return out;
  }

  private async finished(): Promise<RunSummary[]> {
    const metas = (await Promise.all(this.stores().map((s) => s.list())))
      .flat()
      .filter((m) => m.status === 'done' || m.status === 'cancelled');
    return this.summaries(metas.map((m) => m.runId));
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.iconPath = panelIcon(this.extensionUri, 'compare');
    panel.webview.options = panelOptions(this.extensionUri);
    panel.webview.html = panelHtml(panel.webview, this.extensionUri, 'compare', 'SCANN: Compare Runs');
    const channel = new MessageChannel<HostToCompare, CompareToHost>(
      (envelope) => void panel.webview.postMessage(envelope),
      async (m) => {
        switch (m.type) {
          case 'ready': {
            // `ready` is a notification: the runs go back as one too.
            const ids = m.runIds.length ? m.runIds : this.initial;
            channel.notify({ type: 'runs', runs: await this.summaries(ids) });
            return;
          }
          case 'pickRuns':
            return { type: 'pickedRuns', runs: await this.pick() };
          case 'save':
            return this.save(m.suggestedName, m.encoding, m.data);
          case 'openDashboard':
            await vscode.commands.executeCommand('scann.openDashboard', m.runId);
            return;
          case 'error':
            return;
        }
      },
      isCompareToHost,
    );
    const receiving = panel.webview.onDidReceiveMessage((data: unknown) => void channel.receive(data));
    panel.onDidDispose(() => {
      channel.dispose();
      receiving.dispose();
      if (this.panel === panel) this.panel = undefined;
    });
  }

  private async pick(): Promise<RunSummary[]> {
    const all = await this.finished();
    const picked = await vscode.window.showQuickPick(
      all.map((s) => ({ label: s.name, description: `${s.dataset} · scheme ${s.scheme}`, summary: s })),
      { canPickMany: true, title: 'Add runs to the comparison' },
    );
    return (picked ?? []).map((p) => p.summary);
  }

  private async save(name: string, encoding: 'utf8' | 'base64', data: string): Promise<HostToCompare> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
    });
    if (!target) return { type: 'saved', ok: false, message: 'cancelled' };
    try {
      await vscode.workspace.fs.writeFile(
        target,
        encoding === 'base64' ? Buffer.from(data, 'base64') : Buffer.from(data, 'utf8'),
      );
      return { type: 'saved', ok: true, path: target.fsPath };
    } catch (err) {
      return { type: 'saved', ok: false, message: err instanceof Error ? err.message : String(err) };
    }
  }

  dispose(): void {
    this.serializer.dispose();
    this.panel?.dispose();
  }
}
