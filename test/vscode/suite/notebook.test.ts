import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunResult } from '../../../src/protocol/result';
import { activateExtension, frameTexts, repoDir, screenshot, sleep, until, workspaceDir } from './helpers';
import { watchHostLoad } from './hostLoad';

const RUN_MIME = 'application/vnd.scann.run+json';

function outputOf(cell: vscode.NotebookCell, mime: string): string | undefined {
  for (const o of cell.outputs) for (const i of o.items) if (i.mime === mime) return new TextDecoder().decode(i.data);
  return undefined;
}

function payloadOf(cell: vscode.NotebookCell): (RunResult & { runId?: string }) | { status: string } | undefined {
  const text = outputOf(cell, RUN_MIME);
  return text ? (JSON.parse(text) as RunResult) : undefined;
}

async function openNotebook(name: string): Promise<vscode.NotebookDocument> {
  const nb = await vscode.workspace.openNotebookDocument(vscode.Uri.file(path.join(workspaceDir(), name)));
  await vscode.window.showNotebookDocument(nb);
  return nb;
}

/** Starts a cell; the command itself resolves only when the execution ends, so it is not awaited. */
function runCell(nb: vscode.NotebookDocument, index: number): void {
  void vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: index, end: index + 1 }] }, nb.uri);
}

describe('.scann notebooks', () => {
  before(activateExtension);

  it('opens a .scann file with its markdown and config cells', async () => {
    const nb = await openNotebook('demo.scann');
    assert.equal(nb.notebookType, 'scann-notebook');
    assert.equal(nb.cellCount, 2);
    assert.equal(nb.cellAt(0).kind, vscode.NotebookCellKind.Markup);
    assert.equal(nb.cellAt(1).document.languageId, 'scann');
  });

  it('runs a config cell in an engine process: run output, markdown summary, numbers equal to the CLI', async () => {
    const nb = await openNotebook('demo.scann');
    const cell = nb.cellAt(1);
    runCell(nb, 1);
    const result = await until(
      'the run to finish',
      () => {
        // The final output lands just before the execution ends: wait for both, or a loaded machine sees the gap.
        const p = payloadOf(cell);
        const ended = cell.executionSummary?.success !== undefined;
        return p && p.status === 'done' && ended ? (p as RunResult & { runId?: string }) : undefined;
      },
      120000,
    );
    assert.equal(cell.executionSummary?.success, true);
    assert.ok((cell.executionSummary?.executionOrder ?? 0) >= 1);
    const markdown = outputOf(cell, 'text/markdown') ?? '';
    assert.match(markdown, /\| Connections \| /);
    assert.ok(markdown.includes(result.final.connections.toLocaleString('en-US')));

    // The CLI, given the same config text, computes the same network.
    const yaml = path.join(workspaceDir(), 'same-as-cell.yaml');
    writeFileSync(yaml, cell.document.getText());
    const cli = JSON.parse(
      execFileSync(process.execPath, [path.join(repoDir(), 'dist', 'cli.js'), 'run', '--config', yaml, '--json'], {
        encoding: 'utf8',
      }),
    ) as RunResult;
    assert.equal(result.final.connections, cli.final.connections);
    assert.equal(result.final.testAccuracy, cli.final.testAccuracy);
    assert.equal(result.baseline.testAccuracy, cli.baseline.testAccuracy);

    // The run is stored in the workspace.
    assert.ok(result.runId, 'the output names its run');
    const dir = path.join(workspaceDir(), '.scann', 'runs', result.runId!);
    for (const f of ['config.yaml', 'run.json', 'events.jsonl', 'result.json', 'model.json'])
      assert.ok(existsSync(path.join(dir, f)), `${f} is saved`);
    const meta = JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8')) as {
      status: string;
      connections: number;
    };
    assert.equal(meta.status, 'done');
    assert.equal(meta.connections, result.final.connections);
    const events = readFileSync(path.join(dir, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string });
    assert.equal(events[0]!.type, 'started');
    assert.equal(events[events.length - 1]!.type, 'done');
    assert.ok(events.some((e) => e.type === 'snapshot'));

    // What the browser shows under the cell: our renderer's drawing, not the markdown fallback.
    if (process.env['SCANN_TEST_HOST_URL']) {
      const shown = await until('the renderer output in the browser', async () =>
        (await frameTexts()).find((t) => t.includes('Open dashboard') && t.includes('Architecture')),
      );
      assert.ok(
        shown.includes(result.final.connections.toLocaleString('en-US')),
        'the renderer shows the final connection count',
      );
      console.log(`      screenshot: ${await screenshot('notebook-renderer-after-run')}`);
    }
  });

  it('opens the dashboard of a finished run', async () => {
    const runsDir = path.join(workspaceDir(), '.scann', 'runs');
    const runId = readdirSync(runsDir).find((d) => existsSync(path.join(runsDir, d, 'model.json')));
    await vscode.commands.executeCommand('scann.openDashboard', runId);
    if (process.env['SCANN_TEST_HOST_URL']) {
      const text = await until('the dashboard to draw the run', async () =>
        (await frameTexts()).find((t) => t.includes('iris-quick') && t.includes('Follow live') && /\d+ steps/.test(t)),
      );
      assert.match(text, /done/);
      console.log(`      screenshot: ${await screenshot('dashboard-finished')}`);
    }
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('exports the network of a finished run as C that compiles', async () => {
    const runsDir = path.join(workspaceDir(), '.scann', 'runs');
    const runId = readdirSync(runsDir).find((d) => existsSync(path.join(runsDir, d, 'model.json')));
    assert.ok(runId, 'a finished run exists');
    const outDir = path.join(workspaceDir(), 'exported-c');
    const files = await vscode.commands.executeCommand<string[]>('scann.exportModel', { runId, format: 'c', outDir });
    assert.deepEqual(files.map((f) => path.basename(f)).sort(), ['scann.c', 'scann.h']);
    execFileSync('cc', [
      '-std=c99',
      '-Wall',
      '-Wextra',
      '-Werror',
      '-pedantic',
      '-c',
      files.find((f) => f.endsWith('.c'))!,
      '-o',
      path.join(outDir, 'scann.o'),
    ]);
    assert.ok(existsSync(path.join(outDir, 'scann.o')));
  });

  it('saves outputs into the file so that whoever opens it sees the results', async () => {
    const nb = await openNotebook('demo.scann');
    await nb.save();
    const saved = readFileSync(nb.uri.fsPath, 'utf8');
    assert.ok(saved.includes(RUN_MIME), 'the run output is in the file');
    assert.ok(saved.includes('"text/markdown"'));
    // Someone else's copy: a new file with the same bytes opens with the outputs intact.
    const copy = path.join(workspaceDir(), 'shared-copy.scann');
    writeFileSync(copy, saved);
    const other = await vscode.workspace.openNotebookDocument(vscode.Uri.file(copy));
    const p = payloadOf(other.cellAt(1));
    assert.ok(p && p.status === 'done');
    assert.equal(other.cellAt(1).executionSummary?.success, true);
  });

  it('cancels a long run within a second or two, keeping what it reached', async () => {
    const nb = await openNotebook('long.scann');
    const cell = nb.cellAt(0);
    const hostLoad = watchHostLoad('long-live-run');
    runCell(nb, 0);
    // Wait until the synthesis itself is going (after the baseline), then cancel.
    await until(
      'the synthesis to start',
      () => {
        const p = payloadOf(cell) as { status: string; history?: unknown[] } | undefined;
        return p && p.status === 'running' && (p.history?.length ?? 0) >= 1 ? true : undefined;
      },
      120000,
    );
    const t00 = Date.now();
    const since = (): string => `${((Date.now() - t00) / 1000).toFixed(1)} s`;
    console.log(`      the synthesis started`);
    // The dashboard of the running run receives its events live.
    const live = payloadOf(cell) as { runId: string };
    await vscode.commands.executeCommand('scann.openDashboard', live.runId);
    if (process.env['SCANN_TEST_HOST_URL']) {
      const epochs = async (): Promise<number | undefined> => {
        const t = (await frameTexts()).find(
          (x) => /optdigits-long/.test(x) && x.includes('Follow live') && /\d+ epochs/.test(x),
        );
        const m = t && /(\d+) epochs/.exec(t);
        return m ? Number(m[1]) : undefined;
      };
      const first = await until('the dashboard to show the run', epochs);
      console.log(`      the dashboard showed ${first} epochs ${since()} later`);
      const later = await until('the dashboard to receive more epochs', async () => {
        const n = await epochs();
        return n !== undefined && n > first ? n : undefined;
      });
      console.log(`      dashboard followed the run from ${first} to ${later} epochs`);
      console.log(`      screenshot: ${await screenshot('dashboard-live')}`);
    }
    // A stretch of live run with the notebook output and the dashboard both following it: what the extension host's
    // event loop goes through is printed below (a measurement, not a criterion).
    await sleep(8000);
    // Where a cancel's time goes: the engine's answer, its result, the run's end in the extension, the cell.
    const api = await activateExtension();
    const running = api.runs.active.find((r) => r.id === live.runId);
    const marks: string[] = [];
    const t0 = Date.now();
    const mark = (what: string): void => void marks.push(`${what} +${Date.now() - t0} ms`);
    running?.onEvent((e) => {
      if (e.type === 'log' && /cancel received/.test(e.message)) mark('engine answered');
      if (e.type === 'cancelled') mark('result arrived');
    });
    void running?.outcome.then(() => mark('run ended'));
    await vscode.commands.executeCommand('scann.cancelRun');
    const p = await until(
      'the run to end as cancelled',
      () => {
        const q = payloadOf(cell);
        return q && q.status === 'cancelled' && cell.executionSummary?.timing?.endTime !== undefined
          ? (q as RunResult)
          : undefined;
      },
      30000,
    );
    const ms = Date.now() - t0;
    const lag = await hostLoad.stop();
    console.log(`      cancelled in ${ms} ms (${marks.join(', ')})`);
    console.log(
      `      extension host event-loop delay during the live run: p50 ${lag.p50} ms, p99 ${lag.p99} ms, max ${lag.max} ms (${lag.samples} samples)`,
    );
    // Not a failure: the best network was kept. The cell ends without a success or failure mark.
    assert.equal(cell.executionSummary?.success, undefined);
    assert.ok(p.history.length >= 1);
    assert.match(outputOf(cell, 'text/markdown') ?? '', /cancelled, best network kept/);
  });

  it('compare runs opens with a picker of finished runs, newest first, told apart by date and run id', async () => {
    const api = await activateExtension();
    const metas = (await Promise.all(api.stores().map((s) => s.list()))).flat();
    const finished = metas.filter((m) => m.status === 'done' || m.status === 'cancelled');
    assert.ok(finished.length >= 2, `${finished.length} finished runs`);
    // Pick every run but the oldest and accept: the view opens with exactly those.
    const again = vscode.commands.executeCommand<vscode.WebviewPanel | undefined>('scann.compareRuns');
    const second = await until('the run picker', () => api.compare.activePicker);
    assert.equal(second.canSelectMany, true);
    // Only finished runs, newest first; no failed run; each with its date and run id.
    assert.deepEqual(
      second.items.map((i) => i.runId),
      [...finished].sort((a, b) => b.createdAt - a.createdAt).map((m) => m.runId),
    );
    for (const item of second.items) assert.match(item.detail ?? '', /^\d{4}-\d\d-\d\d \d\d:\d\d · run \S+$/);
    const wanted = second.items.slice(0, -1);
    second.selectedItems = wanted;
    // The extension host sends quick-pick changes to the window on a zero-delay timer; let that message go out
    // before the accept command, which travels on its own.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const panel = await again;
    assert.ok(panel, 'the compare view opened');
    assert.equal(api.compare.activePicker, undefined);
    if (process.env['SCANN_TEST_HOST_URL']) {
      const ids = wanted.flatMap((i) => i.runIds);
      const text = await until('the compare view to list the picked runs', async () =>
        (await frameTexts()).find((t) => t.includes('Compare runs') && ids.every((id) => t.includes(id))),
      );
      const left = second.items[second.items.length - 1]!.runIds[0]!;
      assert.ok(!text.includes(left), 'the run left out of the pick is not shown');
      console.log(`      screenshot: ${await screenshot('compare-runs')}`);
    }
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

    // Cancelling the picker opens nothing. Checked last: with a CPU burner on each core, a picker opened right
    // after the test hid another never reached the test (seen once in 60 s), so the pickers are not back to back.
    const opening = vscode.commands.executeCommand<vscode.WebviewPanel | undefined>('scann.compareRuns');
    const picker = await until('the run picker again', () => api.compare.activePicker);
    picker.hide();
    assert.equal(await opening, undefined);
    assert.equal(api.compare.activePicker, undefined);
  });

  it('reports a .scann file that cannot be parsed and leaves it unchanged on disk', async () => {
    const file = path.join(workspaceDir(), 'broken.scann');
    const before = readFileSync(file, 'utf8');
    await assert.rejects(
      async () => vscode.workspace.openNotebookDocument(vscode.Uri.file(file)),
      /line 6|not valid JSON|JSON/i,
    );
    await sleep(500);
    assert.equal(readFileSync(file, 'utf8'), before);
  });

  it('a failed run shows its message without a stack trace', async () => {
    const nb = await vscode.workspace.openNotebookDocument(
      'scann-notebook',
      new vscode.NotebookData([
        new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'dataset: { source: /no/such/data.csv }\n', 'scann'),
      ]),
    );
    await vscode.window.showNotebookDocument(nb);
    runCell(nb, 0);
    const err = await until(
      'the error output',
      // As for a finished run: the output lands just before the execution ends, so wait for both.
      () =>
        nb.cellAt(0).executionSummary?.success !== undefined
          ? nb.cellAt(0).outputs.flatMap((o) => o.items.map((i) => `${i.mime}\n${new TextDecoder().decode(i.data)}`))
          : undefined,
      60000,
    );
    const text = err.join('\n');
    assert.match(text, /data\.csv/);
    assert.match(text, /not found/);
    // The message only: no error item carrying the extension's stack, no frame of its bundle.
    assert.ok(!text.includes('application/vnd.code.notebook.error'), text);
    assert.doesNotMatch(text, /^\s*at .*\(.*:\d+:\d+\)$/m);
    assert.doesNotMatch(text, /extension\.js/);
    assert.equal(nb.cellAt(0).executionSummary?.success, false);
    const runs = readdirSync(path.join(workspaceDir(), '.scann', 'runs'));
    assert.ok(runs.length >= 2, 'failed runs are kept too');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('waits for the lock a `scann run` process holds on the notebook before saving it', async () => {
    const file = path.join(workspaceDir(), 'locked-save.scann');
    writeFileSync(
      file,
      JSON.stringify({
        format: 'scann-notebook',
        version: 1,
        metadata: {},
        cells: [{ kind: 'markdown', source: ['# before'] }],
      }),
    );
    // Explicit saves only: the web editor would also auto-save 1 s after the edit.
    const files = vscode.workspace.getConfiguration('files');
    await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    const nb = await openNotebook('locked-save.scann');
    // Another process holds the lock, as the CLI does around its read-merge-write: same library, same lock path.
    const script = [
      `const lockfile = require(${JSON.stringify(path.join(repoDir(), 'node_modules', 'proper-lockfile'))});`,
      `lockfile.lock(${JSON.stringify(file)}, { realpath: false, lockfilePath: ${JSON.stringify(`${file}.lock`)}, stale: 10000 })`,
      "  .then((release) => { console.log('locked'); process.stdin.once('data', () => release().then(() => process.exit(0))); });",
    ].join('\n');
    const holder = spawn(process.execPath, ['-e', script], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    try {
      let errors = '';
      holder.stderr.on('data', (d: Buffer) => (errors += d.toString()));
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
        holder.on('exit', (code) => reject(new Error(`the lock holder exited (${code}): ${errors}`)));
      });
      const edit = new vscode.WorkspaceEdit();
      edit.insert(nb.cellAt(0).document.uri, new vscode.Position(0, 2), 'edited ');
      assert.ok(await vscode.workspace.applyEdit(edit));
      // Held for 1 s, within the 1.75 s VS Code gives a save participant: the file is written after the release.
      const saving = nb.save();
      await sleep(1000);
      const releasedAt = Date.now();
      holder.stdin.write('release\n');
      assert.equal(await saving, true);
      assert.match(readFileSync(file, 'utf8'), /# edited before/);
      const writtenAt = statSync(file).mtimeMs;
      assert.ok(writtenAt >= releasedAt - 5, `written ${releasedAt - writtenAt} ms before the lock was released`);
      await until('the editor to give the lock up after saving', () => (existsSync(`${file}.lock`) ? undefined : true));
    } finally {
      holder.kill();
      await files.update('autoSave', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('ends a cell whose config is a YAML alias bomb with the config error (never left executing)', async () => {
    const bomb = ['a0: &a0 [x, x, x, x, x, x, x, x, x]'];
    for (let k = 1; k < 7; k++)
      bomb.push(
        `a${k}: &a${k} [${Array(9)
          .fill(`*a${k - 1}`)
          .join(', ')}]`,
      );
    bomb.push('dataset: { source: builtin:iris }', '');
    const nb = await vscode.workspace.openNotebookDocument(
      'scann-notebook',
      new vscode.NotebookData([new vscode.NotebookCellData(vscode.NotebookCellKind.Code, bomb.join('\n'), 'scann')]),
    );
    await vscode.window.showNotebookDocument(nb);
    runCell(nb, 0);
    const markdown = await until(
      'the invalid-config output',
      () =>
        nb.cellAt(0).executionSummary?.success !== undefined ? outputOf(nb.cellAt(0), 'text/markdown') : undefined,
      30000,
    );
    assert.match(markdown, /Invalid config/);
    assert.match(markdown, /too many aliases/);
    assert.equal(nb.cellAt(0).executionSummary?.success, false);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
