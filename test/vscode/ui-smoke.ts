/**
 * What a person does with the packaged extension, in a real VS Code (code-server) driven through its UI: install
 * scann-studio.vsix, run "SCANN: New Notebook" from the command palette, press Run All, and read the result under
 * the cell. Prints `N passed, N failed`; the exit code is the result. Screenshots go to test-results/vscode-ui/.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';

const cs = require('./codeServer.cjs') as {
  makeUserDataDir(dir: string): string;
  installExtension(vsix: string, extensionsDir: string): void;
  startCodeServer(o: {
    folder: string;
    userDataDir: string;
    extensionsDir: string;
  }): Promise<{ port: number; stop(): void; logFile: string }>;
  launchBrowser(): Promise<Browser>;
};

const root = path.resolve(__dirname, '..', '..');
/** A frame's text including shadow roots, where notebook outputs and our renderer draw. */
const DEEP_TEXT = `(() => { const out = []; const walk = (n) => { if (n.nodeType === 3) out.push(n.textContent); if (n.shadowRoot) walk(n.shadowRoot); for (const c of n.childNodes) walk(c); }; walk(document.body || document); return out.join(' '); })()`;
const shots = path.join(root, 'test-results', 'vscode-ui');

async function findFrame(page: Page, pattern: RegExp, ms: number): Promise<Frame> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    for (const f of page.frames()) {
      const text = await f.evaluate<string>(DEEP_TEXT).catch(() => '');
      if (pattern.test(text)) return f;
    }
    await page.waitForTimeout(500);
  }
  throw new Error(`no frame shows ${String(pattern)} after ${ms} ms`);
}

/** Runs a command from the palette; contributed commands appear once the extension host has scanned, so retry. */
async function runCommand(page: Page, title: string): Promise<void> {
  for (let attempt = 0; attempt < 15; attempt++) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10000 });
    await input.fill(`>${title}`);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title });
    if (
      await row
        .first()
        .isVisible({ timeout: 3000 })
        .catch(() => false)
    ) {
      await row.first().click();
      return;
    }
    await page.keyboard.press('Escape');
    await page.waitForTimeout(2000);
  }
  throw new Error(`command "${title}" never appeared in the palette`);
}

async function main(): Promise<number> {
  const vsix = path.join(root, 'scann-studio.vsix');
  if (!existsSync(vsix)) throw new Error('scann-studio.vsix is missing: run `npm run package` first');
  mkdirSync(shots, { recursive: true });
  const work = mkdtempSync(path.join(tmpdir(), 'scann-ui-'));
  const folder = mkdtempSync(path.join(work, 'ws-'));
  const extensionsDir = path.join(work, 'extensions');
  cs.installExtension(vsix, extensionsDir);
  const server = await cs.startCodeServer({
    folder,
    userDataDir: cs.makeUserDataDir(path.join(work, 'ud')),
    extensionsDir,
  });
  const browser = await cs.launchBrowser();
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  let passed = 0;
  let failed = 0;
  const check = async (name: string, fn: () => Promise<void>): Promise<void> => {
    try {
      await fn();
      passed++;
      console.log(`  ok   ${name}`);
    } catch (err) {
      failed++;
      console.log(`  FAIL ${name}: ${err instanceof Error ? err.message : String(err)}`);
      await page.screenshot({ path: path.join(shots, `failed-${passed + failed}.png`) }).catch(() => undefined);
    }
  };
  try {
    await page.goto(`http://127.0.0.1:${server.port}/?folder=${encodeURIComponent(folder)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 90000 });
    await check('the installed VSIX offers "SCANN: New Notebook", which opens a starter notebook', async () => {
      await runCommand(page, 'SCANN: New Notebook');
      await page.locator('.notebook-editor:visible').first().waitFor({ timeout: 30000 });
      await page.getByText('optdigits-scheme-B').first().waitFor({ timeout: 30000 });
    });
    await check('Run All synthesizes in the background and shows baseline vs SCANN under the cell', async () => {
      await page.locator('.notebook-toolbar-container').getByText('Run All', { exact: true }).first().click();
      // With one kernel for the notebook type VS Code may still ask once: pick SCANN.
      const kernel = page.locator('.quick-input-list .monaco-list-row', { hasText: 'SCANN' });
      if (
        await kernel
          .first()
          .isVisible({ timeout: 3000 })
          .catch(() => false)
      )
        await kernel.first().click();
      const frame = await findFrame(page, /x fewer/, 180000);
      const text = await frame.evaluate<string>(DEEP_TEXT);
      if (!/optdigits-scheme-B/.test(text)) throw new Error(`the output does not name the run: ${text.slice(0, 200)}`);
      await page.screenshot({ path: path.join(shots, 'vsix-notebook-after-run.png') });
    });
    await check('the status bar, commands and run history work from the UI', async () => {
      await runCommand(page, 'SCANN: Show Runs');
      await page
        .locator('.quick-input-list .monaco-list-row', { hasText: 'optdigits-scheme-B' })
        .first()
        .waitFor({ timeout: 20000 });
      await page.screenshot({ path: path.join(shots, 'vsix-show-runs.png') });
      await page.keyboard.press('Escape');
    });
  } finally {
    await browser.close();
    server.stop();
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('VSIX UI test could not run:', err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
