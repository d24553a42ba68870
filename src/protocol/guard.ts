/**
 * Shape predicates for the guards. Data crosses process boundaries (IPC, webview messages, files on disk) as
 * `unknown`, so every guard starts from these.
 */
export type Obj = Record<string, unknown>;

export const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
export const isStr = (x: unknown): x is string => typeof x === 'string';
export const isNum = (x: unknown): x is number => typeof x === 'number' && !Number.isNaN(x);
export const optStr = (x: unknown): boolean => x === undefined || isStr(x);
