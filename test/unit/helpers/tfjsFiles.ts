/** Loading an exported TF.js layers model from its files, as `tf.loadLayersModel('file://…')` does with tfjs-node. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { io, Tensor } from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Tf } from '../../../src/engine/tfjs/backend';

/** An IOHandler reading model.json + its weight files from `dir`. */
export function fileHandler(tf: Tf, dir: string): io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')) as io.ModelJSON;
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs = manifest.flatMap((g) => g.weights);
        const buffers = manifest.flatMap((g) => g.paths.map((p) => readFileSync(path.join(dir, p))));
        const all = Buffer.concat(buffers);
        return [specs, all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength)];
      });
    },
  };
}

/** Loads the model in `dir` and predicts row-major raw rows; returns the probabilities row-major. */
export async function predictLayers(tf: Tf, dir: string, raw: Float32Array, rows: number): Promise<Float32Array> {
  const model = await tfl.loadLayersModel(fileHandler(tf, dir));
  const x = tf.tensor2d(raw, [rows, raw.length / rows]);
  const y = model.predict(x) as Tensor;
  const probs = (await y.data()) as Float32Array;
  tf.dispose([x, y]);
  model.dispose();
  return probs;
}
