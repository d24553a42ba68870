import { padded, type CConvTables, type CFrontTables, type CPoolTables, type MapLayout } from './cFrontTables';
import { floatLiteral, table, unsignedType, weightTables, type Table } from './cText';

/** The const tables of the front end's conv layers, named `<prefix>_conv<layer>_…` by front layer index. */
export function frontTables(t: CFrontTables, p: string): Table[] {
  const out: Table[] = [];
  t.layers.forEach((l, i) => {
    if (l.kind !== 'conv') return;
    const name = `conv${i}`;
    const { layer } = l;
    const taps = Math.max(1, l.offset.length);
    if (l.storage === 'sparse') {
      const startType = unsignedType(l.offset.length);
      const offsetType = unsignedType(l.offset.reduce((m, v) => Math.max(m, v), 0));
      out.push(
        table(
          `static const ${startType.name} ${p}_${name}_start[${layer.out.c + 1}]`,
          Array.from(l.start, String),
          startType.bytes,
          `front layer ${i + 1}, sparse: output channel n reads taps [start[n], start[n + 1]); a tap's input is ` +
            'offset[k] floats into the padded input window',
        ),
      );
      out.push(
        table(
          `static const ${offsetType.name} ${p}_${name}_offset[${taps}]`,
          l.offset.length ? Array.from(l.offset, String) : ['0'],
          offsetType.bytes,
        ),
      );
      weightTables(out, p, `${name}_weight`, l.weights, String(taps), String(layer.out.c));
    } else {
      const note = `front layer ${i + 1}, dense: weights [out][kernel][kernel][in], zeros included`;
      weightTables(out, p, `${name}_weight`, l.weights, String(taps), String(layer.out.c), note);
    }
    out.push(table(`static const float ${p}_${name}_bias[${layer.out.c}]`, Array.from(layer.bias, floatLiteral), 4));
  });
  return out;
}

/** Stack buffers of the feature maps, declared at the top of `predict`. */
export function frontBuffers(t: CFrontTables): string {
  const lines = [`    float fa[${t.buffers.fa}]; /* feature maps 0, 2, 4, ... (with the padding of their reader) */\n`];
  if (t.buffers.fb > 0) lines.push(`    float fb[${t.buffers.fb}]; /* feature maps 1, 3, 5, ... */\n`);
  return lines.join('');
}

/** Scaling of the raw features into the first map, then every layer; the last one writes the flatten into `u`. */
export function frontCode(t: CFrontTables, p: string, P: string): string {
  const m0 = t.maps[0]!;
  const scaled = `(raw_features[i] - ${p}_offset[i]) * ${p}_scale[i]`;
  let code = '    /* scaling: the raw features are the image, row by row, channels innermost */\n';
  if (m0.pad === 0) code += `    for (i = 0; i < ${P}_RAW; ++i) ${m0.buffer}[i] = ${scaled};\n`;
  else {
    const row = m0.shape.w * m0.shape.c;
    const prow = padded(m0).w * m0.shape.c;
    code +=
      zero(m0, " /* the border is the first conv layer's zero padding */") +
      `    for (i = 0; i < ${P}_RAW; ++i) ${m0.buffer}[${origin(m0)} + i / ${row} * ${prow} + i % ${row}] = ${scaled};\n`;
  }
  t.layers.forEach((l, i) => {
    const inMap = t.maps[i]!;
    const outMap = t.maps[i + 1]!;
    code += `\n${l.kind === 'conv' ? convCode(l, i, inMap, outMap, p) : poolCode(l, i, inMap, outMap)}`;
  });
  return `${code}\n`;
}

/** Offset of a map's pixel (0, 0) in its buffer (past the padding). */
function origin(m: MapLayout): number {
  return (m.pad * padded(m).w + m.pad) * m.shape.c;
}

/** Zeroes a padded map before it is written: its border is the zero padding its conv layer reads. */
function zero(m: MapLayout, note = ''): string {
  return m.pad > 0 ? `    for (i = 0; i < ${m.floats}; ++i) ${m.buffer}[i] = 0.0f;${note}\n` : '';
}

/**
 * A layer's block: its comment, the zeroing of its output map when the next conv layer pads it, and the loops over
 * output positions, with `x` at the input window and `y` at the output pixel. `n` and `k` are predict's.
 */
function block(
  comment: string,
  locals: string,
  stride: number,
  inMap: MapLayout,
  outMap: MapLayout,
  body: string,
): string {
  const note = " /* the border is the next conv layer's zero padding */";
  return `    /* ${comment} */
${zero(outMap, note)}    {
        int ${locals};
${positions(stride, inMap, outMap, body)}    }
`;
}

function positions(stride: number, inMap: MapLayout, outMap: MapLayout, body: string): string {
  const inRow = padded(inMap).w * inMap.shape.c;
  const outRow = padded(outMap).w * outMap.shape.c;
  const o = origin(outMap);
  return `        for (oy = 0; oy < ${outMap.shape.h}; ++oy)
            for (ox = 0; ox < ${outMap.shape.w}; ++ox) {
                const float *x = ${inMap.buffer} + oy * ${stride * inRow} + ox * ${stride * inMap.shape.c};
                float *y = ${outMap.buffer}${o ? ` + ${o}` : ''} + oy * ${outRow} + ox * ${outMap.shape.c};
${body}            }
`;
}

function convCode(l: CConvTables, i: number, inMap: MapLayout, outMap: MapLayout, p: string): string {
  const { layer } = l;
  const name = `${p}_conv${i}`;
  const int8 = l.weights.kind === 'int8';
  const cast = int8 ? '(float)' : '';
  const active = layer.mask.reduce((n, m) => n + m, 0);
  const kc = layer.kernel * layer.in.c;
  const inner =
    l.storage === 'sparse'
      ? `                    for (k = (int)${name}_start[n]; k < (int)${name}_start[n + 1]; ++k) acc += ${cast}${name}_weight[k] * x[${name}_offset[k]];\n`
      : `                    for (ky = 0; ky < ${layer.kernel}; ++ky)
                        for (k = 0; k < ${kc}; ++k) acc += ${cast}w[ky * ${kc} + k] * x[ky * ${padded(inMap).w * layer.in.c} + k];\n`;
  const body =
    `                for (n = 0; n < ${layer.out.c}; ++n) {\n` +
    (l.storage === 'dense'
      ? `                    const ${int8 ? 'int8_t' : 'float'} *w = ${name}_weight + n * ${kc * layer.kernel};\n`
      : '') +
    `                    acc = ${int8 ? '0.0f' : `${name}_bias[n]`};\n` +
    inner +
    (int8 ? `                    acc = ${name}_bias[n] + ${name}_weight_scale[n] * acc;\n` : '') +
    `                    y[n] = ${layer.activation === 'relu' ? 'acc > 0.0f ? acc : 0.0f' : 'acc'};\n` +
    `                }\n`;
  const k = layer.kernel;
  const comment =
    `front layer ${i + 1}: conv ${k}x${k}, stride ${layer.stride}, padding ${layer.padding}, ` +
    `${layer.in.c} -> ${layer.out.c} channels, ${layer.activation}; ${l.storage}, ` +
    `${active} of ${layer.weights.length} weights active`;
  return block(comment, `oy, ox${l.storage === 'dense' ? ', ky' : ''}`, layer.stride, inMap, outMap, body);
}

function poolCode(l: CPoolTables, i: number, inMap: MapLayout, outMap: MapLayout): string {
  const { layer } = l;
  const K = layer.size;
  const C = layer.in.c;
  const max = l.kind === 'maxPool';
  const body = `                for (n = 0; n < ${C}; ++n) {
                    float v = ${max ? 'x[n]' : '0.0f'};
                    for (ky = 0; ky < ${K}; ++ky)
                        for (kx = 0; kx < ${K}; ++kx) {
                            const float e = x[ky * ${padded(inMap).w * C} + kx * ${C} + n];
                            ${max ? 'if (e > v) v = e;' : 'v += e;'}
                        }
                    y[n] = ${max ? 'v' : `v * ${floatLiteral(Math.fround(1 / (K * K)))}`};
                }
`;
  const comment = `front layer ${i + 1}: ${max ? 'max' : 'average'} pooling ${K}x${K}, stride ${layer.stride}`;
  return block(comment, 'oy, ox, ky, kx', layer.stride, inMap, outMap, body);
}
