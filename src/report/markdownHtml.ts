/**
 * Markdown cells to HTML for the HTML report, safe by construction: markdown-it with raw HTML off (a `<script>` or
 * `<img onerror>` in the text comes out as text), its link check (no `javascript:`, `vbscript:`, `file:` or
 * non-image `data:` URLs), and images that are not embedded data shown as links, because the report must never
 * fetch anything.
 */
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

md.renderer.rules.image = (tokens, idx, _options, _env, self) => {
  const token = tokens[idx]!;
  const src = token.attrGet('src') ?? '';
  const alt = self.renderInlineAsText(token.children ?? [], md.options, {});
  if (/^data:image\/(png|gif|jpeg|webp);/i.test(src)) {
    return `<img src="${md.utils.escapeHtml(src)}" alt="${md.utils.escapeHtml(alt)}">`;
  }
  return `<a href="${md.utils.escapeHtml(src)}">${md.utils.escapeHtml(alt || src)} (image not embedded)</a>`;
};

const defaultLink = md.renderer.rules.link_open ?? ((t, i, o, _e, self) => self.renderToken(t, i, o));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  // A report is often opened from a mail or a chat: links leave it rather than replace it.
  tokens[idx]!.attrSet('rel', 'noopener noreferrer');
  tokens[idx]!.attrSet('target', '_blank');
  return defaultLink(tokens, idx, options, env, self);
};

// Table column alignment comes as a style attribute, which the report's CSP (no inline styles) would drop with a
// console error: a class instead, styled by the page.
for (const rule of ['th_open', 'td_open'] as const) {
  md.renderer.rules[rule] = (tokens, idx, options, _env, self) => {
    const token = tokens[idx]!;
    const align = /text-align:(left|right|center)/.exec(token.attrGet('style') ?? '')?.[1];
    if (token.attrs) token.attrs = token.attrs.filter(([name]) => name !== 'style');
    if (align) token.attrJoin('class', `align-${align}`);
    return self.renderToken(tokens, idx, options);
  };
}

export function markdownToHtml(text: string): string {
  return md.render(text);
}
