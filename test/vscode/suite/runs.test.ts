/**
 * Commands over the run history (Export Model, Show Runs), driven through their real dialogs with the window's
 * pickers replaced by scripted answers. Runs after notebook.test.ts, which leaves a finished, a cancelled and a
 * failed run in the workspace.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, workspaceDir } from './helpers';

type Window = Record<string, unknown>;

/** Replaces `vscode.window[name]` until the returned function is called. */
function replace(name: string, impl: (...args: never[]) => unknown): () => void {
  const w = vscode.window as unknown as Window;
  const original = w[name];
  w[name] = impl;
  return () => {
    w[name] = original;
  };
}

interface Item {
  label: string;
  description?: string;
  detail?: string;
}

/** Answers each quick pick with the first item whose label matches the next pattern; records what was offered. */
function scriptPicks(...answers: RegExp[]): { offered: Item[][]; restore: () => void } {
  const offered: Item[][] = [];
  const restore = replace('showQuickPick', (async (items: readonly Item[] | Thenable<readonly Item[]>) => {
    const list = [...(await items)];
    offered.push(list);
    const want = answers.shift();
    return want ? list.find((i) => want.test(i.label)) : undefined;
  }) as never);
  return { offered, restore };
}

function runsDir(): string {
  return path.join(workspaceDir(), '.scann', 'runs');
}

function runMeta(id: string): { status: string; name: string } {
  return JSON.parse(readFileSync(path.join(runsDir(), id, 'run.json'), 'utf8')) as { status: string; name: string };
}

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(path.join(dir, f)).isFile());
}

describe('run history commands', () => {
  before(activateExtension);

  it('export: cancelling the folder dialog writes nothing', async () => {
    const before = new Map(readdirSync(runsDir()).map((id) => [id, filesUnder(path.join(runsDir(), id)).sort()]));
    const wsBefore = readdirSync(workspaceDir()).sort();
    const picks = scriptPicks(/./, /^C \(float32\)$/);
    let suggested: vscode.Uri | undefined;
    const restoreDialog = replace('showOpenDialog', (async (o: vscode.OpenDialogOptions) => {
      suggested = o.defaultUri;
      return undefined; // Escape
    }) as never);
    const infos: string[] = [];
    const restoreInfo = replace('showInformationMessage', (async (m: string) => {
      infos.push(m);
      return undefined;
    }) as never);
    let result: unknown;
    try {
      result = await vscode.commands.executeCommand('scann.exportModel');
    } finally {
      picks.restore();
      restoreDialog();
      restoreInfo();
    }
    assert.equal(result, undefined);
    assert.deepEqual(infos, [], 'no success message');
    for (const [id, files] of before) assert.deepEqual(filesUnder(path.join(runsDir(), id)).sort(), files, id);
    assert.deepEqual(readdirSync(workspaceDir()).sort(), wsBefore);
    // The folder offered exists and is where the user works (the notebooks' folder), not inside .scann.
    assert.ok(suggested, 'the dialog was shown');
    assert.ok(existsSync(suggested.fsPath) && statSync(suggested.fsPath).isDirectory(), suggested.fsPath);
    assert.ok(!suggested.fsPath.includes(`${path.sep}.scann`), suggested.fsPath);
  });

  it('pickers leave out failed runs and show workspace-relative paths', async () => {
    const failed = readdirSync(runsDir()).filter((id) => runMeta(id).status === 'failed');
    assert.ok(failed.length >= 1, 'a failed run is in the history');
    for (const command of ['scann.showRuns', 'scann.exportModel']) {
      const picks = scriptPicks();
      try {
        await vscode.commands.executeCommand(command);
      } finally {
        picks.restore();
      }
      const items = picks.offered[0] ?? [];
      assert.ok(items.length >= 1, `${command} offered runs`);
      for (const i of items) {
        const text = `${i.label} ${i.description ?? ''} ${i.detail ?? ''}`;
        assert.doesNotMatch(text, /\$\(error\)|\bfailed\b/, `${command}: ${text}`);
        assert.ok(!text.includes(workspaceDir()), `${command} shows a relative path: ${text}`);
        // One ratio format: one decimal below 100 ("22.0x"), none from 100 on ("376x", never "376.0x").
        assert.doesNotMatch(text, /\b\d{3,}\.\dx\b/, `${command}: one ratio format (${text})`);
      }
    }
  });

  it('"Show summary" opens a read-only view, not an unsaved untitled document', async () => {
    const picks = scriptPicks(/optdigits-long|iris-quick/, /Show summary/);
    try {
      await vscode.commands.executeCommand('scann.showRuns');
    } finally {
      picks.restore();
    }
    assert.equal(picks.offered.length, 2, 'a run, then an action');
    const docs = vscode.workspace.textDocuments;
    assert.deepEqual(
      docs.filter((d) => d.isUntitled).map((d) => d.uri.toString()),
      [],
      'no untitled document is left behind',
    );
    const summary = docs.find((d) => d.uri.scheme === 'scann-summary');
    assert.ok(summary, 'the summary is a scann-summary: document');
    assert.equal(summary.isDirty, false);
    assert.match(summary.getText(), /\*\*Verdict:\*\* test /);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
