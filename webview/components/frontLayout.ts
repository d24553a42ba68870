/**
 * Where the stages of a conv front end go in its drawing, and what they say: a row of stages (the input image, each
 * conv and pooling layer, the flatten into the dense part), each conv stage with a heat map of kernel density
 * (a column per output channel, a row per input channel) over a strip of its channels' states. Pure (no DOM):
 * the renderer, the dashboard and the figures draw the same layout, and unit tests check it in node.
 */
import {
  channelWeights,
  stageWeights,
  type ChannelState,
  type ConvStage,
  type FrontSnapshot,
  type FrontStage,
} from '../../src/protocol/frontSnapshot';
import { int } from './format';

export interface StageBox {
  /** Index into `front.stages`; -1 for the input image, `stages.length` for the flatten. */
  stage: number;
  x: number;
  y: number;
  width: number;
  height: number;
  lines: string[];
  /**
   * Conv stages: the heat map's top-left corner and cell size (cells may be taller than wide: a one-row map of the
   * first layer gets the height it can use), then the channel strip.
   */
  map?: {
    x: number;
    y: number;
    cellW: number;
    cellH: number;
    columns: number;
    rows: number;
    stripY: number;
    stripH: number;
  };
}

export interface FrontLayout {
  front: FrontSnapshot;
  /** Diff mode: the earlier front end of the same shape the drawing compares `front` with. */
  before?: FrontSnapshot;
  boxes: StageBox[];
  width: number;
  height: number;
  fontPx: number;
  lineH: number;
  /** Per conv stage (by stage index): the states of its input channels (the producing conv's, or the image's). */
  inputStates: Map<number, ChannelState[]>;
}

const GAP = 20;
const PAD = 4;
const MAX_MAP_H = 160;
const MIN_CELL = 3;
const MAX_CELL = 16;
/** Average glyph width of the labels, in font sizes (the first line is bold). */
const CHAR_W = 0.64;

const dims = (s: readonly number[]): string => s.join('×');

/** Channels a conv stage has in use (active or dead, not free slots). */
export const usedChannels = (s: ConvStage): number => s.channelStates.filter((c) => c !== 'free').length;

function stageLines(s: FrontStage, n: number): string[] {
  if (s.kind !== 'conv') {
    const window = `${s.size}×${s.size}${s.stride !== s.size ? ` stride ${s.stride}` : ''}`;
    return [`${s.kind === 'maxPool' ? 'max' : 'avg'} pool ${window}`, dims(s.output)];
  }
  const extra = `${s.stride > 1 ? ` stride ${s.stride}` : ''}${s.padding > 0 ? ` pad ${s.padding}` : ''}`;
  const active = s.channelStates.filter((c) => c === 'active').length;
  const full = s.channels * s.input[2] * s.kernel * s.kernel;
  return [
    `conv ${n} · ${s.kernel}×${s.kernel}${extra}`,
    `${active}/${s.channels} ch · ${s.output[0]}×${s.output[1]}`,
    `${int(stageWeights(s))} weights (${pct(stageWeights(s), full)})`,
  ];
}

const pct = (n: number, of: number): string => `${of > 0 ? Math.round((100 * n) / of) : 0}%`;

/**
 * Lays the stages out in one row. The heat maps' cells are as large as `maxWidth` allows, the same width in every
 * conv layer where they can be (largest cells shrink first), at least MIN_CELL: a wider row is scaled down by
 * whoever draws it.
 */
export function layoutFront(
  front: FrontSnapshot,
  maxWidth: number,
  fontPx: number,
  before?: FrontSnapshot,
): FrontLayout {
  const lineH = Math.round(fontPx * 1.35);
  const textW = (lines: string[]): number =>
    Math.ceil(Math.max(...lines.map((l) => l.length)) * fontPx * CHAR_W) + 2 * PAD;
  const last = front.stages[front.stages.length - 1]!.output;
  const units = last[0] * last[1] * last[2];
  let conv = 0;
  const entries = [
    { stage: -1, lines: ['input', dims(front.input)] },
    ...front.stages.map((s, i) => ({ stage: i, lines: stageLines(s, s.kind === 'conv' ? ++conv : conv) })),
    { stage: front.stages.length, lines: ['flatten', `${int(units)} inputs`] },
  ];
  const convs = front.stages.flatMap((s, i) => (s.kind === 'conv' ? [i] : []));
  const fixed = entries.reduce((w, e) => w + (front.stages[e.stage]?.kind === 'conv' ? 0 : textW(e.lines)), 0);
  const budget = maxWidth - fixed - GAP * (entries.length - 1) - 2 * PAD * convs.length;
  const cols = convs.map((i) => (front.stages[i] as ConvStage).channels);
  const rows = convs.map((i) => (front.stages[i] as ConvStage).input[2]);
  const cells = rows.map((r) => Math.max(MIN_CELL, Math.min(MAX_CELL, Math.floor(MAX_MAP_H / r))));
  const mapsWidth = (): number => cells.reduce((w, c, k) => w + c * cols[k]!, 0);
  while (mapsWidth() > budget) {
    const top = Math.max(...cells);
    if (top <= MIN_CELL) break;
    // Among the largest cells, shrink the map with the most columns first.
    let pick = -1;
    cells.forEach((c, k) => {
      if (c === top && (pick < 0 || cols[k]! > cols[pick]!)) pick = k;
    });
    cells[pick]!--;
  }
  const inputStates = new Map<number, ChannelState[]>();
  let states: ChannelState[] = Array.from({ length: front.input[2] }, () => 'active');
  front.stages.forEach((s, i) => {
    if (s.kind !== 'conv') return;
    inputStates.set(i, states);
    states = s.channelStates;
  });
  let x = 0;
  let height = 0;
  const boxes = entries.map((e): StageBox => {
    const s = front.stages[e.stage];
    const box: StageBox = {
      stage: e.stage,
      x,
      y: 0,
      width: textW(e.lines),
      height: e.lines.length * lineH,
      lines: e.lines,
    };
    if (s?.kind === 'conv') {
      const k = convs.indexOf(e.stage);
      const cellW = cells[k]!;
      const cellH = Math.max(cellW, Math.min(MAX_CELL, Math.floor(MAX_MAP_H / s.input[2])));
      const mapY = e.lines.length * lineH + 4;
      const stripH = Math.max(5, Math.min(cellW, 9));
      box.map = {
        x: x + PAD,
        y: mapY,
        cellW,
        cellH,
        columns: s.channels,
        rows: s.input[2],
        stripY: mapY + s.input[2] * cellH + 3,
        stripH,
      };
      box.width = Math.max(box.width, s.channels * cellW + 2 * PAD);
      box.height = box.map.stripY + stripH + 2;
    }
    x += box.width + GAP;
    height = Math.max(height, box.height);
    return box;
  });
  const out: FrontLayout = { front, boxes, width: x - GAP, height, fontPx, lineH, inputStates };
  if (before && sameFrontShape(front, before)) out.before = before;
  return out;
}

/** Same stages with the same shapes and channel slots: kernel counts then compare cell by cell. */
export function sameFrontShape(a: FrontSnapshot, b: FrontSnapshot): boolean {
  const shape = (f: FrontSnapshot): string =>
    JSON.stringify([f.input, f.stages.map((s) => [s.kind, s.input, s.output])]);
  return shape(a) === shape(b);
}

/** What the pointer is on: a kernel cell (output and input channel), a channel of the strip, or a stage. */
export type FrontHit =
  | { kind: 'kernel'; stage: number; out: number; in: number }
  | { kind: 'channel'; stage: number; out: number }
  | { kind: 'stage'; stage: number };

export function frontHitAt(l: FrontLayout, x: number, y: number): FrontHit | null {
  for (const b of l.boxes) {
    if (x < b.x || x > b.x + b.width || y < b.y || y > b.y + b.height) continue;
    const m = b.map;
    if (m) {
      const col = Math.floor((x - m.x) / m.cellW);
      const inCol = col >= 0 && col < m.columns;
      const row = Math.floor((y - m.y) / m.cellH);
      if (inCol && row >= 0 && row < m.rows) return { kind: 'kernel', stage: b.stage, out: col, in: row };
      if (inCol && y >= m.stripY && y <= m.stripY + m.stripH) return { kind: 'channel', stage: b.stage, out: col };
    }
    return { kind: 'stage', stage: b.stage };
  }
  return null;
}

const STATE_TEXT: Record<ChannelState, string> = {
  active: 'in use',
  unread: 'dead: nothing reads its output',
  constant: 'dead: no kernel weight left, it outputs a constant',
  free: 'free slot (removed, or room for channel growth)',
};

/** Hover text of what the pointer is on. */
export function frontHitText(l: FrontLayout, hit: FrontHit): string {
  const f = l.front;
  const n = convNumber(f, hit.stage);
  if (hit.kind === 'stage') {
    const box = l.boxes.find((b) => b.stage === hit.stage);
    const s = f.stages[hit.stage];
    if (!s) return box ? box.lines.join(' · ') : '';
    if (s.kind !== 'conv') return `${box?.lines[0]}: ${dims(s.input)} → ${dims(s.output)}`;
    return `conv ${n}: ${dims(s.input)} → ${dims(s.output)}, ${usedChannels(s)} of ${s.channels} channel slots used, ${int(stageWeights(s))} kernel weights`;
  }
  const s = f.stages[hit.stage] as ConvStage;
  const b = l.before?.stages[hit.stage] as ConvStage | undefined;
  const k2 = s.kernel * s.kernel;
  if (hit.kind === 'kernel') {
    const cell = hit.out * s.input[2] + hit.in;
    const w = s.kernelWeights[cell]!;
    const inName = n === 1 ? `image channel ${hit.in}` : `input channel ${hit.in}`;
    const was = b ? ` (was ${b.kernelWeights[cell]})` : '';
    return `conv ${n}, channel ${hit.out} ← ${inName}: ${w} of ${k2} kernel weights (${pct(w, k2)})${was} · channel ${STATE_TEXT[s.channelStates[hit.out]!]}`;
  }
  const w = channelWeights(s, hit.out);
  const was = b ? ` (was ${b.channelStates[hit.out]}, ${channelWeights(b, hit.out)})` : '';
  return `conv ${n}, channel ${hit.out}: ${STATE_TEXT[s.channelStates[hit.out]!]} · ${w} of ${k2 * s.input[2]} kernel weights (${pct(w, k2 * s.input[2])})${was}`;
}

function convNumber(f: FrontSnapshot, stage: number): number {
  let n = 0;
  for (let i = 0; i <= stage && i < f.stages.length; i++) if (f.stages[i]!.kind === 'conv') n++;
  return n;
}

/** The front end in one sentence (the drawing's accessible name and the figure captions). */
export function describeFront(f: FrontSnapshot): string {
  const convs = f.stages.filter((s): s is ConvStage => s.kind === 'conv');
  const parts = convs.map(
    (s, i) => `conv ${i + 1}: ${usedChannels(s)} of ${s.channels} channels, ${int(stageWeights(s))} kernel weights`,
  );
  const last = f.stages[f.stages.length - 1]!.output;
  return `conv front end on ${dims(f.input)} images (${parts.join('; ')}), flattened to ${int(last[0] * last[1] * last[2])} inputs`;
}

/** The front end in a few words, for captions: channels in use per conv layer and the kernel weights. */
export function frontShort(f: FrontSnapshot): string {
  const convs = f.stages.filter((s): s is ConvStage => s.kind === 'conv');
  const weights = convs.reduce((n, s) => n + stageWeights(s), 0);
  return `conv ${convs.map(usedChannels).join(' → ')} channels, ${int(weights)} kernel weights`;
}
