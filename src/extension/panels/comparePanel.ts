import * as vscode from 'vscode';
import { MessageChannel } from '../../protocol/channel';
import { isCompareToHost } from '../../protocol/messageGuards';
import type { CompareState, CompareToHost, HostToCompare } from '../../protocol/messages';
import { runSummary, type RunSummary } from '../../protocol/runSummary';
import { COMPARE_VIEW_TYPE } from './bundles';
import type { RunStore } from '../../node/runStore';
import { type CompareChoice, compareChoices } from '../runs/compareChoices';
import type { RunMeta } from '../../node/runMeta';
import { panelHtml, panelIcon, panelOptions } from './webviewShell';

/**
 * The compare view: finished runs side by side (table, Pareto plots). Opening it without run ids asks which runs
 * to compare (newest first, several at once) rather than showing the whole history. The webview asks for the runs
 * to show (restored ids after a reload, or a pick from the run history without the runs it shows) and hands
 * exports back to be saved.
 */
export class ComparePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly serializer: vscode.Disposable;
  private initial: string[] = [];
  private channel: MessageChannel<HostToCompare, CompareToHost> | undefined;
  /** The run picker while it is open (the extension's tests drive it). */
  activePicker: vscode.QuickPick<vscode.QuickPickItem & { runId: string }> | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly stores: () => RunStore[],
  ) {
    this.serializer = vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, _state: CompareState | undefined) => this.attach(panel),
    });
  }

  /**
   * Opens the compare view with the given runs, or with the runs the user picks when none are given (nothing
   * opens when the pick is cancelled). An open view is shown with the new runs.
   */
  async open(runIds?: string[]): Promise<vscode.WebviewPanel | undefined> {
    const ids = runIds ?? (await this.pickIds(new Set(), 'Compare which runs?'));
    if (ids.length === 0 && !runIds) {
      this.panel?.reveal();
      return this.panel;
    }
    this.initial = ids;
    if (this.panel) {
      this.panel.reveal();
      this.channel?.notify({ type: 'runs', runs: await this.summaries(ids) });
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
    const created = new Map((await this.metas()).map((m) => [m.runId, m.createdAt] as const));
    const out: RunSummary[] = [];
    for (const id of ids) {
      for (const store of this.stores()) {
        const r = await store.readResult(id);
        if (r) {
          out.push(runSummary(r, id, created.get(id)));
          break;
        }
      }
    }
    return out;
  }

  private async metas(): Promise<RunMeta[]> {
    return (await Promise.all(this.stores().map((s) => s.list()))).flat();
  }

  /** Lets the user pick finished runs, newest first, leaving out `exclude`; [] when cancelled or none left. */
  private async pickIds(exclude: ReadonlySet<string>, title: string): Promise<string[]> {
    const choices = compareChoices(await this.metas(), exclude);
    if (choices.length === 0) {
      void vscode.window.showInformationMessage(
        exclude.size > 0 ? 'Every finished run is already in the comparison.' : 'No finished runs to compare yet.',
      );
      return [];
    }
    const qp = vscode.window.createQuickPick<CompareChoice>();
    qp.title = title;
    qp.placeholder = 'Newest first: pick one or more runs';
    qp.canSelectMany = true;
    // A multi-select pick is built up over several clicks: a focus change (an editor closing, a notification)
    // must not throw the selection away.
    qp.ignoreFocusOut = true;
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    qp.items = choices;
    this.activePicker = qp;
    return new Promise((resolve) => {
      let accepted = false;
      qp.onDidAccept(() => {
        accepted = true;
        if (this.activePicker === qp) this.activePicker = undefined;
        resolve(qp.selectedItems.map((c) => c.runId));
        qp.hide();
      });
      qp.onDidHide(() => {
        if (!accepted) resolve([]);
        if (this.activePicker === qp) this.activePicker = undefined;
        qp.dispose();
      });
      qp.show();
    });
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.iconPath = panelIcon(this.extensionUri, 'compare');
    panel.webview.options = panelOptions(this.extensionUri);
    panel.webview.html = panelHtml(panel.webview, this.extensionUri, 'compare', 'SCANN: Compare Runs');
    const channel: MessageChannel<HostToCompare, CompareToHost> = new MessageChannel<HostToCompare, CompareToHost>(
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
            return {
              type: 'pickedRuns',
              runs: await this.summaries(await this.pickIds(new Set(m.exclude ?? []), 'Add runs to the comparison')),
            };
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
    this.channel = channel;
    const receiving = panel.webview.onDidReceiveMessage((data: unknown) => void channel.receive(data));
    panel.onDidDispose(() => {
      channel.dispose();
      if (this.channel === channel) this.channel = undefined;
      receiving.dispose();
      if (this.panel === panel) this.panel = undefined;
    });
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
