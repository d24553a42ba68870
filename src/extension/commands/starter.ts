import * as vscode from 'vscode';
import { CONFIG_LANGUAGE_ID } from '../../protocol/notebook';
import { NOTEBOOK_TYPE } from '../notebook/serializer';

const INTRO = `# My SCANN synthesis

Run the config cell below (the play button, or **Run All** above). SCANN trains a baseline MLP, then grows and
prunes connections and neurons, and keeps the smallest network that is as accurate as the baseline on the
validation split. Hover a key for its documentation; press Ctrl+Space for the keys and values you can use.`;

const CONFIG = `name: optdigits-scheme-B
dataset:
  source: builtin:optdigits   # 8x8 handwritten digits, bundled; see "SCANN: Show Datasets"
scheme: B                     # A constructive, B destructive DAG, C destructive MLP
seed: 1
`;

/** "SCANN: New Notebook": an untitled notebook with an introduction and a config that runs in seconds. */
export async function newNotebook(): Promise<vscode.NotebookEditor> {
  const data = new vscode.NotebookData([
    new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, INTRO, 'markdown'),
    new vscode.NotebookCellData(vscode.NotebookCellKind.Code, CONFIG, CONFIG_LANGUAGE_ID),
  ]);
  const doc = await vscode.workspace.openNotebookDocument(NOTEBOOK_TYPE, data);
  return vscode.window.showNotebookDocument(doc);
}
