/**
 * Colours for canvas and SVG drawing, read from VS Code's `--vscode-*` CSS variables (they inherit into shadow
 * roots and webviews), with fallbacks only for pages outside VS Code. VS Code switches themes by changing the
 * body class (vscode-light / vscode-dark / vscode-high-contrast[-light]) and the variables on <html>; `watchTheme`
 * reports both so drawings can be redone.
 */

import type { Palette, ThemeKind } from './palette';

export type { Palette, ThemeKind } from './palette';

type Fallback = { light: string; dark: string };

/** VS Code's default Light+/Dark+ values, used only when the variable is missing (a plain browser page). */
const VARS = {
  background: ['--vscode-editor-background', { light: '#ffffff', dark: '#1e1e1e' }],
  foreground: ['--vscode-editor-foreground', { light: '#3b3b3b', dark: '#cccccc' }],
  muted: ['--vscode-descriptionForeground', { light: '#717171', dark: '#9d9d9d' }],
  border: ['--vscode-panel-border', { light: '#e5e5e5', dark: '#2b2b2b' }],
  grid: ['--vscode-charts-lines', { light: 'rgba(128,128,128,0.5)', dark: 'rgba(128,128,128,0.5)' }],
  accent: ['--vscode-focusBorder', { light: '#005fb8', dark: '#0078d4' }],
  blue: ['--vscode-charts-blue', { light: '#1a85ff', dark: '#3794ff' }],
  red: ['--vscode-charts-red', { light: '#e51400', dark: '#f14c4c' }],
  green: ['--vscode-charts-green', { light: '#388a34', dark: '#89d185' }],
  orange: ['--vscode-charts-orange', { light: '#d18616', dark: '#d18616' }],
  purple: ['--vscode-charts-purple', { light: '#652d90', dark: '#b180d7' }],
  yellow: ['--vscode-charts-yellow', { light: '#bf8803', dark: '#cca700' }],
  chartsForeground: ['--vscode-charts-foreground', { light: '#616161', dark: '#cccccc' }],
} as const satisfies Record<string, readonly [string, Fallback]>;

export function themeKind(body: HTMLElement = document.body): ThemeKind {
  const c = body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  if (c.contains('vscode-dark')) return 'dark';
  if (c.contains('vscode-light')) return 'light';
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Reads the palette as seen from `el` (a shadow host inherits the page's variables). */
export function readPalette(el: Element = document.body): Palette {
  const style = getComputedStyle(el);
  const kind = themeKind();
  const dark = kind === 'dark' || kind === 'high-contrast';
  const v = (key: keyof typeof VARS): string => {
    const [name, fallback] = VARS[key];
    return style.getPropertyValue(name).trim() || (dark ? fallback.dark : fallback.light);
  };
  const fontSize = parseFloat(style.getPropertyValue('--vscode-font-size')) || 13;
  const hc = kind === 'high-contrast' || kind === 'high-contrast-light';
  return {
    kind,
    background: v('background'),
    foreground: v('foreground'),
    muted: v('muted'),
    // High-contrast themes define contrastBorder; borders must use it there.
    border: (hc && style.getPropertyValue('--vscode-contrastBorder').trim()) || v('border'),
    grid: v('grid'),
    accent: v('accent'),
    positive: v('blue'),
    negative: v('red'),
    input: v('purple'),
    hidden: v('orange'),
    output: v('green'),
    grown: v('green'),
    pruned: v('red'),
    kept: v('chartsForeground'),
    series: [v('blue'), v('orange'), v('green'), v('purple'), v('red'), v('yellow')],
    fontFamily: style.getPropertyValue('--vscode-font-family').trim() || 'system-ui, sans-serif',
    fontSize,
    monoFamily: style.getPropertyValue('--vscode-editor-font-family').trim() || 'monospace',
  };
}

/**
 * Calls `onChange` (at most once per frame) when VS Code changes the theme: body class or the variables on
 * <html>. Returns a function that stops watching.
 */
export function watchTheme(onChange: () => void): () => void {
  let frame = 0;
  const fire = (): void => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      onChange();
    });
  };
  const observer = new MutationObserver(fire);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  const media = matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', fire);
  return () => {
    observer.disconnect();
    media.removeEventListener('change', fire);
    if (frame) cancelAnimationFrame(frame);
  };
}
