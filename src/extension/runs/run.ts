import * as vscode from 'vscode';
import { energyTable } from '../../protocol/energy';
import type { ScannConfig } from '../../protocol/config';
import type { RunEvent } from '../../protocol/events';
import type { LiveRunPayload } from '../../protocol/runOutput';
import type { RunOutcome } from '../../node/engineClient';
import type { RunStatus } from '../../node/runMeta';
import type { RunRecord } from '../../node/runStore';

export type { RunOutcome };

export interface RunRequest {
  runId: string;
  name: string;
  configText: string;
  config: ScannConfig;
  /** Relative dataset paths resolve here. */
  baseDir: string;
  notebook?: { uri: string; cellIndex: number };
}

/**
 * One run as the extension sees it: its request, what is known so far (the live payload the notebook and the
 * dashboard draw), and how it ended.
 */
export class Run {
  status: RunStatus = 'queued';
  readonly live: LiveRunPayload;
  record: RunRecord | undefined;
  private readonly eventEmitter = new vscode.EventEmitter<RunEvent>();
  readonly onEvent = this.eventEmitter.event;
  private resolveOutcome!: (o: RunOutcome) => void;
  readonly outcome: Promise<RunOutcome> = new Promise((r) => (this.resolveOutcome = r));
  cancelRequested = false;
  /** Every event so far, so that a dashboard opened mid-run can catch up. */
  readonly events: RunEvent[] = [];
  /** Set by the manager once the engine process exists. */
  cancelHandler: (() => void) | undefined;

  constructor(readonly request: RunRequest) {
    this.live = {
      version: 1,
      status: 'queued',
      runId: request.runId,
      name: request.name,
      scheme: request.config.scheme,
      energyTable: energyTable(request.config.energy),
      startedAt: Date.now(),
      epochsDone: 0,
      history: [],
      epochs: [],
    };
  }

  get id(): string {
    return this.request.runId;
  }

  /** Folds an engine event into the live payload, then tells listeners. */
  accept(e: RunEvent): void {
    this.events.push(e);
    const l = this.live;
    switch (e.type) {
      case 'started':
        l.dataset = e.dataset;
        if (e.plannedEpochs !== undefined) l.plannedEpochs = e.plannedEpochs;
        break;
      case 'epoch': {
        const { type: _type, connections: _connections, ...point } = e;
        l.epochs.push(point);
        l.epochsDone++;
        break;
      }
      case 'baseline':
        l.baseline = e.baseline;
        if (e.plannedEpochs !== undefined) l.plannedEpochs = e.plannedEpochs;
        break;
      case 'snapshot':
        l.architecture = e.architecture;
        break;
      case 'step':
        l.history.push(e.history);
        break;
      default:
        break;
    }
    this.eventEmitter.fire(e);
  }

  cancel(): void {
    this.cancelRequested = true;
    this.cancelHandler?.();
  }

  finish(o: RunOutcome): void {
    this.status = o.status;
    this.resolveOutcome(o);
    this.eventEmitter.dispose();
  }
}
