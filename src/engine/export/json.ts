import { encodeFloat32 } from '../../protocol/base64';
import type { ModelJson } from '../../protocol/model';
import type { DecodedModel } from '../model/decode';
import { fromModel, toModel } from '../model/format';

/**
 * The versioned model format, rewritten from what the engine reads back: unknown keys are dropped, tables are
 * re-encoded, neurons keep their topological order. So the copy is exactly what `fromModel` understood.
 */
export function jsonExport(d: DecodedModel): { text: string; model: ModelJson } {
  const { net, ctx } = fromModel(d.model);
  const copy = toModel(net, ctx);
  // toModel writes layers for every MLP-space network; a file that had none must not gain placeholder ones.
  if (!d.model.layers) delete copy.layers;
  if (d.reduce) {
    copy.reduce = {
      kind: 'linear',
      method: d.reduce.method,
      inputs: d.reduce.inputs,
      outputs: d.reduce.outputs,
      mean: encodeFloat32(d.reduce.mean),
      matrix: encodeFloat32(d.reduce.matrix),
    };
  } else if (d.model.reduce) {
    // A DR kind this exporter does not decode is carried over as it was.
    copy.reduce = d.model.reduce;
  }
  return { text: `${JSON.stringify(copy, null, 2)}\n`, model: copy };
}
