import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { datasetFileRefs, parseConfigText, type ConfigIssue } from '../../protocol/configText';
import { CONFIG_LANGUAGE_ID } from '../../protocol/notebook';
import { datasetBaseDir } from '../notebook/controller';

/**
 * Diagnostics for config cells (and standalone `*.scann.yaml` files): the shared parser's issues at their exact
 * ranges, plus dataset files that do not exist, checked where the run would look for them, all at once.
 */
export class ConfigDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('scann');
  private readonly subs: vscode.Disposable[] = [];
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor() {
    this.subs.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.check(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)),
      vscode.workspace.onDidOpenNotebookDocument((nb) => nb.getCells().forEach((c) => this.check(c.document))),
    );
    for (const d of vscode.workspace.textDocuments) this.check(d);
  }

  private schedule(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        this.check(doc);
      }, 150),
    );
  }

  check(doc: vscode.TextDocument): void {
    if (doc.languageId !== CONFIG_LANGUAGE_ID) return;
    this.collection.set(doc.uri, diagnose(doc));
  }

  dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    this.collection.dispose();
    this.subs.forEach((s) => s.dispose());
  }
}

export function diagnose(doc: vscode.TextDocument): vscode.Diagnostic[] {
  const text = doc.getText();
  // A cell nobody has written in yet is not an error; running it still reports what is missing.
  if (text.trim() === '') return [];
  const { issues } = parseConfigText(text);
  const out = issues.map((i) => toDiagnostic(doc, i));
  // Read from the YAML, not the validated config, so a missing file shows together with the other problems.
  const base = baseDirOf(doc);
  for (const ref of datasetFileRefs(text)) {
    if (ref.value.startsWith('builtin:')) continue;
    const file = path.resolve(base, ref.value);
    if (existsSync(file)) continue;
    const d = new vscode.Diagnostic(
      new vscode.Range(doc.positionAt(ref.start), doc.positionAt(ref.end)),
      `dataset file not found: ${file}`,
      vscode.DiagnosticSeverity.Error,
    );
    d.source = 'scann';
    out.push(d);
  }
  return out.sort((a, b) => a.range.start.compareTo(b.range.start));
}

function toDiagnostic(doc: vscode.TextDocument, i: ConfigIssue): vscode.Diagnostic {
  const range = new vscode.Range(doc.positionAt(i.start), doc.positionAt(Math.max(i.end, i.start + 1)));
  const d = new vscode.Diagnostic(
    range,
    i.message,
    i.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
  );
  d.source = 'scann';
  return d;
}

/** The folder relative dataset paths resolve against for this document (its notebook's rule). */
export function baseDirOf(doc: vscode.TextDocument): string {
  const nb = vscode.workspace.notebookDocuments.find((n) => n.getCells().some((c) => c.document === doc));
  if (nb) return datasetBaseDir(nb);
  return doc.uri.scheme === 'file'
    ? path.dirname(doc.uri.fsPath)
    : (vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd());
}
