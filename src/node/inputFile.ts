import { readFile } from 'node:fs/promises';

/**
 * A file the user named that cannot be read (missing, a folder, unreadable). The message names the file and the
 * cause in words: Node's own errors for some of these (EISDIR from a read) carry neither.
 */
export class InputFileError extends Error {
  override name = 'InputFileError';
  constructor(
    readonly file: string,
    readonly code: string | undefined,
    cause: string,
  ) {
    super(`${file}: ${cause}`);
  }
}

/** Reads a text file the user named (config, notebook, model), turning every read failure into an InputFileError. */
export async function readInputText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw inputFileError(err, file);
  }
}

/** The InputFileError for a failed read of `file` (anything that is not a Node system error is rethrown as is). */
export function inputFileError(err: unknown, file: string): InputFileError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string') throw err;
  return new InputFileError(file, code, describeFileCode(code, err instanceof Error ? err.message : String(err)));
}

/** Words for the read failures a user can cause; Node's message for the rest. */
export function describeFileCode(code: string, message: string): string {
  switch (code) {
    case 'ENOENT':
      return 'file not found';
    case 'EISDIR':
      return 'is a folder, expected a file';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return `cannot read the file (${message})`;
  }
}
