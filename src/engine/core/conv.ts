/**
 * Convolution and pooling on the plain TypeScript reference path: the yardstick the fast conv kernels are tested
 * against, as `compute.ts` is for the dense part. Layout (shared with the kernels):
 * - activations are batch-major NHWC float32, `x[((n*H + y)*W + x)*C + c]`;
 * - conv weights are `[outC][kh][kw][inC]`, with a 0/1 mask of the same shape held by the network (masked weights
 *   are exactly 0, so these loops need no mask); bias is `[outC]`;
 * - zero padding, the same on every side; pooling has no padding and drops a partial last window.
 * Gradients follow `compute.ts`: weight and bias gradients ACCUMULATE into their buffers (a caller zeroes them per
 * step), input gradients and outputs are overwritten. Loops keep the channel index innermost, which is contiguous in
 * both the activations and the weights.
 */

/** A batch of feature maps: `n` samples of `h` x `w` x `c`. */
export interface MapShape {
  n: number;
  h: number;
  w: number;
  c: number;
}

/** One conv layer: `outC` filters of `kh` x `kw` over every input channel, `stride`, zero padding `pad`. */
export interface ConvSpec {
  outC: number;
  kh: number;
  kw: number;
  stride: number;
  pad: number;
}

/** A pooling window of `k` x `k`, moved by `stride`. */
export interface PoolSpec {
  k: number;
  stride: number;
}

/** Output size of a conv layer; throws when the kernel does not fit even once. */
export function convOutShape(inShape: MapShape, spec: ConvSpec): MapShape {
  const h = Math.floor((inShape.h + 2 * spec.pad - spec.kh) / spec.stride) + 1;
  const w = Math.floor((inShape.w + 2 * spec.pad - spec.kw) / spec.stride) + 1;
  if (!(h >= 1 && w >= 1 && spec.stride >= 1 && spec.pad >= 0))
    throw new Error(
      `a ${spec.kh}x${spec.kw} kernel (stride ${spec.stride}, padding ${spec.pad}) does not fit a ${inShape.h}x${inShape.w} input`,
    );
  return { n: inShape.n, h, w, c: spec.outC };
}

/** Output size of a pooling layer; throws when the window does not fit even once. */
export function poolOutShape(inShape: MapShape, pool: PoolSpec): MapShape {
  const h = Math.floor((inShape.h - pool.k) / pool.stride) + 1;
  const w = Math.floor((inShape.w - pool.k) / pool.stride) + 1;
  if (!(h >= 1 && w >= 1 && pool.stride >= 1))
    throw new Error(`a ${pool.k}x${pool.k} pooling window does not fit a ${inShape.h}x${inShape.w} input`);
  return { n: inShape.n, h, w, c: inShape.c };
}

/** Values in a batch of maps. */
export function mapSize(s: MapShape): number {
  return s.n * s.h * s.w * s.c;
}

/** Weights of a conv layer over `inC` input channels. */
export function convWeightCount(spec: ConvSpec, inC: number): number {
  return spec.outC * spec.kh * spec.kw * inC;
}

/** out = conv(x, weight) + bias (no activation), overwritten. */
export function conv2dForward(
  x: Float32Array,
  inShape: MapShape,
  weight: Float32Array,
  bias: Float32Array,
  spec: ConvSpec,
  out: Float32Array,
): void {
  const { n: N, h: H, w: W, c: C } = inShape;
  const { outC, kh, kw, stride, pad } = spec;
  const os = convOutShape(inShape, spec);
  for (let n = 0; n < N; n++)
    for (let oy = 0; oy < os.h; oy++)
      for (let ox = 0; ox < os.w; ox++) {
        const o = ((n * os.h + oy) * os.w + ox) * outC;
        for (let oc = 0; oc < outC; oc++) out[o + oc] = bias[oc]!;
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * stride - pad + ky;
          if (iy < 0 || iy >= H) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * stride - pad + kx;
            if (ix < 0 || ix >= W) continue;
            const xi = ((n * H + iy) * W + ix) * C;
            for (let oc = 0; oc < outC; oc++) {
              const wi = ((oc * kh + ky) * kw + kx) * C;
              let s = 0;
              for (let c = 0; c < C; c++) s += weight[wi + c]! * x[xi + c]!;
              out[o + oc] = out[o + oc]! + s;
            }
          }
        }
      }
}

/** dx = dL/dx from dy = dL/d(conv output), overwritten. */
export function conv2dBackwardInput(
  dy: Float32Array,
  inShape: MapShape,
  weight: Float32Array,
  spec: ConvSpec,
  dx: Float32Array,
): void {
  const { n: N, h: H, w: W, c: C } = inShape;
  const { outC, kh, kw, stride, pad } = spec;
  const os = convOutShape(inShape, spec);
  dx.fill(0, 0, mapSize(inShape));
  for (let n = 0; n < N; n++)
    for (let oy = 0; oy < os.h; oy++)
      for (let ox = 0; ox < os.w; ox++) {
        const o = ((n * os.h + oy) * os.w + ox) * outC;
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * stride - pad + ky;
          if (iy < 0 || iy >= H) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * stride - pad + kx;
            if (ix < 0 || ix >= W) continue;
            const xi = ((n * H + iy) * W + ix) * C;
            for (let oc = 0; oc < outC; oc++) {
              const g = dy[o + oc]!;
              if (g === 0) continue;
              const wi = ((oc * kh + ky) * kw + kx) * C;
              for (let c = 0; c < C; c++) dx[xi + c] = dx[xi + c]! + g * weight[wi + c]!;
            }
          }
        }
      }
}

/**
 * dW += dL/dW and dBias += dL/dbias for EVERY weight, masked ones included: connection growth ranks dormant kernel
 * weights by this gradient. The optimizer is what keeps masked weights at 0.
 */
export function conv2dBackwardWeight(
  x: Float32Array,
  dy: Float32Array,
  inShape: MapShape,
  spec: ConvSpec,
  dW: Float32Array,
  dBias: Float32Array,
): void {
  const { n: N, h: H, w: W, c: C } = inShape;
  const { outC, kh, kw, stride, pad } = spec;
  const os = convOutShape(inShape, spec);
  for (let n = 0; n < N; n++)
    for (let oy = 0; oy < os.h; oy++)
      for (let ox = 0; ox < os.w; ox++) {
        const o = ((n * os.h + oy) * os.w + ox) * outC;
        for (let oc = 0; oc < outC; oc++) dBias[oc] = dBias[oc]! + dy[o + oc]!;
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * stride - pad + ky;
          if (iy < 0 || iy >= H) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * stride - pad + kx;
            if (ix < 0 || ix >= W) continue;
            const xi = ((n * H + iy) * W + ix) * C;
            for (let oc = 0; oc < outC; oc++) {
              const g = dy[o + oc]!;
              if (g === 0) continue;
              const wi = ((oc * kh + ky) * kw + kx) * C;
              for (let c = 0; c < C; c++) dW[wi + c] = dW[wi + c]! + g * x[xi + c]!;
            }
          }
        }
      }
}

/**
 * Max pooling, overwritten; `argmax[i]` gets the index in `x` of the value output `i` took (the first maximum in
 * window order, rows then columns), which the backward pass routes the gradient to.
 */
export function maxPool2dForward(
  x: Float32Array,
  inShape: MapShape,
  pool: PoolSpec,
  out: Float32Array,
  argmax: Int32Array,
): void {
  const { n: N, h: H, w: W, c: C } = inShape;
  const { k, stride } = pool;
  const os = poolOutShape(inShape, pool);
  for (let n = 0; n < N; n++)
    for (let oy = 0; oy < os.h; oy++)
      for (let ox = 0; ox < os.w; ox++) {
        const o = ((n * os.h + oy) * os.w + ox) * C;
        for (let c = 0; c < C; c++) {
          let best = -Infinity;
          let at = -1;
          for (let ky = 0; ky < k; ky++)
            for (let kx = 0; kx < k; kx++) {
              const xi = ((n * H + oy * stride + ky) * W + ox * stride + kx) * C + c;
              const v = x[xi]!;
              // `at < 0` takes the first value even when it is NaN, so every output has a source.
              if (v > best || at < 0) {
                best = v;
                at = xi;
              }
            }
          out[o + c] = best;
          argmax[o + c] = at;
        }
      }
}

/** dx from dy through max pooling, overwritten (overlapping windows add up at a shared maximum). */
export function maxPool2dBackward(
  dy: Float32Array,
  argmax: Int32Array,
  outShape: MapShape,
  inShape: MapShape,
  dx: Float32Array,
): void {
  dx.fill(0, 0, mapSize(inShape));
  const m = mapSize(outShape);
  for (let i = 0; i < m; i++) dx[argmax[i]!] = dx[argmax[i]!]! + dy[i]!;
}

/** Average pooling (mean of the k x k window), overwritten. */
export function avgPool2dForward(x: Float32Array, inShape: MapShape, pool: PoolSpec, out: Float32Array): void {
  const { n: N, h: H, w: W, c: C } = inShape;
  const { k, stride } = pool;
  const os = poolOutShape(inShape, pool);
  const scale = 1 / (k * k);
  for (let n = 0; n < N; n++)
    for (let oy = 0; oy < os.h; oy++)
      for (let ox = 0; ox < os.w; ox++) {
        const o = ((n * os.h + oy) * os.w + ox) * C;
        for (let c = 0; c < C; c++) out[o + c] = 0;
        for (let ky = 0; ky < k; ky++)
          for (let kx = 0; kx < k; kx++) {
            const xi = ((n * H + oy * stride + ky) * W + ox * stride + kx) * C;
            for (let c = 0; c < C; c++) out[o + c] = out[o + c]! + x[xi + c]!;
          }
        for (let c = 0; c < C; c++) out[o + c] = out[o + c]! * scale;
      }
}

/** dx from dy through average pooling, overwritten. */
export function avgPool2dBackward(dy: Float32Array, inShape: MapShape, pool: PoolSpec, dx: Float32Array): void {
  const { n: N, h: H, w: W, c: C } = inShape;
  const { k, stride } = pool;
  const os = poolOutShape(inShape, pool);
  const scale = 1 / (k * k);
  dx.fill(0, 0, mapSize(inShape));
  for (let n = 0; n < N; n++)
    for (let oy = 0; oy < os.h; oy++)
      for (let ox = 0; ox < os.w; ox++) {
        const o = ((n * os.h + oy) * os.w + ox) * C;
        for (let ky = 0; ky < k; ky++)
          for (let kx = 0; kx < k; kx++) {
            const xi = ((n * H + oy * stride + ky) * W + ox * stride + kx) * C;
            for (let c = 0; c < C; c++) dx[xi + c] = dx[xi + c]! + dy[o + c]! * scale;
          }
      }
}

/** ReLU in place. */
export function reluForward(x: Float32Array, size: number): void {
  for (let i = 0; i < size; i++) if (x[i]! < 0) x[i] = 0;
}

/** Zeroes dy where the ReLU's output `y` is 0 (its gradient there is taken as 0, as in the dense part). */
export function reluBackward(y: Float32Array, dy: Float32Array, size: number): void {
  for (let i = 0; i < size; i++) if (y[i]! <= 0) dy[i] = 0;
}

/**
 * The flatten boundary: batch-major NHWC maps of B samples (`units` = H*W*C values each, in HWC order) into the
 * dense part's unit-major rows, `act[(rowOffset + u)*B + b]`.
 */
export function flattenToUnitMajor(
  x: Float32Array,
  B: number,
  units: number,
  act: Float32Array,
  rowOffset: number,
): void {
  for (let b = 0; b < B; b++) {
    const xo = b * units;
    for (let u = 0; u < units; u++) act[(rowOffset + u) * B + b] = x[xo + u]!;
  }
}

/** The flatten boundary backwards: unit-major gradient rows back into batch-major NHWC, overwritten. */
export function unflattenFromUnitMajor(
  grad: Float32Array,
  rowOffset: number,
  B: number,
  units: number,
  dx: Float32Array,
): void {
  for (let b = 0; b < B; b++) {
    const xo = b * units;
    for (let u = 0; u < units; u++) dx[xo + u] = grad[(rowOffset + u) * B + b]!;
  }
}
