import { encodeUtf8 } from '../../protocol/base64';
import type { StoredWeights } from './quantize';

/** A C table declaration and the bytes of const data it holds. */
export interface Table {
  decl: string;
  bytes: number;
}

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

export function table(decl: string, values: string[], elementBytes: number, note = ''): Table {
  const v = values.length ? values : ['0'];
  const comment = note ? `/* ${note} */\n` : '';
  return { decl: `${comment}${decl} = {\n${wrapValues(v)}\n};`, bytes: v.length * elementBytes };
}

/** A weight table (float32, or int8 codes and one float32 scale per tensor), with `note` as its comment. */
export function weightTables(
  out: Table[],
  p: string,
  name: string,
  w: StoredWeights,
  size: string,
  tensors: string,
  note = '',
): void {
  if (w.kind === 'float32') {
    out.push(table(`static const float ${p}_${name}[${size}]`, Array.from(w.values, floatLiteral), 4, note));
    return;
  }
  out.push(
    table(
      `static const int8_t ${p}_${name}[${size}]`,
      Array.from(w.codes, String),
      1,
      note ? `${note}; int8 codes, value = code * scale` : 'int8 codes; value = code * scale',
    ),
  );
  out.push(table(`static const float ${p}_${name}_scale[${tensors}]`, Array.from(w.scales, floatLiteral), 4));
}
