/** Reading dataset files: friendly errors for missing files, and transparent gzip. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { DatasetError } from './types';

const gunzipAsync = promisify(gunzip);

/** Reads a whole file, gunzipping it when it starts with the gzip magic bytes (whatever its extension says). */
export async function readDataFile(file: string): Promise<Buffer> {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (err) {
    throw fileError(err, file);
  }
  if (isGzip(data)) {
    try {
      data = await gunzipAsync(data);
    } catch (err) {
      throw new DatasetError(`cannot decompress gzip data (${(err as Error).message}); is the file truncated?`, file);
    }
  }
  return data;
}

export function isGzip(data: Uint8Array): boolean {
  return data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;
}

function fileError(err: unknown, file: string): DatasetError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new DatasetError('file not found', file);
  if (code === 'EISDIR') return new DatasetError('is a folder, expected a data file', file);
  if (code === 'EACCES' || code === 'EPERM') return new DatasetError('permission denied', file);
  return new DatasetError(`cannot read file (${(err as Error).message})`, file);
}

/** A dataset name from a path: the base name without `.gz` and the format extension. */
export function datasetNameFromPath(file: string): string {
  return basename(file).replace(/\.gz$/i, '').replace(/\.(csv|tsv|txt|arff|idx|ubyte)$/i, '');
}
