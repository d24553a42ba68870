import * as vscode from 'vscode';
import { completeAt, hoverAt } from './configAssist';
import { CONFIG_LANGUAGE_ID } from '../../protocol/notebook';

/** Completion and hover for config text; the logic is in configAssist.ts, free of vscode so tests call it. */
export function registerConfigAssist(): vscode.Disposable {
  const selector: vscode.DocumentSelector = { language: CONFIG_LANGUAGE_ID };
  return vscode.Disposable.from(
    vscode.languages.registerCompletionItemProvider(
      selector,
      {
        provideCompletionItems(doc, position) {
          const r = completeAt(doc.getText(), doc.offsetAt(position));
          if (!r) return undefined;
          const range = new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end));
          return r.items.map((i) => {
            const item = new vscode.CompletionItem(
              i.label,
              i.kind === 'key' ? vscode.CompletionItemKind.Property : vscode.CompletionItemKind.EnumMember,
            );
            item.insertText = i.insertText;
            item.range = range;
            item.detail = i.detail;
            item.documentation = new vscode.MarkdownString(i.documentation);
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
  );
}
