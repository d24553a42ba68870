/**
 * Where and why a text is not JSON (RFC 8259), for messages that point at the exact character. `JSON.parse` says
 * only "Unexpected token" with a position that differs between engines, so this scanner runs after it fails.
 * Kept hand-written: `jsonc-parser` reports error offsets too, but less precisely for what matters in a notebook
 * (a line break inside a string is reported at the string's start, a leading zero as a missing comma).
 */

/** The first syntax error of `text`, 1-based line and column (UTF-16 code units), or undefined for valid JSON. */
export function findJsonSyntaxError(text: string): { line: number; column: number; message: string } | undefined {
  const found = locateJsonError(text);
  return found && { ...lineColumn(text, found.offset), message: found.message };
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function showChar(text: string, i: number): string {
  if (i >= text.length) return 'the end of the file';
  const c = text.codePointAt(i)!;
  if (c >= 0x20 && c !== 0x7f && !(c >= 0x80 && c < 0xa0) && !(c >= 0xd800 && c <= 0xdfff))
    return `'${String.fromCodePoint(c)}'`;
  return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
}

type Expect =
  'value' | 'valueOrEndArray' | 'arrayItemAfterComma' | 'keyOrEndObject' | 'keyAfterComma' | 'colon' | 'afterValue';

/**
 * Finds the first syntax error of malformed JSON (RFC 8259), for a message with a position that is the same in
 * every runtime. Iterative, so deep nesting cannot overflow the stack. Returns undefined for valid JSON.
 */
function locateJsonError(text: string): { offset: number; message: string } | undefined {
  const n = text.length;
  const stack: boolean[] = []; // true = object, false = array
  let state: Expect = 'value';
  let i = 0;
  const fail = (offset: number, message: string) => ({ offset, message });

  const isDigit = (c: number) => c >= 48 && c <= 57;

  for (;;) {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
    const c = i < n ? text.charCodeAt(i) : -1;

    switch (state) {
      case 'value':
      case 'valueOrEndArray':
      case 'arrayItemAfterComma': {
        if (c === 93 /* ] */ && state === 'valueOrEndArray') {
          stack.pop();
          i++;
          state = 'afterValue';
          break;
        }
        if (c === 93 && state === 'arrayItemAfterComma')
          return fail(i, "unexpected ']' after a comma (trailing comma)");
        if (c === 123 /* { */) {
          stack.push(true);
          i++;
          state = 'keyOrEndObject';
          break;
        }
        if (c === 91 /* [ */) {
          stack.push(false);
          i++;
          state = 'valueOrEndArray';
          break;
        }
        if (c === 34 /* " */) {
          const end = scanString(text, i);
          if (typeof end !== 'number') return end;
          i = end;
          state = 'afterValue';
          break;
        }
        if (c === 45 /* - */ || isDigit(c)) {
          const end = scanNumber(text, i);
          if (typeof end !== 'number') return end;
          i = end;
          state = 'afterValue';
          break;
        }
        const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, i));
        if (literal !== undefined) {
          i += literal.length;
          state = 'afterValue';
          break;
        }
        return fail(i, `expected a value, found ${showChar(text, i)}`);
      }
      case 'keyOrEndObject':
      case 'keyAfterComma': {
        if (c === 125 /* } */) {
          if (state === 'keyAfterComma') return fail(i, "unexpected '}' after a comma (trailing comma)");
          stack.pop();
          i++;
          state = 'afterValue';
          break;
        }
        if (c !== 34) return fail(i, `expected a property name in double quotes, found ${showChar(text, i)}`);
        const end = scanString(text, i);
        if (typeof end !== 'number') return end;
        i = end;
        state = 'colon';
        break;
      }
      case 'colon':
        if (c !== 58 /* : */) return fail(i, `expected ':' after a property name, found ${showChar(text, i)}`);
        i++;
        state = 'value';
        break;
      case 'afterValue': {
        if (stack.length === 0) {
          return i < n ? fail(i, `unexpected ${showChar(text, i)} after the end of the JSON value`) : undefined;
        }
        const inObject = stack[stack.length - 1]!;
        if (c === 44 /* , */) {
          i++;
          state = inObject ? 'keyAfterComma' : 'arrayItemAfterComma';
          break;
        }
        if (inObject && c === 125) {
          stack.pop();
          i++;
          break;
        }
        if (!inObject && c === 93) {
          stack.pop();
          i++;
          break;
        }
        const expected = inObject ? "',' or '}' after a property value" : "',' or ']' after an array element";
        return fail(i, `expected ${expected}, found ${showChar(text, i)}`);
      }
    }
  }
}

function scanString(text: string, start: number): number | { offset: number; message: string } {
  const n = text.length;
  let i = start + 1;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34) return i + 1;
    if (c === 92 /* \ */) {
      if (i + 1 >= n) break;
      const e = text.charCodeAt(i + 1);
      if (e === 117 /* u */) {
        for (let k = 2; k < 6; k++) {
          if (!/[0-9a-fA-F]/.test(text.charAt(i + k))) {
            return { offset: i, message: 'invalid \\u escape in a string (expected 4 hexadecimal digits)' };
          }
        }
        i += 6;
        continue;
      }
      if ('"\\/bfnrt'.includes(text.charAt(i + 1))) {
        i += 2;
        continue;
      }
      return { offset: i, message: `invalid escape sequence '\\${text.charAt(i + 1)}' in a string` };
    }
    if (c < 0x20) {
      const what = c === 10 || c === 13 ? 'a line break' : `control character ${showChar(text, i)}`;
      return { offset: i, message: `${what} inside a string (unterminated string, or write it as an escape)` };
    }
    i++;
  }
  return { offset: start, message: 'unterminated string' };
}

function scanNumber(text: string, start: number): number | { offset: number; message: string } {
  const digitsFrom = (i: number): number => {
    while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    return i;
  };
  const isDigitAt = (i: number) => i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57;
  let i = start;
  if (text.charCodeAt(i) === 45) i++;
  if (!isDigitAt(i)) return { offset: i, message: `invalid number: expected a digit, found ${showChar(text, i)}` };
  if (text.charCodeAt(i) === 48) {
    i++;
    if (isDigitAt(i)) return { offset: i, message: 'invalid number: leading zeros are not allowed' };
  } else {
    i = digitsFrom(i);
  }
  if (text.charCodeAt(i) === 46 /* . */) {
    i++;
    if (!isDigitAt(i))
      return { offset: i, message: `invalid number: expected a digit after '.', found ${showChar(text, i)}` };
    i = digitsFrom(i);
  }
  const e = text.charCodeAt(i);
  if (e === 101 || e === 69) {
    i++;
    const s = text.charCodeAt(i);
    if (s === 43 || s === 45) i++;
    if (!isDigitAt(i))
      return { offset: i, message: `invalid number: expected a digit in the exponent, found ${showChar(text, i)}` };
    i = digitsFrom(i);
  }
  return i;
}
