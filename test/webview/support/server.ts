/**
 * A localhost server for the webview tests: the built bundles from dist/, the harness scripts, and one page per
 * app, each with a fresh nonce and VS Code's webview CSP sent both as a header and in a <meta> (the panels' HTML
 * comes from the same `webviewHtml` the extension uses). A bundle that needs eval, inline script or inline
 * styles fails here as it would in VS Code.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { WEBVIEW_BUNDLES } from '../../../src/extension/panels/bundles';
import { webviewCsp, webviewHtml } from '../../../src/extension/panels/html';

export const ROOT = path.join(__dirname, '..', '..', '..');
const HARNESS = path.join(__dirname, '..', 'harness');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.ttf': 'font/ttf',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
};

export interface TestServer {
  origin: string;
  url(page: 'renderer' | 'dashboard' | 'compare', theme?: string): string;
  close(): Promise<void>;
}

function rendererPage(origin: string, nonce: string): string {
  // VS Code's notebook output webview is its own page; the renderer's outputs sit in a column of cells.
  return [
    '<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">',
    `<meta http-equiv="Content-Security-Policy" content="${webviewCsp(origin, nonce)}">`,
    '<link rel="stylesheet" href="/harness/renderer-page.css">',
    '<title>SCANN renderer test</title></head>',
    '<body><div id="outputs"></div>',
    `<script type="module" nonce="${nonce}" src="/harness/vscode-stub.js"></script>`,
    `<script type="module" nonce="${nonce}" src="/harness/renderer-harness.js"></script>`,
    '</body></html>',
  ].join('\n');
}

function appPage(app: 'dashboard' | 'compare', origin: string, nonce: string): string {
  const bundle = WEBVIEW_BUNDLES[app];
  const html = webviewHtml({
    title: `SCANN ${app}`,
    cspSource: origin,
    nonce,
    scriptUri: `${origin}/${bundle.script}`,
    styleUri: `${origin}/${bundle.style}`,
    codiconsUri: `${origin}/${WEBVIEW_BUNDLES.codicons}`,
  });
  // The stub (acquireVsCodeApi, theme) must run before the app: module scripts run in document order.
  const stub = `<script type="module" nonce="${nonce}" src="/harness/vscode-stub.js"></script>\n`;
  return html.replace('<script type="module"', `${stub}<script type="module"`);
}

export async function startServer(): Promise<TestServer> {
  let origin = '';
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', origin);
      const page = /^\/(renderer|dashboard|compare)\.html$/.exec(url.pathname)?.[1];
      if (url.pathname === '/favicon.ico') {
        res.writeHead(204).end();
        return;
      }
      if (page) {
        const nonce = randomBytes(16).toString('base64');
        const body =
          page === 'renderer' ? rendererPage(origin, nonce) : appPage(page as 'dashboard' | 'compare', origin, nonce);
        res.writeHead(200, {
          'content-type': TYPES['.html']!,
          'content-security-policy': webviewCsp(origin, nonce),
          'cache-control': 'no-store',
        });
        res.end(body);
        return;
      }
      let file: string | undefined;
      if (url.pathname.startsWith('/dist/')) file = path.join(ROOT, url.pathname);
      else if (url.pathname.startsWith('/harness/')) file = path.join(HARNESS, url.pathname.slice('/harness/'.length));
      if (!file || !path.resolve(file).startsWith(ROOT)) {
        res.writeHead(404).end();
        return;
      }
      try {
        const data = await readFile(file);
        res.writeHead(200, {
          'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
          'cache-control': 'no-store',
        });
        res.end(data);
      } catch {
        res.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (page, theme = 'dark') => `${origin}/${page}.html?theme=${theme}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
