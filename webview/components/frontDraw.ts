/**
 * Draws a front end layout (frontLayout.ts) as SVG: stage labels, arrows between stages, and per conv stage its
 * kernel density heat map over the strip of channel states. Dead and free channels (and the rows of input channels
 * that are not in use) are greyed. Creates elements through `document` only, so the same drawing serves the live
 * views and the figures drawn under a server-side DOM.
 */
import type { ChannelState, ConvStage } from '../../src/protocol/frontSnapshot';
import { svg } from './dom';
import type { FrontLayout } from './frontLayout';
import type { Palette } from './palette';

const f1 = (v: number): string => v.toFixed(1);

/** Opacity of a kernel cell of density `d` (0 draws nothing): faint for a single weight, full when dense. */
export const densityAlpha = (d: number): number => (d > 0 ? 0.18 + 0.82 * d : 0);

const inUse = (s: ChannelState | undefined): boolean => s === 'active';
/** Dead channels in the strip: the muted colour, light, so they read as greyed out next to channels in use. */
const DEAD_ALPHA = 0.4;

/** The drawing of `l`, its top-left at (0, `top`), in one <g>. */
export function drawFront(l: FrontLayout, p: Palette, top = 0): SVGGElement {
  const g = svg('g', { class: 'front-drawing', transform: `translate(0 ${top})` });
  const font = { 'font-family': p.fontFamily, 'font-size': l.fontPx };
  for (const [i, b] of l.boxes.entries()) {
    b.lines.forEach((line, k) =>
      g.append(
        svg(
          'text',
          {
            x: f1(b.x + 4),
            y: f1(b.y + (k + 1) * l.lineH - 4),
            fill: k === 0 ? p.foreground : p.muted,
            ...font,
            ...(k === 0 ? { 'font-weight': 600 } : {}),
          },
          line,
        ),
      ),
    );
    const next = l.boxes[i + 1];
    if (next) {
      // The arrow sits at the text's height, where every stage has its labels.
      const y = b.y + l.lineH - 4 - l.fontPx * 0.35;
      const x0 = b.x + b.width + 4;
      const x1 = next.x - 4;
      g.append(
        svg('path', {
          d: `M${f1(x0)},${f1(y)}L${f1(x1)},${f1(y)}M${f1(x1 - 5)},${f1(y - 3.5)}L${f1(x1)},${f1(y)}L${f1(x1 - 5)},${f1(y + 3.5)}`,
          fill: 'none',
          stroke: p.muted,
          'stroke-width': 1.2,
          class: 'front-arrow',
        }),
      );
    }
    const stage = l.front.stages[b.stage];
    if (b.map && stage?.kind === 'conv') {
      const before = l.before?.stages[b.stage] as ConvStage | undefined;
      g.append(drawKernelMap(stage, l.inputStates.get(b.stage) ?? [], b.map, p, before));
    }
  }
  return g;
}

/**
 * One conv layer's heat map and channel strip. With `before` (diff mode) a kernel is coloured by its change: more
 * active weights in the grown colour, fewer in the pruned colour (opacity by how many), unchanged ones faint; a
 * channel slot that was filled is grown, one that was freed is pruned.
 */
function drawKernelMap(
  s: ConvStage,
  inputStates: ChannelState[],
  m: NonNullable<FrontLayout['boxes'][number]['map']>,
  p: Palette,
  before?: ConvStage,
): SVGGElement {
  const g = svg('g', { class: 'kernel-map' });
  const { cellW, cellH, columns, rows } = m;
  const k2 = s.kernel * s.kernel;
  const w = columns * cellW;
  const h = rows * cellH;
  const gapW = cellW >= 5 ? 1 : 0;
  const gapH = cellH >= 5 ? 1 : 0;
  // Greyed background under the columns and rows not in use, so a removed channel reads as a grey band.
  let grey = '';
  for (let o = 0; o < columns; o++)
    if (!inUse(s.channelStates[o])) grey += `M${f1(m.x + o * cellW)},${f1(m.y)}h${cellW}v${h}h${-cellW}Z`;
  for (let i = 0; i < rows; i++)
    if (!inUse(inputStates[i])) grey += `M${f1(m.x)},${f1(m.y + i * cellH)}h${w}v${cellH}h${-w}Z`;
  if (grey) g.append(svg('path', { d: grey, fill: p.muted, 'fill-opacity': 0.22, class: 'greyed' }));
  // One path per opacity step and colour keeps a LeNet-5 map (1,000 cells) to a few dozen elements.
  const steps = 8;
  const paths = new Map<string, string>();
  for (let o = 0; o < columns; o++) {
    for (let i = 0; i < rows; i++) {
      const n = s.kernelWeights[o * rows + i]!;
      const was = before?.kernelWeights[o * rows + i];
      const change = was === undefined ? 0 : n - was;
      if (n === 0 && change === 0) continue;
      const live = inUse(s.channelStates[o]) && inUse(inputStates[i]);
      const kind = before ? (change > 0 ? 'grown' : change < 0 ? 'pruned' : 'kept') : live ? 'live' : 'grey';
      const amount = before ? (change === 0 ? 0.15 : 0.3 + 0.7 * (Math.abs(change) / k2)) : n / k2;
      const key = `${kind}:${Math.max(1, Math.round(amount * steps))}`;
      paths.set(
        key,
        (paths.get(key) ?? '') +
          `M${f1(m.x + o * cellW)},${f1(m.y + i * cellH)}h${cellW - gapW}v${cellH - gapH}h${gapW - cellW}Z`,
      );
    }
  }
  for (const [key, d] of paths) {
    const [kind, level] = key.split(':');
    const fill = { live: p.positive, grey: p.muted, grown: p.grown, pruned: p.pruned, kept: p.kept }[kind!]!;
    const alpha = kind === 'live' || kind === 'grey' ? densityAlpha(Number(level) / steps) : Number(level) / steps;
    g.append(svg('path', { d, fill, 'fill-opacity': +alpha.toFixed(3), class: `kernels ${kind}` }));
  }
  g.append(
    svg('rect', {
      x: f1(m.x - 0.5),
      y: f1(m.y - 0.5),
      width: w + 1,
      height: h + 1,
      fill: 'none',
      stroke: p.border,
      class: 'map-frame',
    }),
  );
  // The channel strip: in use in the hidden-neuron colour, dead ones light grey, free slots as empty outlines.
  for (let o = 0; o < columns; o++) {
    const state = s.channelStates[o]!;
    const x = m.x + o * cellW;
    const was = before?.channelStates[o];
    const filled = was === 'free' && state !== 'free';
    const freed = was !== undefined && was !== 'free' && state === 'free';
    if (filled || freed) {
      g.append(
        svg('rect', {
          x: f1(x),
          y: f1(m.stripY),
          width: Math.max(1, cellW - gapW),
          height: m.stripH,
          fill: filled ? p.grown : p.pruned,
          class: `channel ${state} ${filled ? 'added' : 'removed'}`,
        }),
      );
      continue;
    }
    g.append(
      svg('rect', {
        x: f1(x + (state === 'free' ? 0.5 : 0)),
        y: f1(m.stripY + (state === 'free' ? 0.5 : 0)),
        width: Math.max(1, cellW - gapW - (state === 'free' ? 1 : 0)),
        height: m.stripH - (state === 'free' ? 1 : 0),
        fill: state === 'active' ? p.hidden : state === 'free' ? 'none' : p.muted,
        ...(state === 'free' ? { stroke: p.muted, 'stroke-width': 1 } : {}),
        ...(state === 'unread' || state === 'constant' ? { 'fill-opacity': DEAD_ALPHA } : {}),
        class: `channel ${state}`,
      }),
    );
  }
  return g;
}

/** A legend line for the front end's drawing: what the heat map and the strip's colours mean (`diff`: the changes). */
export function drawFrontLegend(p: Palette, fontPx: number, y: number, width: number, diff = false): SVGGElement {
  const g = svg('g', { class: 'front-legend' });
  const font = { 'font-family': p.fontFamily, 'font-size': fontPx, fill: p.muted };
  let x = 4;
  const item = (mark: (x: number) => SVGElement, label: string): void => {
    const w = 14 + label.length * fontPx * 0.58 + 12;
    if (x + w > width) return;
    g.append(mark(x), svg('text', { x: x + 14, y, ...font }, label));
    x += w;
  };
  const box =
    (fill: string, opacity = 1, stroke?: string) =>
    (x0: number) =>
      svg('rect', {
        x: x0 + 0.5,
        y: y - fontPx * 0.8,
        width: 9,
        height: 9,
        fill,
        'fill-opacity': opacity,
        ...(stroke ? { stroke, 'stroke-width': 1 } : {}),
      });
  if (diff) {
    item(box(p.grown, 0.8), 'kernel weights grown');
    item(box(p.pruned, 0.8), 'kernel weights pruned');
    item(box(p.kept, 0.3), 'unchanged');
    item(box(p.grown), 'channel added');
    item(box(p.pruned), 'channel removed');
    item(box('none', 1, p.muted), 'free slot');
    return g;
  }
  item(box(p.positive, densityAlpha(0.25)), 'sparse kernel');
  item(box(p.positive, 1), 'dense kernel');
  item(box(p.hidden), 'channel in use');
  item(box(p.muted, DEAD_ALPHA), 'dead channel');
  item(box('none', 1, p.muted), 'free slot');
  item(() => svg('g'), 'heat maps: a column per channel, a row per input channel');
  return g;
}
