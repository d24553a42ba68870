import { statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXPORT_FORMATS, isExportFormat, type ExportFormat, type WeightFormat } from '../../protocol/modelExport';
import type { RunMeta } from '../../node/runMeta';
import type { RunStore } from '../../node/runStore';
import { pickRun } from './runs';

/** Arguments for scripted use (and tests); without them the command asks. */
export interface ExportArgs {
  runId: string;
  format: ExportFormat;
  outDir: string;
  weights?: WeightFormat;
}

const FORMAT_ITEMS: { label: string; description: string; format: ExportFormat; weights?: WeightFormat }[] = [
  {
    label: 'C (float32)',
    description: 'dependency-free C99 source + header for microcontrollers',
    format: 'c',
    weights: 'float32',
  },
  {
    label: 'C (int8)',
    description: 'int8 weights with per-neuron scales: about half the flash',
    format: 'c',
    weights: 'int8',
  },
  {
    label: 'TensorFlow.js',
    description: 'layers model: model.json + weights.bin for tf.loadLayersModel',
    format: 'tfjs',
  },
  {
    label: 'SCANN model (JSON)',
    description: 'the versioned model format: topology, weights, scaling, DR transform',
    format: 'json',
  },
];

/**
 * The folder the dialog starts in: one that exists (the simple dialog of a remote window refuses "Export here" on
 * a path that does not), where the user works: the run's notebook's folder, else its workspace folder.
 */
export function suggestedExportDir(meta: RunMeta, store: RunStore): string {
  const candidates: string[] = [];
  if (meta.notebook) {
    const nb = vscode.Uri.parse(meta.notebook);
    if (nb.scheme === 'file') candidates.push(path.dirname(nb.fsPath));
    const folder = vscode.workspace.getWorkspaceFolder(nb);
    if (folder) candidates.push(folder.uri.fsPath);
  }
  candidates.push(...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath));
  // The store lives at <folder>/.scann/runs: its workspace folder is two levels up.
  candidates.push(path.dirname(path.dirname(store.root)));
  return candidates.find(isDirectory) ?? os.homedir();
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** "SCANN: Export Model": a finished run's network as C, TF.js or JSON, into a folder of the user's choice. */
export async function exportRunModel(stores: RunStore[], args?: ExportArgs): Promise<string[] | undefined> {
  let store: RunStore | undefined;
  let runId: string;
  let format: ExportFormat;
  let weights: WeightFormat | undefined;
  let outDir: string;
  if (args) {
    if (!isExportFormat(args.format))
      throw new Error(`unknown export format '${String(args.format)}' (${EXPORT_FORMATS.join(', ')})`);
    runId = args.runId;
    for (const s of stores) if (await s.readMeta(runId)) store = s;
    format = args.format;
    weights = args.weights;
    outDir = args.outDir;
  } else {
    const picked = await pickRun(stores, 'Export the network of which run?', { withResult: true });
    if (!picked) return undefined;
    store = picked.store;
    runId = picked.meta.runId;
    const f = await vscode.window.showQuickPick(FORMAT_ITEMS, { title: 'Export format' });
    if (!f) return undefined;
    format = f.format;
    weights = f.weights;
    const chosen = await vscode.window.showOpenDialog({
      title: `Export ${picked.meta.name} (${f.label}) into which folder?`,
      canSelectFolders: true,
      canSelectFiles: false,
      canSelectMany: false,
      defaultUri: vscode.Uri.file(suggestedExportDir(picked.meta, store)),
      openLabel: 'Export here',
    });
    // Escape writes nothing: a cancelled dialog is a cancelled export.
    const dir = chosen?.[0]?.fsPath;
    if (!dir) return undefined;
    outDir = dir;
  }
  const result = store && (await store.readResult(runId));
  if (!result) {
    void vscode.window.showErrorMessage(`SCANN: run ${runId} has no finished network to export.`);
    return undefined;
  }
  try {
    // The exporters (TF.js included) load on first use only, never at activation.
    const { exportModel } = await import('../../engine/export');
    const out = await exportModel(result.model, format, outDir, weights ? { weights } : {});
    if (!args) {
      const open = 'Reveal';
      void vscode.window
        .showInformationMessage(`SCANN: exported ${result.name} (${format}) to ${outDir}`, open)
        .then((c) => {
          if (c === open) void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(out.files[0]!));
        });
    }
    return out.files;
  } catch (err) {
    void vscode.window.showErrorMessage(`SCANN: export failed: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}
