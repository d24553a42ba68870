import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { COMPARE_VIEW_TYPE, DASHBOARD_VIEW_TYPE, WEBVIEW_BUNDLES } from '../../src/extension/panels/bundles';
import { webviewCsp, webviewHtml } from '../../src/extension/panels/html';

test('panel HTML: strict CSP with the nonce, no inline script or style', () => {
  const html = webviewHtml({
    title: 'T <x>',
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    nonce: 'abc123',
    scriptUri: 'https://x/dashboard.js',
    styleUri: 'https://x/dashboard.css',
    codiconsUri: 'https://x/codicons.css',
  });
  const csp = webviewCsp('https://file+.vscode-resource.vscode-cdn.net', 'abc123');
  assert.ok(html.includes(csp.replace(/'/g, "'")));
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-abc123'/);
  assert.doesNotMatch(csp, /unsafe-(inline|eval)/);
  assert.match(html, /<script type="module" nonce="abc123" src="https:\/\/x\/dashboard.js"><\/script>/);
  assert.match(html, /id="vscode-codicon-stylesheet"/);
  assert.doesNotMatch(html, /<style|style="/);
  assert.match(html, /<title>T &lt;x&gt;<\/title>/);
  assert.equal((html.match(/<script/g) ?? []).length, 1);
});

test('bundle paths and view types match package.json', () => {
  const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    activationEvents: string[];
    contributes: { notebookRenderer: { entrypoint: string }[] };
  };
  assert.deepEqual(
    pkg.contributes.notebookRenderer.map((r) => path.posix.normalize(r.entrypoint)),
    [WEBVIEW_BUNDLES.renderer],
  );
  for (const viewType of [DASHBOARD_VIEW_TYPE, COMPARE_VIEW_TYPE]) {
    assert.ok(pkg.activationEvents.includes(`onWebviewPanel:${viewType}`), viewType);
  }
});
