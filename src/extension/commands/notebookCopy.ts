import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { notebookText } from '../notebook/serializer';

/**
 * Calls `use` with a private temp copy of an open notebook as it is in the editor (unsaved edits and live outputs
 * included), under the notebook's own file name (reports take their title from it); removes it afterwards.
 */
export async function withNotebookCopy<T>(
  doc: vscode.NotebookDocument,
  use: (file: string) => PromiseLike<T>,
): Promise<T> {
  const name = path.basename(doc.uri.fsPath || doc.uri.path);
  const dir = await fs.mkdtemp(path.join(tmpdir(), 'scann-notebook-'));
  try {
    const file = path.join(dir, name.endsWith('.scann') ? name : `${name}.scann`);
    await fs.writeFile(file, notebookText(doc));
    return await use(file);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
