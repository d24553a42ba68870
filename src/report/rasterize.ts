/**
 * PNG and PDF figures: the SVG printed by a headless Chromium through playwright-core. Neither is a dependency of
 * the `scann` command (Chromium alone is 100+ MB), so both are looked up when asked for, and their absence is a
 * clear error that says how to get them. SVG figures need neither.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { FigureFormat } from '../protocol/figure';
import { RasterUnavailableError } from './errors';

export { RasterUnavailableError };

interface Chromium {
  launch(o: { executablePath?: string; headless: boolean; args: string[] }): Promise<Browser>;
  executablePath(): string;
}
interface Browser {
  newPage(o: { deviceScaleFactor: number; viewport: { width: number; height: number } }): Promise<Page>;
  close(): Promise<void>;
}
interface Page {
  setContent(html: string): Promise<void>;
  screenshot(o: { type: 'png'; omitBackground: boolean; clip: Box }): Promise<Buffer>;
  pdf(o: { width: string; height: string; printBackground: boolean; pageRanges: string }): Promise<Buffer>;
  route(url: string, handler: (route: { abort(): Promise<void> }) => Promise<void>): Promise<void>;
}
interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const HOW =
  'PNG and PDF figures need playwright-core and a Chromium: `npm install playwright-core` and either ' +
  '`npx playwright-core install chromium` or SCANN_CHROMIUM=/path/to/chromium (SVG figures need neither)';

async function chromium(): Promise<Chromium> {
  try {
    // Not bundled (see esbuild.mjs): resolved from the user's node_modules when installed.
    const mod = (await import('playwright-core')) as unknown as { chromium: Chromium };
    return mod.chromium;
  } catch {
    throw new RasterUnavailableError(`playwright-core is not installed. ${HOW}`);
  }
}

function executable(c: Chromium): string | undefined {
  const fromEnv = process.env['SCANN_CHROMIUM'];
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new RasterUnavailableError(`SCANN_CHROMIUM=${fromEnv}: no such file. ${HOW}`);
    return fromEnv;
  }
  try {
    const own = c.executablePath();
    if (own && existsSync(own)) return undefined;
  } catch {
    // No browser downloaded by playwright: look for a system one below.
  }
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
      const file = path.join(dir, name);
      if (dir && existsSync(file)) return file;
    }
  }
  throw new RasterUnavailableError(`no Chromium found. ${HOW}`);
}

/** Size of an SVG file from its root's width/height in inches (figures are always sized so). */
function inches(svg: string): { w: number; h: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const w = /\bwidth="([\d.]+)in"/.exec(root)?.[1];
  const h = /\bheight="([\d.]+)in"/.exec(root)?.[1];
  if (!w || !h) throw new Error('figure SVG without a size in inches');
  return { w: Number(w), h: Number(h) };
}

/** PNG at `dpi` (300 by default: print resolution) or vector PDF of one page the size of the figure. */
export async function rasterize(svg: string, format: Exclude<FigureFormat, 'svg'>, dpi = 300): Promise<Buffer> {
  const c = await chromium();
  const executablePath = executable(c);
  const { w, h } = inches(svg);
  const browser = await c.launch({
    ...(executablePath ? { executablePath } : {}),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage({
      deviceScaleFactor: format === 'png' ? dpi / 96 : 1,
      viewport: { width: Math.ceil(w * 96), height: Math.ceil(h * 96) },
    });
    // The figure is self-contained: nothing may be fetched while it is printed.
    await page.route('**/*', (route) => route.abort());
    const body = svg.replace(/^<\?xml[^>]*>\s*/, '');
    await page.setContent(
      `<!doctype html><html><head><style>html,body{margin:0;padding:0;background:#fff}svg{display:block}</style></head><body>${body}</body></html>`,
    );
    if (format === 'png') {
      return await page.screenshot({
        type: 'png',
        omitBackground: false,
        clip: { x: 0, y: 0, width: w * 96, height: h * 96 },
      });
    }
    return await page.pdf({ width: `${w}in`, height: `${h}in`, printBackground: true, pageRanges: '1' });
  } finally {
    await browser.close();
  }
}
