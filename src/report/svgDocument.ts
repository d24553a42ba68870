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

/** A standalone SVG file: XML declaration, the element with its namespace, a final newline. */
export function svgText(el: Element): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${el.outerHTML}\n`;
}
