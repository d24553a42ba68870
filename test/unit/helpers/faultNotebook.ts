import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { serializeNotebook, type NotebookDocumentData } from '../../../src/protocol/notebook';

/** A markdown cell, then `n` config cells `c1..cN`: tiny iris runs (about a second each). */
export function faultNotebook(n: number): NotebookDocumentData {
  const cells: NotebookDocumentData['cells'] = [{ kind: 'markdown', source: '# fault test' }];
  for (let i = 1; i <= n; i++) {
    cells.push({
      kind: 'config',
      source: [
        `name: c${i}`,
        'dataset: { source: builtin:iris }',
        'scheme: B',
        `seed: ${i}`,
        'baseline: { epochs: 2, hidden: [8] }',
        'train: { epochs: 1 }',
        'iterations: 1',
        '',
      ].join('\n'),
    });
  }
  return { metadata: {}, cells };
}

export function writeNotebook(file: string, nb: NotebookDocumentData, mode?: number): void {
  writeFileSync(file, serializeNotebook(nb), mode === undefined ? {} : { mode });
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `node SCRIPT ...args` and collects its output (asynchronously, so several can run at once). */
export function runNode(
  script: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; uid?: number; gid?: number } = {},
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.gid ?? opts.uid } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Files left in a folder that no writer should leave: temp files, lock folders. */
export function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.endsWith('.tmp') || n.endsWith('.lock'));
}
