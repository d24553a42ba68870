import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { WEBVIEW_BUNDLES } from './bundles';
import { webviewHtml } from './html';

/** Panel options: scripts on, and nothing loadable but our own bundles (asWebviewUri under dist/). */
export function panelOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
}

/** The panel document with a fresh nonce and a CSP allowing only our files and that nonce'd script. */
export function panelHtml(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  app: 'dashboard' | 'compare',
  title: string,
): string {
  const uri = (rel: string): string =>
    webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...rel.split('/'))).toString();
  const bundle = WEBVIEW_BUNDLES[app];
  return webviewHtml({
    title,
    cspSource: webview.cspSource,
    nonce: randomBytes(16).toString('base64'),
    scriptUri: uri(bundle.script),
    styleUri: uri(bundle.style),
    codiconsUri: uri(WEBVIEW_BUNDLES.codicons),
  });
}

export function panelIcon(
  extensionUri: vscode.Uri,
  name: 'dashboard' | 'compare',
): { light: vscode.Uri; dark: vscode.Uri } {
  return {
    light: vscode.Uri.joinPath(extensionUri, 'media', 'icons', `${name}-light.svg`),
    dark: vscode.Uri.joinPath(extensionUri, 'media', 'icons', `${name}-dark.svg`),
  };
}
