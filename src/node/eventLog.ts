/** Reading `events.jsonl`, which a run appends to in batches and which a killed run can leave cut short. */
import type { RunEvent } from '../protocol/events';
import { isRunEvent } from '../protocol/eventGuards';

/** A run folder file that is not what this version wrote; the message names the file (and line). */
export class CorruptRunError extends Error {
  override readonly name = 'CorruptRunError';
}

export interface EventLog {
  events: RunEvent[];
  /** A half-written last line was dropped (the run stopped in the middle of an append). */
  truncated: boolean;
}

/**
 * The events of an event log. A last line without its newline that is not JSON is a write cut short and is
 * dropped; any other line that is not a run event means the file is corrupt (CorruptRunError), because
 * silently skipping it would show a run history with holes.
 */
export function parseEventLog(text: string, file: string): EventLog {
  const lines = text.split('\n');
  // After the final newline split leaves '' behind; anything else there is a line whose newline never came.
  const unterminated = lines.pop() ?? '';
  const events: RunEvent[] = [];
  const read = (line: string, at: number): RunEvent | undefined => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return undefined;
    }
    if (!isRunEvent(value)) throw new CorruptRunError(`${file}:${at}: not a run event of this version`);
    return value;
  };
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const e = read(line, i + 1);
    if (!e) throw new CorruptRunError(`${file}:${i + 1}: not valid JSON`);
    events.push(e);
  });
  if (unterminated.trim() === '') return { events, truncated: false };
  const last = read(unterminated, lines.length + 1);
  if (last) events.push(last);
  return { events, truncated: !last };
}
