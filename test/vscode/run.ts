/**
 * `npm run test:vscode`: runs the extension-host tests (test/vscode/suite) inside a real VS Code 1.100.3
 * (code-server, see install-host.sh and host.cjs). The exit code is the result.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { build } from 'esbuild';

const root = path.resolve(__dirname, '..', '..');

async function main(): Promise<void> {
  const outDir = path.join(root, '.vscode-test-out');
  await build({
    entryPoints: [path.join(__dirname, 'suite', 'index.ts')],
    outfile: path.join(outDir, 'suite', 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  // A fresh copy of the fixture workspace: runs write .scann/runs and outputs into it.
  const workspace = mkdtempSync(path.join(tmpdir(), 'scann-ws-'));
  cpSync(path.join(root, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  const code = await runTests({
    vscodeExecutablePath: path.join(__dirname, 'host.cjs'),
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(outDir, 'suite', 'index.js'),
    launchArgs: [workspace, '--disable-extensions'],
    extensionTestsEnv: {
      SCANN_REPO: root,
      SCANN_TEST_WORKSPACE: workspace,
      ...(process.env['SCANN_TEST_GREP'] ? { SCANN_TEST_GREP: process.env['SCANN_TEST_GREP'] } : {}),
      ...(process.env['SCANN_TEST_CPU_PROF'] ? { SCANN_TEST_CPU_PROF: process.env['SCANN_TEST_CPU_PROF'] } : {}),
    },
  });
  process.exit(code);
}

main().catch((err: unknown) => {
  console.error('extension tests could not run:', err instanceof Error ? err.message : err);
  process.exit(1);
});
