/** Builds the webview bundles once per test process (the same options `node esbuild.mjs` uses). */
import { build } from 'esbuild';
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import { ROOT } from './server';

let built: Promise<void> | undefined;

interface WebviewBuildModule {
  webviewBuilds(o: { production: boolean }): Parameters<typeof build>[0][];
}

export function buildWebviews(): Promise<void> {
  built ??= (async () => {
    const href = pathToFileURL(path.join(ROOT, 'webview', 'esbuild.webview.mjs')).href;
    const mod = (await import(href)) as WebviewBuildModule;
    await Promise.all(mod.webviewBuilds({ production: false }).map((o) => build(o)));
  })();
  return built;
}
