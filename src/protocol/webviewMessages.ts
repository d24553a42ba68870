/**
 * Everything the extension host and the browser side (notebook renderer, run dashboard, compare view) agree on:
 * the messages each way as discriminated unions, a small typed request/notify channel (vscode-hexeditor's
 * MessageHandler pattern), runtime guards for what arrives, the run timeline (events folded into one state), the
 * run summaries of the compare view, and the HTML + CSP of the panels. The notebook output payload itself is
 * `RunPayload` in runOutput.ts. No DOM, no Node, no vscode: both sides import this file.
 */
import type { EnergyConfig, ScannConfig } from './config';
import type { ArchitectureSnapshot, RunEvent } from './events';
import type {
  DatasetSummary,
  EnergyTable,
  EpochPoint,
  EvaluatedNetwork,
  HistoryStep,
  ReduceResult,
  RunResult,
  RunStatus,
} from './result';

// ---------------------------------------------------------------------------------------------------------------
// Bundles

/** What `node esbuild.mjs` writes for the browser side, relative to the extension root. */
export const WEBVIEW_BUNDLES = {
  /** `contributes.notebookRenderer[].entrypoint`; ESM, renders `application/vnd.scann.run+json`. */
  renderer: 'dist/webview/renderer.js',
  dashboard: { script: 'dist/webview/dashboard.js', style: 'dist/webview/dashboard.css' },
  compare: { script: 'dist/webview/compare.js', style: 'dist/webview/compare.css' },
  /** Codicon font stylesheet; must be a `<link id="vscode-codicon-stylesheet">` for `<vscode-icon>`. */
  codicons: 'dist/webview/codicons.css',
} as const;

/** `WebviewPanel.viewType`s, also the `onWebviewPanel:` activation events of the panel serializers. */
export const DASHBOARD_VIEW_TYPE = 'scann.dashboard';
export const COMPARE_VIEW_TYPE = 'scann.compare';

// ---------------------------------------------------------------------------------------------------------------
// Run timeline: events folded into one state (the dashboard model; the host may use it for live outputs too)

export type TimelineStatus = 'running' | RunStatus | 'failed';

export interface TimelineStep {
  step: number;
  iteration?: number;
  op?: HistoryStep['op'];
  /** The operation event that opened the step (absent for the initial training). */
  operation?: Extract<RunEvent, { type: 'operation' }>;
  /** Structure after the step's operation, before its retraining. */
  snapshot?: ArchitectureSnapshot;
  /** Set when the step's training finished. */
  history?: HistoryStep;
}

export interface RunTimeline {
  status: TimelineStatus;
  name?: string;
  startedAt?: number;
  config?: ScannConfig;
  dataset?: DatasetSummary;
  baseline?: EvaluatedNetwork & { layers: number[] };
  energyTable?: EnergyTable;
  /** Every epoch with the connections it trained, in arrival order. */
  epochs: (EpochPoint & { connections: number })[];
  /** Indexed by step number. */
  steps: TimelineStep[];
  result?: RunResult;
  /** DR+SCANN: the transform in use, once chosen. */
  reduce?: Extract<RunEvent, { type: 'reduceChosen' }>['reduce'];
  /** DR+SCANN: selection grid cells evaluated so far. */
  reduceGrid: ReduceResult['grid'];
  failure?: string;
  logs: { level: 'info' | 'warn'; message: string }[];
  /** Events applied so far (to tell a resent prefix from new events). */
  eventCount: number;
}

export function emptyTimeline(): RunTimeline {
  return { status: 'running', epochs: [], steps: [], logs: [], reduceGrid: [], eventCount: 0 };
}

/** Energy tables of custom configs carry their numbers; presets are resolved by the caller (the engine knows them). */
export type EnergyResolver = (config: EnergyConfig) => EnergyTable | undefined;

const customEnergy: EnergyResolver = (cfg) =>
  typeof cfg === 'string' ? undefined : { name: cfg.name, mac: cfg.mac, memory: cfg.memory, compare: cfg.compare };

function stepOf(t: RunTimeline, step: number): TimelineStep {
  let s = t.steps[step];
  if (!s) {
    s = { step };
    t.steps[step] = s;
  }
  return s;
}

/** Applies one event in place (timelines grow by thousands of epochs; copying per event would be quadratic). */
export function applyRunEvent(t: RunTimeline, e: RunEvent, resolveEnergy: EnergyResolver = customEnergy): void {
  t.eventCount++;
  switch (e.type) {
    case 'started':
      t.name = e.name;
      t.startedAt = e.time;
      t.config = e.config;
      t.dataset = e.dataset;
      t.energyTable = resolveEnergy(e.config.energy) ?? customEnergy(e.config.energy);
      return;
    case 'log':
      t.logs.push({ level: e.level, message: e.message });
      return;
    case 'epoch': {
      const { type: _type, ...point } = e;
      t.epochs.push(point);
      return;
    }
    case 'baseline':
      t.baseline = e.baseline;
      return;
    case 'operation': {
      const s = stepOf(t, e.step);
      s.operation = e;
      s.iteration = e.iteration;
      s.op = e.op;
      return;
    }
    case 'snapshot':
      stepOf(t, e.step).snapshot = e.architecture;
      return;
    case 'step': {
      const s = stepOf(t, e.history.step);
      s.history = e.history;
      s.iteration = e.history.iteration;
      s.op = e.history.op;
      return;
    }
    case 'done':
    case 'cancelled':
      if (e.result) {
        t.result = e.result;
        t.energyTable = e.result.energy.table;
        t.name = e.result.name;
      }
      t.status = e.type;
      return;
    case 'failed':
      t.status = 'failed';
      t.failure = e.message;
      return;
    case 'reduce':
      t.reduceGrid.push(e.candidate);
      return;
    case 'reduceChosen':
      t.reduce = e.reduce;
      return;
  }
}

export function timelineFrom(events: readonly RunEvent[], resolveEnergy?: EnergyResolver): RunTimeline {
  const t = emptyTimeline();
  for (const e of events) applyRunEvent(t, e, resolveEnergy);
  return t;
}

/** Steps in order, without holes (a step number can be missing if events were lost). */
export function timelineSteps(t: RunTimeline): TimelineStep[] {
  return t.steps.filter((s): s is TimelineStep => s !== undefined);
}

// ---------------------------------------------------------------------------------------------------------------
// Run summaries (compare view)

export interface RunSummary {
  runId: string;
  name: string;
  status: RunStatus;
  dataset: string;
  scheme: string;
  /** `none`, or the DR method and reduced dimension, e.g. `pca:12`. */
  dr: string;
  testAccuracy: number;
  connections: number;
  hiddenNeurons: number;
  /** Baseline connections / final connections. */
  compression: number;
  /** pJ per inference. */
  energyPj: number;
  energyTable: string;
  durationMs: number;
  baseline: { testAccuracy: number; connections: number; energyPj: number; layers: number[] };
}

export function runSummary(result: RunResult, runId: string): RunSummary {
  const reduce = result.model.reduce;
  return {
    runId,
    name: result.name,
    status: result.status,
    dataset: result.dataset.name,
    scheme: result.scheme,
    dr: reduce ? `${reduce.method}:${reduce.outputs}` : 'none',
    testAccuracy: result.final.testAccuracy,
    connections: result.final.connections,
    hiddenNeurons: result.final.hiddenNeurons,
    compression: result.compression,
    energyPj: result.energy.final,
    energyTable: result.energy.table.name,
    durationMs: result.durationMs,
    baseline: {
      testAccuracy: result.baseline.testAccuracy,
      connections: result.baseline.connections,
      energyPj: result.energy.baseline,
      layers: result.baseline.layers,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Messages

/** Notebook renderer -> host (`context.postMessage`; the renderer's messaging is fire and forget). */
export type RendererToHost = { type: 'openDashboard'; runId?: string; name: string };

/** Host -> dashboard. */
export type HostToDashboard =
  /**
   * The run so far (or all of it): its events, and/or a result when only the notebook output is known. Sent in
   * answer to `ready`, and again whenever the panel is re-targeted to another run.
   */
  | { type: 'init'; runId?: string; name: string; events: RunEvent[]; result?: RunResult }
  /** Events after `init`, batched by the host (at most ~10 batches a second). */
  | { type: 'events'; runId?: string; events: RunEvent[] };

/** Dashboard -> host. */
export type DashboardToHost =
  /** The app is listening; `runId` is the run of the restored state (after a reload), if any. */
  | { type: 'ready'; runId?: string }
  /** Something the user should not miss went wrong in the webview (for the log channel). */
  | { type: 'error'; message: string };

/** Host -> compare view. */
export type HostToCompare =
  /** Replaces the runs shown (also the answer to `ready` with the restored run ids). */
  | { type: 'runs'; runs: RunSummary[] }
  /** Reply to `pickRuns`: the runs to add (empty when the pick was cancelled). */
  | { type: 'pickedRuns'; runs: RunSummary[] }
  /** Reply to `save`. */
  | { type: 'saved'; ok: boolean; path?: string; message?: string };

export type ExportFormat = 'csv' | 'svg' | 'png';

/** Compare view -> host. */
export type CompareToHost =
  | { type: 'ready'; runIds: string[] }
  /** Request: let the user pick runs from the run history; answered with `pickedRuns`. */
  | { type: 'pickRuns' }
  /** Request: save an export with a save dialog; answered with `saved`. PNG data is base64, the rest UTF-8. */
  | { type: 'save'; format: ExportFormat; suggestedName: string; encoding: 'utf8' | 'base64'; data: string }
  | { type: 'openDashboard'; runId: string }
  | { type: 'error'; message: string };

/** The webview's `setState` of the dashboard: enough for the host to re-send the run after a reload. */
export interface DashboardState {
  version: 1;
  runId?: string;
  name?: string;
  /** Step shown by the scrubber; `null` = the final network. */
  step: number | null;
  /** Step the diff overlay compares against; `null` = no diff. */
  diffFrom: number | null;
  followLive: boolean;
  selectedUnit: number | null;
  view?: { scale: number; x: number; y: number };
}

export interface CompareState {
  version: 1;
  runs: RunSummary[];
  sort: { key: string; descending: boolean };
}

// ---------------------------------------------------------------------------------------------------------------
// Envelope and channel (request/notify), after vscode-hexeditor's shared/protocol.ts

export interface Envelope<T> {
  messageId: number;
  /** Set on replies: the request's `messageId`. */
  inReplyTo?: number;
  body: T;
}

type Typed = { type: string };

/**
 * One side of a webview conversation. `notify` sends, `request` sends and resolves with the reply of the expected
 * type, `receive` dispatches an incoming envelope: replies settle their request, everything else goes to `onMessage`
 * (whose return value, if any, is sent back as the reply).
 */
export class MessageChannel<TOut extends Typed, TIn extends Typed> {
  private nextId = 1;
  private readonly pending = new Map<number, { type: string; resolve: (m: TIn) => void; reject: (e: Error) => void }>();

  constructor(
    private readonly post: (envelope: Envelope<TOut>) => void,
    private readonly onMessage: (message: TIn) => TOut | void | Promise<TOut | void>,
    private readonly isIncoming: (body: unknown) => body is TIn,
  ) {}

  notify(message: TOut): void {
    this.post({ messageId: this.nextId++, body: message });
  }

  /** Sends a request; resolves with the reply, rejects if the reply has another type or the channel closes. */
  request<K extends TIn['type']>(message: TOut, replyType: K): Promise<Extract<TIn, { type: K }>> {
    const messageId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(messageId, {
        type: replyType,
        resolve: (m) => resolve(m as Extract<TIn, { type: K }>),
        reject,
      });
      this.post({ messageId, body: message });
    });
  }

  /** Handles one incoming value; returns false (and does nothing) when it is not a valid envelope. */
  async receive(data: unknown): Promise<boolean> {
    if (!isEnvelope(data) || !this.isIncoming(data.body)) return false;
    const body = data.body;
    if (data.inReplyTo !== undefined) {
      const waiting = this.pending.get(data.inReplyTo);
      if (!waiting) return true;
      this.pending.delete(data.inReplyTo);
      if (body.type === waiting.type) waiting.resolve(body);
      else waiting.reject(new Error(`expected ${waiting.type} in reply, got ${body.type}`));
      return true;
    }
    const reply = await this.onMessage(body);
    if (reply) this.post({ messageId: this.nextId++, inReplyTo: data.messageId, body: reply });
    return true;
  }

  /** Rejects every open request (the panel is going away). */
  dispose(): void {
    const open = [...this.pending.values()];
    this.pending.clear();
    for (const p of open) p.reject(new Error('channel closed'));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Guards: messages cross a process boundary, so both sides check shape before trusting them.

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isStr = (x: unknown): x is string => typeof x === 'string';
const isNum = (x: unknown): x is number => typeof x === 'number' && !Number.isNaN(x);
const optStr = (x: unknown): boolean => x === undefined || isStr(x);

export function isEnvelope(x: unknown): x is Envelope<unknown> {
  return (
    isObj(x) &&
    Number.isInteger(x.messageId) &&
    (x.inReplyTo === undefined || Number.isInteger(x.inReplyTo)) &&
    isObj(x.body) &&
    isStr(x.body.type)
  );
}

const RUN_EVENT_TYPES: ReadonlySet<string> = new Set<RunEvent['type']>([
  'started',
  'log',
  'epoch',
  'baseline',
  'operation',
  'step',
  'snapshot',
  'done',
  'failed',
  'cancelled',
  'reduce',
  'reduceChosen',
]);

/**
 * Shallow check of a run event: its type and the fields the views index by. Events come from our own engine
 * through the host, so this guards against version skew and truncation, not against hostile input.
 */
export function isRunEvent(x: unknown): x is RunEvent {
  if (!isObj(x) || !isStr(x.type) || !RUN_EVENT_TYPES.has(x.type)) return false;
  switch (x.type) {
    case 'started':
      return isStr(x.name) && isObj(x.config) && isObj(x.dataset);
    case 'epoch':
      return isNum(x.step) && isNum(x.epoch) && (x.phase === 'baseline' || x.phase === 'synthesis');
    case 'baseline':
      return isObj(x.baseline);
    case 'operation':
      return isNum(x.step) && isStr(x.op);
    case 'step':
      return isObj(x.history) && isNum(x.history.step);
    case 'snapshot':
      return isNum(x.step) && isObj(x.architecture) && Array.isArray(x.architecture.edges);
    case 'done':
      return isObj(x.result);
    case 'cancelled':
      return x.result === undefined || isObj(x.result);
    case 'failed':
      return isStr(x.message);
    case 'log':
      return isStr(x.message);
    case 'reduce':
      return isObj(x.candidate);
    case 'reduceChosen':
      return isObj(x.reduce);
  }
  return false;
}

const isEventList = (x: unknown): x is RunEvent[] => Array.isArray(x) && x.every(isRunEvent);

export function isRunSummary(x: unknown): x is RunSummary {
  if (!isObj(x) || !isObj(x.baseline)) return false;
  const b = x.baseline;
  return (
    isStr(x.runId) &&
    isStr(x.name) &&
    isStr(x.dataset) &&
    isStr(x.scheme) &&
    isStr(x.dr) &&
    (x.status === 'done' || x.status === 'cancelled') &&
    [x.testAccuracy, x.connections, x.hiddenNeurons, x.compression, x.energyPj, x.durationMs].every(isNum) &&
    isStr(x.energyTable) &&
    [b.testAccuracy, b.connections, b.energyPj].every(isNum) &&
    Array.isArray(b.layers) &&
    b.layers.every(isNum)
  );
}

export function isRendererToHost(x: unknown): x is RendererToHost {
  return isObj(x) && x.type === 'openDashboard' && isStr(x.name) && optStr(x.runId);
}

export function isHostToDashboard(x: unknown): x is HostToDashboard {
  if (!isObj(x) || !optStr(x.runId)) return false;
  if (x.type === 'init') return isStr(x.name) && isEventList(x.events) && (x.result === undefined || isObj(x.result));
  if (x.type === 'events') return isEventList(x.events);
  return false;
}

export function isDashboardToHost(x: unknown): x is DashboardToHost {
  if (!isObj(x)) return false;
  if (x.type === 'ready') return optStr(x.runId);
  if (x.type === 'error') return isStr(x.message);
  return false;
}

export function isHostToCompare(x: unknown): x is HostToCompare {
  if (!isObj(x)) return false;
  if (x.type === 'runs' || x.type === 'pickedRuns') return Array.isArray(x.runs) && x.runs.every(isRunSummary);
  if (x.type === 'saved') return typeof x.ok === 'boolean' && optStr(x.path) && optStr(x.message);
  return false;
}

export function isCompareToHost(x: unknown): x is CompareToHost {
  if (!isObj(x)) return false;
  switch (x.type) {
    case 'ready':
      return Array.isArray(x.runIds) && x.runIds.every(isStr);
    case 'pickRuns':
      return true;
    case 'save':
      return (
        (x.format === 'csv' || x.format === 'svg' || x.format === 'png') &&
        isStr(x.suggestedName) &&
        (x.encoding === 'utf8' || x.encoding === 'base64') &&
        isStr(x.data)
      );
    case 'openDashboard':
      return isStr(x.runId);
    case 'error':
      return isStr(x.message);
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// Panel HTML

/**
 * The Content-Security-Policy of both panels: nothing but our own files and the nonce'd entry script. `data:` and
 * `blob:` images are needed by plotly's image export (it rasterises its SVG through an <img>).
 */
export function webviewCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data: blob:`,
    `font-src ${cspSource}`,
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export interface WebviewHtmlOptions {
  title: string;
  /** `webview.cspSource`. */
  cspSource: string;
  /** Fresh per render, base64 or hex (no quotes). */
  nonce: string;
  /** `asWebviewUri` of the app bundle (`WEBVIEW_BUNDLES.dashboard.script` / `.compare.script`). */
  scriptUri: string;
  /** `asWebviewUri` of the app stylesheet. */
  styleUri: string;
  /** `asWebviewUri` of `WEBVIEW_BUNDLES.codicons`. */
  codiconsUri: string;
}

const escapeAttr = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The whole document of a panel; the app builds its UI into `#app`. */
export function webviewHtml(o: WebviewHtmlOptions): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="UTF-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttr(webviewCsp(o.cspSource, o.nonce))}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
    `<link rel="stylesheet" id="vscode-codicon-stylesheet" href="${escapeAttr(o.codiconsUri)}">`,
    `<link rel="stylesheet" href="${escapeAttr(o.styleUri)}">`,
    `<title>${escapeAttr(o.title)}</title>`,
    '</head>',
    '<body>',
    '<main id="app"></main>',
    `<script type="module" nonce="${escapeAttr(o.nonce)}" src="${escapeAttr(o.scriptUri)}"></script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
