/**
 * Renders media/icon.svg to media/icon.png (256 x 256, transparent corners) with the headless Chromium the webview
 * tests use: the Marketplace and the Welcome page want a PNG. Run `npx tsx scripts/render-icon.ts` after editing
 * the SVG; the PNG is committed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(__dirname, '..');
const SIZE = 256;

async function main(): Promise<void> {
  const svg = readFileSync(path.join(root, 'media', 'icon.svg'), 'utf8');
  const browser = await chromium.launch({
    executablePath: process.env.SCANN_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
    await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
    const png = await page.locator('svg').screenshot({ omitBackground: true });
    writeFileSync(path.join(root, 'media', 'icon.png'), png);
    console.log(`media/icon.png: ${png.length} bytes`);
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
