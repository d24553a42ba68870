/**
 * `--no-dataset-paths`: file paths of datasets (which can name a user's folders) are replaced everywhere the report
 * prints them: the `dataset` fields of config text and the dataset source of each run. Built-in dataset names
 * (`builtin:...`) are not paths and stay.
 */
import { isScalar, parseDocument } from 'yaml';
import type { NotebookDocumentData } from '../protocol/notebook';
import type { RunPayload } from '../protocol/runOutput';
import { parseRunPayload } from '../../webview/components/payload';
import type { ReportSource } from './sources';

export const OMITTED_PATH = '(path omitted)';
const PATH_KEYS = ['source', 'labels', 'test', 'testLabels'];

const isPath = (v: unknown): v is string => typeof v === 'string' && v !== '' && !v.startsWith('builtin:');

/** Config YAML with its dataset paths replaced; comments and layout kept. Text that is not YAML stays as is. */
export function redactConfigText(text: string, found: Set<string>): string {
  const doc = parseDocument(text);
  if (doc.errors.length) return text;
  let changed = false;
  for (const key of PATH_KEYS) {
    const node = doc.getIn(['dataset', key], true);
    if (isScalar(node) && isPath(node.value)) {
      found.add(node.value);
      node.value = OMITTED_PATH;
      changed = true;
    }
  }
  return changed ? doc.toString() : text;
}

/** Replaces every occurrence of the found paths in free text (failure messages quote them). */
function scrub(text: string, found: Set<string>): string {
  let out = text;
  // Longest first, so a path is not half-replaced through a shorter one it contains.
  for (const p of [...found].sort((a, b) => b.length - a.length)) out = out.split(p).join(OMITTED_PATH);
  return out;
}

export function redactDatasetPaths(src: ReportSource): ReportSource {
  const found = new Set<string>();
  const runs = src.runs.map((r) => {
    const payload = structuredClone(r.payload) as RunPayload;
    const ds = (payload as { dataset?: { source?: unknown } }).dataset;
    if (ds && isPath(ds.source)) {
      found.add(ds.source);
      ds.source = OMITTED_PATH;
    }
    return { ...r, payload, view: parseRunPayload(payload) };
  });
  let notebook: NotebookDocumentData | undefined;
  if (src.notebook) {
    const cells = src.notebook.cells.map((c) =>
      c.kind === 'config' ? { ...c, source: redactConfigText(c.source, found) } : c,
    );
    notebook = {
      ...src.notebook,
      cells: cells.map((c) => ({
        ...c,
        ...(c.outputs
          ? {
              outputs: c.outputs.map((o) => ({
                ...o,
                items: o.items.map((it) => (typeof it.data === 'string' ? { ...it, data: scrub(it.data, found) } : it)),
              })),
            }
          : {}),
      })),
    };
  }
  return { ...src, runs, ...(notebook ? { notebook } : {}) };
}
