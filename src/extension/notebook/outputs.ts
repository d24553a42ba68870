import * as vscode from 'vscode';
import { decodeUtf8 } from '../../protocol/base64';
import { isJsonMime, type CellOutputData, type JsonValue } from '../../protocol/notebook';

/** The file format's outputs as VS Code outputs: JSON MIME types as JSON items, everything else as text. */
export function toVsOutput(o: CellOutputData): vscode.NotebookCellOutput {
  const items = o.items.map((i) =>
    isJsonMime(i.mime)
      ? vscode.NotebookCellOutputItem.json(i.data, i.mime)
      : vscode.NotebookCellOutputItem.text(String(i.data), i.mime),
  );
  return new vscode.NotebookCellOutput(items, o.metadata);
}

/** VS Code outputs back to the file format (bytes decoded; JSON parsed so it is stored as data, not text). */
export function fromVsOutput(o: vscode.NotebookCellOutput): CellOutputData {
  const items = o.items.map((i) => {
    const text = decodeUtf8(i.data);
    if (!isJsonMime(i.mime)) return { mime: i.mime, data: text };
    try {
      return { mime: i.mime, data: JSON.parse(text) as JsonValue };
    } catch {
      return { mime: i.mime, data: text };
    }
  });
  const out: CellOutputData = { items };
  if (o.metadata && Object.keys(o.metadata).length) out.metadata = o.metadata as Record<string, JsonValue>;
  return out;
}
