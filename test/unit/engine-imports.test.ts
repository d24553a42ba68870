import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';

const root = path.join(__dirname, '..', '..');
const engine = path.join(root, 'src', 'engine');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

function resolve(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  return [`${base}.ts`, path.join(base, 'index.ts'), base].find((p) => p.endsWith('.ts') && existsSync(p));
}

/**
 * Every relative import of every engine module, type-only and dynamic ones included: a type-only loop still ties
 * the modules together (neither can be understood or moved alone), and a dynamic import is a dependency that is
 * merely loaded late.
 */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(engine)) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles
      .map((f) => resolve(file, f.fileName))
      .filter((t): t is string => t !== undefined);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Strongly connected components with more than one module, or a module importing itself (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc);
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

const rel = (p: string): string => path.relative(engine, p).split(path.sep).join('/');

describe('engine module structure', () => {
  const graph = importGraph();

  it('has no import cycle', () => {
    const found = cycles(graph).map((scc) => scc.map(rel).sort().join(' <-> '));
    assert.deepEqual(found, []);
  });

  // The layers of docs/architecture.md: each folder may import only the ones listed (and itself); run/ is the top.
  const allowed: Record<string, string[]> = {
    core: ['energy.ts'],
    kernels: ['core'],
    data: ['core'],
    training: ['core', 'kernels', 'data'],
    reduce: ['core', 'data', 'training'],
    tfjs: ['core', 'data', 'training'],
    synthesis: ['core', 'training', 'reduce'],
    model: ['core', 'data', 'reduce', 'training'],
    export: ['model'],
  };
  for (const [layer, may] of Object.entries(allowed)) {
    it(`${layer}/ imports only ${may.join(', ')}`, () => {
      const bad: string[] = [];
      for (const [file, targets] of graph) {
        if (!rel(file).startsWith(`${layer}/`)) continue;
        for (const t of targets) {
          const r = rel(t);
          if (r.startsWith('..')) continue; // src/protocol
          const top = r.includes('/') ? r.slice(0, r.indexOf('/')) : r;
          if (top !== layer && !may.includes(top)) bad.push(`${rel(file)} -> ${r}`);
        }
      }
      assert.deepEqual(bad, []);
    });
  }
});
