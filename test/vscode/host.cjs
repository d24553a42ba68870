#!/usr/bin/env node
// Stands in for the VS Code executable in @vscode/test-electron's runTests({ vscodeExecutablePath }): it takes the
// arguments test-electron gives Electron VS Code, but starts code-server (VS Code 1.100.3: server, web workbench
// and a Node extension host) and opens the workbench in headless Chromium. The extension's mocha tests run in
// that extension host; the workbench reports their result through window.codeAutomationExit and this process
// exits with it. Tests reach back through SCANN_TEST_HOST_URL for screenshots and the text of every browser frame
// (notebook outputs and webviews live in iframes the extension host cannot see).
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const util = require('node:util');

const { freePort, launchBrowser, makeUserDataDir, startCodeServer } = require('./codeServer.cjs');
const TIMEOUT_MS = Number(process.env.SCANN_TEST_HOST_TIMEOUT_MS || 15 * 60 * 1000);
const SHOTS = path.resolve(process.env.SCANN_TEST_SCREENSHOTS || 'test-results/vscode');
const VERBOSE = !!process.env.SCANN_TEST_HOST_VERBOSE;
// Text of a frame including shadow roots: notebook outputs and our renderer draw inside shadow DOM.
const DEEP_TEXT =
  "(() => { const out = []; const walk = (n) => { if (n.nodeType === 3) out.push(n.textContent); if (n.shadowRoot) walk(n.shadowRoot); for (const c of n.childNodes) walk(c); }; walk(document.body || document); return out.join(' '); })()";
const NOISE =
  /open-vsx\.org|connection token|Creating a socket|Service Worker|ChatSessionStore|additional builtin|vsda|same-origin iframe/;

function parseArgs(argv) {
  const o = { devPaths: [] };
  for (const a of argv) {
    const m = /^--([\w-]+)=(.*)$/.exec(a);
    if (m && m[1] === 'extensionDevelopmentPath') o.devPaths.push(path.resolve(m[2]));
    else if (m && m[1] === 'extensionTestsPath') o.testsPath = path.resolve(m[2]);
    else if (m && m[1] === 'user-data-dir') o.userDataDir = path.resolve(m[2]);
    else if (m && m[1] === 'extensions-dir') o.extensionsDir = path.resolve(m[2]);
    else if (!a.startsWith('-')) o.folder = path.resolve(a);
  }
  return o;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!args.testsPath) throw new Error('--extensionTestsPath is required');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'scann-vscode-'));
  // code-server keeps a unix socket in the user data dir, and socket paths must stay under ~107 bytes.
  const userDataDir = makeUserDataDir(args.userDataDir || path.join(work, 'user-data'));
  const extensionsDir = args.extensionsDir || path.join(work, 'extensions');
  const folder = args.folder || fs.mkdtempSync(path.join(work, 'ws-'));
  fs.mkdirSync(SHOTS, { recursive: true });

  let browser;
  let page;
  let control;
  let server;
  let done = false;
  const finish = async (code, why) => {
    if (done) return;
    done = true;
    if (why) console.error(`test host: ${why}`);
    try {
      if (page && code !== 0) await page.screenshot({ path: path.join(SHOTS, 'on-failure.png') });
    } catch {}
    try {
      await browser?.close();
    } catch {}
    control?.close();
    server?.stop();
    process.exit(code);
  };
  setTimeout(() => finish(1, `timed out after ${TIMEOUT_MS} ms`), TIMEOUT_MS).unref();
  process.on('SIGINT', () => finish(130, 'interrupted'));
  process.on('SIGTERM', () => finish(143, 'terminated'));

  const controlPort = await freePort();
  control = http
    .createServer(async (req, res) => {
      try {
        const u = new URL(req.url, 'http://host');
        if (u.pathname === '/screenshot') {
          const name = (u.searchParams.get('name') || 'shot').replace(/[^\w.-]/g, '_');
          const file = path.join(SHOTS, `${name}.png`);
          await page.screenshot({ path: file });
          res.end(JSON.stringify({ file }));
        } else if (u.pathname === '/frames') {
          const frames = [];
          for (const f of page.frames()) {
            try {
              frames.push({ url: f.url(), text: await f.evaluate(DEEP_TEXT) });
            } catch (e) {
              frames.push({ url: f.url(), text: '', error: String(e) });
            }
          }
          res.end(JSON.stringify(frames));
        } else if (u.pathname === '/press') {
          await page.keyboard.press(u.searchParams.get('key') || 'Escape');
          res.end('{}');
        } else {
          res.statusCode = 404;
          res.end('{}');
        }
      } catch (e) {
        res.statusCode = 500;
        res.end(JSON.stringify({ error: String(e) }));
      }
    })
    .listen(controlPort, '127.0.0.1');

  server = await startCodeServer({
    folder,
    userDataDir,
    extensionsDir,
    verbose: VERBOSE,
    env: { SCANN_TEST_HOST_URL: `http://127.0.0.1:${controlPort}`, SCANN_TEST_SCREENSHOTS: SHOTS },
  });
  server.proc.on('exit', (c) => finish(1, `code-server exited early (${c}); see ${server.logFile}`));
  const port = server.port;
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  page.on('pageerror', (e) => VERBOSE && console.error('[page error]', e.message));
  page.on('response', (r) => VERBOSE && r.status() >= 400 && console.error(`[http ${r.status()}] ${r.url()}`));
  page.on('console', (m) => VERBOSE && m.type() !== 'debug' && console.error(`[browser ${m.type()}] ${m.text()}`));
  // In test mode the workbench forwards the extension host's console (mocha's reporter) here.
  await page.exposeFunction('codeAutomationLog', (type, a) => {
    const line = util.format(...[].concat(a));
    if (!VERBOSE && NOISE.test(line)) return;
    (type === 'error' || type === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
  });
  await page.exposeFunction('codeAutomationExit', (code) => finish(code));

  const authority = `127.0.0.1:${port}`;
  const remote = (p) => `vscode-remote://${authority}${p}`;
  const payload = [
    ...args.devPaths.map((p) => ['extensionDevelopmentPath', remote(p)]),
    ['extensionTestsPath', remote(args.testsPath)],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ];
  await page.goto(
    `http://${authority}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`,
  );
}

main().catch((e) => {
  console.error('test host failed:', e);
  process.exit(1);
});
