import { encodeFloat32 } from '../../../src/protocol/base64';
import type { ModelJson } from '../../../src/protocol/model';

/** A small valid model by hand (2 features, 1 hidden neuron, 3 classes): the base the hostile models are cut from. */
export function smallModel(): ModelJson {
  const f = (...v: number[]): string => encodeFloat32(Float32Array.from(v));
  return {
    format: 'scann-model',
    version: 1,
    inputs: 2,
    outputs: 3,
    space: 'dag',
    hidden: [{ bias: 0.1, sources: [0, 1], weights: f(0.5, -0.25) }],
    output: [
      { bias: 0, sources: [0, 2], weights: f(1, 0.5) },
      { bias: 0.2, sources: [1, 2], weights: f(-1, 0.25) },
      { bias: -0.1, sources: [2], weights: f(0.75) },
    ],
    featureNames: ['width', 'height'],
    labelNames: ['small', 'medium', 'large'],
    scaler: { kind: 'none', offset: f(0, 0), scale: f(1, 1) },
  } as unknown as ModelJson;
}
