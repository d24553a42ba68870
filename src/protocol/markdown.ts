/**
 * Putting user text (run names, dataset paths, error messages) into markdown without letting it become markup: a
 * run named `[x](http://...)` must not turn into a link, and an error message holding a code fence must not end
 * the block it is shown in.
 */

/**
 * Text as literal inline markdown on one line: every ASCII punctuation mark that can start or end markup (emphasis,
 * links, images, code, HTML, entities, autolinks, tables, headings) is backslash-escaped (CommonMark allows it for
 * any punctuation). `-`, `.`, `,`, `/`, `=` and the like stay bare: inside a line they cannot open anything, and
 * names such as `optdigits-scheme-B` stay readable in the raw file.
 */
export function markdownText(text: string): string {
  return (
    text
      .replace(/\s+/g, ' ')
      .replace(/[\\`*_{}[\]()<>#+!|~&:$"']/g, (c) => `\\${c}`)
      // At the start of a line these would make a list item or a setext underline.
      .replace(/^([-=])/, '\\$1')
      .replace(/^(\d+)\./, '$1\\.')
  );
}

/** The longest run of backticks in `text`. */
function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}

/** Inline code holding `text` verbatim: delimited by more backticks than any run inside it. */
export function markdownCode(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  const fence = '`'.repeat(longestBacktickRun(flat) + 1);
  // A space on both sides keeps a leading or trailing backtick from joining the fence (it is stripped on display).
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A fenced code block holding `text` verbatim: the fence is longer than any backtick run inside, so it cannot end early. */
export function markdownCodeBlock(text: string): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
  return `${fence}text\n${text}\n${fence}\n`;
}
