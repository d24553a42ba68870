/**
 * Minimal SVG scatter plots (one panel per dataset, log-scale x), hand-written so the report needs no plotting
 * library: accuracy against connections or energy, one marker per network kind.
 */

export interface Point {
  x: number;
  y: number;
  kind: string;
}

export interface Panel {
  title: string;
  points: Point[];
}

const KINDS: Record<string, { color: string; shape: 'circle' | 'square' | 'triangle' | 'diamond' }> = {
  baseline: { color: '#444444', shape: 'square' },
  'DR-MLP': { color: '#8c564b', shape: 'diamond' },
  A: { color: '#1f77b4', shape: 'circle' },
  B: { color: '#2ca02c', shape: 'circle' },
  C: { color: '#d62728', shape: 'circle' },
};

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function marker(kind: string, cx: number, cy: number): string {
  const k = KINDS[kind] ?? { color: '#999', shape: 'circle' as const };
  const r = 5;
  const c = `fill="${k.color}" fill-opacity="0.85" stroke="#000" stroke-width="0.5"`;
  switch (k.shape) {
    case 'square':
      return `<rect x="${cx - r}" y="${cy - r}" width="${2 * r}" height="${2 * r}" ${c}/>`;
    case 'triangle':
      return `<polygon points="${cx},${cy - r} ${cx + r},${cy + r} ${cx - r},${cy + r}" ${c}/>`;
    case 'diamond':
      return `<polygon points="${cx},${cy - r - 1} ${cx + r + 1},${cy} ${cx},${cy + r + 1} ${cx - r - 1},${cy}" ${c}/>`;
    default:
      return `<circle cx="${cx}" cy="${cy}" r="${r}" ${c}/>`;
  }
}

function fmt(v: number): string {
  if (v >= 1e6) return `${+(v / 1e6).toPrecision(2)}M`;
  if (v >= 1e3) return `${+(v / 1e3).toPrecision(2)}k`;
  return `${+v.toPrecision(2)}`;
}

function panel(p: Panel, ox: number, oy: number, w: number, h: number, xLabel: string): string {
  const m = { l: 48, r: 20, t: 22, b: 34 };
  const pw = w - m.l - m.r;
  const ph = h - m.t - m.b;
  const xs = p.points.map((q) => Math.log10(Math.max(q.x, 1e-9)));
  const ys = p.points.map((q) => 100 * q.y);
  const x0 = Math.floor(Math.min(...xs));
  const x1 = Math.max(Math.ceil(Math.max(...xs)), x0 + 1);
  const yLo = Math.floor(Math.min(...ys) - 1);
  const yHi = Math.min(100, Math.ceil(Math.max(...ys) + 1));
  const y0 = yHi - yLo < 2 ? yHi - 2 : yLo;
  const sx = (v: number) => ox + m.l + ((v - x0) / (x1 - x0)) * pw;
  const sy = (v: number) => oy + m.t + (1 - (v - y0) / (yHi - y0)) * ph;
  const out: string[] = [];
  out.push(`<rect x="${ox + m.l}" y="${oy + m.t}" width="${pw}" height="${ph}" fill="#fff" stroke="#bbb"/>`);
  out.push(
    `<text x="${ox + m.l + pw / 2}" y="${oy + 15}" text-anchor="middle" font-size="12" font-weight="bold">${esc(p.title)}</text>`,
  );
  for (let e = x0; e <= x1; e++) {
    const x = sx(e);
    out.push(`<line x1="${x}" y1="${oy + m.t}" x2="${x}" y2="${oy + m.t + ph}" stroke="#eee"/>`);
    out.push(`<text x="${x}" y="${oy + m.t + ph + 13}" text-anchor="middle" font-size="10">${fmt(10 ** e)}</text>`);
  }
  const step = Math.max(1, Math.ceil((yHi - y0) / 5));
  for (let v = Math.ceil(y0); v <= yHi; v += step) {
    const y = sy(v);
    out.push(`<line x1="${ox + m.l}" y1="${y}" x2="${ox + m.l + pw}" y2="${y}" stroke="#eee"/>`);
    out.push(`<text x="${ox + m.l - 4}" y="${y + 3}" text-anchor="end" font-size="10">${v}%</text>`);
  }
  out.push(
    `<text x="${ox + m.l + pw / 2}" y="${oy + h - 4}" text-anchor="middle" font-size="10">${esc(xLabel)} (log)</text>`,
  );
  p.points.forEach((q, i) => out.push(marker(q.kind, sx(xs[i]!), sy(ys[i]!))));
  return out.join('\n');
}

/** A grid of panels with a shared legend; y is test accuracy. */
export function scatterSvg(title: string, panels: Panel[], xLabel: string): string {
  const cols = Math.min(2, Math.max(1, panels.length));
  const rows = Math.ceil(panels.length / cols);
  const w = 360;
  const h = 250;
  const W = 2 * w;
  const H = rows * h + 60;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">`,
    `<rect width="${W}" height="${H}" fill="#fafafa"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${esc(title)}</text>`,
  ];
  panels.forEach((p, i) => parts.push(panel(p, (i % cols) * w, 30 + Math.floor(i / cols) * h, w, h, xLabel)));
  const legend = Object.keys(KINDS);
  legend.forEach((k, i) => {
    const x = 20 + i * 135;
    const y = H - 15;
    parts.push(marker(k, x, y - 4));
    parts.push(
      `<text x="${x + 10}" y="${y}" font-size="11">${k === 'A' || k === 'B' || k === 'C' ? `DR+SCANN ${k}` : k}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}
