/**
 * `scann report` as one HTML file: every cell in order (markdown rendered and sanitized, config text highlighted,
 * run outputs drawn by the notebook renderer's view, inlined from `dist/webview/report.js`), styles inlined, light
 * and dark by prefers-color-scheme. Nothing is fetched: the Content-Security-Policy allows only the page's own
 * script and style (by hash) and data: images, so a report cannot make a request even if a bug let markup through.
 */
import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { cellName, RUN_MIME } from '../protocol/notebook';
import type { RunResult } from '../protocol/result';
import { markdownSummary } from '../protocol/runOutput';
import { markdownToHtml } from './markdownHtml';
import { outputText, type ReportSource, type SourceRun } from './sources';
import { yamlToHtml } from './yamlHtml';

export interface HtmlReportOptions {
  /** Leave out the YAML of config cells (their run outputs stay). */
  includeConfig: boolean;
  /** Product version, printed in the footer. */
  version: string;
}

/** The built browser assets: `dist/webview` next to the bundled CLI, or above the sources under the test runner. */
export function webviewDistDir(): string {
  let dir = __dirname;
  for (;;) {
    for (const candidate of [path.join(dir, 'webview'), path.join(dir, 'dist', 'webview')]) {
      if (existsSync(path.join(candidate, 'report.js'))) return candidate;
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error('dist/webview/report.js not found: build first (npm run build)');
    dir = up;
  }
}

export interface ReportAssets {
  script: string;
  css: string;
}

export async function readReportAssets(dir = webviewDistDir()): Promise<ReportAssets> {
  const [script, css] = await Promise.all([
    fs.readFile(path.join(dir, 'report.js'), 'utf8'),
    fs.readFile(path.join(dir, 'report-page.css'), 'utf8'),
  ]);
  return { script, css };
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** JSON inside a <script> data block: `<` escaped, so no text in it can close the block or open a comment. */
const scriptJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/** Inline script text that cannot end its <script> element early (`</script` inside a string literal). */
function inlineScript(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * A run's placeholder. Its content is the run's Markdown summary: the script draws the run in a shadow root, which
 * hides that content, so it shows only where scripts do not run (a mail client, a locked-down viewer).
 */
function runBlock(run: SourceRun, id: string): string {
  const fallback = run.view.result ? markdownToHtml(markdownSummary(run.view.result as RunResult)) : '';
  return (
    `<div class="output run-output" data-payload="${id}" role="region" aria-label="Run ${escapeHtml(run.view.name)}">${fallback}</div>\n` +
    `<script type="application/json" id="${id}">${scriptJson(run.payload)}</script>`
  );
}

function textOutput(text: string): string {
  return `<div class="output output-text">${markdownToHtml(text)}</div>`;
}

function body(src: ReportSource, opts: HtmlReportOptions): string {
  const parts: string[] = [];
  let runIndex = 0;
  const runsByCell = new Map<number, SourceRun[]>();
  for (const r of src.runs) runsByCell.set(r.cell, [...(runsByCell.get(r.cell) ?? []), r]);
  if (!src.notebook) {
    for (const r of src.runs) parts.push(`<section class="cell">${runBlock(r, `run-${runIndex++}`)}</section>`);
    return parts.join('\n');
  }
  src.notebook.cells.forEach((cell, i) => {
    if (cell.kind === 'markdown') {
      parts.push(`<section class="cell markdown">${markdownToHtml(cell.source)}</section>`);
      return;
    }
    const out: string[] = [`<section class="cell config" aria-label="${escapeHtml(cellName(cell, i))}">`];
    if (opts.includeConfig) {
      const order = cell.execution?.order;
      out.push(
        `<div class="cell-label">config${order !== undefined ? ` [${order}]` : ''}</div>`,
        `<pre><code class="language-yaml">${yamlToHtml(cell.source)}</code></pre>`,
      );
    }
    const runs = runsByCell.get(i) ?? [];
    for (const o of cell.outputs ?? []) {
      if (o.items.some((it) => it.mime === RUN_MIME)) continue;
      const text = outputText(o.items);
      if (text !== undefined) out.push(textOutput(text));
    }
    for (const r of runs) out.push(runBlock(r, `run-${runIndex++}`));
    out.push('</section>');
    parts.push(out.join('\n'));
  });
  return parts.join('\n');
}

export function htmlReport(src: ReportSource, assets: ReportAssets, opts: HtmlReportOptions): string {
  const script = inlineScript(assets.script);
  const css = assets.css.replace(/<\/(style)/gi, '<\\/$1');
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(script)}`,
    `style-src ${sha256(css)}`,
    'img-src data:',
    'font-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const title = `${src.title}: SCANN report`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="SCANN Studio ${escapeHtml(opts.version)}">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
</head>
<body>
<header class="report-head"><p>${escapeHtml(src.title)} · SCANN report · ${src.runs.length} run${src.runs.length === 1 ? '' : 's'}</p></header>
<main>
${body(src, opts)}
</main>
<footer class="report-foot">Made with SCANN Studio ${escapeHtml(opts.version)} (scann report). Drag an architecture to pan it, Ctrl+wheel to zoom, click a neuron to inspect it.</footer>
<script type="module">${script}</script>
</body>
</html>
`;
}
