import * as vscode from 'vscode';
import { epochProgress, progressPercent } from './progress';
import { progressMessage, type RunManager } from './runManager';

/**
 * One status bar item while runs are queued or going: the current run, how far it is, its accuracy and
 * connections. This is the run's progress outside its cell; it covers nothing.
 */
export class RunStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('scann.runs', vscode.StatusBarAlignment.Left, 50);
  private readonly sub: vscode.Disposable;

  constructor(private readonly runs: RunManager) {
    this.item.name = 'SCANN runs';
    this.item.command = 'scann.showRuns';
    this.sub = runs.onDidChange(() => this.update());
  }

  private update(): void {
    const active = this.runs.active;
    const current = active.find((r) => r.status === 'running');
    if (!current) {
      this.item.hide();
      return;
    }
    const l = current.live;
    const last = l.epochs[l.epochs.length - 1];
    const step = l.history[l.history.length - 1];
    const parts = [`$(sync~spin) SCANN ${l.name}`];
    if (l.plannedEpochs !== undefined) parts.push(`${Math.floor(progressPercent(l.epochsDone, l.plannedEpochs))}%`);
    if (last) parts.push(`${(100 * last.validationAccuracy).toFixed(1)}%`);
    if (step) parts.push(`${step.connections.toLocaleString('en-US')} conns`);
    this.item.text = parts.join(' · ');
    const queued = active.length - 1;
    this.item.tooltip =
      `${progressMessage(current)}; ${epochProgress(l.epochsDone, l.plannedEpochs)}` +
      `${queued > 0 ? `; ${queued} more queued` : ''}. Click for the run history.`;
    this.item.show();
  }

  dispose(): void {
    this.sub.dispose();
    this.item.dispose();
  }
}
