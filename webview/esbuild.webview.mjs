// Browser bundles (ESM) of the notebook renderer and the two webview apps, imported by the root esbuild.mjs.
// Each app is one self-contained file: webview CSPs allow only the nonce'd entry script, so no code splitting.
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** @param {{ production?: boolean }} options */
export function webviewBuilds({ production = false } = {}) {
  const common = {
    absWorkingDir: root,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    // VS Code 1.100's Electron is Chromium 134; code-server runs in the user's browser.
    target: ['es2022', 'chrome120'],
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    outdir: 'dist/webview',
    legalComments: production ? 'external' : 'inline',
  };
  return [
    // The renderer adopts its CSS into each output's shadow root, so it imports the CSS files as text.
    { ...common, entryPoints: { renderer: 'webview/renderer/index.ts' }, loader: { '.css': 'text' } },
    // dashboard.css / compare.css come from the CSS files the entries import.
    { ...common, entryPoints: { dashboard: 'webview/dashboard/index.ts', compare: 'webview/compare/index.ts' } },
    // The HTML report inlines this script and its page CSS (src/report/htmlReport.ts): minified and without source
    // maps in every build, since each report carries a copy.
    {
      ...common,
      entryPoints: { report: 'webview/report/index.ts' },
      loader: { '.css': 'text' },
      minify: true,
      sourcemap: false,
      legalComments: 'inline',
    },
    { ...common, entryPoints: { 'report-page': 'webview/report/report.css' }, minify: true, sourcemap: false },
    {
      ...common,
      entryPoints: { codicons: 'webview/codicons.css' },
      loader: { '.ttf': 'file' },
      assetNames: '[name]',
    },
  ];
}
