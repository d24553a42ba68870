/**
 * Strict number parsing for feature values. `Number()` and `parseFloat()` accept too much ("", " ", "0x1f",
 * "Infinity", "12abc" for parseFloat), which would let bad cells become silent zeros or NaNs, so every value must
 * match a plain decimal grammar and be finite in float32.
 */

/** Largest finite float32; bigger values would turn into Infinity when stored in a Float32Array. */
export const FLOAT32_MAX = 3.4028234663852886e38;

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Exact powers of ten as doubles: only up to 1e22 is every power exactly representable. */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/** The result of parsing one text value: a finite number, or what is wrong with it (for error messages). */
export type NumberResult = { ok: true; value: number } | { ok: false; problem: string };

/** Parses one cell's text as a finite float32-range decimal number. */
export function parseNumberText(raw: string): NumberResult {
  const text = raw.trim();
  if (DECIMAL.test(text)) {
    const value = Number(text);
    if (Number.isFinite(value) && Math.abs(value) <= FLOAT32_MAX) return { ok: true, value };
    return { ok: false, problem: `value ${text} is out of the float32 range (about ±3.4e38)` };
  }
  return { ok: false, problem: describeBadNumber(text) };
}

/** True when `text` is a valid feature value (used to tell header rows and numeric labels apart). */
export function isNumericText(text: string): boolean {
  return parseNumberText(text).ok;
}

/**
 * Numbers, and tokens that stand for a missing or unusable number (NaN, "?", empty, a decimal comma) rather than a
 * name: header detection must treat them as data, so that the loader reports them instead of eating a row.
 */
export function isNumberLike(text: string): boolean {
  const t = text.trim();
  return isNumericText(t) || /^(?:[+-]?(?:nan|inf|infinity)|\?|na|null|[+-]?\d+,\d+|)$/i.test(t);
}

function describeBadNumber(text: string): string {
  if (text === '') return 'empty value (missing values are not supported)';
  if (text === '?') return 'missing value "?" (missing values are not supported)';
  if (/^[+-]?nan$/i.test(text)) return `NaN value "${text}" (only finite numbers are supported)`;
  if (/^[+-]?inf(?:inity)?$/i.test(text)) return `infinite value "${text}" (only finite numbers are supported)`;
  const shown = text.length > 40 ? `${text.slice(0, 40)}...` : text;
  if (/^[+-]?\d+,\d+$/.test(text)) {
    return `non-numeric value "${shown}" (decimal comma? only "." is supported as the decimal separator)`;
  }
  return `non-numeric value "${shown}"`;
}

/**
 * Parses a plain decimal straight from a byte buffer, without building a string for the common short numbers.
 * Returns NaN when the bytes are not a plain decimal (the caller then decodes the text and uses `parseNumberText`,
 * which also explains what is wrong). With at most 15 significant digits and |exponent| <= 22 the mantissa and the
 * power of ten are exact doubles, so one multiply or divide gives the correctly rounded value, the same as
 * `Number(text)`; longer numbers go through `Number` on the validated text.
 */
export function parseDecimalBytes(b: Buffer, start: number, end: number): number {
  while (start < end && (b[start] === 32 || b[start] === 9)) start++;
  while (end > start && (b[end - 1] === 32 || b[end - 1] === 9 || b[end - 1] === 13)) end--;
  let i = start;
  let negative = false;
  if (i < end && (b[i] === 45 || b[i] === 43)) negative = b[i++] === 45;
  let mantissa = 0;
  let digits = 0;
  let significant = 0;
  let exp = 0;
  while (i < end) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) break;
    if (mantissa !== 0 || d !== 0) significant++;
    mantissa = mantissa * 10 + d;
    digits++;
    i++;
  }
  if (i < end && b[i] === 46) {
    i++;
    while (i < end) {
      const d = b[i]! - 48;
      if (d < 0 || d > 9) break;
      if (mantissa !== 0 || d !== 0) significant++;
      mantissa = mantissa * 10 + d;
      digits++;
      exp--;
      i++;
    }
  }
  if (digits === 0) return NaN;
  let longExponent = false;
  if (i < end && (b[i] === 101 || b[i] === 69)) {
    i++;
    let expNegative = false;
    if (i < end && (b[i] === 45 || b[i] === 43)) expNegative = b[i++] === 45;
    let e = 0;
    let expDigits = 0;
    while (i < end) {
      const d = b[i]! - 48;
      if (d < 0 || d > 9) break;
      e = e * 10 + d;
      if (++expDigits > 4) longExponent = true;
      i++;
    }
    if (expDigits === 0) return NaN;
    exp += expNegative ? -e : e;
  }
  if (i !== end) return NaN;
  if (significant > 15 || longExponent || exp > 22 || exp < -22) {
    const value = Number(b.toString('latin1', start, end));
    return Math.abs(value) <= FLOAT32_MAX ? value : NaN;
  }
  const value = exp === 0 ? mantissa : exp > 0 ? mantissa * POW10[exp]! : mantissa / POW10[-exp]!;
  return negative ? -value : value;
}
