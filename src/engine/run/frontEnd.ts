import { baselineArchitecture, type ScannConfig } from '../../protocol/config';
import { ConvFront, type FrontLayerSpec, type ImageShape } from '../core/convFront';
import type { PreparedData } from '../data/types';
import { reduceRequested } from '../reduce/pipeline';

/** The conv front end a run's networks start with: the image shape and the layers, shapes checked. */
export interface FrontPlan {
  input: ImageShape;
  specs: FrontLayerSpec[];
  /** Values its flatten hands the dense part (the dense part's inputs). */
  units: number;
}

/**
 * The conv front end of `config`'s baseline on `data` (the synthesis starts with the same layers, with
 * `channelCapacity` times the channel slots), or undefined for an MLP. Throws a config error when the data are not
 * images of a shape the layers fit.
 */
export function frontPlan(config: ScannConfig, data: PreparedData, channelCapacity = 1): FrontPlan | undefined {
  const given = config.dataset.shape;
  if (given && given[0] * given[1] * given[2] !== data.features) {
    throw new Error(
      `dataset.shape [${given.join(', ')}] has ${given[0] * given[1] * given[2]} values but the rows of ` +
        `"${data.name}" have ${data.features} features`,
    );
  }
  const { conv } = baselineArchitecture(config.baseline);
  if (conv.length === 0) return undefined;
  if (reduceRequested(config))
    throw new Error('a conv front end reads the image itself: it cannot follow a reduction (remove `reduce`)');
  if (config.engine === 'tfjs') throw new Error('the tfjs engine has no conv layers: use engine: builtin');
  const shape = given ?? (data.imageShape ? [data.imageShape[0], data.imageShape[1], 1] : undefined);
  if (!shape) {
    throw new Error(
      `a conv front end needs images: "${data.name}" has no image shape; set dataset.shape: [height, width, ` +
        `channels] (its ${data.features} features in height, width, channel order)`,
    );
  }
  const input: ImageShape = { h: shape[0], w: shape[1], c: shape[2] };
  const specs = conv.flatMap((l): FrontLayerSpec[] => {
    if (l.layer === 'conv2d') {
      const { channels, kernel, stride, padding, activation } = l;
      // Channel slots beyond the baseline's channels start free, for channel growth.
      const slots = Math.max(channels, Math.round(channels * channelCapacity));
      return [{ kind: 'conv', channels: slots, kernel, stride, padding, activation, active: channels }];
    }
    if (l.layer === 'flatten') return [];
    return [{ kind: l.layer, size: l.size, stride: l.stride ?? l.size }];
  });
  // Builds once to check that every layer fits its input (the message names the layer).
  const units = ConvFront.build(input, specs).units;
  return { input, specs, units };
}
