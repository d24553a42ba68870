/**
 * Base64 (RFC 4648 §4, standard alphabet, with padding), float32 packing and UTF-8, in pure TypeScript.
 *
 * src/protocol runs in every runtime (Node CLI, extension host, webviews) and is compiled without Node or DOM
 * types, so Buffer, btoa/atob and TextEncoder/TextDecoder are not available here.
 *
 * Conventions:
 * - `encodeBase64` always pads with `=`. `decodeBase64` is strict: only the standard alphabet, no whitespace or
 *   line breaks, `=` only as final padding, and the unused bits of the last character must be zero (so each byte
 *   string has exactly one accepted encoding). Unpadded input (length % 4 of 2 or 3) is accepted.
 * - `encodeFloat32`/`decodeFloat32` use little-endian IEEE 754 bytes whatever the platform, so files written on
 *   any machine read back bit-identical (including -0, infinities and, on little-endian hosts, NaN payloads).
 */

/** Thrown by the decoders on malformed input. */
export class Base64Error extends Error {
  override readonly name = 'Base64Error';
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const PAD = 61; // '='

const ENCODE = new Uint8Array(64);
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) {
  const c = ALPHABET.charCodeAt(i);
  ENCODE[i] = c;
  DECODE[c] = i;
}

/** Output characters produced per String.fromCharCode call (well below engine argument limits). */
const CHUNK_CHARS = 8192; // multiple of 4

/** Encodes bytes as standard base64 with `=` padding. */
export function encodeBase64(bytes: Uint8Array): string {
  const n = bytes.length;
  const parts: string[] = [];
  const codes: number[] = new Array<number>(CHUNK_CHARS);
  let k = 0;
  const flush = (): void => {
    parts.push(String.fromCharCode.apply(null, k === CHUNK_CHARS ? codes : codes.slice(0, k)));
    k = 0;
  };
  const full = n - (n % 3);
  for (let i = 0; i < full; i += 3) {
    const x = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    codes[k++] = ENCODE[x >>> 18]!;
    codes[k++] = ENCODE[(x >>> 12) & 63]!;
    codes[k++] = ENCODE[(x >>> 6) & 63]!;
    codes[k++] = ENCODE[x & 63]!;
    if (k === CHUNK_CHARS) flush();
  }
  const rest = n - full;
  if (rest === 1) {
    const x = bytes[full]! << 16;
    codes[k++] = ENCODE[x >>> 18]!;
    codes[k++] = ENCODE[(x >>> 12) & 63]!;
    codes[k++] = PAD;
    codes[k++] = PAD;
  } else if (rest === 2) {
    const x = (bytes[full]! << 16) | (bytes[full + 1]! << 8);
    codes[k++] = ENCODE[x >>> 18]!;
    codes[k++] = ENCODE[(x >>> 12) & 63]!;
    codes[k++] = ENCODE[(x >>> 6) & 63]!;
    codes[k++] = PAD;
  }
  if (k > 0) flush();
  return parts.join('');
}

function sextet(text: string, i: number): number {
  const c = text.charCodeAt(i);
  const v = c < 128 ? DECODE[c]! : -1;
  if (v < 0) {
    const shown = c === PAD ? "'=' before the end" : `character ${JSON.stringify(text[i])}`;
    throw new Base64Error(`Invalid base64: unexpected ${shown} at offset ${i}`);
  }
  return v;
}

/** Decodes standard base64 (see the module comment for what is accepted). Throws `Base64Error` on bad input. */
export function decodeBase64(text: string): Uint8Array {
  let end = text.length;
  if (end % 4 === 0 && end > 0 && text.charCodeAt(end - 1) === PAD) {
    end--;
    if (text.charCodeAt(end - 1) === PAD) end--;
  }
  const rest = end % 4;
  if (rest === 1) throw new Base64Error(`Invalid base64: length ${text.length} is not possible for base64 data`);
  const full = end - rest;
  const out = new Uint8Array((full / 4) * 3 + (rest === 0 ? 0 : rest - 1));
  let o = 0;
  for (let i = 0; i < full; i += 4) {
    const x = (sextet(text, i) << 18) | (sextet(text, i + 1) << 12) | (sextet(text, i + 2) << 6) | sextet(text, i + 3);
    out[o++] = x >>> 16;
    out[o++] = (x >>> 8) & 255;
    out[o++] = x & 255;
  }
  if (rest === 2) {
    const a = sextet(text, full);
    const b = sextet(text, full + 1);
    if (b & 15) throw new Base64Error('Invalid base64: non-zero padding bits in the last character');
    out[o++] = (a << 2) | (b >>> 4);
  } else if (rest === 3) {
    const a = sextet(text, full);
    const b = sextet(text, full + 1);
    const c = sextet(text, full + 2);
    if (c & 3) throw new Base64Error('Invalid base64: non-zero padding bits in the last character');
    const x = (a << 12) | (b << 6) | c;
    out[o++] = x >>> 10;
    out[o++] = (x >>> 2) & 255;
  }
  return out;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Packs float32 values as little-endian IEEE 754 bytes, base64-encoded (4 bytes per value). */
export function encodeFloat32(values: Float32Array): string {
  if (LITTLE_ENDIAN_HOST) return encodeBase64(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return encodeBase64(bytes);
}

/** Inverse of `encodeFloat32`. Throws `Base64Error` on bad base64 or a byte length that is not a multiple of 4. */
export function decodeFloat32(text: string): Float32Array {
  const bytes = decodeBase64(text);
  if (bytes.length % 4 !== 0) {
    throw new Base64Error(`Invalid float32 data: ${bytes.length} bytes is not a multiple of 4`);
  }
  // decodeBase64 returns a fresh, zero-offset buffer, so it can be viewed directly.
  if (LITTLE_ENDIAN_HOST) return new Float32Array(bytes.buffer, 0, bytes.length / 4);
  const out = new Float32Array(bytes.length / 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/**
 * Encodes a string as UTF-8 (like `new TextEncoder().encode(text)`): lone surrogates become U+FFFD.
 * The result has its own exactly-sized buffer.
 */
export function encodeUtf8(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 3);
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out[o++] = c;
      continue;
    }
    if (c < 0x800) {
      out[o++] = 0xc0 | (c >>> 6);
      out[o++] = 0x80 | (c & 63);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
        out[o++] = 0xf0 | (c >>> 18);
        out[o++] = 0x80 | ((c >>> 12) & 63);
        out[o++] = 0x80 | ((c >>> 6) & 63);
        out[o++] = 0x80 | (c & 63);
        continue;
      }
      c = 0xfffd; // lone surrogate
    }
    out[o++] = 0xe0 | (c >>> 12);
    out[o++] = 0x80 | ((c >>> 6) & 63);
    out[o++] = 0x80 | (c & 63);
  }
  return out.slice(0, o);
}

export interface DecodeUtf8Options {
  /** Throw `Utf8Error` on invalid UTF-8 instead of inserting U+FFFD. Default false. */
  fatal?: boolean;
  /** Keep a leading byte order mark instead of dropping it (TextDecoder's `ignoreBOM`). Default false. */
  ignoreBOM?: boolean;
}

/** Thrown by `decodeUtf8` with `fatal: true`. */
export class Utf8Error extends Error {
  override readonly name = 'Utf8Error';
}

/**
 * Decodes UTF-8 exactly like `new TextDecoder('utf-8', options).decode(bytes)` (WHATWG Encoding): invalid
 * sequences become U+FFFD (one per maximal invalid subpart), a leading BOM is dropped unless `ignoreBOM`.
 */
export function decodeUtf8(bytes: Uint8Array, options: DecodeUtf8Options = {}): string {
  const fatal = options.fatal === true;
  const parts: string[] = [];
  const units: number[] = [];
  const push = (cp: number): void => {
    if (cp > 0xffff) {
      cp -= 0x10000;
      units.push(0xd800 + (cp >>> 10), 0xdc00 + (cp & 0x3ff));
    } else {
      units.push(cp);
    }
    if (units.length >= CHUNK_CHARS) {
      parts.push(String.fromCharCode.apply(null, units));
      units.length = 0;
    }
  };
  const bad = (at: number): void => {
    if (fatal) throw new Utf8Error(`Invalid UTF-8 at byte ${at}`);
    push(0xfffd);
  };

  let i = 0;
  if (!options.ignoreBOM && bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      push(b);
      i++;
      continue;
    }
    let needed: number;
    let cp: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) {
      needed = 1;
      cp = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
      needed = 2;
      cp = b & 0x0f;
      if (b === 0xe0) lower = 0xa0;
      else if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      needed = 3;
      cp = b & 0x07;
      if (b === 0xf0) lower = 0x90;
      else if (b === 0xf4) upper = 0x8f;
    } else {
      bad(i);
      i++;
      continue;
    }
    let j = i + 1;
    let ok = true;
    for (let k = 0; k < needed; k++, j++) {
      const c = j < n ? bytes[j]! : -1;
      if (c < lower || c > upper) {
        ok = false;
        break;
      }
      lower = 0x80;
      upper = 0xbf;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (ok) {
      push(cp);
      i = j;
    } else {
      // The maximal subpart (bytes i..j-1) is replaced by one U+FFFD; the offending byte is read again.
      bad(i);
      i = j;
    }
  }
  if (units.length > 0) parts.push(String.fromCharCode.apply(null, units));
  return parts.join('');
}
