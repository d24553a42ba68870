// Starting code-server (VS Code 1.100.3) and headless Chromium for tests: shared by the extension-host test
// harness (host.cjs) and the packaged-VSIX UI test (ui-smoke.ts).
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const HOST_DIR = process.env.SCANN_TEST_HOST_DIR || path.join(__dirname, '..', '..', '.vscode-test-host');
const CODE_SERVER = path.join(HOST_DIR, 'node_modules', 'code-server');
const ENTRY = path.join(CODE_SERVER, 'out', 'node', 'entry.js');

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
    const ok = await new Promise((r) =>
      http.get(url, (res) => (res.resume(), r(res.statusCode < 500))).on('error', () => r(false)),
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer at ${url}`);
}

/** A user data dir with settings that keep the workbench quiet (no welcome page, updates or telemetry). */
function makeUserDataDir(dir) {
  // code-server keeps a unix socket here, and socket paths must stay under ~107 bytes.
  const userDataDir =
    Buffer.byteLength(path.join(dir, 'code-server-ipc.sock')) > 100
      ? fs.mkdtempSync(path.join(os.tmpdir(), 'ud-'))
      : dir;
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  const settings = path.join(userDataDir, 'User', 'settings.json');
  if (!fs.existsSync(settings)) {
    fs.writeFileSync(
      settings,
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
  }
  return userDataDir;
}

/** `code-server --install-extension FILE` into an extensions dir. */
function installExtension(vsix, extensionsDir) {
  execFileSync(process.execPath, [ENTRY, '--extensions-dir', extensionsDir, '--install-extension', vsix], {
    stdio: 'pipe',
  });
}

/** Starts code-server on a free port; resolves once it answers. `stop()` kills its process group. */
async function startCodeServer({ folder, userDataDir, extensionsDir, env = {}, logFile, verbose = false }) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'scann-cs-'));
  const port = await freePort();
  const config = path.join(work, 'config.yaml');
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const proc = spawn(
    process.execPath,
    [
      ENTRY,
      '--config',
      config,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      folder,
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  const log = fs.createWriteStream(logFile || path.join(work, 'code-server.log'));
  proc.stdout.pipe(log);
  proc.stderr.pipe(log);
  if (verbose) proc.stderr.pipe(process.stderr);
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, 90000);
  const stop = () => {
    if (proc.exitCode === null) {
      try {
        process.kill(-proc.pid, 'SIGTERM');
      } catch {}
    }
  };
  return { port, proc, stop, logFile: log.path };
}

/** Headless Debian Chromium with the flags this closed network needs. */
async function launchBrowser() {
  const { chromium } = require(path.join(HOST_DIR, 'node_modules', 'playwright-core'));
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

module.exports = { freePort, makeUserDataDir, installExtension, startCodeServer, launchBrowser };
