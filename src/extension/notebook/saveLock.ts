import * as vscode from 'vscode';
import type { FileLock } from '../../node/fileLock';
import { NOTEBOOK_TYPE } from './serializer';

/**
 * VS Code gives a notebook save participant 1750 ms, then saves anyway: a lock not taken by then is not waited for
 * (a `scann run` holds it for milliseconds, so this only gives up on a stuck or dead holder).
 */
const WAIT_MS = 1_500;
/** A save that fails fires no "did save": its lock is given up after this long at the latest. */
const MAX_HOLD_MS = 10_000;

/**
 * Holds a `.scann` file's inter-process lock while VS Code saves it: `scann run` processes take the same lock
 * around their read-merge-write of the file, so a save never lands between a run's read and its write (which
 * would drop whichever came first). VS Code's own check refuses to save over a file changed since it was read,
 * so the editor never silently drops a run's results either. A lock that cannot be taken (another holder for
 * too long, a folder that is not writable) never blocks the save: it goes ahead as it would without the lock.
 * The wait is bounded by VS Code's limit on save participants (WAIT_MS); "Save without Formatting" runs no
 * participants and so takes no lock.
 */
export function registerSaveLock(log: vscode.LogOutputChannel): vscode.Disposable {
  const held = new Map<string, { lock: FileLock; timer: NodeJS.Timeout }>();
  const release = (key: string): void => {
    const h = held.get(key);
    if (!h) return;
    held.delete(key);
    clearTimeout(h.timer);
    void h.lock.release();
  };
  const take = async (nb: vscode.NotebookDocument): Promise<void> => {
    const key = nb.uri.toString();
    release(key); // an earlier save that failed
    try {
      // Loaded on the first save, not at activation: the lock library hooks the process's exit handling.
      const { acquireFileLock } = await import('../../node/fileLock');
      const lock = await acquireFileLock(nb.uri.fsPath, WAIT_MS);
      held.set(key, { lock, timer: setTimeout(() => release(key), MAX_HOLD_MS) });
    } catch (err) {
      log.warn(`saving ${nb.uri.fsPath} without its lock: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const ours = (nb: vscode.NotebookDocument): boolean => nb.notebookType === NOTEBOOK_TYPE && nb.uri.scheme === 'file';
  return vscode.Disposable.from(
    vscode.workspace.onWillSaveNotebookDocument((e) => {
      if (ours(e.notebook)) e.waitUntil(take(e.notebook));
    }),
    vscode.workspace.onDidSaveNotebookDocument((nb) => ours(nb) && release(nb.uri.toString())),
    { dispose: () => [...held.keys()].forEach(release) },
  );
}
