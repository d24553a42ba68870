import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension } from './helpers';

describe('SCANN extension', () => {
  it('activates and reports its activation time', async () => {
    const api = await activateExtension();
    assert.equal(typeof api.activationMs, 'number');
    console.log(`      activation took ${api.activationMs} ms (VS Code ${vscode.version}, ${vscode.env.appName})`);
  });

  it('registers every SCANN command', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const c of [
      'scann.newNotebook',
      'scann.runAll',
      'scann.cancelRun',
      'scann.showRuns',
      'scann.showDatasets',
      'scann.openRunFolder',
      'scann.exportNotebookHtml',
      'scann.exportNotebookMarkdown',
      'scann.saveFigure',
    ]) {
      assert.ok(all.includes(c), `${c} is registered`);
    }
  });

  it('contributes the scann config language', async () => {
    assert.ok((await vscode.languages.getLanguages()).includes('scann'));
  });

  it('creates a starter notebook with an introduction and a runnable config', async () => {
    const editor = await vscode.commands.executeCommand<vscode.NotebookEditor>('scann.newNotebook');
    const nb = editor.notebook;
    assert.equal(nb.notebookType, 'scann-notebook');
    assert.equal(nb.cellCount, 2);
    assert.equal(nb.cellAt(0).kind, vscode.NotebookCellKind.Markup);
    assert.equal(nb.cellAt(1).document.languageId, 'scann');
    assert.match(nb.cellAt(1).document.getText(), /source: builtin:optdigits/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
