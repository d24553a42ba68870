import type { PlannedFront } from './frontPlan';

export type AddLayer = (name: string, className: string, config: Record<string, unknown>, inputs: string[]) => string;
export type AddWeight = (name: string, shape: number[], values: Float32Array) => void;

/**
 * The conv front end in stock layers: the scaled row reshaped to [height, width, channels] (it is HWC already),
 * each conv layer a ZeroPadding2D (when it pads) and a 'valid' Conv2D, pooling a 'valid' pooling layer (both drop
 * a partial last window, as the engine does), then a Flatten, which is HWC order in channels_last.
 */
export function frontLayers(
  front: PlannedFront,
  input: string,
  add: AddLayer,
  weight: AddWeight,
  count: { layers: number; kernelEntries: number; macs: number },
): string {
  const { h, w, c } = front.input;
  let x = add('image', 'Reshape', { target_shape: [h, w, c] }, [input]);
  front.layers.forEach((l, i) => {
    const name = `front_${i + 1}`;
    if (l.kind !== 'conv') {
      const className = l.kind === 'maxPool' ? 'MaxPooling2D' : 'AveragePooling2D';
      const config = { ...CHANNELS_LAST, pool_size: [l.size, l.size], strides: [l.stride, l.stride], padding: 'valid' };
      x = add(`${name}_${l.kind}`, className, config, [x]);
      return;
    }
    const p = l.padding;
    if (p > 0)
      x = add(
        `${name}_padding`,
        'ZeroPadding2D',
        {
          ...CHANNELS_LAST,
          padding: [
            [p, p],
            [p, p],
          ],
        },
        [x],
      );
    const k = l.kernel;
    const inC = l.in.c;
    const outC = l.out.c;
    // The engine stores [out][ky][kx][in]; Conv2D's kernel is [ky][kx][in][out].
    const kernel = new Float32Array(l.weights.length);
    for (let o = 0; o < outC; o++)
      for (let t = 0; t < k * k * inC; t++) kernel[t * outC + o] = l.weights[o * k * k * inC + t]!;
    count.layers++;
    count.kernelEntries += kernel.length;
    count.macs += kernel.length * l.out.h * l.out.w;
    weight(`${name}_conv/kernel`, [k, k, inC, outC], kernel);
    weight(`${name}_conv/bias`, [outC], l.bias);
    const config = {
      ...INITIALIZERS,
      ...CHANNELS_LAST,
      filters: outC,
      kernel_size: [k, k],
      strides: [l.stride, l.stride],
      padding: 'valid',
      dilation_rate: [1, 1],
      activation: l.activation,
      use_bias: true,
    };
    x = add(`${name}_conv`, 'Conv2D', config, [x]);
  });
  return add('flatten', 'Flatten', CHANNELS_LAST, [x]);
}

const CHANNELS_LAST = { data_format: 'channels_last' };

// The weights are all in weights.bin; a loader that built the layer without them would start from zeros.
export const INITIALIZERS = {
  kernel_initializer: { class_name: 'Zeros', config: {} },
  bias_initializer: { class_name: 'Zeros', config: {} },
  kernel_regularizer: null,
  bias_regularizer: null,
  activity_regularizer: null,
  kernel_constraint: null,
  bias_constraint: null,
};
