// Stands in for what VS Code gives a webview: acquireVsCodeApi() (once), host messages as window "message"
// events, theme variables and body classes. Loaded as a nonce'd module before the app bundle, so it runs first.
import { applyTheme } from './themes.js';

const params = new URLSearchParams(location.search);
const storageKey = `scann-webview-state:${location.pathname}`;
const probe = {
  posted: [],
  states: [],
  csp: [],
  errors: [],
  /** Delivers a host message the way VS Code does. */
  send(message) {
    window.dispatchEvent(new MessageEvent('message', { data: message }));
  },
  /** Replies to the last posted request of `type` with an envelope carrying `body`. */
  reply(type, body) {
    const request = [...probe.posted].reverse().find((m) => m.body && m.body.type === type);
    if (!request) throw new Error(`no ${type} request posted`);
    probe.send({ messageId: 100000 + probe.posted.length, inReplyTo: request.messageId, body });
  },
  setTheme: applyTheme,
};
window.__scann = probe;

document.addEventListener('securitypolicyviolation', (e) => {
  probe.csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
window.addEventListener('error', (e) => probe.errors.push(String(e.message)));
window.addEventListener('unhandledrejection', (e) => probe.errors.push(String(e.reason)));

let acquired = false;
window.acquireVsCodeApi = () => {
  if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
  acquired = true;
  return {
    postMessage(message) {
      probe.posted.push(JSON.parse(JSON.stringify(message)));
    },
    getState() {
      const s = sessionStorage.getItem(storageKey);
      return s ? JSON.parse(s) : undefined;
    },
    setState(state) {
      sessionStorage.setItem(storageKey, JSON.stringify(state));
      probe.states.push(state);
      return state;
    },
  };
};

applyTheme(params.get('theme') || 'dark');
