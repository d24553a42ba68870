import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatIssue } from '../../protocol/configText';
import { markdownCodeBlock } from '../../protocol/markdown';
import { CONFIG_LANGUAGE_ID, cellName, MARKDOWN_MIME, RUN_MIME } from '../../protocol/notebook';
import { decimate, errorOutput, MAX_SAVED_EPOCHS, runOutput, type LiveRunPayload } from '../../protocol/runOutput';
import { epochProgress } from '../runs/progress';
import type { Run } from '../runs/run';
import type { RunManager } from '../runs/runManager';
import { newRunId } from '../../node/runMeta';
import { configForRun } from '../settings';
import { toVsOutput } from './outputs';
import { NOTEBOOK_TYPE } from './serializer';

/**
 * Live outputs are replaced at most this often. Each replacement re-renders the output in the workbench (the
 * renderer parses the payload and redraws its charts and architecture on the editor's UI thread): at 4/s a long
 * run kept the workbench and, through it, the extension host "unresponsive" on a busy machine. Once a second
 * still reads as live.
 */
const OUTPUT_INTERVAL_MS = 1000;

/**
 * The "SCANN" kernel: running a config cell validates it, queues a run in the run manager (a forked engine
 * process) and streams its progress into the cell's output until the run ends.
 */
export class ScannController implements vscode.Disposable {
  readonly controller: vscode.NotebookController;
  private order = 0;

  constructor(private readonly runs: RunManager) {
    this.controller = vscode.notebooks.createNotebookController('scann-controller', NOTEBOOK_TYPE, 'SCANN');
    this.controller.supportedLanguages = [CONFIG_LANGUAGE_ID];
    this.controller.supportsExecutionOrder = true;
    this.controller.description = 'Synthesizes networks in a background engine process';
    this.controller.executeHandler = (cells, notebook) => this.execute(cells, notebook);
    this.controller.interruptHandler = (notebook) => {
      this.runs.cancelAll((r) => r.request.notebook?.uri === notebook.uri.toString());
    };
  }

  private async execute(cells: vscode.NotebookCell[], notebook: vscode.NotebookDocument): Promise<void> {
    const existing = notebook.getCells().map((c) => c.executionSummary?.executionOrder ?? 0);
    this.order = Math.max(this.order, ...existing);
    await Promise.all(
      cells.filter((c) => c.kind === vscode.NotebookCellKind.Code).map((c) => this.executeCell(c, notebook)),
    );
  }

  private async executeCell(cell: vscode.NotebookCell, notebook: vscode.NotebookDocument): Promise<void> {
    const execution = this.controller.createNotebookCellExecution(cell);
    execution.executionOrder = ++this.order;
    execution.start(Date.now());
    const fail = async (markdown: string): Promise<void> => {
      await execution.replaceOutput([
        new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.text(markdown, MARKDOWN_MIME)]),
      ]);
      execution.end(false, Date.now());
    };
    if (!vscode.workspace.isTrusted) {
      await fail(
        '**SCANN runs are disabled in untrusted workspaces.** Trust this workspace to run syntheses; saved results still display.',
      );
      return;
    }
    let run: Run;
    try {
      const text = cell.document.getText();
      const baseDir = datasetBaseDir(notebook);
      const parsed = configForRun(text);
      if (!parsed.config) {
        await fail(`**Invalid config**\n\n${markdownCodeBlock(parsed.issues.map(formatIssue).join('\n'))}`);
        return;
      }
      const name = cellName({ kind: 'config', source: text }, cell.index);
      run = this.runs.enqueue({
        runId: newRunId(),
        name,
        configText: text,
        config: parsed.config,
        baseDir,
        notebook: { uri: notebook.uri.toString(), cellIndex: cell.index },
      });
    } catch (err) {
      // A started execution must always end: an exception here would leave the cell spinning forever.
      await fail(
        `**SCANN could not start this run**\n\n${markdownCodeBlock(err instanceof Error ? err.message : String(err))}`,
      );
      return;
    }
    execution.token.onCancellationRequested(() => this.runs.cancel(run));
    await this.stream(run, execution);
  }

  private async stream(run: Run, execution: vscode.NotebookCellExecution): Promise<void> {
    // One live write at a time: if rendering falls behind, newer states replace older ones instead of queueing,
    // so the final output never waits behind a backlog of stale ones.
    let dirty = true;
    let writing: Promise<void> | undefined;
    const flush = (): void => {
      // Once a cancel is asked for, the next output worth drawing is the final one: a live write started now would
      // sit in front of it, and on a loaded machine the workbench takes seconds to draw each.
      if (!dirty || writing || run.cancelRequested) return;
      dirty = false;
      // Decimated like saved outputs, so a long run's live output stays small however many epochs it has.
      const payload: LiveRunPayload = {
        ...run.live,
        history: [...run.live.history],
        epochs: decimate(run.live.epochs, MAX_SAVED_EPOCHS),
      };
      writing = Promise.resolve(execution.replaceOutput([liveOutput(payload)])).then(
        () => (writing = undefined),
        () => (writing = undefined),
      );
    };
    flush();
    const sub = run.onEvent(() => (dirty = true));
    const timer = setInterval(flush, OUTPUT_INTERVAL_MS);
    const outcome = await run.outcome;
    clearInterval(timer);
    sub.dispose();
    await writing;
    if (outcome.status === 'failed') {
      // The engine's message says what went wrong and what to change; an Error item would add the extension's
      // own stack trace, which tells the user nothing.
      await execution.replaceOutput([toVsOutput(errorOutput(outcome.message))]);
      execution.end(false, Date.now());
    } else if (outcome.result) {
      await execution.replaceOutput([toVsOutput(runOutput(outcome.result, run.id))]);
      // A cancelled run kept its best network: it ends without a success or failure mark (undefined), as an
      // interrupted execution does, not with the red mark and "Go To" button of a failed cell.
      execution.end(outcome.status === 'done' ? true : undefined, Date.now());
      if (outcome.status === 'done') void vscode.commands.executeCommand('setContext', 'scann.hasFinishedRun', true);
    } else {
      await execution.replaceOutput([
        new vscode.NotebookCellOutput([
          vscode.NotebookCellOutputItem.text(
            `**${run.request.name}: cancelled** ${outcome.lost ?? 'before the baseline finished'}; nothing to show.`,
            MARKDOWN_MIME,
          ),
        ]),
      ]);
      execution.end(undefined, Date.now());
    }
  }

  dispose(): void {
    this.controller.dispose();
  }
}

function liveOutput(p: LiveRunPayload): vscode.NotebookCellOutput {
  const done = p.epochsDone;
  const lines = [`**${p.name}**: ${p.status}, ${epochProgress(done, p.plannedEpochs)}`];
  const step = p.history[p.history.length - 1];
  if (step)
    lines.push(
      `step ${step.step} (${step.op}): ${step.connections} connections, validation ${(100 * step.validationAccuracy).toFixed(2)}%`,
    );
  return new vscode.NotebookCellOutput([
    vscode.NotebookCellOutputItem.json(p, RUN_MIME),
    vscode.NotebookCellOutputItem.text(lines.join('\n\n'), MARKDOWN_MIME),
  ]);
}

/** `scann.datasetsFolder` when set (relative to the workspace), else the notebook's folder. */
export function datasetBaseDir(notebook: vscode.NotebookDocument): string {
  const folder =
    vscode.workspace.getWorkspaceFolder(notebook.uri)?.uri.fsPath ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const setting = vscode.workspace.getConfiguration('scann').get<string>('datasetsFolder', '');
  if (setting) return path.resolve(folder ?? process.cwd(), setting);
  if (notebook.uri.scheme === 'file') return path.dirname(notebook.uri.fsPath);
  return folder ?? process.cwd();
}
