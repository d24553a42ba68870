/**
 * Run ids name run folders (`<runs>/<runId>/`), and they also arrive from places a user or another program can
 * write: notebook outputs, webview messages and saved panel state, command arguments. An id is only ever letters,
 * digits, `-` and `_` (what `newRunId` makes), so one read from a file can never be `../../elsewhere`.
 */
export const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

export function isRunId(x: unknown): x is string {
  return typeof x === 'string' && RUN_ID_PATTERN.test(x);
}
