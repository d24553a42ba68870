import * as vscode from 'vscode';
import { decodeUtf8, encodeUtf8 } from '../../protocol/base64';
import {
  CONFIG_LANGUAGE_ID,
  parseNotebook,
  serializeNotebook,
  type JsonValue,
  type NotebookCellData,
  type NotebookDocumentData,
} from '../../protocol/notebook';
import { fromVsOutput, toVsOutput } from './outputs';

export const NOTEBOOK_TYPE = 'scann-notebook';

/**
 * `.scann` files through the shared format module. A file that does not parse throws here, so VS Code reports it
 * and never opens, and therefore never saves over, the broken file.
 */
export class ScannSerializer implements vscode.NotebookSerializer {
  deserializeNotebook(content: Uint8Array): vscode.NotebookData {
    const nb = parseNotebook(decodeUtf8(content));
    const data = new vscode.NotebookData(nb.cells.map(toVsCell));
    data.metadata = nb.metadata;
    return data;
  }

  serializeNotebook(data: vscode.NotebookData): Uint8Array {
    const nb: NotebookDocumentData = {
      metadata: (data.metadata ?? {}) as Record<string, JsonValue>,
      cells: data.cells.map(fromVsCell),
    };
    return encodeUtf8(serializeNotebook(nb));
  }
}

function toVsCell(c: NotebookCellData): vscode.NotebookCellData {
  const cell =
    c.kind === 'markdown'
      ? new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, c.source, 'markdown')
      : new vscode.NotebookCellData(vscode.NotebookCellKind.Code, c.source, CONFIG_LANGUAGE_ID);
  if (c.metadata) cell.metadata = c.metadata;
  if (c.outputs) cell.outputs = c.outputs.map(toVsOutput);
  const e = c.execution;
  if (e) {
    const summary: vscode.NotebookCellExecutionSummary = {
      ...(e.order !== undefined ? { executionOrder: e.order } : {}),
      ...(e.success !== undefined ? { success: e.success } : {}),
      ...(e.startTime !== undefined && e.endTime !== undefined
        ? { timing: { startTime: e.startTime, endTime: e.endTime } }
        : {}),
    };
    cell.executionSummary = summary;
  }
  return cell;
}

function fromVsCell(c: vscode.NotebookCellData): NotebookCellData {
  const cell: NotebookCellData = {
    kind: c.kind === vscode.NotebookCellKind.Markup ? 'markdown' : 'config',
    source: c.value,
  };
  if (c.metadata && Object.keys(c.metadata).length) cell.metadata = c.metadata as Record<string, JsonValue>;
  if (cell.kind === 'config' && c.outputs?.length) cell.outputs = c.outputs.map(fromVsOutput);
  const s = c.executionSummary;
  if (cell.kind === 'config' && s && (s.executionOrder !== undefined || s.success !== undefined || s.timing)) {
    cell.execution = {
      ...(s.executionOrder !== undefined ? { order: s.executionOrder } : {}),
      ...(s.success !== undefined ? { success: s.success } : {}),
      ...(s.timing ? { startTime: s.timing.startTime, endTime: s.timing.endTime } : {}),
    };
  }
  return cell;
}

/** The `.scann` text of an open notebook as it is in the editor, unsaved edits and live outputs included. */
export function notebookText(doc: vscode.NotebookDocument): string {
  const data = new vscode.NotebookData(
    doc.getCells().map((c) => {
      const cell = new vscode.NotebookCellData(c.kind, c.document.getText(), c.document.languageId);
      cell.outputs = [...c.outputs];
      cell.metadata = c.metadata;
      if (c.executionSummary) cell.executionSummary = c.executionSummary;
      return cell;
    }),
  );
  data.metadata = doc.metadata;
  return decodeUtf8(new ScannSerializer().serializeNotebook(data));
}
