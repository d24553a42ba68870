/**
 * Sweep cells on this machine: a 2 x 2 grid on iris with few epochs runs as four runs of the run queue, the cell
 * shows the sweep output (jobs, then the summary) and its markdown summary, every job has its tagged run folder
 * and the sweep its record; Compare Runs offers the sweep as one choice; a second sweep is cancelled from the
 * notebook. Runs last: it adds runs to the workspace's history.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import type { SweepPayload } from '../../../src/protocol/sweepOutput';
import { activateExtension, frameTexts, screenshot, until, workspaceDir } from './helpers';

const SWEEP_MIME = 'application/vnd.scann.sweep+json';

const GRID = `name: iris-grid
dataset: { source: builtin:iris }
seed: 3
iterations: 1
baseline: { epochs: 5 }
train: { epochs: 2 }
sweep:
  grid:
    scheme: [B, C]
    train.epochs: [1, 2]
`;

/** Long enough to be cancelled mid-way: three repeats of a run of many iterations. */
const LONG = `name: iris-long
dataset: { source: builtin:iris }
seed: 5
iterations: 400
baseline: { epochs: 40 }
train: { epochs: 40 }
sweep:
  grid:
    scheme: [B]
  repeats: 3
`;

function outputOf(cell: vscode.NotebookCell, mime: string): string | undefined {
  for (const o of cell.outputs) for (const i of o.items) if (i.mime === mime) return new TextDecoder().decode(i.data);
  return undefined;
}

function sweepOf(cell: vscode.NotebookCell): SweepPayload | undefined {
  const text = outputOf(cell, SWEEP_MIME);
  return text ? (JSON.parse(text) as SweepPayload) : undefined;
}

async function sweepNotebook(source: string): Promise<vscode.NotebookDocument> {
  const nb = await vscode.workspace.openNotebookDocument(
    'scann-notebook',
    new vscode.NotebookData([new vscode.NotebookCellData(vscode.NotebookCellKind.Code, source, 'scann')]),
  );
  await vscode.window.showNotebookDocument(nb);
  return nb;
}

function runCell(nb: vscode.NotebookDocument): void {
  void vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: 0, end: 1 }] }, nb.uri);
}

const scannDir = (): string => path.join(workspaceDir(), '.scann');

describe('sweep cells', () => {
  before(activateExtension);

  it('runs a 2 x 2 sweep locally: live jobs, then the summary; one tagged run folder per job', async () => {
    const api = await activateExtension();
    const nb = await sweepNotebook(GRID);
    const cell = nb.cellAt(0);
    runCell(nb);
    // While it goes, its jobs are runs of the editor's run queue.
    const live = await until('the sweep to start', () => {
      const p = sweepOf(cell);
      return p && p.jobs.length === 4 ? p : undefined;
    });
    assert.equal(live.backend, 'local');
    assert.deepEqual(live.fields, ['scheme', 'train.epochs']);
    const p = await until(
      'the sweep to finish',
      () => {
        const q = sweepOf(cell);
        return q?.status === 'done' && cell.executionSummary?.success !== undefined ? q : undefined;
      },
      240000,
    );
    assert.equal(cell.executionSummary?.success, true);
    assert.deepEqual(
      p.jobs.map((j) => j.state),
      ['done', 'done', 'done', 'done'],
    );
    assert.ok(
      p.jobs.every((j) => /^local-\d+$/.test(j.worker ?? '')),
      'each job ran in a local slot',
    );
    assert.equal(api.runs.active.length, 0, 'no run left in the queue');

    // The summary: four configurations, each with its test accuracy and connections, and a Pareto front.
    const s = p.summary!;
    assert.equal(s.groups.length, 4);
    assert.deepEqual(
      s.groups.map((g) => [g.values.scheme, g.values['train.epochs'], g.n, g.done]),
      [
        ['B', 1, 1, 1],
        ['B', 2, 1, 1],
        ['C', 1, 1, 1],
        ['C', 2, 1, 1],
      ],
    );
    assert.ok(s.groups.every((g) => g.testAccuracy && g.testAccuracy.mean > 0.3 && g.connections!.mean > 0));
    assert.ok(s.pareto.length >= 1);
    const md = outputOf(cell, 'text/markdown') ?? '';
    assert.match(md, /^### iris-grid \(sweep done\)$/m);
    assert.equal(md.split('\n').filter((l) => /^\| [BC] \| [12] \| 1 \|/.test(l)).length, 4, md);

    // Each job's run folder: the job id as run id, tagged with the sweep, its own config (values applied, seed
    // set, no sweep block), and a result equal to the summary's figures.
    for (const [i, j] of p.jobs.entries()) {
      const dir = path.join(scannDir(), 'runs', j.jobId);
      for (const f of ['config.yaml', 'run.json', 'events.jsonl', 'result.json', 'model.json'])
        assert.ok(existsSync(path.join(dir, f)), `${j.jobId}/${f}`);
      const meta = JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8')) as Record<string, unknown>;
      assert.equal(meta.status, 'done');
      assert.equal(meta.sweepId, p.sweepId);
      assert.equal(meta.jobId, j.jobId);
      const config = parse(readFileSync(path.join(dir, 'config.yaml'), 'utf8')) as Record<string, unknown>;
      assert.equal(config.sweep, undefined);
      assert.equal(config.scheme, j.values.scheme);
      assert.equal((config.train as { epochs: number }).epochs, j.values['train.epochs']);
      assert.equal(config.seed, 3);
      const result = JSON.parse(readFileSync(path.join(dir, 'result.json'), 'utf8')) as {
        final: { testAccuracy: number };
      };
      assert.equal(result.final.testAccuracy, s.runs[i]!.testAccuracy);
    }
    // The sweep's record: the plan and the final job states.
    const record = JSON.parse(readFileSync(path.join(scannDir(), 'sweeps', `${p.sweepId}.json`), 'utf8')) as {
      state: string;
      backend: string;
      statuses: { state: string }[];
    };
    assert.equal(record.state, 'done');
    assert.equal(record.backend, 'local');
    assert.deepEqual(
      record.statuses.map((x) => x.state),
      ['done', 'done', 'done', 'done'],
    );

    if (process.env['SCANN_TEST_HOST_URL']) {
      await until('the sweep summary drawn in the browser', async () =>
        (await frameTexts()).find((t) => t.includes('Swept fields against test accuracy') && t.includes('Pareto')),
      );
      console.log(`      screenshot: ${await screenshot('sweep-cell-summary')}`);
    }

    // Compare Runs offers the sweep as one choice that picks its four runs.
    const opening = vscode.commands.executeCommand<vscode.WebviewPanel | undefined>('scann.compareRuns');
    const picker = await until('the run picker', () => api.compare.activePicker);
    const choice = picker.items.find((i) => i.label === 'Sweep: iris-grid');
    assert.ok(choice, picker.items.map((i) => i.label).join(', '));
    assert.deepEqual(
      choice.runIds,
      p.jobs.map((j) => j.jobId),
    );
    picker.selectedItems = [choice];
    await new Promise((resolve) => setTimeout(resolve, 0));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    assert.ok(await opening, 'the compare view opened');
    if (process.env['SCANN_TEST_HOST_URL']) {
      await until('the compare view to list the sweep runs', async () =>
        (await frameTexts()).find((t) => t.includes('Compare runs') && p.jobs.every((j) => t.includes(j.jobId))),
      );
    }
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('cancelling a sweep cell cancels its jobs: none left running or queued, the cell ends unmarked', async () => {
    const api = await activateExtension();
    const nb = await sweepNotebook(LONG);
    const cell = nb.cellAt(0);
    runCell(nb);
    const running = await until(
      'a job of the sweep to train',
      () => {
        const p = sweepOf(cell);
        return p?.jobs.some((j) => j.state === 'running' && (j.epoch ?? 0) > 0) ? p : undefined;
      },
      120000,
    );
    assert.ok(api.runs.active.some((r) => r.request.sweep?.sweepId === running.sweepId));
    await vscode.commands.executeCommand('notebook.cell.cancelExecution', { ranges: [{ start: 0, end: 1 }] }, nb.uri);
    const p = await until(
      'the sweep to end cancelled',
      () => {
        const q = sweepOf(cell);
        return q?.status === 'cancelled' && cell.executionSummary?.timing?.endTime !== undefined ? q : undefined;
      },
      60000,
    );
    assert.equal(cell.executionSummary?.success, undefined);
    assert.ok(
      p.jobs.every((j) => j.state === 'cancelled' || j.state === 'done'),
      p.jobs.map((j) => j.state).join(),
    );
    assert.ok(p.jobs.some((j) => j.state === 'cancelled'));
    assert.equal(api.runs.active.filter((r) => r.request.sweep?.sweepId === p.sweepId).length, 0);
    assert.match(outputOf(cell, 'text/markdown') ?? '', /\(sweep cancelled\)/);
    const record = JSON.parse(readFileSync(path.join(scannDir(), 'sweeps', `${p.sweepId}.json`), 'utf8')) as {
      state: string;
    };
    assert.equal(record.state, 'cancelled');
    // The job that was training kept its folder, marked cancelled.
    const trained = p.jobs.find((j) => j.worker)!;
    const meta = JSON.parse(readFileSync(path.join(scannDir(), 'runs', trained.jobId, 'run.json'), 'utf8')) as {
      status: string;
    };
    assert.equal(meta.status, 'cancelled');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
