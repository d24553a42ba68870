// A notebook output area: activates the renderer bundle with a stubbed RendererContext and feeds it output items
// the way VS Code does (same element for a replaced item, json() parsing the item's bytes on each call).
import { activate } from '/dist/webview/renderer.js';

const probe = window.__scann;
const outputs = document.getElementById('outputs');
const api = await activate({
  postMessage: (m) => probe.posted.push(JSON.parse(JSON.stringify(m))),
  onDidReceiveMessage: () => ({ dispose() {} }),
  getState: () => undefined,
  setState: () => undefined,
  getRenderer: async () => undefined,
  workspace: { isTrusted: true },
});

function outputItem(id, text, mime) {
  const bytes = new TextEncoder().encode(text);
  return {
    id,
    mime,
    metadata: {},
    text: () => text,
    json: () => JSON.parse(text),
    data: () => bytes,
    blob: () => new Blob([bytes], { type: mime }),
  };
}

/** Renders `text` (the item's JSON text, possibly broken) into the output element `id`. */
probe.render = (id, text, mime = 'application/vnd.scann.run+json') => {
  let el = document.getElementById(id);
  if (!el) {
    el = document.createElement('div');
    el.id = id;
    el.className = 'output';
    outputs.append(el);
  }
  api.renderOutputItem(outputItem(id, text, mime), el, new AbortController().signal);
};
probe.dispose = (id) => {
  api.disposeOutputItem(id);
  document.getElementById(id)?.remove();
};
probe.ready = true;
