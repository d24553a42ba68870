/**
 * The envelope and request/notify channel both ends of a webview conversation run (after vscode-hexeditor's
 * shared/protocol.ts). Shared code rather than a type because both sides must number and match messages the same
 * way; it touches no DOM, Node or vscode API (the caller supplies `post`).
 */
import { isObj, isStr } from './guard';

export interface Envelope<T> {
  messageId: number;
  /** Set on replies: the request's `messageId`. */
  inReplyTo?: number;
  body: T;
}

type Typed = { type: string };

export function isEnvelope(x: unknown): x is Envelope<unknown> {
  return (
    isObj(x) &&
    Number.isInteger(x.messageId) &&
    (x.inReplyTo === undefined || Number.isInteger(x.inReplyTo)) &&
    isObj(x.body) &&
    isStr(x.body.type)
  );
}

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
