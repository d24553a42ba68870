#!/usr/bin/env node
// Stands in for the VS Code executable in @vscode/test-electron's runTests({ vscodeExecutablePath }): it takes the
// arguments test-electron gives Electron VS Code, but starts code-server (VS Code 1.100.3: server, web workbench
// and a Node extension host) and opens the workbench in headless Chromium. The extension's mocha tests run in
// that extension host; the workbench reports their result through window.codeAutomationExit and this process
// exits with it. Tests reach back through SCANN_TEST_HOST_URL for screenshots and the text of every browser frame
// (notebook outputs and webviews live in iframes the extension host cannot see).
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const util = require('node:util');

const HOST_DIR = process.env.SCANN_TEST_HOST_DIR || path.join(__dirname, '..', '..', '.vscode-test-host');
const CODE_SERVER = path.join(HOST_DIR, 'node_modules', 'code-server');
const { chromium } = require(path.join(HOST_DIR, 'node_modules', 'playwright-core'));
const TIMEOUT_MS = Number(process.env.SCANN_TEST_HOST_TIMEOUT_MS || 15 * 60 * 1000);
const SHOTS = path.resolve(process.env.SCANN_TEST_SCREENSHOTS || 'test-results/vscode');
const VERBOSE = !!process.env.SCANN_TEST_HOST_VERBOSE;
const NOISE = /open-vsx\.org|connection token|Creating a socket|Service Worker|ChatSessionStore|additional builtin|vsda|same-origin iframe/;

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

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const ok = await new Promise((r) => http.get(url, (res) => (res.resume(), r(res.statusCode < 500))).on('error', () => r(false)));
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer at ${url}`);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!args.testsPath) throw new Error('--extensionTestsPath is required');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'scann-vscode-'));
  // code-server keeps a unix socket in the user data dir, and socket paths must stay under ~107 bytes.
  let userDataDir = args.userDataDir || path.join(work, 'user-data');
  if (Buffer.byteLength(path.join(userDataDir, 'code-server-ipc.sock')) > 100) userDataDir = path.join(work, 'user-data');
  const extensionsDir = args.extensionsDir || path.join(work, 'extensions');
  const folder = args.folder || fs.mkdtempSync(path.join(work, 'ws-'));
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'security.workspace.trust.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
      'workbench.tips.enabled': false,
      'notebook.confirmDeleteRunningCell': false,
    }),
  );
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
    if (server && server.exitCode === null) {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {}
    }
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
              frames.push({ url: f.url(), text: await f.evaluate(() => (document.body ? document.body.innerText : '')) });
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

  const port = await freePort();
  const config = path.join(work, 'config.yaml');
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  server = spawn(
    process.execPath,
    [
      path.join(CODE_SERVER, 'out', 'node', 'entry.js'),
      '--config', config,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir,
      folder,
    ],
    {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SCANN_TEST_HOST_URL: `http://127.0.0.1:${controlPort}`, SCANN_TEST_SCREENSHOTS: SHOTS },
    },
  );
  const serverLog = fs.createWriteStream(path.join(work, 'code-server.log'));
  server.stdout.pipe(serverLog);
  server.stderr.pipe(serverLog);
  if (VERBOSE) server.stderr.pipe(process.stderr);
  server.on('exit', (c) => finish(1, `code-server exited early (${c}); see ${path.join(work, 'code-server.log')}`));
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, 90000);

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  page.on('pageerror', (e) => VERBOSE && console.error('[page error]', e.message));
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
  await page.goto(`http://${authority}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
}

main().catch((e) => {
  console.error('test host failed:', e);
  process.exit(1);
});
