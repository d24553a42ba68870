/**
 * What the extension host and the browser side (notebook renderer, run dashboard, compare view) say to each other,
 * as discriminated unions, and the view states they both read. Checked on arrival by messageGuards.ts and carried
 * by the channel of channel.ts. The notebook output payload itself is `RunPayload` in runOutput.ts.
 */
import type { RunEvent } from './events';
import type { RunResult } from './result';
import type { RunSummary } from './runSummary';

/** Notebook renderer -> host (`context.postMessage`; the renderer's messaging is fire and forget). */
export type RendererToHost =
  | { type: 'openDashboard'; runId?: string; name: string }
  /** A sweep output's "Compare runs": its finished runs in the compare view. */
  | { type: 'compareRuns'; runIds: string[] };

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

/** What the compare view can save (its table and plots); not to be confused with model exports. */
export type SaveFormat = 'csv' | 'svg' | 'png';

/** Compare view -> host. */
export type CompareToHost =
  | { type: 'ready'; runIds: string[] }
  /** Request: let the user pick runs from the run history, except those in `exclude` (already shown). */
  | { type: 'pickRuns'; exclude?: string[] }
  /** Request: save an export with a save dialog; answered with `saved`. PNG data is base64, the rest UTF-8. */
  | { type: 'save'; format: SaveFormat; suggestedName: string; encoding: 'utf8' | 'base64'; data: string }
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
