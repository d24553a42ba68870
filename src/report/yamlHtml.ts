/** Config cell text as highlighted HTML (highlight.js, YAML only); every character of the source is escaped. */
import hljs from 'highlight.js/lib/core';
import yaml from 'highlight.js/lib/languages/yaml';

hljs.registerLanguage('yaml', yaml);

export function yamlToHtml(text: string): string {
  return hljs.highlight(text, { language: 'yaml', ignoreIllegals: true }).value;
}
