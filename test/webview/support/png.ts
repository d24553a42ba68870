/**
 * Decodes the PNG screenshots Chromium produces (8-bit RGB or RGBA, not interlaced) so tests can check pixels of
 * what is really on screen, canvas included.
 */
import { inflateSync } from 'node:zlib';

export interface Image {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel. */
  data: Uint8Array;
}

export function decodePng(buf: Buffer): Image {
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let pos = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const body = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const depth = body[8]!;
      const color = body[9]!;
      if (depth !== 8 || body[12] !== 0 || (color !== 2 && color !== 6)) {
        throw new Error(`unsupported PNG: depth ${depth}, colour type ${color}, interlace ${body[12]}`);
      }
      channels = color === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(width * height * 4);
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const cur = new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? cur[i - channels]! : 0;
      const b = prev[i]!;
      const c = i >= channels ? prev[i - channels]! : 0;
      let v = line[i]!;
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      cur[i] = v & 255;
    }
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      out[o] = cur[x * channels]!;
      out[o + 1] = cur[x * channels + 1]!;
      out[o + 2] = cur[x * channels + 2]!;
      out[o + 3] = channels === 4 ? cur[x * channels + 3]! : 255;
    }
    prev = cur;
  }
  return { width, height, data: out };
}

export type Rgb = [number, number, number];

export function pixel(img: Image, x: number, y: number): Rgb {
  const o = (Math.round(y) * img.width + Math.round(x)) * 4;
  return [img.data[o]!, img.data[o + 1]!, img.data[o + 2]!];
}

export function hexRgb(hex: string): Rgb {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(hex.trim());
  if (!m) throw new Error(`not a hex colour: ${hex}`);
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
}

export const distance = (a: Rgb, b: Rgb): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/** Counts pixels of a region by what they are closest to: the background or each of `colours`. */
export function classify(
  img: Image,
  background: Rgb,
  colours: Record<string, Rgb>,
  region = { x: 0, y: 0, width: img.width, height: img.height },
): { background: number; other: number } & Record<string, number> {
  const counts: Record<string, number> = { background: 0, other: 0 };
  for (const k of Object.keys(colours)) counts[k] = 0;
  for (let y = region.y; y < region.y + region.height; y++) {
    for (let x = region.x; x < region.x + region.width; x++) {
      const p = pixel(img, x, y);
      if (distance(p, background) < 8) {
        counts.background!++;
        continue;
      }
      // A blended edge pixel lies on the segment between the background and its colour: match by hue direction.
      let best = 'other';
      let bestScore = 0.95;
      for (const [k, c] of Object.entries(colours)) {
        const score = alongSegment(p, background, c);
        if (score > bestScore) {
          bestScore = score;
          best = k;
        }
      }
      counts[best]!++;
    }
  }
  return counts as { background: number; other: number } & Record<string, number>;
}

/** Cosine between (p - bg) and (c - bg): 1 when p is the colour c blended over bg at some opacity. */
function alongSegment(p: Rgb, bg: Rgb, c: Rgb): number {
  const u = [p[0] - bg[0], p[1] - bg[1], p[2] - bg[2]];
  const v = [c[0] - bg[0], c[1] - bg[1], c[2] - bg[2]];
  const dot = u[0]! * v[0]! + u[1]! * v[1]! + u[2]! * v[2]!;
  const nu = Math.hypot(u[0]!, u[1]!, u[2]!);
  const nv = Math.hypot(v[0]!, v[1]!, v[2]!);
  return nu > 0 && nv > 0 ? dot / (nu * nv) : 0;
}
