import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { EXPORT_FORMATS, exportFileNames, exportModel, isExportFormat, type WeightFormat } from '../engine/export';
import { ModelError } from '../engine/model/error';
import { UsageError } from './configFile';
import { readModelFile } from './modelFile';
import { isSameFile } from '../node/sameFile';

const USAGE = 'usage: scann export MODEL.json --format c|json|tfjs --out DIR [--weights float32|int8] [--prefix NAME]';

/** `scann export`: writes the model in another format and prints what it wrote (files, bytes, MACs). */
export async function exportCommand(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        out: { type: 'string' },
        weights: { type: 'string' },
        prefix: { type: 'string' },
      },
    });
  } catch (err) {
    throw new UsageError(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
  }
  const args = parsed.values;
  const modelFile = parsed.positionals[0];
  if (parsed.positionals.length !== 1 || !modelFile || !args.format || !args.out) throw new UsageError(USAGE);
  const format = args.format;
  if (!isExportFormat(format)) {
    throw new UsageError(`unknown export format '${format}' (expected ${EXPORT_FORMATS.join(', ')})`);
  }
  const weights = args.weights ?? 'float32';
  if (weights !== 'float32' && weights !== 'int8') {
    throw new UsageError(`unknown --weights '${weights}' (expected float32 or int8)`);
  }
  if ((args.weights || args.prefix) && format !== 'c')
    throw new UsageError('--weights and --prefix go with --format c');
  const options = { weights: weights as WeightFormat, ...(args.prefix ? { prefix: args.prefix } : {}) };
  // tfjs and json both write model.json: never over the model being exported.
  for (const name of exportFileNames(format, options)) {
    if (await isSameFile(path.join(args.out, name), modelFile)) {
      throw new UsageError(`--out ${args.out} would overwrite the input ${modelFile}: choose another folder`);
    }
  }
  const { model } = await readModelFile(modelFile, format === 'json' ? undefined : format);
  try {
    // exportModel checks the model again (it is also called with models that were never in a file).
    const { summary } = await exportModel(model, format, args.out, options);
    process.stdout.write(`${summary}\n`);
  } catch (err) {
    if (err instanceof ModelError) throw new ModelError(`${modelFile}: ${err.message}`);
    throw err;
  }
}
