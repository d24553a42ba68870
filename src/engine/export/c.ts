import { encodeUtf8 } from '../../protocol/base64';
import type { DecodedModel } from '../model/decode';
import { ModelError } from '../model/error';
import { frontBuffers, frontCode, frontTables } from './cFrontCode';
import type { CFrontTables } from './cFrontTables';
import { buildTables, type CTables, type WeightFormat } from './cTables';
import { floatLiteral, stringLiteral, table, unsignedType, weightTables, wrapValues, type Table } from './cText';

export interface CExportOptions {
  weights: WeightFormat;
  /** C identifier prefix of every public name (`<prefix>_predict`) and of the file names. */
  prefix: string;
}

export interface CExport {
  header: string;
  source: string;
  tables: CTables;
  /** Bytes of `const` data (tables and strings; pointers counted at 4 bytes, as on 32-bit MCUs). */
  flashBytes: number;
  /**
   * Multiply-accumulates per inference as the code runs them: the dense part's connections, the conv layers' stored
   * kernel weights times their output positions, and the DR matrix when there is one.
   */
  macs: { network: number; conv: number; reduce: number; total: number };
  /** Stack the predict function needs for unit values and feature maps (floats). */
  ramBytes: number;
}

export function checkPrefix(prefix: string): void {
  if (!/^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(prefix)) {
    throw new ModelError(`C prefix '${prefix}' must be a C identifier of at most 40 characters starting with a letter`);
  }
}

/** One dependency-free C99 translation unit and its header; see docs/exports.md for the layout. */
export function cExport(d: DecodedModel, options: CExportOptions): CExport {
  checkPrefix(options.prefix);
  const p = options.prefix;
  const P = p.toUpperCase();
  const t = buildTables(d, options.weights);
  const targets = t.hidden + t.outputs;
  const tables: Table[] = [];
  const floats = (name: string, values: Float32Array, size: string, note: string): void => {
    tables.push(table(`static const float ${p}_${name}[${size}]`, Array.from(values, floatLiteral), 4, note));
  };
  floats('offset', t.offset, `${P}_RAW`, 'scaling: x = (raw - offset) * scale');
  floats('scale', t.scale, `${P}_RAW`, '');
  if (t.front) tables.push(...frontTables(t.front, p));
  if (t.reduce) {
    floats('dr_mean', t.reduce.mean, `${P}_RAW`, `DR transform (${d.reduce!.method}): in = (x - dr_mean) x dr_matrix`);
    weightTables(tables, p, 'dr_matrix', t.reduce.matrix, `${P}_RAW * ${P}_IN`, `${P}_IN`);
  }
  const startType = unsignedType(t.src.length);
  const srcType = unsignedType(t.inputs + t.hidden);
  tables.push(
    table(
      `static const ${startType.name} ${p}_start[${P}_TARGETS + 1]`,
      Array.from(t.start, String),
      startType.bytes,
      'target n (hidden neurons in topological order, then outputs) reads src[start[n] .. start[n + 1])',
    ),
  );
  tables.push(table(`static const ${srcType.name} ${p}_src[${Math.max(1, t.src.length)}]`, list(t.src), srcType.bytes));
  weightTables(tables, p, 'weight', t.weights, String(Math.max(1, t.src.length)), `${P}_TARGETS`);
  floats('bias', t.bias, `${P}_TARGETS`, '');
  if (t.linear) {
    tables.push(
      table(
        `static const uint8_t ${p}_linear[${P}_HIDDEN]`,
        Array.from(t.linear, String),
        1,
        'hidden neuron n is linear (identity) when 1, ReLU when 0',
      ),
    );
  }
  const strings = (name: string, texts: string[], size: string, note: string): Table => {
    const bytes = texts.reduce((s, x) => s + encodeUtf8(x).length + 1 + 4, 0);
    return {
      decl: `/* ${note} */\nconst char *const ${p}_${name}[${size}] = {\n${wrapValues(texts.map(stringLiteral))}\n};`,
      bytes,
    };
  };
  const labels = strings('label_names', d.labelNames, `${P}_CLASSES`, 'class names, by class index');
  const features = strings('feature_names', d.featureNames, `${P}_FEATURES`, 'raw feature names, in input order');

  const flashBytes = [...tables, labels, features].reduce((s, x) => s + x.bytes, 0);
  const reduceMacs = t.reduce ? t.rawFeatures * t.inputs : 0;
  const convMacs = t.front?.macs ?? 0;
  const dense = t.src.length;
  const macs = { network: dense, conv: convMacs, reduce: reduceMacs, total: dense + convMacs + reduceMacs };
  const ramBytes = 4 * (t.inputs + t.hidden + t.outputs + (t.front ? t.front.buffers.fa + t.front.buffers.fb : 0));
  const weightsText =
    options.weights === 'int8'
      ? 'int8, symmetric, one float32 scale per neuron (its incoming weights), per conv output channel and per DR ' +
        'output column'
      : 'float32';
  const stats = [
    ...(t.front ? frontStats(t.front) : []),
    `Network: ${t.rawFeatures} raw features${t.reduce ? ` -> DR to ${t.inputs}` : ''}` +
      `${t.front ? ` -> conv front end -> ${t.inputs} flatten values` : ''}, ${hiddenText(t)}, ` +
      `${t.outputs} softmax outputs, ${dense} connections (sparse: only active ones are stored).`,
    `Weights: ${weightsText}.`,
    `Flash (const tables and strings): ${flashBytes} bytes. Stack: ${ramBytes} bytes of unit values` +
      `${t.front ? ' and feature maps' : ''}.`,
    `MACs per inference: ${macs.total}` +
      (t.reduce ? ` (${macs.network} network + ${macs.reduce} DR transform)` : '') +
      (t.front ? ` (${macs.conv} conv + ${macs.network} dense)` : '') +
      `, plus ${t.rawFeatures} subtract-multiplies of scaling and ${t.outputs} expf.`,
  ];
  const banner = `/* Generated by SCANN Studio from a scann-model v${d.model.version} file; do not edit.\n${stats
    .map((s) => ` * ${s}`)
    .join('\n')}\n */\n`;

  const header = `${banner}#ifndef ${P}_H_INCLUDED
#define ${P}_H_INCLUDED

#ifdef __cplusplus
extern "C" {
#endif

/* Raw (unscaled) feature values ${p}_predict reads, in the order of ${p}_feature_names. */
#define ${P}_FEATURES ${t.rawFeatures}
/* Classes, in the order of ${p}_label_names. */
#define ${P}_CLASSES ${t.outputs}

extern const char *const ${p}_label_names[${P}_CLASSES];
extern const char *const ${p}_feature_names[${P}_FEATURES];

/*
 * Classifies one sample: raw_features holds ${P}_FEATURES values (the model applies its own scaling${
   t.reduce ? ' and DR transform' : t.front ? ' and reads them as a [height][width][channels] image' : ''
 }),
 * probs receives ${P}_CLASSES class probabilities (softmax). Returns the index of the most probable class.
 * Reentrant: no state besides the stack.
 */
int ${p}_predict(const float *raw_features, float *probs);

#ifdef __cplusplus
}
#endif

#endif /* ${P}_H_INCLUDED */
`;

  const int8 = t.weights.kind === 'int8';
  const reduceCode = t.front
    ? frontCode(t.front, p, P)
    : !t.reduce
      ? `    for (i = 0; i < ${P}_RAW; ++i) u[i] = (raw_features[i] - ${p}_offset[i]) * ${p}_scale[i];
`
      : `    for (k = 0; k < ${P}_IN; ++k) u[k] = 0.0f;
    for (i = 0; i < ${P}_RAW; ++i) {
        const float v = (raw_features[i] - ${p}_offset[i]) * ${p}_scale[i] - ${p}_dr_mean[i];
        for (k = 0; k < ${P}_IN; ++k) u[k] += ${
          t.reduce.matrix.kind === 'int8' ? '(float)' : ''
        }${p}_dr_matrix[i * ${P}_IN + k] * v;
    }
${t.reduce.matrix.kind === 'int8' ? `    for (k = 0; k < ${P}_IN; ++k) u[k] *= ${p}_dr_matrix_scale[k];\n` : ''}`;
  const neuron = (target: string): string =>
    int8
      ? `        acc = 0.0f;
        for (k = (int)${p}_start[${target}]; k < (int)${p}_start[${target} + 1]; ++k) acc += (float)${p}_weight[k] * u[${p}_src[k]];
        acc = ${p}_bias[${target}] + ${p}_weight_scale[${target}] * acc;
`
      : `        acc = ${p}_bias[${target}];
        for (k = (int)${p}_start[${target}]; k < (int)${p}_start[${target} + 1]; ++k) acc += ${p}_weight[k] * u[${p}_src[k]];
`;
  const hiddenLoop =
    t.hidden > 0
      ? `    /* hidden neurons in topological order: every source is an input or an earlier neuron */
    for (n = 0; n < ${P}_HIDDEN; ++n) {
${neuron('n')}        u[${P}_IN + n] = ${t.linear ? `acc > 0.0f || ${p}_linear[n]` : 'acc > 0.0f'} ? acc : 0.0f;
    }
`
      : '';
  const source = `${banner}#include "${p}.h"

#include <math.h>
#include <stdint.h>

#define ${P}_RAW ${t.rawFeatures}
#define ${P}_IN ${t.inputs}
#define ${P}_HIDDEN ${t.hidden}
#define ${P}_TARGETS ${targets}

${tables.map((x) => x.decl).join('\n\n')}

${labels.decl}

${features.decl}

int ${p}_predict(const float *raw_features, float *probs)
{
    float u[${P}_IN + ${P}_HIDDEN]; /* unit values: network inputs, then hidden neurons */
    float z[${P}_CLASSES];
    float acc, max, sum;
    int i, k, n, best;
${t.front ? frontBuffers(t.front) : ''}
${reduceCode}${hiddenLoop}    for (n = 0; n < ${P}_CLASSES; ++n) {
${neuron(`${P}_HIDDEN + n`)}        z[n] = acc;
    }
    max = z[0];
    for (n = 1; n < ${P}_CLASSES; ++n) if (z[n] > max) max = z[n];
    sum = 0.0f;
    for (n = 0; n < ${P}_CLASSES; ++n) {
        probs[n] = expf(z[n] - max);
        sum += probs[n];
    }
    best = 0;
    for (n = 0; n < ${P}_CLASSES; ++n) {
        probs[n] /= sum;
        if (probs[n] > probs[best]) best = n;
    }
    return best;
}
`;
  return { header, source, tables: t, flashBytes, macs, ramBytes };
}

function frontStats(f: CFrontTables): string[] {
  const { input } = f.plan;
  const layers = f.layers.map((l) =>
    l.kind === 'conv'
      ? `conv ${l.layer.kernel}x${l.layer.kernel}/${l.layer.stride} pad ${l.layer.padding} -> ${l.layer.out.c} ` +
        `${l.layer.activation} (${l.storage}, ${l.layer.mask.reduce((n, m) => n + m, 0)} weights)`
      : `${l.kind} ${l.layer.size}x${l.layer.size}/${l.layer.stride}`,
  );
  const dropped = f.plan.channelsDropped ? ` ${f.plan.channelsDropped} free channel slots left out.` : '';
  return [
    `Conv front end on a ${input.h}x${input.w}x${input.c} image: ${layers.join(', ')}; ` +
      `${f.plan.activeWeights} active kernel weights.${dropped}`,
  ];
}

function hiddenText(t: CTables): string {
  const linear = t.linear ? t.linear.reduce((n, v) => n + v, 0) : 0;
  return linear ? `${t.hidden - linear} hidden ReLU and ${linear} linear neurons` : `${t.hidden} hidden ReLU neurons`;
}

function list(values: Int32Array): string[] {
  return values.length ? Array.from(values, String) : ['0'];
}
