import { encodeUtf8 } from '../../protocol/base64';

/** The shortest decimal that a C compiler reads back as exactly this float32 value, with the `f` suffix. */
export function floatLiteral(v: number): string {
  if (v === 0) return Object.is(v, -0) ? '-0.0f' : '0.0f';
  for (let p = 1; p <= 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return `${/[.e]/.test(s) ? s : `${s}.0`}f`;
  }
  // Nine significant digits always identify a float32; reaching here means v was not a float32 at all.
  throw new Error(`not a float32 value: ${v}`);
}

/**
 * A C string literal for any text: printable ASCII as is, everything else (and `"`, `\`, `?`, which would start
 * escapes or trigraphs) as 3-digit octal escapes of the UTF-8 bytes, which never run into the next character.
 */
export function stringLiteral(text: string): string {
  let out = '"';
  for (const b of encodeUtf8(text)) {
    const printable = b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c && b !== 0x3f;
    out += printable ? String.fromCharCode(b) : `\\${b.toString(8).padStart(3, '0')}`;
  }
  return `${out}"`;
}

/** The smallest unsigned C99 integer type that holds `max`, with its size in bytes. */
export function unsignedType(max: number): { name: string; bytes: number } {
  if (max <= 0xff) return { name: 'uint8_t', bytes: 1 };
  if (max <= 0xffff) return { name: 'uint16_t', bytes: 2 };
  return { name: 'uint32_t', bytes: 4 };
}

/** Table initialiser values, wrapped to stay readable; ISO C forbids empty arrays, so callers pass one dummy. */
export function wrapValues(values: string[], indent = '    ', width = 110): string {
  const lines: string[] = [];
  let line = '';
  for (const v of values) {
    if (line && line.length + v.length + 2 > width) {
      lines.push(line);
      line = '';
    }
    line += line ? ` ${v},` : `${v},`;
  }
  if (line) lines.push(line);
  return lines.map((l) => indent + l).join('\n');
}
