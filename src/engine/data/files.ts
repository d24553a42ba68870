/** Reading dataset files: friendly errors for missing files, and transparent gzip. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { describeFileCode } from '../../node/inputFile';
import { DatasetError } from './types';

const gunzipAsync = promisify(gunzip);

/**
 * The most a gzip file may inflate to. zlib stops at this size (it never holds more), so a small file that inflates
 * to gigabytes (a "zip bomb") is refused with a message instead of exhausting memory. 512 MiB is about five times
 * the largest dataset here (MNIST as CSV, 110 MB); the parsed table and the training copies come on top.
 */
export const MAX_INFLATED_BYTES = 512 * 1024 ** 2;

/** Reads a whole file, gunzipping it when it starts with the gzip magic bytes (whatever its extension says). */
export async function readDataFile(file: string, maxInflated = MAX_INFLATED_BYTES): Promise<Buffer> {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (err) {
    throw fileError(err, file);
  }
  if (isGzip(data)) {
    try {
      data = await gunzipAsync(data, { maxOutputLength: maxInflated });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new DatasetError(
          `the gzip data inflates to more than ${formatBytes(maxInflated)} (from ${formatBytes(data.length)}); ` +
            'a dataset this large does not fit in memory, and a small file that inflates this far is malformed',
          file,
        );
      }
      throw new DatasetError(`cannot decompress gzip data (${(err as Error).message}); is the file truncated?`, file);
    }
  }
  return data;
}

function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} bytes`;
}

export function isGzip(data: Uint8Array): boolean {
  return data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;
}

function fileError(err: unknown, file: string): DatasetError {
  const e = err as NodeJS.ErrnoException;
  return new DatasetError(describeFileCode(e.code ?? '', e.message), file);
}

/** A dataset name from a path: the base name without `.gz` and the format extension. */
export function datasetNameFromPath(file: string): string {
  return basename(file).replace(/\.gz$/i, '').replace(/\.(csv|tsv|txt|arff|idx|ubyte)$/i, '');
}
