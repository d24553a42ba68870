import * as path from 'node:path';
import * as vscode from 'vscode';
import { listBuiltinDatasets } from '../../node/builtinDatasets';
import { CONFIG_LANGUAGE_ID } from '../../protocol/notebook';
import { completeAt, DATA_FILE_GLOB, didYouMean, hoverAt, type AssistContext } from './configAssist';
import { baseDirOf } from './diagnostics';

/** Most workspace data files offered by completion (a workspace of many thousands would flood the list). */
const MAX_FILES = 200;

/**
 * Completion, hover and the "did you mean" quick fix for config text; the logic is in configAssist.ts, free of
 * vscode so tests call it.
 */
export function registerConfigAssist(dataDir: string): vscode.Disposable {
  const selector: vscode.DocumentSelector = { language: CONFIG_LANGUAGE_ID };
  return vscode.Disposable.from(
    vscode.languages.registerCompletionItemProvider(
      selector,
      {
        async provideCompletionItems(doc, position, token) {
          const text = doc.getText();
          const offset = doc.offsetAt(position);
          // Only a dataset value needs the file system; other completions stay synchronous and cheap.
          const probe = completeAt(text, offset);
          const ctx = probe?.path[0] === 'dataset' || !probe ? await assistContext(doc, dataDir, token) : {};
          const r = completeAt(text, offset, ctx);
          if (!r) return undefined;
          const range = new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end));
          return r.items.map((i, n) => {
            const unavailable = i.kind === 'value' && /unavailable/.test(i.detail);
            const item = new vscode.CompletionItem(
              unavailable ? { label: i.label, description: 'unavailable here' } : i.label,
              i.kind === 'key'
                ? vscode.CompletionItemKind.Property
                : i.kind === 'file'
                  ? vscode.CompletionItemKind.File
                  : vscode.CompletionItemKind.EnumMember,
            );
            item.insertText = i.insertText;
            item.range = range;
            item.detail = i.detail;
            item.documentation = new vscode.MarkdownString(i.documentation);
            // A dataset that cannot load here is shown struck through and sorted last.
            if (unavailable) item.tags = [vscode.CompletionItemTag.Deprecated];
            item.sortText = `${unavailable ? 'z' : 'a'}${String(n).padStart(4, '0')}`;
            return item;
          });
        },
      },
      ':',
      ' ',
    ),
    vscode.languages.registerHoverProvider(selector, {
      provideHover(doc, position) {
        const h = hoverAt(doc.getText(), doc.offsetAt(position));
        if (!h) return undefined;
        return new vscode.Hover(
          new vscode.MarkdownString(h.markdown),
          new vscode.Range(doc.positionAt(h.start), doc.positionAt(h.end)),
        );
      },
    }),
    vscode.languages.registerCodeActionsProvider(selector, new DidYouMeanFix(), {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
  );
}

/** "Change to 'x'" for every diagnostic of ours that says "did you mean 'x'?". */
export class DidYouMeanFix implements vscode.CodeActionProvider {
  provideCodeActions(
    doc: vscode.TextDocument,
    _range: vscode.Range,
    ctx: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const d of ctx.diagnostics) {
      const hint = d.source === 'scann' ? didYouMean(d.message) : undefined;
      if (!hint) continue;
      const action = new vscode.CodeAction(`Change to '${hint}'`, vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(doc.uri, d.range, hint);
      action.diagnostics = [d];
      action.isPreferred = true;
      actions.push(action);
    }
    return actions;
  }
}

async function assistContext(
  doc: vscode.TextDocument,
  dataDir: string,
  token: vscode.CancellationToken,
): Promise<AssistContext> {
  const unavailable = new Map(
    listBuiltinDatasets(dataDir)
      .filter((d) => !d.available)
      .map((d) => [d.name, d.unavailableReason ?? 'not installed']),
  );
  const base = baseDirOf(doc);
  const found = await vscode.workspace.findFiles(DATA_FILE_GLOB, '{**/node_modules/**,**/.scann/**}', MAX_FILES, token);
  const files = found
    .map((u) => path.relative(base, u.fsPath).split(path.sep).join('/'))
    .sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  return { files, unavailable };
}
