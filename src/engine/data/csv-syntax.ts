/**
 * CSV lexing shared by the fast row loop and the first-rows inspection: quoted fields, whole records as strings,
 * delimiter sniffing and header detection.
 */
import { isNumberLike } from './numbers';
import { DatasetError } from './types';

export const LF = 10;
export const CR = 13;
export const QUOTE = 34;
const SPACE = 32;
const TAB = 9;

/** A quoted field: its unescaped text, where scanning resumes (at a delimiter, LF or the end), newlines inside. */
export interface QuotedField {
  text: string;
  end: number;
  newlines: number;
}

/** Reads the quoted field starting at `start` (which holds `"`); `""` inside stands for one quote. */
export function readQuoted(buf: Buffer, start: number, delim: number, file: string, line: number): QuotedField {
  const n = buf.length;
  const parts: string[] = [];
  let p = start + 1;
  let from = p;
  let newlines = 0;
  for (;;) {
    if (p >= n) throw new DatasetError('unterminated quoted field (a " without its closing ")', file, line);
    const c = buf[p]!;
    if (c === QUOTE) {
      if (buf[p + 1] === QUOTE) {
        parts.push(buf.toString('utf8', from, p + 1));
        p += 2;
        from = p;
        continue;
      }
      parts.push(buf.toString('utf8', from, p));
      p++;
      break;
    }
    if (c === LF) newlines++;
    p++;
  }
  while (p < n && (buf[p] === SPACE || buf[p] === CR || (buf[p] === TAB && delim !== TAB))) p++;
  if (p < n && buf[p] !== delim && buf[p] !== LF) {
    throw new DatasetError(
      `unexpected character "${String.fromCharCode(buf[p]!)}" after a closing quote (a quote inside a quoted field must be doubled: "")`,
      file,
      line + newlines,
    );
  }
  return { text: parts.join(''), end: p, newlines };
}

/** Where a quoted field starts if the field at `p` is one (possibly after spaces), else -1. */
export function quoteStart(buf: Buffer, p: number): number {
  while (buf[p] === SPACE) p++;
  return buf[p] === QUOTE ? p : -1;
}

/** Whether the line starting at `p` holds only whitespace; returns the index of its LF (or the end) if so, else -1. */
export function blankLineEnd(buf: Buffer, p: number, delim: number): number {
  const n = buf.length;
  while (p < n) {
    const c = buf[p]!;
    if (c === LF) return p;
    if (c !== SPACE && c !== CR && (c !== TAB || delim === TAB)) return -1;
    p++;
  }
  return p;
}

/** One record as trimmed strings, for the header and detection (the bulk of the rows goes through a faster path). */
export interface RecordText {
  fields: string[];
  /** 1-based line where the record starts. */
  line: number;
  /** Offset just after the record (after its LF). */
  next: number;
  /** Line number of the line at `next`. */
  nextLine: number;
}

/** Reads the next non-blank record at or after `p`, or null at the end of the data. */
export function readRecord(buf: Buffer, p: number, line: number, delim: number, file: string): RecordText | null {
  const n = buf.length;
  for (;;) {
    if (p >= n) return null;
    const blank = blankLineEnd(buf, p, delim);
    if (blank < 0) break;
    p = blank + 1;
    line++;
  }
  const startLine = line;
  const fields: string[] = [];
  for (;;) {
    const quote = quoteStart(buf, p);
    if (quote >= 0) {
      const q = readQuoted(buf, quote, delim, file, line);
      fields.push(q.text);
      line += q.newlines;
      p = q.end;
    } else {
      const s = p;
      while (p < n && buf[p] !== delim && buf[p] !== LF) p++;
      fields.push(buf.toString('utf8', s, p).trim());
    }
    if (p < n && buf[p] === delim) {
      p++;
      continue;
    }
    break;
  }
  if (p < n) {
    p++;
    line++;
  }
  return { fields, line: startLine, next: p, nextLine: line };
}

const CANDIDATES = [TAB, 59 /* ; */, 44 /* , */];

/**
 * Picks the delimiter among tab, `;` and `,` from the first lines: a candidate that splits every sampled line into
 * the same number (> 0) of pieces wins, tab first, then `;` (which, when present on every line, is the delimiter and
 * commas are decimal commas), then `,`. Otherwise the most frequent one.
 */
export function sniffDelimiter(buf: Buffer, start: number): number {
  const counts: number[][] = [];
  let p = start;
  while (p < buf.length && counts.length < 10) {
    const blank = blankLineEnd(buf, p, -1);
    let end = buf.indexOf(LF, p);
    if (end < 0) end = buf.length;
    if (blank < 0) {
      const lineCounts = CANDIDATES.map(() => 0);
      let quoted = false;
      for (let i = p; i < end; i++) {
        const c = buf[i]!;
        if (c === QUOTE) quoted = !quoted;
        else if (!quoted) {
          const k = CANDIDATES.indexOf(c);
          if (k >= 0) lineCounts[k]!++;
        }
      }
      counts.push(lineCounts);
    }
    p = end + 1;
  }
  for (let k = 0; k < CANDIDATES.length; k++) {
    const first = counts[0]?.[k] ?? 0;
    if (first > 0 && counts.every((c) => c[k] === first)) return CANDIDATES[k]!;
  }
  let best = CANDIDATES.length - 1;
  for (let k = 0; k < CANDIDATES.length; k++) if ((counts[0]?.[k] ?? 0) > (counts[0]?.[best] ?? 0)) best = k;
  return CANDIDATES[best]!;
}

/**
 * A first row is a header when it names the label column, or when a column holds a word there but a number (or a
 * missing-number token) in the second row. Comparing with the second row, rather than "not all numbers", keeps
 * header-less files with text labels working; NaN, "?", empty cells and decimal commas count as numbers so that a
 * bad first data row is reported rather than silently taken as a header.
 */
export function looksLikeHeader(first: string[], second: string[] | undefined, labelName: string | undefined): boolean {
  if (first.includes(labelName ?? 'label') || first.includes('label')) return true;
  if (!second) return !first.every(isNumberLike);
  return first.some((f, i) => !isNumberLike(f) && i < second.length && isNumberLike(second[i]!));
}

/** How to show a delimiter in messages. */
export function delimiterName(delim: number): string {
  return delim === TAB ? 'tab' : `"${String.fromCharCode(delim)}"`;
}
