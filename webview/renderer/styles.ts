/** The CSS of one run output: esbuild imports these files as text (loader `text` in the renderer build). */
import archCss from '../components/arch.css';
import targetCss from '../components/target.css';
import verdictCss from '../components/verdict.css';
import rendererCss from './renderer.css';
import sweepCss from './sweep.css';

export const RENDERER_CSS = `${rendererCss}\n${archCss}\n${targetCss}\n${verdictCss}\n${sweepCss}`;

let sheet: CSSStyleSheet | undefined;

/** Gives an output's shadow root the renderer's CSS. */
export function adoptStyles(root: ShadowRoot): void {
  // One constructed sheet shared by every output; constructed sheets are not inline styles, so a strict CSP allows them.
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet.prototype.replaceSync === 'function') {
    sheet ??= new CSSStyleSheet();
    if (sheet.cssRules.length === 0) sheet.replaceSync(RENDERER_CSS);
    root.adoptedStyleSheets = [sheet];
  } else {
    const style = document.createElement('style');
    style.textContent = RENDERER_CSS;
    root.append(style);
  }
}
