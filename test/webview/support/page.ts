/** Helpers the webview tests share: loading an app page, talking to the stubbed host, reading pixels. */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import type { Session } from './browser';
import { RESULTS_DIR } from './fixtures';
import { decodePng, hexRgb, type Image, type Rgb } from './png';
import type { TestServer } from './server';

export type ThemeName = 'light' | 'dark' | 'high-contrast';

interface ThemeModule {
  THEMES: Record<ThemeName, { bodyClass: string; vars: Record<string, string> }>;
}

let themes: ThemeModule['THEMES'] | undefined;

/** The theme variables the harness injects (test/webview/harness/themes.js). */
export async function themeVars(name: ThemeName): Promise<Record<string, string>> {
  if (!themes) {
    const href = pathToFileURL(path.join(__dirname, '..', 'harness', 'themes.js')).href;
    themes = ((await import(href)) as ThemeModule).THEMES;
  }
  return themes[name].vars;
}

export async function themeRgb(name: ThemeName, variable: string): Promise<Rgb> {
  const v = (await themeVars(name))[variable];
  assert.ok(v, `${variable} in ${name}`);
  return hexRgb(v);
}

export interface AppPage {
  page: Page;
  /** Console errors and failed requests seen so far. */
  problems: string[];
}

export async function openPage(
  session: Session,
  server: TestServer,
  app: 'renderer' | 'dashboard' | 'compare',
  theme: ThemeName,
  size = { width: 1200, height: 900 },
): Promise<AppPage> {
  const page = await session.newPage(size.width, size.height);
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  await page.goto(server.url(app, theme));
  await waitFor(
    page,
    app === 'renderer'
      ? 'window.__scann && window.__scann.ready === true'
      : 'window.__scann && window.__scann.posted.length > 0',
  );
  return { page, problems };
}

/**
 * Polls `expression` until it is truthy. (Playwright's waitForFunction evaluates its predicate with eval inside
 * the page, which the webview CSP rightly forbids; page.evaluate goes through the debugger protocol instead.)
 */
export async function waitFor(page: Page, expression: string, timeoutMs = 10000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate(`Boolean(${expression})`)) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Reads a JSON-serialisable value from the page's probe (window.__scann). */
export async function probe<T>(page: Page, expression: string): Promise<T> {
  return (await page.evaluate(`JSON.parse(JSON.stringify(${expression}))`)) as T;
}

export async function send(page: Page, body: unknown, messageId = Date.now()): Promise<void> {
  await page.evaluate(`__scann.send(${JSON.stringify({ messageId, body })})`);
}

/** Posted envelopes' bodies, in order. */
export async function posted<T = { type: string }>(page: Page): Promise<{ messageId: number; body: T }[]> {
  return probe(page, '__scann.posted');
}

/** No CSP violation, script error or failed request on the page. */
export async function assertClean(app: AppPage): Promise<void> {
  const csp = await probe<string[]>(app.page, '__scann.csp');
  const errors = await probe<string[]>(app.page, '__scann.errors');
  assert.deepEqual(csp, [], 'CSP violations');
  assert.deepEqual(errors, [], 'script errors');
  assert.deepEqual(app.problems, [], 'console errors / failed requests');
}

export async function shot(target: Locator | Page): Promise<Image> {
  return decodePng(await target.screenshot());
}

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, name);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Lets queued animation frames run (coalesced redraws happen in the next frame). */
export async function frames(page: Page, n = 2): Promise<void> {
  for (let i = 0; i < n; i++) await page.evaluate('new Promise((r) => requestAnimationFrame(() => r(0)))');
}
