import { isRunId } from '../../protocol/runId';
import * as vscode from 'vscode';
import type { RunEvent } from '../../protocol/events';
import { MessageChannel } from '../../protocol/channel';
import { isDashboardToHost } from '../../protocol/messageGuards';
import type { DashboardState, DashboardToHost, HostToDashboard } from '../../protocol/messages';
import { DASHBOARD_VIEW_TYPE } from './bundles';
import { CorruptRunError } from '../../node/eventLog';
import type { RunManager } from '../runs/runManager';
import type { RunStore } from '../../node/runStore';
import { panelHtml, panelIcon, panelOptions } from './webviewShell';

/**
 * Live events go to a dashboard in batches, at most this often: each batch is folded and redrawn in the webview,
 * on the same UI thread as the editor in a browser workbench, so fewer, larger batches cost the editor less.
 */
const BATCH_MS = 500;

/**
 * One dashboard panel per run. A running run streams its events (what the panel missed first, then batches); a
 * finished one is read from the run store. Panels come back after a window reload through the serializer, which
 * gets the run id from the webview's saved state.
 */
export class DashboardPanels implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();
  private readonly serializer: vscode.Disposable;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly runs: RunManager,
    private readonly stores: () => RunStore[],
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.serializer = vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: DashboardState | undefined) => this.attach(panel, state?.runId),
    });
  }

  /** The run of the dashboard panel in front, if a dashboard is (for commands run from its title bar). */
  activeRunId(): string | undefined {
    for (const [runId, panel] of this.panels) if (panel.active) return runId;
    return undefined;
  }

  /** Opens (or reveals) the dashboard of a run. */
  open(runId: string, name = runId): vscode.WebviewPanel {
    const existing = this.panels.get(runId);
    if (existing) {
      existing.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      DASHBOARD_VIEW_TYPE,
      `SCANN: ${name}`,
      vscode.ViewColumn.Beside,
      panelOptions(this.extensionUri),
    );
    this.attach(panel, runId);
    return panel;
  }

  private attach(panel: vscode.WebviewPanel, initialRunId: string | undefined): void {
    panel.iconPath = panelIcon(this.extensionUri, 'dashboard');
    panel.webview.options = panelOptions(this.extensionUri);
    panel.webview.html = panelHtml(panel.webview, this.extensionUri, 'dashboard', 'SCANN run');
    let runId = initialRunId;
    if (runId) this.panels.set(runId, panel);
    /** The live run's event subscription, replaced when the panel is re-targeted. */
    const subs: vscode.Disposable[] = [];
    let queue: RunEvent[] = [];
    let timer: NodeJS.Timeout | undefined;
    const channel = new MessageChannel<HostToDashboard, DashboardToHost>(
      (envelope) => void panel.webview.postMessage(envelope),
      async (m) => {
        if (m.type === 'error') {
          this.log.warn(`dashboard: ${m.message}`);
          return;
        }
        // `ready` is a notification, so `init` goes back as one too (a reply would find no request waiting).
        const init = await this.initFor(m.runId ?? runId, panel, subs, (e) => {
          queue.push(e);
          timer ??= setTimeout(flush, BATCH_MS);
        });
        if (!init) return;
        runId = init.runId;
        channel.notify(init);
      },
      isDashboardToHost,
    );
    const flush = (): void => {
      timer = undefined;
      if (queue.length) channel.notify({ type: 'events', runId, events: queue });
      queue = [];
    };
    const receiving = panel.webview.onDidReceiveMessage((data: unknown) => void channel.receive(data));
    panel.onDidDispose(() => {
      if (timer) clearTimeout(timer);
      channel.dispose();
      receiving.dispose();
      subs.forEach((s) => s.dispose());
      if (runId && this.panels.get(runId) === panel) this.panels.delete(runId);
    });
  }

  /** The `init` for a run, subscribing the panel to its events while it runs. */
  private async initFor(
    runId: string | undefined,
    panel: vscode.WebviewPanel,
    subs: vscode.Disposable[],
    onLiveEvent: (e: RunEvent) => void,
  ): Promise<Extract<HostToDashboard, { type: 'init' }> | undefined> {
    // The id may come from a notebook output or a restored panel state: only a real id may name a folder.
    if (!runId || !isRunId(runId)) return undefined;
    this.panels.set(runId, panel);
    subs.forEach((s) => s.dispose());
    subs.length = 0;
    const live = this.runs.active.find((r) => r.id === runId);
    if (live) {
      panel.title = `SCANN: ${live.request.name}`;
      subs.push(live.onEvent(onLiveEvent));
      return { type: 'init', runId, name: live.request.name, events: [...live.events] };
    }
    for (const store of this.stores()) {
      const meta = await store.readMeta(runId);
      if (!meta) continue;
      panel.title = `SCANN: ${meta.name}`;
      const [events, result] = await Promise.all([this.eventsOf(store, runId), store.readResult(runId)]);
      return { type: 'init', runId, name: meta.name, events, ...(result ? { result } : {}) };
    }
    return { type: 'init', runId, name: runId, events: [] };
  }

  /** A run's saved events; none when its event log is corrupt (then the dashboard shows the result alone). */
  private async eventsOf(store: RunStore, runId: string): Promise<RunEvent[]> {
    try {
      return await store.readEvents(runId);
    } catch (err) {
      if (!(err instanceof CorruptRunError)) throw err;
      this.log.warn(`dashboard: ${err.message}`);
      void vscode.window.showWarningMessage(`SCANN: the event log of run ${runId} is corrupt (${err.message}).`);
      return [];
    }
  }

  dispose(): void {
    this.serializer.dispose();
    for (const p of this.panels.values()) p.dispose();
  }
}
