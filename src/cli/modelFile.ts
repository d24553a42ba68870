import { ModelError } from '../engine/model/error';
import { decodeModel, type DecodedModel } from '../engine/model/decode';
import { readInputText } from '../node/inputFile';

/**
 * Reads and validates a model file: the one reader of `scann predict` and `scann export`, so both refuse the same
 * broken files with the same messages, each prefixed with the file name. `linearOnlyFormat`: see `decodeModel`.
 */
export async function readModelFile(file: string, linearOnlyFormat?: string): Promise<DecodedModel> {
  const text = await readInputText(file);
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (err) {
    if (err instanceof SyntaxError) throw new ModelError(`${file}: not valid JSON (${err.message})`);
    throw err;
  }
  try {
    return decodeModel(value, linearOnlyFormat);
  } catch (err) {
    if (err instanceof ModelError) throw new ModelError(`${file}: ${err.message}`);
    throw err;
  }
}
