/**
 * `scann report` and `scann figure` without a browser: the Markdown report of the quickstart notebook against its
 * committed expectation (tables and image links), every SVG well-formed XML, the HTML report's CSP and options,
 * figure sizes, and the CLI's errors. (The HTML report in a browser: test/webview/report.test.ts.)
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { XMLValidator } from 'fast-xml-parser';
import MarkdownIt from 'markdown-it';
import { main } from '../../src/cli/main';
import { figureCommand } from '../../src/cli/figure';
import { reportCommand } from '../../src/cli/report';
import { serializeNotebook, type NotebookDocumentData } from '../../src/protocol/notebook';
import type { RunResult } from '../../src/protocol/result';
import { runOutput } from '../../src/protocol/runOutput';
import { markdownReport } from '../../src/report/markdownReport';
import { loadSource } from '../../src/report/sources';

const ROOT = path.join(__dirname, '..', '..');
const QUICKSTART = path.join(ROOT, 'examples', 'quickstart.scann');
/** The committed expectation; `SCANN_UPDATE_EXPECTED=1` rewrites it (after a deliberate change of the report). */
const EXPECTED = path.join(ROOT, 'test', 'fixtures', 'reports', 'quickstart.md');
const work = mkdtempSync(path.join(tmpdir(), 'scann-report-unit-'));
after(() => rmSync(work, { recursive: true, force: true }));

before(async () => {
  // The HTML report inlines the built report bundle: build it as `npm run build` does.
  const href = pathToFileURL(path.join(ROOT, 'webview', 'esbuild.webview.mjs')).href;
  const mod = (await import(href)) as { webviewBuilds(o: { production: boolean }): Parameters<typeof build>[0][] };
  const wanted = mod.webviewBuilds({ production: false }).filter((o) => {
    const e = o.entryPoints as Record<string, string>;
    return 'report' in e || 'report-page' in e;
  });
  assert.equal(wanted.length, 2);
  await Promise.all(wanted.map((o) => build(o)));
});

function fixtureResult(): RunResult {
  return JSON.parse(
    readFileSync(path.join(ROOT, 'test', 'fixtures', 'runs', 'optdigits-a', 'result.json'), 'utf8'),
  ) as RunResult;
}

/**
 * Well-formed XML. fast-xml-parser's validator checks structure but lets `<` and bare `&` through in attribute
 * values, which XML forbids: checked here too.
 */
function assertXml(text: string, what: string): void {
  assert.equal(XMLValidator.validate(text), true, `${what} is not well-formed XML`);
  for (const m of text.matchAll(/\s[\w:-]+="([^"]*)"/g)) {
    assert.doesNotMatch(m[1]!, /<|&(?!(amp|lt|gt|quot|apos|#\d+|#x[\da-f]+);)/i, `${what}: attribute value ${m[0]}`);
  }
  for (const m of text.matchAll(/>([^<]*)</g)) {
    assert.doesNotMatch(m[1]!, /&(?!(amp|lt|gt|quot|apos|#\d+|#x[\da-f]+);)/i, `${what}: text ${m[1]}`);
  }
}

const imageLinks = (md: string): string[] => [...md.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]!);

test('the Markdown report of the quickstart notebook matches its committed expectation; every SVG is XML', async () => {
  const src = await loadSource(QUICKSTART);
  const report = markdownReport(src, { includeConfig: true, size: 'two-column' });
  if (process.env['SCANN_UPDATE_EXPECTED'] === '1') writeFileSync(EXPECTED, report.markdown);
  assert.equal(report.markdown, readFileSync(EXPECTED, 'utf8'));
  // One table per run, with the baseline comparison and its interval.
  const tables = report.markdown.split('\n').filter((l) => l.startsWith('| Test accuracy |'));
  assert.equal(tables.length, 3);
  for (const t of tables) assert.match(t, /\[[-+][\d.]+, [-+][\d.]+\], p = /);
  // Every image link names a figure written next to it, and every figure is linked.
  const links = imageLinks(report.markdown);
  assert.equal(links.length, 3 * 3 + 1);
  assert.deepEqual(new Set(links), new Set(report.files.keys()));
  // Plain Markdown and images only: no HTML tags outside code.
  const prose = report.markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`]*`/g, '');
  assert.doesNotMatch(prose, /<[a-z/!]/i);
  for (const [name, svg] of report.files) {
    assertXml(svg, name);
    assert.match(svg, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    // Vector text, not outlines or pixels.
    assert.ok((svg.match(/<text /g) ?? []).length >= 5, `${name}: text elements`);
    assert.doesNotMatch(svg, /<image|<foreignObject|data:image/);
  }
});

test('scann report --format md writes README.md and its figures; the files on disk are what the links name', async () => {
  const dir = path.join(work, 'md');
  const files = await reportCommand([QUICKSTART, '--format', 'md', '-o', dir], 'test');
  assert.equal(files[0], path.join(dir, 'README.md'));
  const md = readFileSync(files[0]!, 'utf8');
  for (const link of imageLinks(md)) assert.ok(existsSync(path.join(dir, link)), link);
  assert.equal(readdirSync(dir).filter((f) => f.endsWith('.svg')).length, imageLinks(md).length);
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.startsWith('.')),
    [],
    'no temp files left behind',
  );
});

test('the HTML report allows only its own script and style (by hash) and carries every cell in order', async () => {
  const file = path.join(work, 'q.html');
  await reportCommand([QUICKSTART, '-o', file], '1.2.3');
  const html = readFileSync(file, 'utf8');
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
  assert.match(csp, /default-src 'none'/);
  const script = /<script type="module">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
  const hash = (t: string): string => `'sha256-${createHash('sha256').update(t).digest('base64')}'`;
  assert.ok(script.length > 10000 && csp.includes(`script-src ${hash(script)}`), 'script hash');
  assert.ok(csp.includes(`style-src ${hash(style)}`), 'style hash');
  // No URL the browser could fetch: no src/href attributes except in-page links.
  assert.doesNotMatch(html, /\s(src|href)="(?!#)/);
  // No inline style attribute (the CSP would refuse it): markdown table alignment is a class.
  assert.doesNotMatch(html, /\sstyle="/);
  assert.match(html, /<td class="align-right">/);
  const order = [...html.matchAll(/<section class="cell (markdown|config)"/g)].map((m) => m[1]);
  assert.deepEqual(order, ['markdown', 'config', 'config', 'config']);
  assert.equal((html.match(/class="output run-output"/g) ?? []).length, 3);
  assert.ok(html.length < 5 * 1024 * 1024, `${html.length} bytes`);
  assert.match(html, /SCANN Studio 1\.2\.3/);
});

test('--no-config leaves out config text, --no-dataset-paths every dataset path (HTML and Markdown)', async () => {
  const secret = '/home/alice/private-project/patients.csv';
  const r = fixtureResult();
  r.dataset.source = secret;
  const nb: NotebookDocumentData = {
    metadata: {},
    cells: [
      {
        kind: 'config',
        source: `name: secret\n# keep this comment\ndataset:\n  source: ${secret}\n  test: /home/alice/private-project/test.csv\n`,
        outputs: [runOutput(r)],
      },
    ],
  };
  const nbFile = path.join(work, 'secret.scann');
  writeFileSync(nbFile, serializeNotebook(nb));
  await reportCommand([nbFile, '-o', path.join(work, 'secret.html'), '--no-dataset-paths'], 'test');
  await reportCommand([nbFile, '--format', 'md', '-o', path.join(work, 'secret-md'), '--no-dataset-paths'], 'test');
  for (const f of [path.join(work, 'secret.html'), path.join(work, 'secret-md', 'README.md')]) {
    const text = readFileSync(f, 'utf8');
    assert.doesNotMatch(text, /alice|private-project/, f);
    assert.match(text, /path omitted/, f);
    assert.match(text, /keep this comment/, f);
  }
  await reportCommand([nbFile, '-o', path.join(work, 'noconfig.html'), '--no-config'], 'test');
  const html = readFileSync(path.join(work, 'noconfig.html'), 'utf8');
  assert.doesNotMatch(html, /keep this comment|language-yaml/);
  assert.match(html, /run-output/);
});

test('scann figure: SVG at one- and two-column widths, one file per run, errors that say what to do', async () => {
  const dir = path.join(work, 'figs');
  const one = await figureCommand([QUICKSTART, '--kind', 'energy', '-o', dir]);
  assert.deepEqual(
    one.map((f) => path.basename(f)),
    ['optdigits-scheme-B-energy.svg', 'optdigits-scheme-C-energy.svg', 'optdigits-scheme-A-energy.svg'],
  );
  assert.match(readFileSync(one[0]!, 'utf8'), /<svg [^>]*width="3.5in"/);
  const [wide] = await figureCommand([
    QUICKSTART,
    '--kind',
    'architecture',
    '--size',
    'two-column',
    '--run',
    'optdigits-scheme-A',
    '-o',
    path.join(dir, 'a.svg'),
  ]);
  const svg = readFileSync(wide!, 'utf8');
  assert.match(svg, /<svg [^>]*width="7.16in"/);
  assertXml(svg, 'a.svg');
  // A run folder (result.json + model.json, as `scann run --out` writes it) works like a notebook.
  const { model, ...rest } = fixtureResult();
  const runDir = path.join(work, 'run-folder');
  mkdirSync(runDir);
  writeFileSync(path.join(runDir, 'result.json'), JSON.stringify(rest));
  writeFileSync(path.join(runDir, 'model.json'), JSON.stringify(model));
  const [fromDir] = await figureCommand([runDir, '--kind', 'curves', '-o', path.join(dir, 'dir.svg')]);
  assertXml(readFileSync(fromDir!, 'utf8'), 'dir.svg');
  // Several inputs pool their runs: one Pareto figure of the notebook's three runs and the folder's one.
  const [pooled] = await figureCommand([QUICKSTART, runDir, '--kind', 'pareto', '-o', path.join(dir, 'pooled.svg')]);
  const pooledSvg = readFileSync(pooled!, 'utf8');
  assertXml(pooledSvg, 'pooled.svg');
  for (const name of ['optdigits-scheme-A', 'optdigits-scheme-B', 'optdigits-scheme-C', fixtureResult().name]) {
    // Runs of one name (the fixture and the notebook share one) are told apart by a suffix, as in Compare Runs.
    assert.ok(pooledSvg.includes(`data-series="${name}`), name);
  }
  assert.match(readFileSync(fromDir!, 'utf8'), /Accuracy per epoch/);

  const errors: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((s: string) => errors.push(String(s)) > 0) as typeof process.stderr.write;
  try {
    assert.equal(await main(['figure', QUICKSTART, '--kind', 'histogram']), 2);
    assert.equal(await main(['figure', QUICKSTART, '--kind', 'curves', '--run', 'nope']), 2);
    assert.equal(await main(['figure', QUICKSTART, '--kind', 'curves', '-o', path.join(dir, 'x.svg')]), 2);
    assert.equal(await main(['report', QUICKSTART, '--format', 'docx']), 2);
  } finally {
    process.stderr.write = write;
  }
  assert.match(errors[0]!, /--kind must be one of architecture, curves, energy, pareto/);
  assert.match(
    errors[1]!,
    /no run named 'nope'; runs: 'optdigits-scheme-B', 'optdigits-scheme-C', 'optdigits-scheme-A'/,
  );
  assert.match(errors[2]!, /3 figures \(one per run\): give -o a folder, or choose one with --run NAME/);
  assert.match(errors[3]!, /--format must be html or md/);
});

test('scann figure --format png without a usable Chromium fails with how to get one, and writes nothing', async () => {
  const before = process.env['SCANN_CHROMIUM'];
  process.env['SCANN_CHROMIUM'] = path.join(work, 'no-such-chromium');
  const out = path.join(work, 'png-out');
  try {
    await assert.rejects(
      figureCommand([QUICKSTART, '--kind', 'energy', '--format', 'png', '--run', 'optdigits-scheme-B', '-o', out]),
      (e: Error) =>
        e.name === 'RasterUnavailableError' &&
        /no such file/.test(e.message) &&
        /npx playwright-core install chromium/.test(e.message) &&
        /SVG figures need neither/.test(e.message),
    );
  } finally {
    if (before === undefined) delete process.env['SCANN_CHROMIUM'];
    else process.env['SCANN_CHROMIUM'] = before;
  }
  assert.deepEqual(existsSync(out) ? readdirSync(out) : [], []);
});

test('hostile run names and class labels stay text in the Markdown report and in every SVG figure', async () => {
  const evil = '<img src=x onerror=alert(1)>&<script>alert(2)</script>';
  const r = fixtureResult();
  r.name = `run ${evil}`;
  r.model.labelNames = r.model.labelNames?.map((l, i) => (i === 0 ? evil : l));
  const nb: NotebookDocumentData = {
    metadata: {},
    cells: [
      { kind: 'config', source: 'name: x\n', outputs: [runOutput(r)] },
      { kind: 'config', source: 'name: y\n', outputs: [runOutput(fixtureResult())] },
    ],
  };
  const nbFile = path.join(work, 'hostile.scann');
  writeFileSync(nbFile, serializeNotebook(nb));
  const report = markdownReport(await loadSource(nbFile), { includeConfig: false, size: 'one-column' });
  // Rendered as GitHub does (raw HTML allowed): the name is a heading's text, and no element comes from it.
  const html = new MarkdownIt({ html: true }).render(report.markdown);
  assert.doesNotMatch(html, /<script\b/i, 'no script element');
  for (const img of html.match(/<img\b[^>]*>/g) ?? [])
    assert.match(img, /^<img src="[\w.-]+\.svg" alt="[^"]*">$/, 'only the report figures are images');
  assert.ok(html.includes(`<h3>run ${evil.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</h3>`));
  assert.ok(report.files.size >= 4);
  for (const [name, svg] of report.files) {
    assertXml(svg, name);
    assert.doesNotMatch(svg, /<script|<img/, name);
  }
  // The label is drawn as text in the architecture figure.
  const arch = [...report.files].find(([n]) => n.endsWith('-architecture.svg') && n.startsWith('run'))![1];
  assert.match(arch, /&lt;img src=x onerror=alert\(1\)&gt;&amp;&lt;script&gt;/);
});
