/**
 * Import before plotly. plotly.js adds its CSS (hover labels, cursors, notifier) by creating
 * <style id="plotly.js-style-global"> and calling insertRule on its sheet. A strict webview CSP (no
 * 'unsafe-inline' styles) blocks that element, and plotly then runs unstyled. Instead, an element registered under
 * that id hands plotly a constructed stylesheet adopted by the document: the insertRule calls land there, and
 * constructed sheets are not inline styles, so the CSP allows them.
 */
const ID = 'plotly.js-style-global';

if (!document.getElementById(ID) && 'adoptedStyleSheets' in document) {
  const sheet = new CSSStyleSheet();
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  const holder = document.createElement('meta');
  holder.id = ID;
  Object.defineProperty(holder, 'sheet', { value: sheet });
  document.head.append(holder);
}

export {};
