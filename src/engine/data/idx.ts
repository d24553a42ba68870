/**
 * IDX loader (the MNIST format): an images file (idx3: items x rows x cols, or idx2: items x features) and a
 * labels file (idx1), each optionally gzipped. Every header field is checked against the file size, because a
 * truncated download otherwise shows up only as garbage pixels.
 */
import { datasetNameFromPath, readDataFile } from './files';
import { toRawDataset, type LabeledTable } from './labels';
import { DatasetError, type RawDataset } from './types';

/** Element types by the third magic byte: name, byte size. */
const TYPES: Record<number, [string, number]> = {
  0x08: ['ubyte', 1],
  0x09: ['byte', 1],
  0x0b: ['short', 2],
  0x0c: ['int', 4],
  0x0d: ['float', 4],
  0x0e: ['double', 8],
};

interface IdxArray {
  dims: number[];
  type: number;
  /** Byte offset of the first value. */
  offset: number;
  data: Buffer;
}

/** Decodes and validates an IDX header. */
export function parseIdxHeader(data: Buffer, file: string): IdxArray {
  if (data.length < 4) throw new DatasetError(`too short to be an IDX file (${data.length} bytes)`, file);
  const magic = data.readUInt32BE(0);
  const type = data[2]!;
  const ndims = data[3]!;
  const hex = `0x${magic.toString(16).padStart(8, '0')}`;
  if (data[0] !== 0 || data[1] !== 0 || !TYPES[type] || ndims === 0) {
    throw new DatasetError(
      `bad IDX magic number ${hex}: expected 0x0000TTDD (TT = element type 08..0e, DD = number of dimensions), ` +
        'e.g. 0x00000803 for MNIST images and 0x00000801 for labels; is this really an IDX file?',
      file,
    );
  }
  const offset = 4 + 4 * ndims;
  if (data.length < offset) throw new DatasetError(`IDX header truncated: ${ndims} dimensions need ${offset} header bytes`, file);
  const dims = Array.from({ length: ndims }, (_, k) => data.readUInt32BE(4 + 4 * k));
  const [typeName, size] = TYPES[type]!;
  const count = dims.reduce((a, b) => a * b, 1);
  const expected = offset + count * size;
  if (data.length !== expected) {
    throw new DatasetError(
      `IDX size mismatch: the header (magic ${hex}) declares ${dims.join(' x ')} ${typeName} values, ` +
        `${expected} bytes with the header, but the file has ${data.length} bytes`,
      file,
    );
  }
  return { dims, type, offset, data };
}

/** Reads `count` values starting at value index `start` as float32 (IDX stores big-endian). */
function readValues(a: IdxArray, start: number, count: number): Float32Array {
  const size = TYPES[a.type]![1];
  const from = a.offset + start * size;
  if (a.type === 0x08) return new Float32Array(a.data.subarray(from, from + count));
  const out = new Float32Array(count);
  const view = new DataView(a.data.buffer, a.data.byteOffset + from, count * size);
  for (let i = 0; i < count; i++) {
    switch (a.type) {
      case 0x09: out[i] = view.getInt8(i); break;
      case 0x0b: out[i] = view.getInt16(i * 2); break;
      case 0x0c: out[i] = view.getInt32(i * 4); break;
      case 0x0d: out[i] = view.getFloat32(i * 4); break;
      default: out[i] = view.getFloat64(i * 8);
    }
  }
  return out;
}

/**
 * Reads integer labels exactly: through float32 (`readValues`), int labels above 2^24 would round and merge
 * distinct classes.
 */
function readLabels(a: IdxArray, count: number): Int32Array {
  const size = TYPES[a.type]![1];
  const view = new DataView(a.data.buffer, a.data.byteOffset + a.offset, count * size);
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    switch (a.type) {
      case 0x08: out[i] = view.getUint8(i); break;
      case 0x09: out[i] = view.getInt8(i); break;
      case 0x0b: out[i] = view.getInt16(i * 2); break;
      default: out[i] = view.getInt32(i * 4);
    }
  }
  return out;
}

/** Reads an images file and its labels file into one table. */
export async function readIdxTable(imagesFile: string, labelsFile: string): Promise<LabeledTable> {
  const [imagesData, labelsData] = await Promise.all([readDataFile(imagesFile), readDataFile(labelsFile)]);
  const images = parseIdxHeader(imagesData, imagesFile);
  const labels = parseIdxHeader(labelsData, labelsFile);
  if (images.dims.length < 2) {
    throw new DatasetError(
      `an IDX images file needs at least 2 dimensions (items x pixels), this one has 1; are images and labels swapped?`,
      imagesFile,
    );
  }
  if (labels.dims.length !== 1) {
    throw new DatasetError(
      `an IDX labels file has 1 dimension (idx1), this one has ${labels.dims.length}; are images and labels swapped?`,
      labelsFile,
    );
  }
  if (labels.type === 0x0d || labels.type === 0x0e) {
    throw new DatasetError('IDX labels must be integers (ubyte, byte, short or int), found floating-point values', labelsFile);
  }
  const rows = images.dims[0]!;
  if (labels.dims[0] !== rows) {
    throw new DatasetError(`the images file has ${rows} items but the labels file ${labelsFile} has ${labels.dims[0]}`, imagesFile);
  }
  if (rows === 0) throw new DatasetError('the IDX images file has no items', imagesFile);
  const features = images.dims.slice(1).reduce((a, b) => a * b, 1);
  const x = readValues(images, 0, rows * features);
  if (images.type === 0x0d || images.type === 0x0e) {
    const bad = x.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw new DatasetError(
        `non-finite value ${x[bad]} in item ${Math.floor(bad / features) + 1} (only finite numbers are supported)`,
        imagesFile,
      );
    }
  }
  const labelValues = readLabels(labels, rows);
  const names = new Map<number, string>();
  const labelTexts = Array.from(labelValues, (v) => {
    let s = names.get(v);
    if (s === undefined) names.set(v, (s = String(v)));
    return s;
  });
  const shape = images.dims.length === 3 ? ([images.dims[1]!, images.dims[2]!] as [number, number]) : undefined;
  const table: LabeledTable = {
    file: imagesFile,
    features,
    featureNames: shape
      ? Array.from({ length: features }, (_, j) => `pixel_${Math.floor(j / shape[1])}_${j % shape[1]}`)
      : Array.from({ length: features }, (_, j) => `f${j}`),
    namedFeatures: false,
    labelColumn: datasetNameFromPath(labelsFile),
    rows,
    x,
    labels: labelTexts,
  };
  if (shape) table.imageShape = shape;
  return table;
}

/** Loads an IDX images + labels pair, with an optional official test pair. */
export async function loadIdx(
  images: string,
  labels: string,
  test?: { images: string; labels: string },
  name = datasetNameFromPath(images),
): Promise<RawDataset> {
  const train = await readIdxTable(images, labels);
  return toRawDataset(name, train, test ? await readIdxTable(test.images, test.labels) : undefined);
}
