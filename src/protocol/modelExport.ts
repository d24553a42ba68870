/**
 * The formats a finished network can be exported to: named here so that the CLI's arguments and the editor's
 * command can be checked without loading the exporters (which pull in TF.js).
 */
export const EXPORT_FORMATS = ['c', 'json', 'tfjs'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** C export weights: float32, or int8 with per-neuron scales. */
export type WeightFormat = 'float32' | 'int8';

export function isExportFormat(s: string): s is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(s);
}
