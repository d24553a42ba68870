/**
 * The figure code of `webview/figures` creates its SVG through the global `document`, as it does in a page. Here
 * it runs on a server-side DOM (linkedom): `withDocument` provides one for the duration of a call, so no DOM
 * leaks into the rest of the process, and `svgText` writes the result as a standalone SVG file.
 */
import { parseHTML } from 'linkedom';

export function withDocument<T>(draw: () => T): T {
  const g = globalThis as { document?: unknown };
  const previous = g.document;
  g.document = parseHTML('<!doctype html><html><head></head><body></body></html>').document;
  try {
    return draw();
  } finally {
    if (previous === undefined) delete g.document;
    else g.document = previous;
  }
}

const escapeText = (s: string): string => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
const escapeAttr = (s: string): string => escapeText(s).replace(/"/g, '&quot;');

/**
 * XML of an element tree. Not `outerHTML`: HTML serialization leaves `<` (and linkedom `&`) raw in attribute
 * values, which is not XML, and run names and class labels reach attributes (`aria-label`).
 */
function xml(node: Node): string {
  if (node.nodeType === 3) return escapeText(node.textContent ?? '');
  if (node.nodeType !== 1) return '';
  const el = node as Element;
  const tag = el.localName;
  const attrs = Array.from(el.attributes)
    .map((a) => ` ${a.name}="${escapeAttr(a.value)}"`)
    .join('');
  const children = Array.from(el.childNodes).map(xml).join('');
  return children ? `<${tag}${attrs}>${children}</${tag}>` : `<${tag}${attrs}/>`;
}

/** A standalone SVG file: XML declaration, the element with its namespace, a final newline. */
export function svgText(el: Element): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml(el)}\n`;
}
