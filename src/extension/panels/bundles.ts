/** What `node esbuild.mjs` writes for the browser side, relative to the extension root. */
export const WEBVIEW_BUNDLES = {
  /** `contributes.notebookRenderer[].entrypoint` in package.json (a test holds them equal); ESM. */
  renderer: 'dist/webview/renderer.js',
  dashboard: { script: 'dist/webview/dashboard.js', style: 'dist/webview/dashboard.css' },
  compare: { script: 'dist/webview/compare.js', style: 'dist/webview/compare.css' },
  /** Codicon font stylesheet; must be a `<link id="vscode-codicon-stylesheet">` for `<vscode-icon>`. */
  codicons: 'dist/webview/codicons.css',
} as const;

/** `WebviewPanel.viewType`s, also the `onWebviewPanel:` activation events of the panel serializers. */
export const DASHBOARD_VIEW_TYPE = 'scann.dashboard';
export const COMPARE_VIEW_TYPE = 'scann.compare';
