import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../../node/atomicWrite';
import type { ModelJson } from '../../protocol/model';
import { EXPORT_FORMATS, isExportFormat, type ExportFormat, type WeightFormat } from '../../protocol/modelExport';
import { ModelError } from '../model/error';
import { cExport, checkPrefix } from './c';
import { decodeModel, type DecodedFront } from '../model/decode';
import { transformMacs } from '../model/transformCost';
import { jsonExport } from './json';
import { TFJS_WEIGHTS_FILE, tfjsExport } from './tfjs';

export { EXPORT_FORMATS, isExportFormat, type ExportFormat, type WeightFormat } from '../../protocol/modelExport';

export interface ExportOptions {
  /** C only: `float32` (default) or `int8` weights with one scale per tensor. */
  weights?: WeightFormat;
  /** C only: prefix of the public names and of the file names (default `scann`: `scann_predict`, `scann.c`). */
  prefix?: string;
}

export interface ExportResult {
  /** Paths of the files written, in `outDir`. */
  files: string[];
  /** Human-readable lines: what was written, sizes, MACs. */
  summary: string;
}

/** The file names an export writes into its folder, so callers can refuse to overwrite their input. */
export function exportFileNames(format: ExportFormat, options: ExportOptions = {}): string[] {
  switch (format) {
    case 'c': {
      const prefix = options.prefix ?? 'scann';
      return [`${prefix}.c`, `${prefix}.h`];
    }
    case 'json':
      return ['model.json'];
    case 'tfjs':
      return ['model.json', TFJS_WEIGHTS_FILE];
  }
}

/**
 * Writes `model` in `format` into `outDir` (created if missing). The model is validated first; nothing is written
 * when it is broken or a format cannot express it (ModelError).
 */
export async function exportModel(
  model: ModelJson,
  format: ExportFormat,
  outDir: string,
  options: ExportOptions = {},
): Promise<ExportResult> {
  if (!isExportFormat(format)) {
    throw new ModelError(`unknown export format '${String(format)}' (expected ${EXPORT_FORMATS.join(', ')})`);
  }
  const weights = options.weights ?? 'float32';
  if (weights !== 'float32' && weights !== 'int8') {
    throw new ModelError(`unknown weight format '${String(weights)}' (expected float32 or int8)`);
  }
  if (weights !== 'float32' && format !== 'c') throw new ModelError('int8 weights are a C export option');
  const prefix = options.prefix ?? 'scann';
  if (format === 'c') checkPrefix(prefix);
  const decoded = decodeModel(model, format === 'json' ? undefined : format);
  const names = exportFileNames(format, options);
  const contents: (string | Uint8Array)[] = [];
  const lines: string[] = [];
  const dr = decoded.model.reduce ? ` (DR ${String(decoded.model.reduce.method)} to ${decoded.inputs})` : '';
  const drMacs = transformMacs(decoded);
  // The size a run reports counts the transform: an inference runs it before the network.
  const size =
    drMacs > 0
      ? `${decoded.connections + drMacs} connections and DR multiply-accumulates ` +
        `(${decoded.connections} network + ${drMacs} DR transform)`
      : `${decoded.connections} connections`;
  const front = decoded.front ? frontText(decoded.front) : '';
  const shape = `${decoded.rawFeatures} features${dr}${front}, ${decoded.hidden.length} hidden neurons, ${decoded.outputs} classes, ${size}`;
  switch (format) {
    case 'json': {
      contents.push(jsonExport(decoded).text);
      lines.push(`scann-model v${decoded.model.version}: ${shape}`);
      break;
    }
    case 'c': {
      const c = cExport(decoded, { weights, prefix });
      contents.push(c.source, c.header);
      lines.push(
        `C99, ${weights} weights: ${shape}`,
        `flash ${c.flashBytes} bytes (const tables and strings), stack ${c.ramBytes} bytes`,
        `MACs per inference: ${c.macs.total}` +
          (c.macs.reduce ? ` (${c.macs.network} network + ${c.macs.reduce} DR)` : '') +
          (c.macs.conv ? ` (${c.macs.conv} conv + ${c.macs.network} dense)` : ''),
        `entry point: int ${prefix}_predict(const float *raw_features, float *probs); link with -lm`,
      );
      break;
    }
    case 'tfjs': {
      const t = tfjsExport(decoded);
      contents.push(t.modelJson, t.weights);
      const conv = t.conv.layers
        ? `${plural(t.conv.layers, 'conv layer')} with ${t.conv.kernelEntries} kernel entries ` +
          '(pruned weights stored as zeros), '
        : '';
      lines.push(
        `TF.js layers model: ${shape}`,
        `${conv}${t.denseLayers} dense layers, ${t.kernelEntries} kernel entries (absent connections stored as zeros)`,
        t.conv.layers
          ? `MACs per inference: ${t.conv.macs + t.kernelEntries} (${t.conv.macs} conv + ${t.kernelEntries} dense); ` +
              `load with tf.loadLayersModel('.../model.json')`
          : `MACs per inference (dense layers): ${t.kernelEntries}; load with tf.loadLayersModel('.../model.json')`,
      );
      break;
    }
  }
  await fs.mkdir(outDir, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < names.length; i++) {
    const file = path.join(outDir, names[i]!);
    await writeFileAtomic(file, contents[i]!); // a killed export leaves the old file or the new one, never half
    const bytes = typeof contents[i] === 'string' ? Buffer.byteLength(contents[i] as string) : contents[i]!.length;
    files.push(file);
    lines.push(`wrote ${file} (${bytes} bytes)`);
  }
  return { files, summary: lines.join('\n') };
}

/** ` (a 28x28x1 image through 2 conv layers with 1234 kernel weights)`: the front end in the summary's shape line. */
function frontText(front: DecodedFront): string {
  const convs = front.layers.filter((l) => l.kind === 'conv');
  const weights = convs.reduce((n, l) => n + (l.kind === 'conv' ? l.mask.reduce((a, m) => a + m, 0) : 0), 0);
  const { h, w, c } = front.input;
  return ` (a ${h}x${w}x${c} image through ${plural(convs.length, 'conv layer')} with ${weights} active kernel weights)`;
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}
