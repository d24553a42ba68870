import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { until, workspaceDir } from './helpers';

describe('config language', () => {
  let nb: vscode.NotebookDocument;
  before(async () => {
    nb = await vscode.workspace.openNotebookDocument(vscode.Uri.file(path.join(workspaceDir(), 'diagnostics.scann')));
    await vscode.window.showNotebookDocument(nb);
  });

  it('shows schema diagnostics and missing dataset files at exact ranges', async () => {
    const doc = nb.cellAt(0).document;
    const diags = await until('diagnostics of the bad cell', () => {
      const d = vscode.languages.getDiagnostics(doc.uri);
      return d.length >= 3 ? d : undefined;
    });
    const got = diags
      .map((d) => [
        `${d.range.start.line}:${d.range.start.character}`,
        doc.getText(d.range),
        d.message,
        d.severity === vscode.DiagnosticSeverity.Error ? 'error' : 'warning',
      ])
      .sort();
    assert.deepEqual(got, [
      ['3:2', 'scalng', "unknown key 'scalng'; did you mean 'scaling'?", 'error'],
      ['4:13', '-1', '-1 is too small: must be > 0', 'error'],
      ['5:8', 'D', 'expected one of "A", "B", "C", "imp", got "D"', 'error'],
    ]);
  });

  it('checks dataset files where the run would look for them', async () => {
    const fine = nb.cellAt(1).document;
    // data/tiny.csv exists next to the notebook: no diagnostics.
    await until(
      'diagnostics computed',
      () => (vscode.languages.getDiagnostics(fine.uri).length === 0 ? true : undefined),
      5000,
    );
    const edit = new vscode.WorkspaceEdit();
    const text = fine.getText();
    const at = text.indexOf('data/tiny.csv');
    edit.replace(
      fine.uri,
      new vscode.Range(fine.positionAt(at), fine.positionAt(at + 'data/tiny.csv'.length)),
      'data/nothere.csv',
    );
    assert.ok(await vscode.workspace.applyEdit(edit));
    const d = await until('missing-file diagnostic', () =>
      vscode.languages.getDiagnostics(fine.uri).find((x) => /not found/.test(x.message)),
    );
    assert.equal(fine.getText(d.range), 'data/nothere.csv');
    assert.match(d.message, /dataset file not found: .*data\/nothere\.csv/);
  });

  it('completes keys and values and documents keys on hover', async () => {
    const doc = nb.cellAt(1).document;
    const end = doc.positionAt(doc.getText().length);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, end, 'scheme: ');
    await vscode.workspace.applyEdit(edit);
    const values = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      doc.positionAt(doc.getText().length),
    );
    const labels = values.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const v of ['A', 'B', 'C'])
      assert.ok(labels.includes(v), `completion offers ${v} (${labels.slice(0, 10).join(',')})`);
    const keyPos = doc.positionAt(doc.getText().indexOf('source') + 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, keyPos);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /\*\*dataset\.source\*\*/);
    assert.match(text, /builtin:NAME/);
  });
});
