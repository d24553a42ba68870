// Bundles each runtime entry. Node entries are CommonJS for Node 20 and the VS Code extension host; webview
// bundles (ESM, browser) are declared in webview/esbuild.webview.mjs next to their sources.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const production = process.argv.includes('--production');

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  define: { SCANN_VERSION: JSON.stringify(pkg.version) },
  // Optional at run time: loaded only when installed (TF.js engine on tfjs-node; PNG/PDF figures on playwright-core).
  external: ['@tensorflow/tfjs-node', 'playwright-core', 'vscode'],
};

// A production build (the VSIX) must not ship source maps left over from development builds.
if (production && existsSync('dist')) {
  for (const f of readdirSync('dist', { recursive: true })) if (String(f).endsWith('.map')) rmSync(`dist/${f}`);
}

const builds = [
  build({ ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  build({ ...node, entryPoints: ['src/engine/run/process.ts'], outfile: 'dist/engine.js' }),
];
if (existsSync('src/extension/extension.ts')) {
  // The banner timestamps the start of module evaluation, so the reported activation time includes it.
  builds.push(
    build({
      ...node,
      entryPoints: ['src/extension/extension.ts'],
      outfile: 'dist/extension.js',
      banner: { js: 'globalThis.__scannLoadStart = Date.now();' },
    }),
  );
}
const webview = new URL('./webview/esbuild.webview.mjs', import.meta.url);
if (existsSync(webview)) {
  const { webviewBuilds } = await import(webview.href);
  for (const options of webviewBuilds({ production })) builds.push(build(options));
}
await Promise.all(builds);

// The TF.js WebAssembly backend loads its .wasm files from next to the bundle.
const wasmDir = 'node_modules/@tensorflow/tfjs-backend-wasm/dist';
if (existsSync(wasmDir)) {
  mkdirSync('dist', { recursive: true });
  for (const f of readdirSync(wasmDir)) if (f.endsWith('.wasm')) copyFileSync(`${wasmDir}/${f}`, `dist/${f}`);
}

// The engine's own kernels (src/engine/kernels/module.ts) load their .wasm files from next to the bundle too.
const kernelDir = 'src/engine/kernels/wasm';
mkdirSync('dist', { recursive: true });
for (const f of readdirSync(kernelDir)) if (f.endsWith('.wasm')) copyFileSync(`${kernelDir}/${f}`, `dist/${f}`);
