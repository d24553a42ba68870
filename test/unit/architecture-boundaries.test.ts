/**
 * The import rules of docs/architecture.md ("Runtimes and folders"), checked on every import of src/ and webview/:
 * static imports and re-exports, `import type`, `import('x')` types, `require('x')` and dynamic `import()`. The
 * per-folder tsconfigs already reject most forbidden arrows; this also catches the ones a tsconfig cannot express
 * (the extension may reach the engine only through `await import()`) and bare package imports.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');

type Layer = 'protocol' | 'node' | 'engine' | 'report' | 'cli' | 'extension' | 'webview';
const LAYER_DIRS: Record<Layer, string> = {
  protocol: 'src/protocol',
  node: 'src/node',
  engine: 'src/engine',
  report: 'src/report',
  cli: 'src/cli',
  extension: 'src/extension',
  webview: 'webview',
};

/** Which layers each layer may import (itself included); `lazy`: only through a dynamic `import()`. */
const ALLOWED: Record<Layer, { layers: Layer[]; lazy?: Layer[] }> = {
  protocol: { layers: ['protocol'] },
  node: { layers: ['node', 'protocol'] },
  engine: { layers: ['engine', 'protocol', 'node'] },
  // Reports draw with the webview's own (DOM-only, browser-safe) figure code on a server-side DOM.
  report: { layers: ['report', 'protocol', 'node', 'webview'] },
  cli: { layers: ['cli', 'engine', 'report', 'protocol', 'node'] },
  extension: { layers: ['extension', 'protocol', 'node'], lazy: ['engine'] },
  webview: { layers: ['webview', 'protocol'] },
};

const NODE_BUILTINS = new Set(builtinModules);
const isNodeBuiltin = (spec: string): boolean => spec.startsWith('node:') || NODE_BUILTINS.has(spec.split('/')[0]!);

/** Packages a layer may not import: protocol runs everywhere, webviews run in a browser without the vscode API. */
function packageProblem(from: Layer, spec: string): string | undefined {
  if (from === 'protocol' && spec !== 'zod' && spec !== 'yaml') return 'protocol may import only zod and yaml';
  if (from === 'webview' && (spec === 'vscode' || isNodeBuiltin(spec))) return 'webviews run in a browser';
  return undefined;
}

/**
 * The queue client (BullMQ and its Redis driver) lives in one folder, which the rest of the CLI reaches only with
 * `await import()`: `scann run`, and every command without `--queue`, never load it.
 */
const QUEUE_DIR = 'src/cli/sweep/queue';
const QUEUE_PACKAGES = new Set(['bullmq', 'ioredis']);
const inQueueDir = (absolute: string): boolean =>
  path.relative(ROOT, absolute).split(path.sep).join('/').startsWith(`${QUEUE_DIR}/`);

interface Import {
  spec: string;
  /** Only a dynamic `import()` expression loads lazily; everything else is resolved when the module loads. */
  dynamic: boolean;
  line: number;
}

/** Every module specifier of a source text, from the syntax tree (comments and strings do not count). */
function importsOf(fileName: string, text: string): Import[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const out: Import[] = [];
  const add = (node: ts.Node, spec: ts.Expression | undefined, dynamic: boolean): void => {
    if (spec && ts.isStringLiteralLike(spec)) {
      out.push({ spec: spec.text, dynamic, line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node, node.moduleSpecifier, false);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal, false);
    } else if (ts.isCallExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node, node.arguments[0], true);
      else if (ts.isIdentifier(node.expression) && node.expression.text === 'require')
        add(node, node.arguments[0], false);
    } else if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) {
      return; // `declare module 'x'` describes a package; it imports nothing.
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function layerOf(absolute: string): Layer | undefined {
  const rel = path.relative(ROOT, absolute).split(path.sep).join('/');
  return (Object.keys(LAYER_DIRS) as Layer[]).find((l) => rel === LAYER_DIRS[l] || rel.startsWith(`${LAYER_DIRS[l]}/`));
}

/** What is wrong with one import of `file` (absolute path), or undefined when the rules allow it. */
function violation(file: string, imp: Import): string | undefined {
  const from = layerOf(file);
  if (!from) return undefined;
  if (!imp.spec.startsWith('.')) {
    if (QUEUE_PACKAGES.has(imp.spec) && !inQueueDir(file)) return `${imp.spec} is imported only in ${QUEUE_DIR}`;
    return packageProblem(from, imp.spec);
  }
  const target = path.resolve(path.dirname(file), imp.spec);
  if (inQueueDir(target) && !inQueueDir(file) && !imp.dynamic)
    return `${QUEUE_DIR} (it loads BullMQ) is reached only with await import()`;
  const to = layerOf(target);
  if (!to) return `${from} may not import ${path.relative(ROOT, target)} (outside the runtime folders)`;
  const rule = ALLOWED[from];
  if (rule.layers.includes(to)) return undefined;
  if (rule.lazy?.includes(to)) return imp.dynamic ? undefined : `${from} may import ${to} only with await import()`;
  return `${from} may not import ${to}`;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

test('no import in src/ or webview/ crosses a boundary the architecture forbids', () => {
  const files = [...sourceFiles(path.join(ROOT, 'src')), ...sourceFiles(path.join(ROOT, 'webview'))];
  assert.ok(files.length > 100, `only ${files.length} files found`);
  const problems: string[] = [];
  let checked = 0;
  for (const file of files) {
    for (const imp of importsOf(file, readFileSync(file, 'utf8'))) {
      checked++;
      const problem = violation(file, imp);
      if (problem) problems.push(`${path.relative(ROOT, file)}:${imp.line}: '${imp.spec}': ${problem}`);
    }
  }
  assert.ok(checked > 500, `only ${checked} imports found`);
  assert.deepEqual(problems, []);
});

test('the boundary check sees every kind of import and tells lazy from static', () => {
  const at = (rel: string): string => path.join(ROOT, rel);
  const check = (rel: string, text: string): string[] =>
    importsOf(rel, text).flatMap((imp) => violation(at(rel), imp) ?? []);
  // Allowed: the extension loads the exporters lazily; engine and CLI use the Node helpers.
  assert.deepEqual(check('src/extension/commands/x.ts', "const m = await import('../../engine/export');"), []);
  assert.deepEqual(check('src/cli/x.ts', "import { a } from '../node/atomicWrite';"), []);
  assert.deepEqual(check('src/cli/x.ts', "import { a } from '../report/htmlReport';"), []);
  assert.deepEqual(check('src/report/x.ts', "import { a } from '../../webview/figures/figures';"), []);
  assert.deepEqual(check('webview/x/y.ts', "import './y.css';\nimport { z } from 'zod';"), []);
  assert.deepEqual(check('src/protocol/x.ts', "declare module 'fs' {}\n// import '../engine/run'"), []);
  assert.deepEqual(check('src/cli/sweep/queue/x.ts', "import { Queue } from 'bullmq';\nimport './y';"), []);
  assert.deepEqual(check('src/cli/main.ts', "const q = await import('./sweep/queue/workerCommand');"), []);
  // Forbidden, in each syntax.
  const forbidden: [string, string, RegExp][] = [
    ['webview/x/y.ts', "import { a } from '../../src/engine/energy';", /webview may not import engine/],
    ['webview/x/y.ts', "import type { A } from '../../src/node/x';", /webview may not import node/],
    ['webview/x/y.ts', "export * from '../../src/extension/x';", /webview may not import extension/],
    ['webview/x/y.ts', "import * as vscode from 'vscode';", /browser/],
    ['webview/x/y.ts', "import { readFileSync } from 'node:fs';", /browser/],
    ['src/extension/x.ts', "import { a } from '../engine/schemes';", /extension may import engine only with await/],
    ['src/extension/x.ts', "import type { A } from '../engine/schemes';", /only with await import/],
    ['src/extension/x.ts', "type A = import('../engine/schemes').A;", /only with await import/],
    ['src/extension/x.ts', "const a = require('../engine/schemes');", /only with await import/],
    ['src/extension/x.ts', "const a = await import('../cli/main');", /extension may not import cli/],
    ['src/protocol/x.ts', "import { a } from '../node/atomicWrite';", /protocol may not import node/],
    ['src/protocol/x.ts', "import { z } from 'ml-matrix';", /only zod and yaml/],
    ['src/engine/x.ts', "import { a } from '../cli/paths';", /engine may not import cli/],
    ['src/cli/x.ts', "import { a } from '../extension/runs/progress';", /cli may not import extension/],
    ['src/node/x.ts', "import { a } from '../engine/run';", /node may not import engine/],
    ['src/report/x.ts', "import { a } from '../engine/run';", /report may not import engine/],
    ['src/report/x.ts', "import { a } from '../cli/paths';", /report may not import cli/],
    ['src/extension/x.ts', "import { a } from '../report/htmlReport';", /extension may not import report/],
    ['webview/x/y.ts', "import { a } from '../../src/report/sources';", /webview may not import report/],
    ['src/engine/x.ts', "import { a } from '../../test/unit/helpers/synthetic';", /outside the runtime folders/],
    ['src/cli/sweep/x.ts', "import { Queue } from 'bullmq';", /bullmq is imported only in src\/cli\/sweep\/queue/],
    ['src/extension/x.ts', "import { Redis } from 'ioredis';", /ioredis is imported only/],
    ['src/cli/main.ts', "import { workerCommand } from './sweep/queue/workerCommand';", /only with await import/],
    ['src/cli/sweep/x.ts', "import type { ResultSink } from './queue/submitter';", /only with await import/],
  ];
  for (const [rel, text, expected] of forbidden) {
    const found = check(rel, text);
    assert.equal(found.length, 1, `${rel}: ${text}`);
    assert.match(found[0]!, expected, `${rel}: ${text}`);
  }
});
