/** The CSS of one run output: esbuild imports these files as text (loader `text` in the renderer build). */
import archCss from '../components/arch.css';
import targetCss from '../components/target.css';
import verdictCss from '../components/verdict.css';
import rendererCss from './renderer.css';

export const RENDERER_CSS = `${rendererCss}\n${archCss}\n${targetCss}\n${verdictCss}`;
