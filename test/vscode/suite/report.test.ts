import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, repoDir, workspaceDir } from './helpers';

describe('Export Notebook as HTML / Markdown, Save Figure', () => {
  let uri: vscode.Uri;

  before(async () => {
    await activateExtension();
    // The quickstart notebook with its saved outputs, opened and then edited (the export reads the editor's state;
    // whether the host auto-saves meanwhile does not matter).
    const file = path.join(workspaceDir(), 'report-quickstart.scann');
    writeFileSync(file, readFileSync(path.join(repoDir(), 'examples', 'quickstart.scann')));
    uri = vscode.Uri.file(file);
    const nb = await vscode.workspace.openNotebookDocument(uri);
    await vscode.window.showNotebookDocument(nb);
    const edit = new vscode.WorkspaceEdit();
    edit.set(uri, [
      vscode.NotebookEdit.insertCells(1, [
        new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, 'Unsaved note 4711', 'markdown'),
      ]),
    ]);
    assert.ok(await vscode.workspace.applyEdit(edit));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('are in the palette and the notebook toolbar', () => {
    const pkg = JSON.parse(readFileSync(path.join(repoDir(), 'package.json'), 'utf8')) as {
      contributes: { menus: Record<string, { command: string }[]> };
    };
    for (const id of ['scann.exportNotebookHtml', 'scann.exportNotebookMarkdown']) {
      assert.ok(
        pkg.contributes.menus['notebook/toolbar']!.some((m) => m.command === id),
        id,
      );
      assert.ok(
        pkg.contributes.menus['commandPalette']!.some((m) => m.command === id),
        id,
      );
    }
  });

  it('writes the open notebook, unsaved edits included, as one HTML file through the scann CLI', async () => {
    const out = path.join(workspaceDir(), 'exported', 'quickstart.html');
    const files = await vscode.commands.executeCommand<string[] | undefined>('scann.exportNotebookHtml', {
      notebook: uri,
      out,
      datasetPaths: false,
    });
    assert.deepEqual(files, [out]);
    const html = readFileSync(out, 'utf8');
    assert.match(html, /Content-Security-Policy/);
    assert.match(html, /Unsaved note 4711/);
    for (const name of ['optdigits-scheme-A', 'optdigits-scheme-B', 'optdigits-scheme-C'])
      assert.match(html, new RegExp(name));
    assert.equal((html.match(/class="output run-output"/g) ?? []).length, 3);
  });

  it('writes README.md with a table per run and its SVG figures', async () => {
    const out = path.join(workspaceDir(), 'exported', 'md');
    const files = await vscode.commands.executeCommand<string[] | undefined>('scann.exportNotebookMarkdown', {
      notebook: uri,
      out,
      includeConfig: false,
    });
    assert.ok(files && files[0] === path.join(out, 'README.md'), String(files));
    const md = readFileSync(files[0]!, 'utf8');
    assert.equal(md.split('\n').filter((l) => l.startsWith('| Test accuracy |')).length, 3);
    assert.doesNotMatch(md, /```yaml/);
    const links = [...md.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]!);
    assert.ok(links.length >= 9);
    for (const l of links) assert.ok(existsSync(path.join(out, l)), l);
    assert.deepEqual(
      readdirSync(out)
        .filter((f) => f.endsWith('.svg'))
        .sort(),
      [...links].sort(),
    );
  });

  it('saves a figure through scann figure (SVG), and a Pareto figure of runs from several inputs', async () => {
    const out = path.join(workspaceDir(), 'exported', 'figures');
    const arch = path.join(out, 'b-architecture.svg');
    const files = await vscode.commands.executeCommand<string[] | undefined>('scann.saveFigure', {
      sources: [uri.fsPath],
      runs: ['optdigits-scheme-B'],
      kind: 'architecture',
      format: 'svg',
      out: arch,
    });
    assert.deepEqual(files, [arch]);
    assert.match(readFileSync(arch, 'utf8'), /<svg [^>]*width="3.5in"[^>]*>[\s\S]*optdigits-scheme-B/);
    const pareto = await vscode.commands.executeCommand<string[] | undefined>('scann.saveFigure', {
      sources: [uri.fsPath, path.join(repoDir(), 'examples', 'quickstart.scann')],
      kind: 'pareto',
      format: 'svg',
      size: 'two-column',
      out,
    });
    assert.equal(pareto?.length, 1);
    assert.match(readFileSync(pareto![0]!, 'utf8'), /width="7.16in"/);
  });

  it('reports a failure instead of writing a broken file', async () => {
    // An output path inside a regular file cannot be created: the CLI fails, the command returns nothing.
    const blocker = path.join(workspaceDir(), 'exported', 'not-a-folder');
    writeFileSync(blocker, 'x');
    const files = await vscode.commands.executeCommand<string[] | undefined>('scann.exportNotebookHtml', {
      notebook: uri,
      out: path.join(blocker, 'r.html'),
    });
    assert.equal(files, undefined);
  });
});
