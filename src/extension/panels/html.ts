/**
 * The document and Content-Security-Policy of both panels. No vscode import: the browser tests serve the same
 * document from a plain HTTP server.
 */

/**
 * The Content-Security-Policy of both panels: nothing but our own files and the nonce'd entry script. `data:` and
 * `blob:` images are needed by plotly's image export (it rasterises its SVG through an <img>).
 */
export function webviewCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data: blob:`,
    `font-src ${cspSource}`,
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export interface WebviewHtmlOptions {
  title: string;
  /** `webview.cspSource`. */
  cspSource: string;
  /** Fresh per render, base64 or hex (no quotes). */
  nonce: string;
  /** `asWebviewUri` of the app bundle (`WEBVIEW_BUNDLES.dashboard.script` / `.compare.script`). */
  scriptUri: string;
  /** `asWebviewUri` of the app stylesheet. */
  styleUri: string;
  /** `asWebviewUri` of `WEBVIEW_BUNDLES.codicons`. */
  codiconsUri: string;
}

const escapeAttr = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The whole document of a panel; the app builds its UI into `#app`. */
export function webviewHtml(o: WebviewHtmlOptions): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="UTF-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttr(webviewCsp(o.cspSource, o.nonce))}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
    `<link rel="stylesheet" id="vscode-codicon-stylesheet" href="${escapeAttr(o.codiconsUri)}">`,
    `<link rel="stylesheet" href="${escapeAttr(o.styleUri)}">`,
    `<title>${escapeAttr(o.title)}</title>`,
    '</head>',
    '<body>',
    '<main id="app"></main>',
    `<script type="module" nonce="${escapeAttr(o.nonce)}" src="${escapeAttr(o.scriptUri)}"></script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
