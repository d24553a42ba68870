/**
 * The bundled `scann` command (dist/cli.js) in a child process: report and figure exports use the same code as the
 * command line, and the extension host loads none of it (nor its server-side DOM).
 */
import { fork } from 'node:child_process';
import * as vscode from 'vscode';

/** Resolves with the files the command wrote (one per stdout line); rejects with its message, or on cancel. */
export function runCli(cliPath: string, args: string[], token: vscode.CancellationToken): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = fork(cliPath, args, {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      execArgv: [],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const cancel = token.onCancellationRequested(() => child.kill());
    child.on('error', (err) => {
      cancel.dispose();
      reject(err);
    });
    child.on('exit', (code, signal) => {
      cancel.dispose();
      if (token.isCancellationRequested) reject(new vscode.CancellationError());
      else if (code === 0) resolve(stdout.split('\n').filter((l) => l.trim() !== ''));
      else reject(new Error(stderr.trim().replace(/^scann: /, '') || `scann ${args[0]} exited with ${code ?? signal}`));
    });
  });
}

/** Runs the CLI under a cancellable progress notification. */
export function runCliWithProgress(cliPath: string, args: string[], title: string): Thenable<string[]> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    (_p, token) => runCli(cliPath, args, token),
  );
}

/** "Open" / "Reveal" at the end of an export. */
export async function offerOpen(
  file: string,
  message: string,
  open: (uri: vscode.Uri) => Thenable<unknown>,
): Promise<void> {
  const choice = await vscode.window.showInformationMessage(message, 'Open', 'Reveal');
  const uri = vscode.Uri.file(file);
  if (choice === 'Open') await open(uri);
  else if (choice === 'Reveal') await vscode.commands.executeCommand('revealFileInOS', uri);
}
